/**
 * The only persistence of the app: opens the database chosen by the environment, applies
 * migrations and hands out the repositories and the document store.
 */
import path from "node:path";
import { Migrator, sql, type Kysely } from "kysely";
import * as Y from "yjs";
import { initBoard } from "@/lib/board/model";
import { NewBoardSchema, type NewBoard } from "@/lib/board/schema";
import { readEnv } from "@/lib/env";
import { newId } from "@/lib/ids";
import { processSlot } from "@/lib/singleton";
import { BoardRepository, type BoardSummary } from "./boards";
import { ClientIdRepository } from "./client-ids";
import { SqlDocStore, type DocStore, type RoomLock } from "./doc-store";
import { MemberRepository } from "./members";
import { migrationProvider, type Dialect } from "./migrations";
import { NotificationRepository } from "./notifications";
import { openSqlite, openSqliteWriter } from "./sqlite";
import type { Tables } from "./tables";
import { UserRepository } from "./users";
import { VersionRepository } from "./versions";

export interface Database {
  dialect: Dialect;
  db: Kysely<Tables>;
  boards: BoardRepository;
  users: UserRepository;
  members: MemberRepository;
  docs: DocStore;
  /** Who owns each Yjs client id of a board. */
  clientIds: ClientIdRepository;
  /** Versions of each board: automatic, named and briefed snapshots (versions.ts). */
  versions: VersionRepository;
  /** Each person's inbox. */
  notifications: NotificationRepository;
  /** Creates a board owned by `ownerId`: its index row, its owner and its document's first update. */
  createBoard(input: NewBoard, ownerId: string, fill?: (doc: Y.Doc) => void): Promise<BoardSummary>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Directory of the SQLite file (used when there is no `url`). */
  dataDir: string;
  /** A `postgres://` URL (DATABASE_URL): PostgreSQL instead of SQLite. */
  url?: string;
}

/** Opens the database chosen by `options` (PostgreSQL with a URL, SQLite otherwise) and migrates it. */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const dialect: Dialect = options.url ? "postgres" : "sqlite";
  const file = path.join(options.dataDir, "situation-board.sqlite");
  // The PostgreSQL driver (pg) is loaded only when configured: a server on SQLite never needs it.
  const postgres = options.url ? await import("./postgres") : null;
  const db = postgres && options.url ? postgres.openPostgres(options.url) : openSqlite(file);
  try {
    await migrate(db, dialect);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  // SQLite commits from a writer thread (after the migrations: it writes the tables they made):
  // the collaboration server's log rows, client id claims and board list refreshes, grouped.
  const writer = dialect === "sqlite" ? openSqliteWriter(file) : null;
  const boards = new BoardRepository(db, writer ? (id, meta) => writer.touch(id, meta) : undefined);
  const notifications = new NotificationRepository(db);
  const members = new MemberRepository(db, dialect, notifications);
  const docs = new SqlDocStore(db, postgres ? postgres.advisoryRoomLock : createLocalLock(), writer ? (rows) => writer.append(rows) : undefined);
  const clientIds = new ClientIdRepository(db, writer ? (boardId, claims) => writer.claim(boardId, claims) : undefined);
  return {
    dialect,
    db,
    boards,
    users: new UserRepository(db),
    members,
    docs,
    clientIds,
    versions: new VersionRepository(db, docs, clientIds),
    notifications,
    async createBoard(input, ownerId, fill) {
      const { title, question } = NewBoardSchema.parse(input);
      const id = newId();
      const doc = new Y.Doc();
      initBoard(doc, { title, question });
      fill?.(doc);
      await docs.append(id, [Y.encodeStateAsUpdate(doc)]);
      doc.destroy();
      const board = await boards.create({ id, title, question });
      await members.set(id, ownerId, "owner");
      return board;
    },
    async close() {
      await writer?.close();
      await db.destroy();
    },
  };
}

async function migrate(db: Kysely<Tables>, dialect: Dialect): Promise<void> {
  // On PostgreSQL, name the schema the tables go to: otherwise Kysely finds its migration tables
  // in any schema of the database (another instance's or another test's) and skips making its own.
  const migrationTableSchema = dialect === "postgres" ? await currentSchema(db) : undefined;
  const migrator = new Migrator({ db, provider: migrationProvider(dialect), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === "Error");
  if (error || failed) {
    throw new Error(`Database migration ${failed?.migrationName ?? ""} failed: ${String(error)}`);
  }
}

async function currentSchema(db: Kysely<Tables>): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  return rows[0].schema;
}

/** In-process lock per room: enough when one process owns the database file. */
function createLocalLock(): RoomLock {
  const tails = new Map<string, Promise<unknown>>();
  return async (db, room, work) => {
    const previous = tails.get(room) ?? Promise.resolve();
    const locked = () => db.transaction().execute(work);
    const run = previous.then(locked, locked);
    const tail = run.catch(() => undefined);
    tails.set(room, tail);
    try {
      return await run;
    } finally {
      if (tails.get(room) === tail) tails.delete(room);
    }
  };
}

const processDatabase = processSlot<Promise<Database>>("database");

/**
 * The process-wide database. The server opens it at startup; route handlers and server
 * components (bundled separately by Next) find the same instance here.
 */
export function getDatabase(): Promise<Database> {
  const env = readEnv();
  return processDatabase.get() ?? processDatabase.set(openDatabase({ dataDir: env.dataDir, url: env.DATABASE_URL }));
}

/** Makes `database` the process-wide instance (the server calls this before serving). */
export function setDatabase(database: Database): void {
  processDatabase.set(Promise.resolve(database));
}
