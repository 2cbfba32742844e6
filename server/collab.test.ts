import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addPin, listPins, readMeta, setMeta } from "@/lib/board/model";
import { listThreads, openThread } from "@/lib/board/review";
import { signTicket } from "@/lib/auth/ticket";
import { CloseCode, MAX_AWARENESS_STATE_BYTES, MAX_MESSAGE_BYTES } from "@/lib/collab/protocol";
import { coversLocalChanges, watchSaveState, type SaveState } from "@/lib/collab/save-state";
import { encodeAwarenessEntries, encodeAwarenessMessage, encodeSyncMessage as syncMessage } from "@/lib/collab/wire";
import {
  closeOf,
  connectProvider,
  createUser,
  eventually,
  memberTicket,
  logRows,
  openRawSocket,
  startTestServer,
  tempDataDir,
  TEST_SECRET,
  type TestServer,
  type TestUser,
} from "@/test/support/servers";
import { clientProtocols, reviewRoomName } from "@/lib/collab/protocol";

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let boardId: string;
let owner: TestUser;
let ticket: string;
const providers: WebsocketProvider[] = [];

async function provider(room = boardId, doc?: Y.Doc, beforeConnect?: (p: WebsocketProvider) => void) {
  const p = await connectProvider(server.url, room, ticket, doc, beforeConnect);
  providers.push(p);
  return p;
}

/** A validly signed ticket for a board id that may not exist. */
function memberTicketFor(board: string): Promise<string> {
  return signTicket({ sub: owner.id, name: owner.name, board }, TEST_SECRET);
}

beforeEach(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  owner = await createUser(server.database, "Owner");
  boardId = (await server.database.createBoard({ title: "Test board", question: "Does it sync?" }, owner.id)).id;
  ticket = await memberTicket(server.database, owner, boardId, "owner");
});

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await server.stop();
  data.cleanup();
});

describe("collaboration server with stock y-websocket clients", () => {
  it("syncs the stored board to a stock provider and edits between two providers", async () => {
    const a = await provider();
    expect(readMeta(a.doc).title).toBe("Test board");
    const b = await provider();
    addPin(a.doc, { title: "Kidal", lng: 1.4, lat: 18.4 }, "alice");
    await eventually(() => expect(listPins(b.doc).map((p) => p.title)).toEqual(["Kidal"]));
    setMeta(b.doc, { title: "Renamed" });
    await eventually(() => expect(readMeta(a.doc).title).toBe("Renamed"));
  });

  it("commits edits and reloads them after the room is unloaded", async () => {
    const a = await provider();
    addPin(a.doc, { title: "Bamako", lng: -8, lat: 12.6 }, "alice");
    await eventually(() => expect(server.server.collab.roomCount()).toBe(1));
    a.destroy();
    await eventually(() => expect(server.server.collab.roomCount()).toBe(0));
    const again = await provider();
    expect(listPins(again.doc).map((p) => p.title)).toEqual(["Bamako"]);
    await eventually(async () => expect((await server.database.boards.get(boardId))?.updatedAt).toBeGreaterThan(0));
  });

  it("keeps the board list in step with the document's title", async () => {
    const a = await provider();
    setMeta(a.doc, { title: "Is JNIM shifting south?" });
    await eventually(async () => expect((await server.database.boards.get(boardId))?.title).toBe("Is JNIM shifting south?"));
  });

  it("tells each writer when its edits are saved, by the committed state vector", async () => {
    const states: SaveState[] = [];
    const a = await provider(boardId, undefined, (p) => watchSaveState(p, (s) => states.push(s)));
    await eventually(() => expect(states.at(-1)).toBe("saved"));
    addPin(a.doc, { title: "Mopti", lng: -3.4, lat: 14.6 }, "alice");
    expect(states.at(-1)).toBe("saving");
    await eventually(() => expect(states.at(-1)).toBe("saved"));
    expect(await logRows(server.database, boardId)).toBeGreaterThanOrEqual(2);
  });

  it("groups edits made in one burst into few commits", async () => {
    const a = await provider();
    const before = await logRows(server.database, boardId);
    for (let i = 0; i < 50; i++) addPin(a.doc, { title: `Pin ${i}`, lng: i, lat: 0 }, "alice");
    await eventually(async () => {
      const restored = new Y.Doc();
      const stored = await server.database.docs.load(boardId);
      for (const update of stored.updates) Y.applyUpdate(restored, update);
      expect(listPins(restored)).toHaveLength(50);
    });
    expect((await logRows(server.database, boardId)) - before).toBeLessThan(10);
  });

  it("refuses a board that does not exist with 4404, loading nothing", async () => {
    const ws = await openRawSocket(server.url, "nosuchboard123", clientProtocols(await memberTicketFor("nosuchboard123")));
    expect((await closeOf(ws)).code).toBe(CloseCode.notFound);
    // A name no board can have is refused before the upgrade (test/upgrade-paths.test.ts has more).
    await expect(openRawSocket(server.url, "not a room!", clientProtocols(ticket))).rejects.toThrow(/400/);
    expect(server.server.collab.roomCount()).toBe(0);
  });

  it("refuses the connection when the stored board cannot be loaded, creating nothing", async () => {
    const load = server.database.docs.load.bind(server.database.docs);
    server.database.docs.load = () => Promise.reject(new Error("disk on fire"));
    const ws = await openRawSocket(server.url, boardId, clientProtocols(ticket));
    const closed = await closeOf(ws);
    expect(closed.code).toBe(CloseCode.unavailable);
    expect(server.server.collab.roomCount()).toBe(0);
    server.database.docs.load = load;
    const a = await provider();
    expect(readMeta(a.doc).title).toBe("Test board");
  });
});

describe("read-only rooms refuse stock y-websocket clients' writes", () => {
  /** Stored content of a room, rebuilt from the database. */
  async function storedDoc(room: string): Promise<Y.Doc> {
    const restored = new Y.Doc();
    for (const update of (await server.database.docs.load(room)).updates) Y.applyUpdate(restored, update);
    return restored;
  }

  /** Close codes a provider received, as they happen. */
  function closesOf(p: WebsocketProvider): Array<number | null> {
    const codes: Array<number | null> = [];
    p.on("connection-close", (event) => codes.push(event?.code ?? null));
    return codes;
  }

  it("a reviewer's client cannot write the board room: nobody sees its edits, nothing is stored", async () => {
    const reviewer = await createUser(server.database, "Rita");
    const reviewerTicket = await memberTicket(server.database, reviewer, boardId, "reviewer");
    const observer = await provider();
    const client = await connectProvider(server.url, boardId, reviewerTicket);
    providers.push(client);
    const closes = closesOf(client);

    // Three separate edits: three update messages, each refused; the third closes the connection.
    for (const title of ["Forged 1", "Forged 2", "Forged 3"]) addPin(client.doc, { title, lng: 0, lat: 0 }, "Rita");
    await eventually(() => expect(closes[0]).toBe(CloseCode.forbidden));

    // The owner's edit after them is stored; had the reviewer's been applied, they would be stored first.
    addPin(observer.doc, { title: "Owner's pin", lng: 1, lat: 1 }, "Owner");
    await eventually(async () => expect(listPins(await storedDoc(boardId)).map((p) => p.title)).toEqual(["Owner's pin"]));
    expect(listPins(observer.doc).map((p) => p.title)).toEqual(["Owner's pin"]);
    expect(listPins(server.server.collab.room(boardId)!.doc).map((p) => p.title)).toEqual(["Owner's pin"]);
  });

  it("no client can write the review room directly, not even the owner's; only the server's writes land", async () => {
    const room = reviewRoomName(boardId);
    const observer = await provider(room);
    const client = await provider(room);
    const closes = closesOf(client);
    const owner = { id: "owner-id", name: "Owner" };
    for (const body of ["Forged 1", "Forged 2", "Forged 3"]) {
      openThread(client.doc, { target: { kind: "claim", id: "claim1" }, body }, owner);
    }
    await eventually(() => expect(closes[0]).toBe(CloseCode.forbidden));

    await server.server.collab.writeRoom(room, (doc) => void openThread(doc, { target: { kind: "claim", id: "claim1" }, body: "Through the server" }, owner));
    const bodies = (doc: Y.Doc) => listThreads(doc).map((t) => t.comments[0].body);
    expect(bodies(await storedDoc(room))).toEqual(["Through the server"]);
    await eventually(() => expect(bodies(observer.doc)).toEqual(["Through the server"]));
    expect(bodies(server.server.collab.room(room)!.doc)).toEqual(["Through the server"]);
  });
});

describe("bad frames close only the offending socket", () => {
  const cases: Array<[string, () => Uint8Array, number]> = [
    ["garbage", () => new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), CloseCode.malformed],
    ["an unknown message type", () => new Uint8Array([42, 0]), CloseCode.malformed],
    ["a truncated update", () => {
      const doc = new Y.Doc();
      addPin(doc, { title: "Truncated", lng: 0, lat: 0 }, "mallory");
      const update = Y.encodeStateAsUpdate(doc);
      return syncMessage(2, update.slice(0, Math.floor(update.length / 2)));
    }, CloseCode.malformed],
    ["a sync message with trailing bytes", () => {
      const valid = syncMessage(0, Y.encodeStateVector(new Y.Doc()));
      return new Uint8Array([...valid, 7, 7, 7]);
    }, CloseCode.malformed],
    ["an oversized frame", () => new Uint8Array(MAX_MESSAGE_BYTES + 1), CloseCode.tooLarge],
    ["an oversized awareness state", () => {
      const state = JSON.stringify({ user: { name: "x".repeat(MAX_AWARENESS_STATE_BYTES) } });
      return encodeAwarenessMessage(encodeAwarenessEntries([{ clientId: 12345, clock: 1, state }]));
    }, CloseCode.tooLarge],
  ];

  for (const [name, frame, code] of cases) {
    it(`closes with ${code} on ${name}; the other client keeps working and nothing bad is stored`, async () => {
      const good = await provider();
      const before = await logRows(server.database, boardId);
      const bad = await openRawSocket(server.url, boardId, clientProtocols(ticket));
      const closed = closeOf(bad);
      bad.send(frame());
      expect((await closed).code).toBe(code);

      const watcher = await provider();
      addPin(good.doc, { title: "Still here", lng: 1, lat: 1 }, "alice");
      await eventually(() => expect(listPins(watcher.doc).map((p) => p.title)).toEqual(["Still here"]));
      await eventually(async () => expect(await logRows(server.database, boardId)).toBe(before + 1));
      const stored = await server.database.docs.load(boardId);
      const restored = new Y.Doc();
      for (const update of stored.updates) Y.applyUpdate(restored, update);
      expect(listPins(restored).map((p) => p.title)).toEqual(["Still here"]);
    });
  }
});

describe("coversLocalChanges", () => {
  it("is false until the remote state holds every local change", () => {
    const doc = new Y.Doc();
    const remote = new Y.Doc();
    expect(coversLocalChanges(Y.encodeStateVector(remote), doc)).toBe(true);
    addPin(doc, { title: "A", lng: 0, lat: 0 }, "me");
    expect(coversLocalChanges(Y.encodeStateVector(remote), doc)).toBe(false);
    Y.applyUpdate(remote, Y.encodeStateAsUpdate(doc));
    expect(coversLocalChanges(Y.encodeStateVector(remote), doc)).toBe(true);
  });

  it("ignores changes this client received from others", () => {
    const doc = new Y.Doc();
    const other = new Y.Doc();
    const committed = Y.encodeStateVector(new Y.Doc());
    addPin(other, { title: "Someone else's", lng: 0, lat: 0 }, "ben");
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other));
    expect(coversLocalChanges(committed, doc)).toBe(true);
  });
});
