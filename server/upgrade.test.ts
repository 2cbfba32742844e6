/**
 * Boards saved by other versions, opened through real servers: a board saved before versioning
 * (the fixture) is upgraded exactly once when two instances open it at the same time — on
 * SQLite and on PostgreSQL with Redis between the instances — and a board saved by a newer
 * version is refused with a reason, never edited.
 */
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addPin, initBoard, listPins, readMeta } from "@/lib/board/model";
import { BOARD_ROOT, SCHEMA_VERSION } from "@/lib/board/schema";
import { createRedisAccessEvents } from "@/lib/collab/access-events";
import { clientProtocols, CloseCode } from "@/lib/collab/protocol";
import { encodeUpdate } from "@/lib/collab/wire";
import { openDatabase, type Database } from "@/lib/db";
import { newId } from "@/lib/ids";
import {
  closeOf,
  connectProvider,
  createUser,
  eventually,
  logRows,
  memberTicket,
  openRawSocket,
  tempDataDir,
  TEST_SECRET,
} from "@/test/support/servers";
import { createTestSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from "@/test/support/services";
import { createAppServer, type AppServer } from "./app";
import { createRedisFanout } from "./fanout";

const here = path.dirname(fileURLToPath(import.meta.url));
/** A board saved before versioning: meta without schemaVersion, a pin, a card, a paragraph. */
const BOARD_V0 = new Uint8Array(fs.readFileSync(path.join(here, "../test/fixtures/board-v0.bin")));

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A board whose stored document is `update` as it is, and a member's ticket for it. */
async function storedBoard(database: Database, update: Uint8Array): Promise<{ boardId: string; ticket: string }> {
  const owner = await createUser(database, "Olga");
  const boardId = newId();
  await database.boards.create({ id: boardId, title: "Old board", question: "Still there?" });
  await database.docs.append(boardId, [update]);
  return { boardId, ticket: await memberTicket(database, owner, boardId, "owner") };
}

async function listen(server: AppServer): Promise<string> {
  cleanups.push(() => server.close());
  return `ws://127.0.0.1:${await server.listen(0, "127.0.0.1")}/collab`;
}

async function provider(url: string, boardId: string, ticket: string): Promise<WebsocketProvider> {
  const connected = await connectProvider(url, boardId, ticket);
  cleanups.push(() => connected.destroy());
  return connected;
}

/** Opens the board on both instances at once; both end up upgraded, with the old content. */
async function expectUpgradedOnce(urls: [string, string], database: Database, boardId: string, ticket: string): Promise<void> {
  const [a, b] = await Promise.all(urls.map((url) => provider(url, boardId, ticket)));
  for (const client of [a, b]) {
    await eventually(() => expect(readMeta(client.doc).schemaVersion).toBe(SCHEMA_VERSION));
    expect(listPins(client.doc).map((pin) => pin.title)).toEqual(["Koulikoro"]);
  }
  // The fixture's row and one upgrade: the instance that lost the race stored nothing.
  expect(await logRows(database, boardId)).toBe(2);
  const stored = new Y.Doc();
  for (const update of (await database.docs.load(boardId)).updates) Y.applyUpdate(stored, update);
  expect(readMeta(stored)).toMatchObject({ title: "Koulikoro, before versioning", schemaVersion: SCHEMA_VERSION });
}

describe("a board saved before versioning", () => {
  it("is upgraded once on SQLite when two servers open it at the same time", async () => {
    const data = tempDataDir();
    const database = await openDatabase({ dataDir: data.dir });
    cleanups.push(() => data.cleanup(), () => database.close());
    const { boardId, ticket } = await storedBoard(database, BOARD_V0);
    const urls: [string, string] = [
      await listen(createAppServer({ database, secret: TEST_SECRET })),
      await listen(createAppServer({ database, secret: TEST_SECRET })),
    ];
    await expectUpgradedOnce(urls, database, boardId, ticket);
  });

  it.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)(
    "is upgraded once on PostgreSQL when two instances open it at the same time",
    async () => {
      const schema = await createTestSchema(TEST_DATABASE_URL!);
      cleanups.push(() => schema.drop());
      const prefix = `sbtest:${randomBytes(6).toString("hex")}:`;
      const instance = async () => {
        const database = await openDatabase({ dataDir: "", url: schema.url });
        const fanout = createRedisFanout(TEST_REDIS_URL!, { prefix });
        const access = createRedisAccessEvents(TEST_REDIS_URL!, prefix);
        cleanups.push(() => database.close(), () => fanout.close(), () => access.close());
        const url = await listen(createAppServer({ database, secret: TEST_SECRET, fanout, accessEvents: access }));
        return { database, url };
      };
      const [one, two] = await Promise.all([instance(), instance()]);
      const { boardId, ticket } = await storedBoard(one.database, BOARD_V0);
      await expectUpgradedOnce([one.url, two.url], one.database, boardId, ticket);
    },
  );
});

describe("a board saved by a newer version", () => {
  it("is refused with a reason and never edited", async () => {
    const data = tempDataDir();
    const database = await openDatabase({ dataDir: data.dir });
    cleanups.push(() => data.cleanup(), () => database.close());
    const newer = new Y.Doc();
    initBoard(newer, { title: "From the future", question: "?" });
    newer.getMap(BOARD_ROOT.meta).set("schemaVersion", SCHEMA_VERSION + 1);
    const { boardId, ticket } = await storedBoard(database, Y.encodeStateAsUpdate(newer));
    const url = await listen(createAppServer({ database, secret: TEST_SECRET }));

    const ws = await openRawSocket(url, boardId, clientProtocols(ticket));
    const closed = await closeOf(ws);
    expect(closed.code).toBe(CloseCode.boardTooNew);
    expect(closed.reason).toMatch(/newer version of Situation Board/);

    // A stock client that writes at once gets nothing stored either.
    const writer = new Y.Doc();
    addPin(writer, { lng: 1, lat: 2, title: "Overwrite", kind: "place" }, "someone");
    const socket = await openRawSocket(url, boardId, clientProtocols(ticket));
    socket.send(encodeUpdate(Y.encodeStateAsUpdate(writer)));
    expect((await closeOf(socket)).code).toBe(CloseCode.boardTooNew);
    expect(await logRows(database, boardId)).toBe(1);
    expect(readMeta(newer).schemaVersion).toBe(SCHEMA_VERSION + 1);
  });
});
