/** The default driver: one SQLite file in WAL mode under the data directory. */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { ClientIdClaim } from "./client-ids";
import { DIGEST, type AppendRow } from "./doc-store";
import { runPreparedDirectly } from "./prepared";
import type { Tables } from "./tables";

/** Prepared statements kept per connection, the least recently used dropped first. */
const STATEMENTS_KEPT = 200;

/** Opens (creating if needed) the SQLite database at `file`. */
export function openSqlite(file: string): Kysely<Tables> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new Database(file);
  database.pragma("journal_mode = WAL");
  // FULL: a commit the client was told is "Saved" survives power loss, not only a crash.
  database.pragma("synchronous = FULL");
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  // Transactions take the write lock when they begin: the writer thread commits on its own
  // connection, and a deferred transaction that read before it and writes after would fail at
  // once with "database is locked" instead of waiting its turn.
  const prepare = database.prepare.bind(database);
  // Kysely prepares every query it runs; preparing costs more than running a small one, so the
  // statements of the queries seen recently are kept and reused (better-sqlite3 statements are
  // reusable; nothing here iterates one while running another on it).
  const statements = new Map<string, ReturnType<typeof prepare>>();
  database.prepare = ((source: string) => {
    let statement = statements.get(source);
    if (statement) {
      statements.delete(source);
    } else {
      statement = prepare(/^\s*begin\s*$/i.test(source) ? "begin immediate" : source);
      if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
    }
    statements.set(source, statement);
    return statement;
  }) as typeof database.prepare;
  const db = new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
  // A read outside a transaction runs at once, as Kysely's SQLite connection would run it (the
  // same cached statement, the same rows); inside one, Kysely's lock makes it wait its turn.
  runPreparedDirectly(db, (sql, parameters) => {
    if (database.inTransaction) return undefined;
    const statement = database.prepare(sql);
    return statement.reader ? statement.all(parameters) : undefined;
  });
  return db;
}


/**
 * The writer thread's code, run as a CommonJS worker: its own connection to the same file (WAL
 * lets readers go on meanwhile), the same durability pragmas, and one transaction per message,
 * whatever it holds: log rows of any number of rooms, client id claims (answered with the owner
 * of each id as stored), board list entries to refresh.
 */
const WRITER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
const Y = require(workerData.yjs);
const { createHash } = require("node:crypto");
const insert = db.prepare("insert into doc_updates (room, data, digest, created_at) values (?, ?, ?, ?)");
const asBuffer = (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const claim = db.prepare("insert into board_client_ids (board_id, client_id, user_id, created_at) values (?, ?, ?, ?) on conflict (board_id, client_id) do nothing");
const ownerOf = db.prepare("select user_id from board_client_ids where board_id = ? and client_id = ?").pluck();
const touch = db.prepare("update boards set title = ?, question = ?, updated_at = ? where id = ?");
const runAll = db.transaction((ops) =>
  ops.map((op) => {
    if (op.kind === "rows") {
      for (const r of op.rows) {
        const data = asBuffer(r.parts.length === 1 ? r.parts[0] : Y.mergeUpdates(r.parts));
        insert.run(r.room, data, createHash(${JSON.stringify(DIGEST.algorithm)}).update(data).digest(${JSON.stringify(DIGEST.encoding)}), r.createdAt);
      }
      return null;
    }
    if (op.kind === "claims") {
      for (const c of op.claims) claim.run(op.boardId, c.clientId, c.userId, op.createdAt);
      return op.claims.map((c) => [c.clientId, ownerOf.get(op.boardId, c.clientId)]);
    }
    touch.run(op.title, op.question, op.at, op.id);
    return null;
  }),
);
parentPort.on("message", (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    parentPort.postMessage({ id: message.id, results: runAll(message.ops) });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) });
  }
});
`;

/** What the writer thread does in a transaction. */
export type WriterOp =
  | { kind: "rows"; rows: AppendRow[] }
  | { kind: "claims"; boardId: string; claims: ClientIdClaim[]; createdAt: number }
  | { kind: "touch"; id: string; title: string; question: string; at: number };

/**
 * Appends log rows from a worker thread. Commits (with their fsync) are the collaboration
 * server's most frequent blocking work; off the main thread they no longer hold up the messages
 * of everyone in the room. SQLite has one writer at a time, so rows still commit in id order.
 * Returns null when the driver or Yjs cannot be found from the working directory (appends then
 * stay on the main connection).
 */
export function openSqliteWriter(file: string): SqliteWriter | null {
  let modules: WriterModules;
  try {
    const resolve = createRequire(path.join(process.cwd(), "package.json")).resolve;
    modules = { driver: resolve("better-sqlite3"), yjs: resolve("yjs") };
  } catch {
    return null;
  }
  return new SqliteWriter(file, modules);
}

/** Where the writer thread loads the SQLite driver and Yjs from. */
interface WriterModules {
  driver: string;
  yjs: string;
}

export class SqliteWriter {
  private worker: Worker | null = null;
  private nextId = 0;
  /** Operations waiting for the transaction in progress to end: they go together in the next. */
  private queued: Array<{ op: WriterOp; resolve: (result: unknown) => void; reject: (error: Error) => void }> = [];
  private readonly waiting = new Map<number, Array<{ resolve: (result: unknown) => void; reject: (error: Error) => void }>>();
  private sendSoon: NodeJS.Immediate | null = null;
  /** Called once nothing is queued or under way (see `close`). */
  private whenIdle: Array<() => void> = [];

  constructor(
    private readonly file: string,
    private readonly modules: WriterModules,
  ) {}

  /** Appends `rows` in one transaction; resolves once they are durable. */
  async append(rows: AppendRow[]): Promise<void> {
    // An update received from a socket is a view into the frame's buffer, often far larger than
    // itself; posting a view copies its whole buffer to the writer thread, so each is copied out
    // alone first.
    const own = (bytes: Uint8Array) => (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : bytes.slice());
    await this.run({ kind: "rows", rows: rows.map((row) => ({ ...row, parts: row.parts.map(own) })) });
  }

  /** Stores the claims not stored yet; resolves to the owner of each claimed id as stored now. */
  async claim(boardId: string, claims: readonly ClientIdClaim[]): Promise<Map<number, string>> {
    const owners = (await this.run({ kind: "claims", boardId, claims: [...claims], createdAt: Date.now() })) as Array<[number, string | undefined]>;
    return new Map(owners.filter((entry): entry is [number, string] => entry[1] !== undefined));
  }

  /** Refreshes a board's entry in the board list. */
  async touch(id: string, meta: { title: string; question: string }): Promise<void> {
    await this.run({ kind: "touch", id, title: meta.title, question: meta.question, at: Date.now() });
  }

  /**
   * Group commit: with no transaction in progress `op` goes at once, else it waits for it to end
   * and goes with everything else that waited, in one transaction and one fsync. Under load (many
   * boards committing at once) the fsyncs per second stay what the disk allows, not one per
   * board; on a quiet server nothing waits.
   */
  private run(op: WriterOp): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.queued.push({ op, resolve, reject });
      // What the same tick asks for (the commits of rooms whose windows end together, a commit and
      // its board's list entry) goes in one message.
      if (this.waiting.size === 0) this.sendSoon ??= setImmediate(() => this.send());
    });
  }

  private send(): void {
    if (this.sendSoon) clearImmediate(this.sendSoon);
    this.sendSoon = null;
    const batch = this.queued;
    this.queued = [];
    if (batch.length === 0) return;
    let worker: Worker;
    try {
      worker = this.start();
    } catch (error) {
      for (const { reject } of batch) reject(error as Error);
      return;
    }
    const id = ++this.nextId;
    this.waiting.set(id, batch);
    worker.ref();
    worker.postMessage({ id, ops: batch.map((entry) => entry.op) });
  }

  async close(): Promise<void> {
    // Everything asked for before closing is written first.
    while (this.queued.length > 0 || this.waiting.size > 0) {
      await new Promise<void>((resolve) => this.whenIdle.push(resolve));
    }
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    // An idle writer is unref'd: held again, or a process with nothing else to do exits before
    // `close` resolves and whatever was to follow it never runs.
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WRITER_CODE, { eval: true, workerData: { file: this.file, ...this.modules } });
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const batch of this.waiting.values()) for (const { reject } of batch) reject(error);
      this.waiting.clear();
      // What waited for the failed transaction goes in the next one (on a new writer).
      this.send();
      if (this.waiting.size === 0) for (const resolve of this.whenIdle.splice(0)) resolve();
    };
    worker.on("message", (message: { id: number; results?: unknown[]; error?: string }) => {
      const batch = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (batch) {
        batch.forEach(({ resolve, reject }, i) => (message.error ? reject(new Error(message.error)) : resolve(message.results?.[i])));
      }
      this.send();
      if (this.waiting.size === 0) {
        worker.unref();
        for (const resolve of this.whenIdle.splice(0)) resolve();
      }
    });
    worker.on("error", (error) => failAll(error));
    worker.on("exit", () => failAll(new Error("the database writer stopped")));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
