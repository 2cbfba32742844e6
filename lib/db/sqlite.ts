/** The default driver: one SQLite file in WAL mode under the data directory. */
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { AppendRow } from "./doc-store";
import type { Tables } from "./tables";

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
  database.prepare = ((source: string) => prepare(/^\s*begin\s*$/i.test(source) ? "begin immediate" : source)) as typeof database.prepare;
  return new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
}


/**
 * The writer thread's code, run as a CommonJS worker: its own connection to the same file (WAL
 * lets readers go on meanwhile), one transaction per batch, the same durability pragmas.
 */
const WRITER_CODE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
const insert = db.prepare("insert into doc_updates (room, data, digest, created_at) values (?, ?, ?, ?)");
const appendAll = db.transaction((rows) => {
  for (const r of rows) insert.run(r.room, Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength), r.digest, r.createdAt);
});
parentPort.on("message", (message) => {
  if (message.close) {
    db.close();
    parentPort.close();
    return;
  }
  try {
    appendAll(message.rows);
    parentPort.postMessage({ id: message.id });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: String((error && error.message) || error) });
  }
});
`;

/**
 * Appends log rows from a worker thread. Commits (with their fsync) are the collaboration
 * server's most frequent blocking work; off the main thread they no longer hold up the messages
 * of everyone in the room. SQLite has one writer at a time, so rows still commit in id order.
 * Returns null when the driver cannot be found from the working directory (appends then stay
 * on the main connection).
 */
export function openSqliteWriter(file: string): SqliteWriter | null {
  let driver: string;
  try {
    driver = createRequire(path.join(process.cwd(), "package.json")).resolve("better-sqlite3");
  } catch {
    return null;
  }
  return new SqliteWriter(file, driver);
}

export class SqliteWriter {
  private worker: Worker | null = null;
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();

  constructor(
    private readonly file: string,
    private readonly driver: string,
  ) {}

  /** Appends `rows` in one transaction; resolves once they are durable. */
  append(rows: AppendRow[]): Promise<void> {
    const worker = this.start();
    const id = ++this.nextId;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    worker.ref();
    worker.postMessage({ id, rows });
    return done;
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (!worker) return;
    const exited = new Promise((resolve) => worker.once("exit", resolve));
    // Held until it has exited: an idle writer is unref'd, and a process with nothing else to do would end first.
    worker.ref();
    worker.postMessage({ close: true });
    await exited;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WRITER_CODE, { eval: true, workerData: { file: this.file, driver: this.driver } });
    const failAll = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const { reject } of this.waiting.values()) reject(error);
      this.waiting.clear();
    };
    worker.on("message", (message: { id: number; error?: string }) => {
      const waiter = this.waiting.get(message.id);
      this.waiting.delete(message.id);
      if (this.waiting.size === 0) worker.unref();
      if (!waiter) return;
      if (message.error) waiter.reject(new Error(message.error));
      else waiter.resolve();
    });
    worker.on("error", (error) => failAll(error));
    worker.on("exit", () => failAll(new Error("the database writer stopped")));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
