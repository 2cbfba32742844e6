/**
 * Helpers for integration tests: real servers on port 0, real SQLite files in temp dirs, stock
 * y-websocket clients, and assertions retried until they hold (never a fixed sleep).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { Role } from "@/lib/auth/roles";
import { signTicket } from "@/lib/auth/ticket";
import { newId } from "@/lib/ids";
import { clientProtocols } from "@/lib/collab/protocol";
import { openDatabase, type Database } from "@/lib/db";
import { createAppServer, type AppServer, type AppServerOptions } from "@/server/app";

/** The AUTH_SECRET of test servers. */
export const TEST_SECRET = "test-secret-not-for-production";

/** A fresh directory under the OS temp dir, removed by `cleanup`. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-"));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Retries `assertion` until it stops throwing, or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(assertion: () => T | Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export interface TestServer {
  database: Database;
  server: AppServer;
  /** Base URL for stock providers: ws://127.0.0.1:<port>/collab */
  url: string;
  stop(): Promise<void>;
}

/** The collaboration server (no Next) on a free port over a database in `dataDir`. */
export async function startTestServer(dataDir: string, database?: Database, options: Partial<AppServerOptions> = {}): Promise<TestServer> {
  const db = database ?? (await openDatabase({ dataDir }));
  const server = createAppServer({ ...options, database: db, secret: TEST_SECRET });
  const port = await server.listen(0, "127.0.0.1");
  return {
    database: db,
    server,
    url: `ws://127.0.0.1:${port}/collab`,
    async stop() {
      await server.close();
      await db.close();
    },
  };
}

/** A person with an account, for tests. */
export interface TestUser {
  id: string;
  name: string;
}

/** Creates an account (no password) named `name`. */
export async function createUser(database: Database, name = "Ana"): Promise<TestUser> {
  const id = newId();
  await database.users.create({ id, email: `${id}@example.com`, name, passwordHash: null });
  return { id, name };
}

/** Adds `user` to a board with `role` and returns a ticket for that board signed with TEST_SECRET. */
export async function memberTicket(database: Database, user: TestUser, boardId: string, role: Role): Promise<string> {
  await database.members.set(boardId, user.id, role);
  return signTicket({ sub: user.id, name: user.name, board: boardId }, TEST_SECRET);
}

/**
 * A stock y-websocket provider in Node offering `ticket` as its subprotocol, resolved once it
 * has synced. `beforeConnect` runs right after construction, before any message arrives.
 */
export async function connectProvider(
  url: string,
  room: string,
  ticket: string,
  doc = new Y.Doc(),
  beforeConnect?: (provider: WebsocketProvider) => void,
): Promise<WebsocketProvider> {
  const provider = new WebsocketProvider(url, room, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    protocols: clientProtocols(ticket),
  });
  beforeConnect?.(provider);
  await eventually(() => {
    if (!provider.synced) throw new Error(`provider for ${room} did not sync`);
  });
  return provider;
}

/** A raw socket on a room, for sending hand-made frames. Resolves once open. */
export async function openRawSocket(
  url: string,
  room: string,
  protocols?: string[],
  headers?: Record<string, string>,
): Promise<WebSocket> {
  const ws = new WebSocket(`${url}/${room}`, protocols, { headers });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  return ws;
}

/** Resolves with the close code and reason the server sent. */
export function closeOf(ws: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
}

/** Number of rows in a room's update log. */
export async function logRows(database: Database, room: string): Promise<number> {
  const rows = await database.db.selectFrom("doc_updates").select("id").where("room", "=", room).execute();
  return rows.length;
}
