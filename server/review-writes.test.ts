import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { listThreads, openThread, setVerdict, verdictsFor } from "@/lib/board/review";
import { reviewRoomName } from "@/lib/collab/protocol";
import {
  connectProvider,
  createUser,
  eventually,
  logRows,
  memberTicket,
  startTestServer,
  tempDataDir,
  type TestServer,
  type TestUser,
} from "@/test/support/servers";
import { sendReviewCommand } from "@/lib/collab/review-commands";

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let boardId: string;
let room: string;
let reviewer: TestUser;
let ticket: string;
const providers: WebsocketProvider[] = [];

async function reviewProvider(): Promise<WebsocketProvider> {
  const provider = await connectProvider(server.url, room, ticket);
  providers.push(provider);
  return provider;
}

/** The room as a fresh load from storage would see it. */
async function storedDoc(): Promise<Y.Doc> {
  const doc = new Y.Doc();
  const stored = await server.database.docs.load(room);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

const author = () => ({ id: reviewer.id, name: reviewer.name });

beforeEach(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  const owner = await createUser(server.database, "Owner");
  boardId = (await server.database.createBoard({ title: "Review board", question: "Who writes?" }, owner.id)).id;
  room = reviewRoomName(boardId);
  reviewer = await createUser(server.database, "Rita");
  ticket = await memberTicket(server.database, reviewer, boardId, "reviewer");
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.stop();
  data.cleanup();
});

/** The server's own write to a room, as the review commands use it. */
const writeRoom = (name: string, change: (doc: Y.Doc) => void) => server.server.collab.writeRoom(name, change);

describe("writeRoom", () => {
  it("sends a change to the clients of a loaded room and stores it", async () => {
    const provider = await reviewProvider();
    const rowsBefore = await logRows(server.database, room);

    await writeRoom(room, (doc) => openThread(doc, { target: { kind: "claim", id: "claim1" }, body: "Source?" }, author()));

    await eventually(() => expect(listThreads(provider.doc).map((t) => t.comments[0].body)).toEqual(["Source?"]));
    expect(listThreads(provider.doc)[0].comments[0]).toMatchObject({ authorId: reviewer.id, authorName: "Rita" });
    // Resolved means durable: the change is already in the log.
    expect(await logRows(server.database, room)).toBeGreaterThan(rowsBefore);
    expect(listThreads(await storedDoc())).toHaveLength(1);
  });

  it("writes a room nobody has open, unloads it again, and a client joining later receives the change", async () => {
    expect(server.server.collab.room(room)).toBeUndefined();

    await writeRoom(room, (doc) => setVerdict(doc, "claim1", reviewer.id, "dispute"));

    expect(verdictsFor(await storedDoc(), "claim1")).toEqual({ [reviewer.id]: "dispute" });
    await eventually(() => expect(server.server.collab.roomCount()).toBe(0));
    const provider = await reviewProvider();
    await eventually(() => expect(verdictsFor(provider.doc, "claim1")).toEqual({ [reviewer.id]: "dispute" }));
  });

  it("keeps every change of writes made at once", async () => {
    const provider = await reviewProvider();
    const target = { kind: "pin" as const, id: "pin1" };
    await Promise.all(
      ["one", "two", "three"].map((body) => writeRoom(room, (doc) => openThread(doc, { target, body }, author()))),
    );
    await eventually(() => expect(listThreads(provider.doc)).toHaveLength(3));
    expect(listThreads(await storedDoc())).toHaveLength(3);
  });

  it("writes nothing when the change throws", async () => {
    await expect(
      writeRoom(room, (doc) => openThread(doc, { target: { kind: "claim", id: "claim1" }, body: "" }, author())),
    ).rejects.toThrow();
    expect(await logRows(server.database, room)).toBe(0);
  });

  it("refuses a name that is not a room", async () => {
    await expect(writeRoom("not a room!", () => undefined)).rejects.toThrow(/No such room/);
  });

});

describe("review commands", () => {
  it("are applied by the collaboration server with the author they carry, and stored", async () => {
    const provider = await reviewProvider();
    const result = await sendReviewCommand({
      boardId,
      request: { kind: "openThread", target: { kind: "claim", id: "claim1" }, body: "Source?", mentions: [] },
      author: author(),
    });
    expect(result).toEqual({ ok: true });
    await eventually(() => expect(listThreads(provider.doc).map((t) => t.comments[0].authorName)).toEqual(["Rita"]));
    expect(listThreads(await storedDoc())).toHaveLength(1);
  });

  it("answer a reply to a thread that does not exist with a message, and write nothing", async () => {
    const result = await sendReviewCommand({ boardId, request: { kind: "resolve", threadId: "nothread1" }, author: author() });
    expect(result).toEqual({ ok: false, error: "This thread no longer exists." });
    expect(await logRows(server.database, room)).toBe(0);
  });

  it("are refused once the server has closed", async () => {
    await server.server.close();
    await expect(sendReviewCommand({ boardId, request: { kind: "resolve", threadId: "t1" }, author: author() })).rejects.toThrow(
      /No collaboration server/,
    );
  });
});
