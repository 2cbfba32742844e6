/**
 * Versions of a board: full snapshots of the board document and of its review document, each
 * with the state vector it was taken at, who wrote since the version before, when and why it was
 * made. Automatic versions (the collaboration server, after a stretch of activity and when the
 * last person leaves) are thinned with age; named and briefed ones are kept for good.
 *
 * A version holds its own full state, never a position in the update log: compacting the log
 * can therefore never take away what a kept version needs.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Kysely } from "kysely";
import * as Y from "yjs";
import { reviewRoomName } from "@/lib/collab/protocol";
import { newId } from "@/lib/ids";
import type { ClientIdRepository } from "./client-ids";
import type { DocStore } from "./doc-store";
import type { RetentionPolicy } from "@/lib/retention";
import { prepared } from "./prepared";
import type { Tables } from "./tables";

export type VersionKind = "auto" | "named" | "briefed";

/** A version as a list shows it: everything but the document states. */
export interface VersionSummary {
  id: string;
  boardId: string;
  kind: VersionKind;
  /** The name a person gave it; for a briefed version, what the briefing was; null for automatic ones. */
  name: string | null;
  createdAt: number;
  /** Who made it; null for the server's automatic versions. */
  createdBy: string | null;
  /** Ids of the people who wrote to the board since the version before this one. */
  authors: string[];
  /** Bytes it takes in the store (both states, compressed, and the state vector). */
  bytes: number;
}

/** A version with the states it holds. */
export interface StoredVersion extends VersionSummary {
  /** The board document as one update (Y.encodeStateAsUpdate). */
  board: Uint8Array;
  /** The review document as one update. */
  review: Uint8Array;
  /** State vector of `board`. */
  stateVector: Uint8Array;
}

/** The newest version of a board, with what tells whether the board changed since. */
export interface LatestVersion extends VersionSummary {
  stateVector: Uint8Array;
  /** Digest of the board's state vector and delete set and of the review's state vector. */
  stateDigest: string;
}

/** A row to store as it is (`record` computes one from a document). */
export interface NewVersion {
  boardId: string;
  kind: VersionKind;
  name: string | null;
  createdBy: string | null;
  authors: string[];
  board: Uint8Array;
  review: Uint8Array;
  stateVector: Uint8Array;
  stateDigest: string;
  /** When it was made; now by default (and never before the board's newest version). */
  createdAt?: number;
}

/** What tells two states of a board apart, cheap to take from a live document (`boardStateOf`). */
export interface BoardState {
  stateVector: Uint8Array;
  /** Y.encodeSnapshot: the state vector and the delete set (a deletion advances no clock). */
  snapshot: Uint8Array;
}

/** A board document as a version stores it, taken at one moment (`captureBoard`). */
export interface BoardCapture extends BoardState {
  /** Y.encodeStateAsUpdate of the document. */
  board: Uint8Array;
}

/**
 * A board whose full state is taken only when a version is to be stored: `state` is compared with
 * the newest version first, and `capture` (costly on a large board) runs only when it differs.
 */
export interface LazyBoard {
  state: BoardState;
  capture(): BoardCapture | Promise<BoardCapture>;
}

/** The state vector and delete set of `doc`, synchronously (a few ms on a 10,000-event board). */
export function boardStateOf(doc: Y.Doc): BoardState {
  return { stateVector: Y.encodeStateVector(doc), snapshot: Y.encodeSnapshot(Y.snapshot(doc)) };
}

/**
 * Takes what a version of `doc` stores, at once (synchronously): the caller may go on changing or
 * destroy the document afterwards.
 */
export function captureBoard(doc: Y.Doc): BoardCapture {
  return { ...boardStateOf(doc), board: Y.encodeStateAsUpdate(doc) };
}

/** What `record` makes a version of. */
export interface VersionRequest {
  boardId: string;
  kind: VersionKind;
  name?: string | null;
  createdBy?: string | null;
  /** The board document as it was captured, or how to capture it once it is known to have changed. */
  board: BoardCapture | LazyBoard;
  /** The review document's state as one update. */
  review: Uint8Array;
  /** Store nothing when the board and review are as the newest version has them (automatic versions). */
  onlyIfChanged?: boolean;
}

/** The digest that tells whether a board (and its review) changed since a version. */
function stateDigestOf(board: BoardState, review: Uint8Array): string {
  return createHash("sha256").update(board.snapshot).update(Y.encodeStateVectorFromUpdate(review)).digest("base64url");
}

/** Owners of the client ids whose clock advanced from `previous` to `current` (state vectors), sorted. */
export function authorsBetween(previous: Uint8Array | null, current: Uint8Array, owners: Map<number, string>): string[] {
  const before = previous ? Y.decodeStateVector(previous) : new Map<number, number>();
  const authors = new Set<string>();
  for (const [clientId, clock] of Y.decodeStateVector(current)) {
    const owner = owners.get(clientId);
    if (owner && clock > (before.get(clientId) ?? 0)) authors.add(owner);
  }
  return Array.from(authors).sort();
}

/** An empty document's state as one update (no structs, no deletions). */
const EMPTY_STATE = Y.encodeStateAsUpdate(new Y.Doc({ guid: "empty" }));

/** A room's stored updates merged into one (an empty document's update when it holds none). */
export async function storedState(docs: DocStore, room: string): Promise<Uint8Array> {
  const { updates } = await docs.load(room);
  if (updates.length === 0) return EMPTY_STATE.slice();
  return updates.length === 1 ? updates[0] : Y.mergeUpdates(updates);
}

/**
 * The two states are stored deflated: a board's update compresses about five to one (a
 * 10,000-event board: 5.9 MiB to 1.1 MiB), which is what each automatic version costs. zlib's
 * asynchronous calls run on libuv's threads, off the event loop.
 */
const deflate = promisify(zlib.deflateRaw);
const inflate = promisify(zlib.inflateRaw);

/** Rows deleted per statement when thinning. */
const DELETE_CHUNK = 500;

const asBytes = (data: Uint8Array): Uint8Array =>
  data instanceof Buffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data;

const SUMMARY_COLUMNS = ["id", "board_id", "kind", "name", "created_at", "created_by", "authors", "bytes"] as const;

type SummaryRow = Pick<Tables["board_versions"], (typeof SUMMARY_COLUMNS)[number]>;

/** A board's newest version (of a kind): asked when a board is first committed to. */
const latestQuery = prepared(1, (db: Kysely<Tables>, boardId: string) =>
  db
    .selectFrom("board_versions")
    .select([...SUMMARY_COLUMNS, "state_vector", "state_digest"])
    .where("board_id", "=", boardId)
    .orderBy("created_at", "desc")
    .limit(1),
);
const latestOfKindQuery = prepared(2, (db: Kysely<Tables>, boardId: string, kind: VersionKind) =>
  db
    .selectFrom("board_versions")
    .select([...SUMMARY_COLUMNS, "state_vector", "state_digest"])
    .where("board_id", "=", boardId)
    .where("kind", "=", kind)
    .orderBy("created_at", "desc")
    .limit(1),
);

export class VersionRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly docs: DocStore,
    private readonly clientIds: ClientIdRepository,
  ) {}

  /** Stores a version as given. Its time is now (or `createdAt`), never before the board's newest version. */
  async create(input: NewVersion): Promise<VersionSummary> {
    const newest = await this.db
      .selectFrom("board_versions")
      .select("created_at")
      .where("board_id", "=", input.boardId)
      .orderBy("created_at", "desc")
      .limit(1)
      .executeTakeFirst();
    const createdAt = input.createdAt ?? Math.max(Date.now(), newest ? Number(newest.created_at) + 1 : 0);
    const [board, review] = await Promise.all([deflate(input.board), deflate(input.review)]);
    const row = {
      id: newId(),
      board_id: input.boardId,
      kind: input.kind,
      name: input.name,
      created_at: createdAt,
      created_by: input.createdBy,
      authors: JSON.stringify(input.authors),
      board,
      review,
      state_vector: input.stateVector,
      state_digest: input.stateDigest,
      bytes: board.byteLength + review.byteLength + input.stateVector.byteLength,
    };
    await this.db.insertInto("board_versions").values(row).execute();
    return toSummary(row);
  }

  /**
   * Makes a version of `board` (and the review state) as it is now: authors are the owners of the
   * client ids that wrote since the board's newest version. With `onlyIfChanged`, nothing is
   * stored (null) when the board and review are as that version has them.
   */
  async record(request: VersionRequest): Promise<VersionSummary | null> {
    const { board: given, review } = request;
    const lazy = "capture" in given ? given : null;
    const previous = await this.latest(request.boardId);
    if (request.onlyIfChanged && previous?.stateDigest === stateDigestOf(lazy ? lazy.state : (given as BoardCapture), review)) return null;
    const board = lazy ? await lazy.capture() : (given as BoardCapture);
    const owners = await this.clientIds.owners(request.boardId);
    return this.create({
      boardId: request.boardId,
      kind: request.kind,
      name: request.name ?? null,
      createdBy: request.createdBy ?? null,
      authors: authorsBetween(previous?.stateVector ?? null, board.stateVector, owners),
      board: board.board,
      review,
      stateVector: board.stateVector,
      stateDigest: stateDigestOf(board, review),
    });
  }

  /** Makes a version of the board as stored now (board and review rooms): for callers without the live document. */
  async recordStored(request: Omit<VersionRequest, "board" | "review">): Promise<VersionSummary | null> {
    const [board, review] = await Promise.all([storedState(this.docs, request.boardId), storedState(this.docs, reviewRoomName(request.boardId))]);
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, board);
      return await this.record({ ...request, board: { ...boardStateOf(doc), board }, review });
    } finally {
      doc.destroy();
    }
  }

  /** A board's versions, newest first, without their states (reads no blob). */
  async list(boardId: string): Promise<VersionSummary[]> {
    const rows = await this.db
      .selectFrom("board_versions")
      .select(SUMMARY_COLUMNS)
      .where("board_id", "=", boardId)
      .orderBy("created_at", "desc")
      .execute();
    return rows.map(toSummary);
  }

  /** One version of a board with its states; null when the board has no such version. */
  async get(boardId: string, versionId: string): Promise<StoredVersion | null> {
    const row = await this.db
      .selectFrom("board_versions")
      .select([...SUMMARY_COLUMNS, "board", "review", "state_vector"])
      .where("board_id", "=", boardId)
      .where("id", "=", versionId)
      .executeTakeFirst();
    if (!row) return null;
    const [board, review] = await Promise.all([inflate(row.board), inflate(row.review)]);
    return { ...toSummary(row), board: asBytes(board), review: asBytes(review), stateVector: asBytes(row.state_vector) };
  }

  /** The newest version of a board (of `kind`, when given), without its states; null for none. */
  async latest(boardId: string, kind?: VersionKind): Promise<LatestVersion | null> {
    const [row] = kind ? await latestOfKindQuery(this.db, boardId, kind) : await latestQuery(this.db, boardId);
    if (!row) return null;
    return { ...toSummary(row), stateVector: asBytes(row.state_vector), stateDigest: row.state_digest };
  }

  /** Names a version (an automatic one becomes named, and so is kept); false when there is no such version. */
  async rename(boardId: string, versionId: string, name: string): Promise<boolean> {
    const result = await this.db
      .updateTable("board_versions")
      .set((eb) => ({ name, kind: eb.case().when("kind", "=", "auto").then("named").else(eb.ref("kind")).end() }))
      .where("board_id", "=", boardId)
      .where("id", "=", versionId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Removes the automatic versions `policy` no longer keeps at time `now`, of one board or (null)
   * of every board; returns how many went. Named and briefed versions are never removed.
   */
  async thin(boardId: string | null, now: number, policy: RetentionPolicy): Promise<number> {
    let query = this.db.selectFrom("board_versions").select(["id", "board_id", "created_at"]).where("kind", "=", "auto");
    if (boardId !== null) query = query.where("board_id", "=", boardId);
    const rows = await query.orderBy("board_id").orderBy("created_at", "desc").execute();
    const seen = new Set<string>();
    const doomed: string[] = [];
    for (const row of rows) {
      const createdAt = Number(row.created_at);
      const age = now - createdAt;
      const tier = policy.tiers.findIndex((t) => age < t.maxAgeMs);
      if (tier === -1) {
        doomed.push(row.id);
        continue;
      }
      const { everyMs } = policy.tiers[tier];
      if (everyMs === 0) continue;
      // Buckets fixed in time: the newest version of a bucket stays the newest as time passes.
      const bucket = `${row.board_id}/${tier}/${Math.floor(createdAt / everyMs)}`;
      if (seen.has(bucket)) doomed.push(row.id);
      else seen.add(bucket);
    }
    for (let i = 0; i < doomed.length; i += DELETE_CHUNK) {
      await this.db.deleteFrom("board_versions").where("id", "in", doomed.slice(i, i + DELETE_CHUNK)).execute();
    }
    return doomed.length;
  }
}

function toSummary(row: SummaryRow): VersionSummary {
  return {
    id: row.id,
    boardId: row.board_id,
    kind: row.kind as VersionKind,
    name: row.name,
    createdAt: Number(row.created_at),
    createdBy: row.created_by,
    authors: JSON.parse(row.authors) as string[],
    bytes: Number(row.bytes),
  };
}
