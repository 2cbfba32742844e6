/**
 * The document store: an append-only log of Yjs updates per room plus one compacted snapshot.
 * Written once over Kysely, so every SQL driver gets the same behaviour and passes the same
 * contract tests (database.contract.ts).
 */
import { createHash } from "node:crypto";
import type { Kysely, Transaction } from "kysely";
import * as Y from "yjs";
import { assertValidUpdate } from "@/lib/collab/wire";
import { prepared } from "./prepared";
import type { Tables } from "./tables";

/** What a room is loaded from: the snapshot (if any) first, then the log in commit order. */
export interface StoredRoom {
  updates: Uint8Array[];
  /** Log rows not yet merged into the snapshot; compaction is due past a threshold. */
  logLength: number;
  /** Rows that failed to decode during this load and were moved to quarantine. */
  quarantined: number;
  /** Position in the log this load reached; `changesSince` continues from it. */
  cursor: number;
}

/** Updates committed after a cursor, and the cursor to continue from. */
export interface StoredChanges {
  updates: Uint8Array[];
  cursor: number;
}

/** The one storage interface of collaborative documents. */
export interface DocStore {
  /** Every stored update of a room; bad rows are quarantined and reported, not fatal. */
  load(room: string): Promise<StoredRoom>;
  /**
   * What was committed after `cursor` (from `load` or an earlier call), possibly with some of
   * what the caller already has: applying it again changes nothing. Instances use it to catch
   * up on updates the fan-out did not bring.
   */
  changesSince(room: string, cursor: number): Promise<StoredChanges>;
  /**
   * Appends rows in one transaction; resolves once they are durable. A row is an update, or
   * consecutive updates to be merged into one (`Y.mergeUpdates`: with SQLite the writer thread
   * merges them, off the event loop). Only complete updates may be appended (the room appends
   * validated or Yjs-encoded ones): each row's digest then vouches for it when it is loaded,
   * without decoding it again.
   */
  append(room: string, rows: ReadonlyArray<Uint8Array | readonly Uint8Array[]>): Promise<void>;
  /**
   * Merges the snapshot and the log rows that exist now into a new snapshot, and deletes only
   * the rows it merged: rows appended meanwhile stay in the log.
   */
  compact(room: string): Promise<void>;
  /**
   * Reads the room's stored updates and appends the one update `change` computes from them, in
   * one transaction under the room's lock (every instance's appends, compactions and transforms
   * of the room wait for it). So an operation decided from the stored state, such as upgrading a
   * board saved by an older version, is stored exactly once however many instances race: a later
   * one sees the first one's update and its `change` returns null.
   *
   * `change` gets the rows that pass their check (bad rows are quarantined, as by `load`), must be
   * synchronous (it runs while the lock is held) and returns null to append nothing. When it
   * throws, or returns bytes that are not a complete update, nothing is appended and the promise
   * rejects with that error.
   */
  transform(room: string, change: RoomChange): Promise<{ applied: boolean }>;
}

/** What `DocStore.transform` computes from a room's stored updates: one update, or null for none. */
export type RoomChange = (updates: Uint8Array[]) => Uint8Array | null;

/**
 * Runs `work` in a transaction that holds the room's lock (in this process or, on PostgreSQL, in
 * every instance): two compactions or transforms of one room never interleave, and appends commit
 * in id order.
 */
export type RoomLock = <T>(db: Kysely<Tables>, room: string, work: (trx: Transaction<Tables>) => Promise<T>) => Promise<T>;

/** A log row as `append` hands it to a writer: the updates it merges (often one). */
export interface AppendRow {
  room: string;
  parts: readonly Uint8Array[];
  createdAt: number;
}

/** Log rows deleted per statement after a compaction. */
const DELETE_CHUNK = 500;

const asBytes = (data: Uint8Array): Uint8Array =>
  data instanceof Buffer ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data;

/** How a row's digest is made: by `digestOf`, and by the SQLite writer thread (sqlite.ts). */
export const DIGEST = { algorithm: "sha256", encoding: "base64url" } as const;

/**
 * Digest stored beside every row. A row whose bytes still match its digest is the complete
 * update that was appended, so loading checks it in microseconds instead of decoding megabytes;
 * a mismatch (bytes changed on disk) is quarantined like a row that fails to decode.
 */
export function digestOf(data: Uint8Array): string {
  return createHash(DIGEST.algorithm).update(data).digest(DIGEST.encoding);
}

/** Throws unless `data` is a complete update: vouched for by its digest or, without one, decoded. */
function assertStoredUpdate(data: Uint8Array, digest: string | null): void {
  if (digest === null) {
    assertValidUpdate(data);
    return;
  }
  if (digestOf(data) !== digest) throw new Error("stored bytes do not match their digest");
}

/** Id of the last of `rows` (ordered by id), 0 for none. */
const lastId = (rows: Array<{ id: number }>): number => (rows.length > 0 ? Number(rows[rows.length - 1].id) : 0);

interface BadRow {
  id: number | null;
  data: Uint8Array;
  error: string;
}

/** A room's log, and its snapshot: read whenever a room loads. */
const logQuery = prepared(1, (db: Kysely<Tables>, room: string) =>
  db.selectFrom("doc_updates").select(["id", "data", "digest"]).where("room", "=", room).orderBy("id"),
);
const snapshotQuery = prepared(1, (db: Kysely<Tables>, room: string) =>
  db.selectFrom("doc_snapshots").select(["data", "digest", "merged_through"]).where("room", "=", room),
);

/** The DocStore over any Kysely database with the tables of migrations.ts. */
export class SqlDocStore implements DocStore {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly withRoomLock: RoomLock,
    /** Appends rows elsewhere (SQLite's writer thread); without it, on `db` under the room's lock. */
    private readonly writeRows?: (rows: AppendRow[]) => Promise<void>,
  ) {}

  async load(room: string): Promise<StoredRoom> {
    const { bad, ...stored } = await this.read(this.db, room);
    if (bad.length > 0) {
      await this.db.transaction().execute((trx) => this.quarantine(trx, room, bad));
      reportQuarantined(room, bad);
    }
    return stored;
  }

  async changesSince(room: string, cursor: number): Promise<StoredChanges> {
    const rows = await this.db
      .selectFrom("doc_updates")
      .select(["id", "data", "digest"])
      .where("room", "=", room)
      .where("id", ">", cursor)
      .orderBy("id")
      .execute();
    const mark = await this.db
      .selectFrom("doc_snapshots")
      .select("merged_through")
      .where("room", "=", room)
      .executeTakeFirst();
    const mergedThrough = Number(mark?.merged_through ?? 0);
    const updates: Array<{ data: Uint8Array; digest: string | null }> = [];
    // Rows past the cursor were merged away since: the snapshot holds them.
    if (mergedThrough > cursor) {
      const snapshot = await this.db.selectFrom("doc_snapshots").select(["data", "digest"]).where("room", "=", room).executeTakeFirst();
      if (snapshot) updates.push({ data: asBytes(snapshot.data), digest: snapshot.digest });
    }
    for (const row of rows) updates.push({ data: asBytes(row.data), digest: row.digest });
    const valid = updates.flatMap(({ data, digest }) => {
      try {
        assertStoredUpdate(data, digest);
        return [data];
      } catch {
        return []; // quarantined by the next load; never applied
      }
    });
    return { updates: valid, cursor: Math.max(cursor, mergedThrough, lastId(rows)) };
  }

  async append(room: string, rows: ReadonlyArray<Uint8Array | readonly Uint8Array[]>): Promise<void> {
    if (rows.length === 0) return;
    const now = Date.now();
    const parts = rows.map((row) => (row instanceof Uint8Array ? [row] : row));
    if (this.writeRows) {
      // One SQLite writer at a time: rows commit in the order of their ids without a lock.
      await this.writeRows(parts.map((each) => ({ room, parts: each, createdAt: now })));
      return;
    }
    const values = parts.map((each) => {
      const data = each.length === 1 ? each[0] : Y.mergeUpdates(each as Uint8Array[]);
      return { room, data, digest: digestOf(data), created_at: now };
    });
    // Under the room's lock, so a room's rows commit in the order of their ids: a reader that has
    // seen row n has seen every row before it, and `changesSince` can never skip one.
    await this.withRoomLock(this.db, room, (trx) => trx.insertInto("doc_updates").values(values).execute());
  }

  async compact(room: string): Promise<void> {
    await this.withRoomLock(this.db, room, async (trx) => {
      const rows = await trx
        .selectFrom("doc_updates")
        .select(["id", "data"])
        .where("room", "=", room)
        .orderBy("id")
        .execute();
      if (rows.length === 0) return;
      const snapshot = await trx
        .selectFrom("doc_snapshots")
        .select(["data", "merged_through"])
        .where("room", "=", room)
        .executeTakeFirst();
      const doc = new Y.Doc();
      if (snapshot) Y.applyUpdate(doc, asBytes(snapshot.data));
      for (const row of rows) Y.applyUpdate(doc, asBytes(row.data));
      const merged = Y.encodeStateAsUpdate(doc);
      const digest = digestOf(merged);
      doc.destroy();
      const ids = rows.map((row) => Number(row.id));
      const mergedThrough = Math.max(Number(snapshot?.merged_through ?? 0), lastId(rows));
      const now = Date.now();
      await trx
        .insertInto("doc_snapshots")
        .values({ room, data: merged, digest, merged_through: mergedThrough, updated_at: now })
        .onConflict((oc) => oc.column("room").doUpdateSet({ data: merged, digest, merged_through: mergedThrough, updated_at: now }))
        .execute();
      // Exactly the rows merged: a row committed meanwhile by another instance may have a lower id.
      for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
        await trx.deleteFrom("doc_updates").where("id", "in", ids.slice(i, i + DELETE_CHUNK)).execute();
      }
    });
  }

  async transform(room: string, change: RoomChange): Promise<{ applied: boolean }> {
    // PostgreSQL: the room lock is the advisory lock that every instance's appends and compactions
    // of the room take as well, so nothing of the room commits between the read and the append.
    // SQLite (one process per file): the room lock is in-process and runs a transaction on the
    // main connection, which begins IMMEDIATE (sqlite.ts) and so holds the file's one write lock
    // from its first read to its commit. The writer thread's appends take no room lock, but they
    // need that write lock on their own connection, so they wait (busy_timeout, 5 s) and land
    // after the transform, never between what `change` read and what it appends. The writer
    // thread cannot run `change` (a function), and this rare operation may block the event loop
    // for its read, as `compact` does; a `change` slower than the busy timeout would make a
    // concurrent append fail (the room retries its commits).
    let bad: BadRow[] = [];
    const applied = await this.withRoomLock(this.db, room, async (trx) => {
      const stored = await this.read(trx, room);
      bad = stored.bad;
      if (bad.length > 0) await this.quarantine(trx, room, bad);
      const update = change(stored.updates);
      if (update === null) return false;
      assertValidUpdate(update);
      await trx.insertInto("doc_updates").values({ room, data: update, digest: digestOf(update), created_at: Date.now() }).execute();
      return true;
    });
    if (bad.length > 0) reportQuarantined(room, bad);
    return { applied };
  }

  /** The snapshot and the log of a room, each row checked; rows that fail are returned apart. */
  private async read(db: Kysely<Tables>, room: string): Promise<StoredRoom & { bad: BadRow[] }> {
    // The log before the snapshot: a compaction in between moves rows into the snapshot read
    // next, so nothing falls between the two reads.
    const rows = await logQuery(db, room);
    const [snapshot] = await snapshotQuery(db, room);

    const updates: Uint8Array[] = [];
    const bad: BadRow[] = [];
    const keep = (id: number | null, data: Uint8Array, digest: string | null) => {
      try {
        assertStoredUpdate(data, digest);
        updates.push(data);
      } catch (error) {
        bad.push({ id, data, error: error instanceof Error ? error.message : String(error) });
      }
    };
    if (snapshot) keep(null, asBytes(snapshot.data), snapshot.digest);
    for (const row of rows) keep(Number(row.id), asBytes(row.data), row.digest);
    return {
      updates,
      logLength: rows.length - bad.filter((b) => b.id !== null).length,
      quarantined: bad.length,
      cursor: Math.max(Number(snapshot?.merged_through ?? 0), lastId(rows)),
      bad,
    };
  }

  /** Moves rows that failed their check out of the log (or the snapshot) into quarantine, in `trx`. */
  private async quarantine(trx: Transaction<Tables>, room: string, bad: BadRow[]) {
    const now = Date.now();
    await trx
      .insertInto("doc_quarantine")
      .values(bad.map((b) => ({ room, data: b.data, error: b.error, created_at: now })))
      .execute();
    const ids = bad.flatMap((b) => (b.id === null ? [] : [b.id]));
    if (ids.length > 0) await trx.deleteFrom("doc_updates").where("id", "in", ids).execute();
    if (bad.some((b) => b.id === null)) await trx.deleteFrom("doc_snapshots").where("room", "=", room).execute();
  }
}

/** Says, once the quarantine is committed, that stored rows of a room were set aside. */
function reportQuarantined(room: string, bad: BadRow[]): void {
  console.error(`[store] room ${room}: ${bad.length} stored row(s) failed their check (undecodable, or changed since written) and were quarantined`);
}
