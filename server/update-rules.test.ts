/**
 * Updates that would break a board's structure, sent by an editor over a real WebSocket to a real
 * server: each is refused with 4422 and its reason, nothing of it is stored (the SQLite file read
 * by a fresh server holds the board as it was), and a colleague with the board open sees nothing
 * of it and keeps receiving later edits. Updates that build on each other, sent back to back, are
 * all applied.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebsocketProvider } from "y-websocket";
import { WebSocket } from "ws";
import * as Y from "yjs";
import { addCard, addHypothesis, addPin, listCards, listHypotheses, listPins, listRatings, narrativeFragment, setRating } from "@/lib/board/model";
import { readNarrative, writeNarrative } from "@/lib/board/narrative";
import { BOARD_ROOT } from "@/lib/board/schema";
import { clientProtocols, CloseCode, CloseReason } from "@/lib/collab/protocol";
import { encodeUpdate } from "@/lib/collab/wire";
import {
  closeOf,
  connectProvider,
  createUser,
  eventually,
  memberTicket,
  openRawSocket,
  startTestServer,
  tempDataDir,
  type TestServer,
} from "@/test/support/servers";

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let boardId: string;
let ownerTicket: string;
let editorTicket: string;
let ownerId: string;
let editorId: string;
const providers: WebsocketProvider[] = [];

const NARRATIVE = {
  type: "doc",
  content: [
    { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "Key judgements" }] },
    { type: "paragraph", content: [{ type: "text", text: "JNIM is likely shifting south." }] },
  ],
};

beforeEach(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  const owner = await createUser(server.database, "Olga");
  const editor = await createUser(server.database, "Eve");
  ownerId = owner.id;
  editorId = editor.id;
  boardId = (
    await server.database.createBoard({ title: "Mali", question: "Is JNIM shifting south?" }, owner.id, (doc) => {
      writeNarrative(doc, NARRATIVE);
      addPin(doc, { title: "Kidal", lng: 1.4, lat: 18.4 }, "Olga");
      addCard(doc, { title: "Assault on Aguelhoc", when: { start: "2019-01-20", precision: "day" } }, "Olga");
      addHypothesis(doc, { title: "JNIM is shifting south" }, "Olga");
    })
  ).id;
  ownerTicket = await memberTicket(server.database, owner, boardId, "owner");
  editorTicket = await memberTicket(server.database, editor, boardId, "editor");
});

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await server.stop();
  data.cleanup();
});

async function provider(ticket: string): Promise<WebsocketProvider> {
  const p = await connectProvider(server.url, boardId, ticket);
  providers.push(p);
  return p;
}

/** The board as stored in the database. */
async function stored(database = server.database): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of (await database.docs.load(boardId)).updates) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * What a person sees of a board: its narrative and its pins; and how many areas it holds, valid or
 * not (a read skips a malformed area, so only the raw count shows that none was stored).
 */
const view = (doc: Y.Doc) => ({
  narrative: readNarrative(doc),
  pins: listPins(doc).map((pin) => pin.title).sort(),
  areasHeld: doc.getMap(BOARD_ROOT.areas).size,
});

/** What `edit` writes to a replica of the stored board: the update a client would send. */
async function editOfStored(edit: (doc: Y.Doc) => void): Promise<Uint8Array> {
  const replica = await stored();
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

/** Builds `depth` nested elements top-down (a prelim tree this deep overflows Yjs's stack). */
function nestBlockquotes(doc: Y.Doc, depth: number): void {
  doc.transact(() => {
    let current: Y.XmlFragment = narrativeFragment(doc);
    for (let i = 0; i < depth; i++) {
      const next = new Y.XmlElement("blockquote");
      current.insert(current.length, [next]);
      current = next;
    }
    const paragraph = new Y.XmlElement("paragraph");
    current.insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText("deep")]);
  });
}

const firstPin = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(BOARD_ROOT.pins).values().next().value!;

/** The cases reported: each an editor's write that used to be stored and blank the board for others. */
const BREAKS: Record<string, (doc: Y.Doc) => void> = {
  "a top-level Y.XmlText in the narrative": (doc) => narrativeFragment(doc).insert(0, [new Y.XmlText("loose text")]),
  "a Y.XmlHook in the narrative": (doc) => narrativeFragment(doc).insert(1, [new Y.XmlHook("hook") as never]),
  "1,500 nested blockquotes": (doc) => nestBlockquotes(doc, 1_500),
  "an unknown root key": (doc) => doc.getMap("backdoor").set("x", "y"),
  "a subdocument": (doc) => firstPin(doc).set("note", new Y.Doc()),
  "a wrong-typed pin field": (doc) => firstPin(doc).set("lat", "far north"),
  "an area whose ring does not close": (doc) => doc.getMap(BOARD_ROOT.areas).set("area1", hostileArea({ coordinates: [[[1, 15], [2, 15], [2, 16], [1, 16]]] })),
  "an area with a field the board does not have": (doc) => doc.getMap(BOARD_ROOT.areas).set("area1", hostileArea({}, { onclick: "alert(1)" })),
};

/** An area written past the model, as a hostile editor's own client could: a polygon with `geometry` and `extra` fields. */
function hostileArea(geometry: { coordinates?: unknown }, extra: Record<string, unknown> = {}): Y.Map<unknown> {
  const area = new Y.Map<unknown>();
  const fields = {
    title: "Ménaka",
    kind: "control",
    note: "",
    geometry: { type: "Polygon", coordinates: [[[1, 15], [2, 15], [2, 16], [1, 15]]], ...geometry },
    createdBy: "Eve",
    createdAt: 1,
    ...extra,
  };
  for (const [key, value] of Object.entries(fields)) area.set(key, value);
  return area;
}

describe("an update breaking the board's structure", () => {
  it.each(Object.entries(BREAKS))("is refused with 4422 when it holds %s; nothing is stored or relayed", async (_name, edit) => {
    const colleague = await provider(ownerTicket);
    const before = view(colleague.doc);
    expect(view(await stored())).toEqual(before);

    const ws = await openRawSocket(server.url, boardId, clientProtocols(editorTicket));
    const closed = closeOf(ws);
    ws.send(encodeUpdate(await editOfStored(edit)));
    expect(await closed).toEqual({ code: CloseCode.invalidStructure, reason: CloseReason.invalidStructure });

    // The colleague keeps working: a later edit of theirs is saved and reaches a newcomer.
    addPin(colleague.doc, { title: "Gao", lng: 0, lat: 16.3 }, "Olga");
    const newcomer = await provider(editorTicket);
    await eventually(() => expect(listPins(newcomer.doc).map((p) => p.title).sort()).toEqual(["Gao", "Kidal"]));
    expect(view(colleague.doc)).toEqual({ ...before, pins: ["Gao", "Kidal"] });
    expect(view(newcomer.doc)).toEqual(view(colleague.doc));
    expect(colleague.doc.share.has("backdoor")).toBe(false);

    // The stored board, read by a fresh server from the same SQLite file, is the board as it was plus Gao.
    await eventually(async () => expect(view(await stored())).toEqual(view(colleague.doc)));
    for (const p of providers.splice(0)) p.destroy();
    await server.stop();
    server = await startTestServer(data.dir);
    const reopened = await provider(ownerTicket);
    expect(view(reopened.doc)).toEqual({ ...before, pins: ["Gao", "Kidal"] });
    expect(narrativeFragment(reopened.doc).toArray().every((node) => node instanceof Y.XmlElement)).toBe(true);
  });

  it("is refused when a later update of the same connection builds the break on an earlier one", async () => {
    const ws = await openRawSocket(server.url, boardId, clientProtocols(editorTicket));
    const closed = closeOf(ws);
    const replica = await stored();
    const updates: Uint8Array[] = [];
    replica.on("update", (update: Uint8Array) => updates.push(update));
    const quote = new Y.XmlElement("blockquote");
    narrativeFragment(replica).insert(0, [quote]);
    quote.insert(0, [new Y.XmlText("bare text in a quote")]);
    for (const update of updates) ws.send(encodeUpdate(update));
    expect((await closed).code).toBe(CloseCode.invalidStructure);
    // The first update was fine and is kept; the second never reached the board.
    await eventually(async () => expect(readNarrative(await stored()).content?.[0]).toEqual({ type: "blockquote" }));
  });
});

describe("a rating in the hypotheses matrix", () => {
  it("is stored under the writer's own user id, and refused with 4422 under someone else's", async () => {
    const replica = await stored();
    const cell = { cardId: listCards(replica)[0].id, hypothesisId: listHypotheses(replica)[0].id };

    const colleague = await provider(ownerTicket);
    const mine = await provider(editorTicket);
    setRating(mine.doc, { ...cell, userId: editorId }, "II");
    await eventually(async () => expect(listRatings(await stored())).toEqual([{ ...cell, userId: editorId, rating: "II" }]));
    await eventually(() => expect(listRatings(colleague.doc)).toEqual([{ ...cell, userId: editorId, rating: "II" }]));

    const ws = await openRawSocket(server.url, boardId, clientProtocols(editorTicket));
    const closed = closeOf(ws);
    ws.send(encodeUpdate(await editOfStored((doc) => setRating(doc, { ...cell, userId: ownerId }, "CC"))));
    expect(await closed).toEqual({ code: CloseCode.invalidStructure, reason: CloseReason.invalidStructure });

    // Nothing of it is stored or reaches the owner; the owner's own rating still goes through.
    setRating(colleague.doc, { ...cell, userId: ownerId }, "C");
    await eventually(async () =>
      expect(listRatings(await stored()).map((r) => [r.userId, r.rating]).sort()).toEqual([[editorId, "II"], [ownerId, "C"]].sort()),
    );
    expect(listRatings(colleague.doc).map((r) => [r.userId, r.rating]).sort()).toEqual([[editorId, "II"], [ownerId, "C"]].sort());
  });
});

describe("an update building on changes the server does not have", () => {
  it("is put off with 4512, and applied once what it builds on has arrived", async () => {
    const replica = await stored();
    const updates: Uint8Array[] = [];
    replica.on("update", (update: Uint8Array) => updates.push(update));
    const quote = new Y.XmlElement("blockquote");
    narrativeFragment(replica).insert(0, [quote]);
    const paragraph = new Y.XmlElement("paragraph");
    quote.insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText("Later")]);

    const early = await openRawSocket(server.url, boardId, clientProtocols(editorTicket));
    const closed = closeOf(early);
    early.send(encodeUpdate(updates[2]));
    expect(await closed).toEqual({ code: CloseCode.missingDependencies, reason: CloseReason.missingDependencies });
    expect(readNarrative(await stored())).toEqual(NARRATIVE);

    // Reconnected, the client's sync sends everything the server lacks: all of it is applied.
    const again = await openRawSocket(server.url, boardId, clientProtocols(editorTicket));
    again.send(encodeUpdate(Y.mergeUpdates(updates)));
    await eventually(async () => expect(readNarrative(await stored()).content?.[0]).toMatchObject({ type: "blockquote" }));
    expect(again.readyState).toBe(again.OPEN);
    again.close();
  });
});

describe("a stock y-websocket client whose change is put off", () => {
  it("reconnects by itself and its sync brings the change, with what it builds on", async () => {
    // Written before connecting (offline); a change on top of it is made the moment the socket
    // opens, so it goes out alone, ahead of the sync that carries what it builds on.
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(await stored()));
    const quote = new Y.XmlElement("blockquote");
    narrativeFragment(doc).insert(0, [quote]);
    const stock = new WebsocketProvider(server.url, boardId, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      protocols: clientProtocols(editorTicket),
    });
    providers.push(stock);
    const closes: number[] = [];
    stock.on("connection-close", (event) => closes.push(event?.code ?? 0));
    let first = true;
    stock.on("status", ({ status }) => {
      if (status !== "connected" || !first) return;
      first = false;
      const paragraph = new Y.XmlElement("paragraph");
      quote.insert(0, [paragraph]);
      paragraph.insert(0, [new Y.XmlText("On arrival")]);
    });
    await eventually(async () =>
      expect(readNarrative(await stored()).content?.[0]).toEqual({
        type: "blockquote",
        content: [{ type: "paragraph", content: [{ type: "text", text: "On arrival" }] }],
      }),
    );
    expect(closes).toEqual([CloseCode.missingDependencies]);
  });
});

describe("updates that build on each other, sent back to back", () => {
  it("are all applied: each is checked against the board as the ones before it left it", async () => {
    const colleague = await provider(ownerTicket);
    const ws = await openRawSocket(server.url, boardId, clientProtocols(editorTicket));
    const replica = await stored();
    const updates: Uint8Array[] = [];
    replica.on("update", (update: Uint8Array) => updates.push(update));
    const quote = new Y.XmlElement("blockquote");
    narrativeFragment(replica).insert(0, [quote]);
    const paragraph = new Y.XmlElement("paragraph");
    quote.insert(0, [paragraph]);
    paragraph.insert(0, [new Y.XmlText("Quoted source")]);
    expect(updates).toHaveLength(3);
    for (const update of updates) ws.send(encodeUpdate(update));
    await eventually(() =>
      expect(readNarrative(colleague.doc).content?.[0]).toEqual({
        type: "blockquote",
        content: [{ type: "paragraph", content: [{ type: "text", text: "Quoted source" }] }],
      }),
    );
    expect(ws.readyState).toBe(ws.OPEN);
    ws.close();
  });
});
