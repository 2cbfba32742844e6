/**
 * Upgrades of board documents saved by older versions of the code: one step per schema version
 * (tldraw's record migrations), run where a board is read. A board saved by a newer version is
 * refused and left as it is, never written over by code that does not understand it (Outline's
 * EditorVersionExtension refuses a newer client the same way).
 *
 * How a room is meant to use this when it loads a board from storage: apply the stored updates,
 * read `boardSchemaVersion(doc)`; when it is not `SCHEMA_VERSION`, call
 * `docs.transform(room, (updates) => upgradeStoredBoard(updates)?.update ?? null)` — it rejects
 * with `BoardTooNewError` for a newer board (refuse the connection), and otherwise stores the
 * upgrade exactly once however many instances race — then apply `docs.changesSince(room, cursor)`
 * to bring the upgrade into the room's document.
 */
import * as Y from "yjs";
import { SCHEMA_VERSION } from "../schema";
import { metaMap } from "./roots";

/**
 * One upgrade step, run inside the upgrade's transaction. Steps add what is absent and never
 * blindly overwrite: a board whose stored version a stock client garbled runs them again.
 */
export type Migration = (doc: Y.Doc) => void;

/** One step per version: `MIGRATIONS[n]` upgrades a version-n document to n + 1; its length is SCHEMA_VERSION. */
export const MIGRATIONS: readonly Migration[] = [
  // 0 → 1: documents written before versioning only lacked the version number.
  () => {},
  // 1 → 2: the hypotheses matrix (roots `hypotheses` and `ratings`, a card's `relevance`, a
  // claim's `hypothesisId` and `lostEvidence`). Yjs roots exist as soon as they are named and every
  // new field is optional, so nothing is written: the step stamps the version, and a server
  // older than this schema refuses the board instead of refusing each edit of the matrix.
  () => {},
  // 2 → 3: a card's structured event details (`event`: type, actors, fatalities, places, the
  // source's own id). The field is optional, so nothing is written; the step stamps the version
  // for the same reason as 1 → 2: a server older than this schema refuses a card's `event` field
  // edit by edit, so it must refuse the whole board instead.
  () => {},
  // 3 → 4: areas and routes on the map (root `areas`, a card's `areaIds`). The root exists as soon
  // as it is named and a card without `areaIds` reads as linked to none, so nothing is written:
  // the step stamps the version, so a server older than this schema, which knows no `areas` root
  // and would refuse every area drawn, refuses the whole board instead.
  () => {},
];

/** What `migrateBoard` did: the version the document had and the one it has now. */
export interface BoardMigration {
  from: number;
  to: number;
}

/** Thrown (before anything is written) for a board saved by a newer version of the code. */
export class BoardTooNewError extends Error {
  override readonly name = "BoardTooNewError";

  constructor(
    /** The schema version the board was saved with. */
    readonly version: number,
    /** The newest schema version this code understands. */
    readonly supported: number,
  ) {
    super(
      `This board was saved by a newer version of Situation Board (schema ${version}); this server understands up to ${supported}`,
    );
  }
}

/**
 * The schema version a board document says it has, without reading anything else: 0 for a board
 * written before versioning. A value that is not a whole number ≥ 0 (a stock client may write
 * anything) also counts as 0, so the board is upgraded again and stamped with a readable version.
 */
export function boardSchemaVersion(doc: Y.Doc): number {
  const stored = metaMap(doc).get("schemaVersion");
  return typeof stored === "number" && Number.isSafeInteger(stored) && stored >= 0 ? stored : 0;
}

/**
 * Upgrades a document older than the code, running each step from its version on exactly once,
 * all in one transaction (other replicas receive one update), and stamps the new version.
 * Returns what it did, or null (nothing written) when the document is already current. Throws
 * `BoardTooNewError` (nothing written) when it is newer than `migrations` reach. A step that
 * throws leaves the document half-upgraded in memory: discard it (through `DocStore.transform`
 * nothing is stored).
 */
export function migrateBoard(doc: Y.Doc, migrations: readonly Migration[] = MIGRATIONS): BoardMigration | null {
  const target = migrations.length;
  const from = boardSchemaVersion(doc);
  if (from > target) throw new BoardTooNewError(from, target);
  if (from === target) return null;
  doc.transact(() => {
    for (let version = from; version < target; version++) migrations[version](doc);
    metaMap(doc).set("schemaVersion", target);
  });
  return { from, to: target };
}

/**
 * The change that upgrades a stored board, computed from its stored updates: the shape
 * `DocStore.transform` takes. Null when the board is current; throws `BoardTooNewError` for a
 * newer one. `update` holds only what the upgrade wrote.
 */
export function upgradeStoredBoard(
  updates: readonly Uint8Array[],
  migrations: readonly Migration[] = MIGRATIONS,
): (BoardMigration & { update: Uint8Array }) | null {
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    const before = Y.encodeStateVector(doc);
    const migration = migrateBoard(doc, migrations);
    return migration && { ...migration, update: Y.encodeStateAsUpdate(doc, before) };
  } finally {
    doc.destroy();
  }
}

// Bumping SCHEMA_VERSION without adding its step would stamp boards with a version that nothing
// upgraded them to: fail when the module loads instead.
if (MIGRATIONS.length !== SCHEMA_VERSION) {
  throw new Error(`MIGRATIONS has ${MIGRATIONS.length} steps but SCHEMA_VERSION is ${SCHEMA_VERSION}`);
}
