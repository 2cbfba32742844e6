/**
 * Each Yjs client id belongs to the person who first wrote with it on a board. An editor who
 * writes under a colleague's id, at the colleague's next clock while the colleague is offline, is
 * refused with 4409 and nothing of it is applied; the colleague's own offline edit under that id
 * is then saved when they reconnect, and their client sees it saved. The owner is remembered with
 * the board: across a restart of the server on the same SQLite file, and across two instances on
 * PostgreSQL with Redis between them.
 */
import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addPin, listPins } from "@/lib/board/model";
import { createRedisAccessEvents } from "@/lib/collab/access-events";
import { clientProtocols, CloseCode, CloseReason } from "@/lib/collab/protocol";
import { watchSaveState, type SaveState } from "@/lib/collab/save-state";
import { encodeUpdate } from "@/lib/collab/wire";
import { openDatabase, type Database } from "@/lib/db";
import {
  closeOf,
  connectProvider,
  createUser,
  eventually,
  memberTicket,
  openRawSocket,
  startTestServer,
  tempDataDir,
  TEST_SECRET,
  type TestServer,
} from "@/test/support/servers";
import { createTestSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from "@/test/support/services";
import { createAppServer } from "./app";
import { createRedisFanout } from "./fanout";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Board {
  boardId: string;
  /** Ana's ticket: she writes first with her client id. */
  ana: string;
  /** Ben's ticket: he tries to write under Ana's id. */
  ben: string;
}

async function board(database: Database): Promise<Board> {
  const ana = await createUser(database, "Ana");
  const ben = await createUser(database, "Ben");
  const { id: boardId } = await database.createBoard({ title: "Mali", question: "Who wrote this?" }, ana.id);
  return { boardId, ana: await memberTicket(database, ana, boardId, "owner"), ben: await memberTicket(database, ben, boardId, "editor") };
}

async function provider(url: string, boardId: string, ticket: string, doc?: Y.Doc): Promise<WebsocketProvider> {
  const connected = await connectProvider(url, boardId, ticket, doc);
  cleanups.push(() => connected.destroy());
  return connected;
}

async function stored(database: Database, boardId: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of (await database.docs.load(boardId)).updates) Y.applyUpdate(doc, update);
  return doc;
}

const titles = (doc: Y.Doc) => listPins(doc).map((pin) => pin.title).sort();

/**
 * Ana's client: writes a pin online and waits until it is saved, so her client id is hers; then
 * goes offline (the provider is destroyed, the document kept) and writes a pin there.
 */
async function anaWritesThenGoesOffline(url: string, { boardId, ana }: Board): Promise<Y.Doc> {
  const online = await provider(url, boardId, ana);
  const states: SaveState[] = [];
  watchSaveState(online, (state) => states.push(state));
  addPin(online.doc, { title: "Kidal", lng: 1.4, lat: 18.4 }, "Ana");
  await eventually(() => expect(states.at(-1)).toBe("saved"));
  online.destroy();
  addPin(online.doc, { title: "Offline edit", lng: -3.4, lat: 14.6 }, "Ana");
  return online.doc;
}

/** Ben writes a pin under Ana's client id at her next clock, from the state the server stored; resolves with the close. */
async function benWritesAs(url: string, database: Database, { boardId, ben }: Board, anaClientId: number) {
  const forged = await stored(database, boardId);
  const before = Y.encodeStateVector(forged);
  forged.clientID = anaClientId;
  addPin(forged, { title: "Forged", lng: 0, lat: 0 }, "Ana");
  const ws = await openRawSocket(url, boardId, clientProtocols(ben));
  const closed = closeOf(ws);
  ws.send(encodeUpdate(Y.encodeStateAsUpdate(forged, before)));
  return closed;
}

/** Ana reconnects with her document: her offline edit is saved, and her client sees it saved. */
async function anaReconnects(url: string, database: Database, { boardId, ana }: Board, doc: Y.Doc): Promise<void> {
  const states: SaveState[] = [];
  const again = await connectProvider(url, boardId, ana, doc, (p) => watchSaveState(p, (state) => states.push(state)));
  cleanups.push(() => again.destroy());
  await eventually(() => expect(states.at(-1)).toBe("saved"));
  expect(titles(doc)).toEqual(["Kidal", "Offline edit"]);
  expect(titles(await stored(database, boardId))).toEqual(["Kidal", "Offline edit"]);
}

const refusedAsForged = { code: CloseCode.foreignClientId, reason: CloseReason.foreignClientId };

describe("a client id belongs to the person who first wrote with it", () => {
  it("refuses another person's write under it, and saves the owner's offline edit", async () => {
    const data = tempDataDir();
    const server: TestServer = await startTestServer(data.dir);
    cleanups.push(() => data.cleanup(), () => server.stop());
    const ids = await board(server.database);
    const watcher = await provider(server.url, ids.boardId, ids.ben);

    const anaDoc = await anaWritesThenGoesOffline(server.url, ids);
    expect(await benWritesAs(server.url, server.database, ids, anaDoc.clientID)).toEqual(refusedAsForged);
    await anaReconnects(server.url, server.database, ids, anaDoc);
    // Someone who had the board open saw Ana's edits and never the forged one.
    await eventually(() => expect(titles(watcher.doc)).toEqual(["Kidal", "Offline edit"]));
  });

  it("counts a colleague present with an id in the room's awareness as its owner, before they write", async () => {
    const data = tempDataDir();
    const server: TestServer = await startTestServer(data.dir);
    cleanups.push(() => data.cleanup(), () => server.stop());
    const ids = await board(server.database);
    const ana = await provider(server.url, ids.boardId, ids.ana);
    ana.awareness.setLocalStateField("cursor", null);
    const room = server.server.collab.room(ids.boardId)!;
    await eventually(() => expect(room.awareness.getStates().has(ana.doc.clientID)).toBe(true));
    expect(await benWritesAs(server.url, server.database, ids, ana.doc.clientID)).toEqual(refusedAsForged);
    addPin(ana.doc, { title: "Mine", lng: 0, lat: 0 }, "Ana");
    await eventually(async () => expect(titles(await stored(server.database, ids.boardId))).toEqual(["Mine"]));
  });

  it("holds across a restart of the server on the same database file", async () => {
    const data = tempDataDir();
    cleanups.push(() => data.cleanup());
    let server = await startTestServer(data.dir);
    const ids = await board(server.database);
    const anaDoc = await anaWritesThenGoesOffline(server.url, ids);
    await server.stop();

    server = await startTestServer(data.dir);
    cleanups.push(() => server.stop());
    expect(await benWritesAs(server.url, server.database, ids, anaDoc.clientID)).toEqual(refusedAsForged);
    await anaReconnects(server.url, server.database, ids, anaDoc);
  });

  it.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)("holds across two instances on PostgreSQL with Redis", async () => {
    const schema = await createTestSchema(TEST_DATABASE_URL!);
    cleanups.push(() => schema.drop());
    const prefix = `sbtest:${randomBytes(6).toString("hex")}:`;
    const instance = async () => {
      const database = await openDatabase({ dataDir: "", url: schema.url });
      const fanout = createRedisFanout(TEST_REDIS_URL!, { prefix });
      const access = createRedisAccessEvents(TEST_REDIS_URL!, prefix);
      const server = createAppServer({ database, secret: TEST_SECRET, fanout, accessEvents: access });
      const url = `ws://127.0.0.1:${await server.listen(0, "127.0.0.1")}/collab`;
      cleanups.push(() => database.close(), () => fanout.close(), () => access.close(), () => server.close());
      return { database, url };
    };
    const [one, two] = await Promise.all([instance(), instance()]);
    const ids = await board(one.database);
    // The board is open on the second instance before Ana writes on the first: her claim reaches it with her update.
    const watcher = await provider(two.url, ids.boardId, ids.ben);
    const anaDoc = await anaWritesThenGoesOffline(one.url, ids);
    await eventually(() => expect(titles(watcher.doc)).toEqual(["Kidal"]));
    expect(await benWritesAs(two.url, two.database, ids, anaDoc.clientID)).toEqual(refusedAsForged);
    await anaReconnects(two.url, two.database, ids, anaDoc);
    await eventually(() => expect(titles(watcher.doc)).toEqual(["Kidal", "Offline edit"]));
  });
});
