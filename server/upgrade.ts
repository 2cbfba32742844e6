/**
 * Boards saved by another version of the code, met where a room reads them. An older board is
 * upgraded once, under the room's lock in storage, however many instances open it at the same
 * time; a newer one is refused, never edited by code that does not understand it.
 */
import type * as Y from "yjs";
import { boardSchemaVersion, BoardTooNewError, upgradeStoredBoard } from "@/lib/board/model";
import { SCHEMA_VERSION } from "@/lib/board/schema";
import { CloseCode } from "@/lib/collab/protocol";
import type { DocStore } from "@/lib/db/doc-store";

/** Why a room refuses everyone: the close code and reason its connections get. */
export interface RoomRefusal {
  code: number;
  reason: string;
}

/** What a loaded board needs: nothing, an upgrade, or to be refused. */
export type BoardVersionCheck = { kind: "current" } | { kind: "older" } | { kind: "newer"; refusal: RoomRefusal };

/** Compares the board's stored schema version with the code's. */
export function checkBoardVersion(doc: Y.Doc): BoardVersionCheck {
  const version = boardSchemaVersion(doc);
  if (version === SCHEMA_VERSION) return { kind: "current" };
  if (version < SCHEMA_VERSION) return { kind: "older" };
  return { kind: "newer", refusal: { code: CloseCode.boardTooNew, reason: new BoardTooNewError(version, SCHEMA_VERSION).message } };
}

/**
 * Stores the upgrade of a room's board, computed from what storage holds inside the room's lock,
 * and resolves to it — or to null when another instance stored it first (the caller then reads
 * it from the log). Rejects when storage fails or the stored board turned out newer.
 */
export async function storeBoardUpgrade(store: DocStore, room: string): Promise<Uint8Array | null> {
  let upgrade: Uint8Array | null = null;
  await store.transform(room, (updates) => (upgrade = upgradeStoredBoard(updates)?.update ?? null));
  return upgrade;
}
