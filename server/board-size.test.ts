/**
 * Large writes are bounded: an update over the per-update limits, or one that would take a board
 * past its size limit, is refused with its close code and a clear reason, and nothing of it is
 * applied, relayed or stored; the server keeps answering everyone else meanwhile. Checked against
 * a real server over real WebSockets and what its SQLite file holds.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addPin, importEvidence, listPins, type EvidenceInput } from "@/lib/board/model";
import { CloseCode, MAX_MESSAGE_BYTES, MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS, clientProtocols } from "@/lib/collab/protocol";
import { watchSaveState, type SaveState } from "@/lib/collab/save-state";
import { assertValidUpdate, encodeUpdate, splitUpdate } from "@/lib/collab/wire";
import type { AppServerOptions } from "@/server/app";
import {
  closeOf,
  connectProvider,
  createUser,
  eventually,
  logRows,
  memberTicket,
  openRawSocket,
  startTestServer,
  tempDataDir,
  type TestServer,
} from "@/test/support/servers";

let data: ReturnType<typeof tempDataDir> | null = null;
let server: TestServer | null = null;
const providers: WebsocketProvider[] = [];

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  await server?.stop();
  data?.cleanup();
  server = null;
  data = null;
});

/** A server with an owner and `boards` boards; tickets for each. */
async function setUp(boards: number, options: Partial<AppServerOptions> = {}) {
  data = tempDataDir();
  server = await startTestServer(data.dir, undefined, options);
  const owner = await createUser(server.database, "Owner");
  const out: Array<{ id: string; ticket: string }> = [];
  for (let i = 0; i < boards; i++) {
    const id = (await server.database.createBoard({ title: `Board ${i}`, question: "" }, owner.id)).id;
    out.push({ id, ticket: await memberTicket(server.database, owner, id, "owner") });
  }
  return { server, boards: out };
}

async function provider(url: string, room: string, ticket: string, states?: SaveState[]) {
  const p = await connectProvider(url, room, ticket, undefined, states ? (p) => watchSaveState(p, (s) => states.push(s)) : undefined);
  providers.push(p);
  return p;
}

/** The board as stored in the database (its update log and snapshot), read afresh. */
async function storedDoc(test: TestServer, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of (await test.database.docs.load(room)).updates) Y.applyUpdate(doc, update);
  return doc;
}

/** The update that a fresh client writing `keys` keys into one map sends. */
function manyKeys(keys: number, value: (i: number) => unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    const pins = doc.getMap("pins");
    for (let i = 0; i < keys; i++) pins.set(`k${i.toString(36)}`, value(i));
  });
  return Y.encodeStateAsUpdate(doc);
}

/** `count` well-formed pins written in one transaction: one update of about ten structs a pin. */
function validPins(count: number): Uint8Array {
  const doc = new Y.Doc();
  doc.transact(() => {
    for (let i = 0; i < count; i++) addPin(doc, { title: `Pin ${i}`, lat: 12, lng: -8, kind: "event" }, "Ana");
  });
  return Y.encodeStateAsUpdate(doc);
}

function event(i: number, notes: number): EvidenceInput {
  return {
    pin: { title: `Place ${i}`, lat: 12, lng: -8, kind: "event" },
    card: { title: `Event ${i}`, body: "n".repeat(notes), when: { start: "2024-05-16", precision: "day" }, source: { title: "", url: "" }, tags: [] },
  };
}

describe("per-update limit", () => {
  it("refuses one valid 7.9 MiB update of 400,000 map keys with 4413, stores nothing of it, and answers another board meanwhile", async () => {
    const { server, boards } = await setUp(2);
    const [target, other] = boards;
    const update = manyKeys(400_000, () => "abcd");
    expect(update.byteLength).toBeGreaterThan(7.5 * 1024 * 1024);
    expect(update.byteLength).toBeGreaterThan(MAX_MESSAGE_BYTES);
    const rowsBefore = await logRows(server.database, target.id);

    const states: SaveState[] = [];
    const bystander = await provider(server.url, other.id, other.ticket, states);
    const attacker = await openRawSocket(server.url, target.id, clientProtocols(target.ticket));
    const refused = closeOf(attacker);
    attacker.send(encodeUpdate(update));
    // The other board's edit is applied, relayed and committed while the big one is dealt with.
    addPin(bystander.doc, { title: "Mopti", lng: -4.2, lat: 14.5 }, "owner");
    const closed = await refused;
    expect(closed.code).toBe(CloseCode.tooLarge);
    expect(closed.reason).toBe("Message too large (over 1 MiB)");
    await eventually(() => expect(states.at(-1)).toBe("saved"));
    expect(listPins(await storedDoc(server, other.id)).map((p) => p.title)).toEqual(["Mopti"]);

    // Nothing of the refused update was applied or stored.
    await server.server.collab.room(target.id)?.flush();
    expect(await logRows(server.database, target.id)).toBe(rowsBefore);
    expect((await storedDoc(server, target.id)).getMap("pins").size).toBe(0);
    expect(server.server.collab.room(target.id)?.doc.getMap("pins").size ?? 0).toBe(0);
  });

  it("refuses an update of more than MAX_UPDATE_STRUCTS structs within the byte limit, and accepts the same change split into parts", async () => {
    const { server, boards } = await setUp(1);
    const [board] = boards;
    // Valid pins (the board's structural rules hold), more structs than one update may carry.
    const pinCount = 1_200;
    const update = validPins(pinCount);
    const structs = assertValidUpdate(update);
    expect(structs).toBeGreaterThan(MAX_UPDATE_STRUCTS);
    expect(update.byteLength).toBeLessThan(MAX_UPDATE_BYTES);
    const ws = await openRawSocket(server.url, board.id, clientProtocols(board.ticket));
    const refused = closeOf(ws);
    ws.send(encodeUpdate(update));
    expect(await refused).toEqual({ code: CloseCode.tooLarge, reason: `This change is too large to save at once (${structs.toLocaleString("en-US")} items, at most 10,000)` });
    expect((await storedDoc(server, board.id)).getMap("pins").size).toBe(0);

    // Over the byte limit (one text of 700 KiB, a single struct that cannot be cut): refused before it is decoded.
    const text = new Y.Doc();
    text.getText("notes").insert(0, "x".repeat(700 * 1024));
    const big = await openRawSocket(server.url, board.id, clientProtocols(board.ticket));
    const refusedBig = closeOf(big);
    big.send(encodeUpdate(Y.encodeStateAsUpdate(text)));
    expect(await refusedBig).toEqual({ code: CloseCode.tooLarge, reason: `This change is too large to save at once (701 KiB, at most 512 KiB)` });

    // Split as our client sends it, the same change is saved whole.
    const parts = splitUpdate(update, { maxBytes: MAX_UPDATE_BYTES, maxStructs: MAX_UPDATE_STRUCTS });
    expect(parts.length).toBeGreaterThan(1);
    const again = await openRawSocket(server.url, board.id, clientProtocols(board.ticket));
    for (const part of parts) again.send(encodeUpdate(part));
    await eventually(async () => expect((await storedDoc(server, board.id)).getMap("pins").size).toBe(pinCount));
    again.close();
  });
});

describe("per-board limit", () => {
  it("refuses an update that would take the board past its limit with 4507 and a clear reason; the stored board is unchanged", async () => {
    const { server, boards } = await setUp(1, { boardLimits: { maxBytes: 400 * 1024, maxItems: 5_000 } });
    const [board] = boards;
    const states: SaveState[] = [];
    const ana = await provider(server.url, board.id, board.ticket, states);
    importEvidence(ana.doc, Array.from({ length: 20 }, (_, i) => event(i, 6000)), "Ana");
    await eventually(() => expect(states.at(-1)).toBe("saved"));
    const before = Y.encodeStateAsUpdate(await storedDoc(server, board.id));
    const rowsBefore = await logRows(server.database, board.id);

    // 60 more events with 6 KB notes: about 360 KiB more, past the 400 KiB the board may hold.
    const ben = new Y.Doc();
    Y.applyUpdate(ben, Y.encodeStateAsUpdate(ana.doc));
    const seen = Y.encodeStateVector(ben);
    importEvidence(ben, Array.from({ length: 60 }, (_, i) => event(100 + i, 6000)), "Ben");
    const tooMuch = Y.encodeStateAsUpdate(ben, seen);
    expect(tooMuch.byteLength).toBeLessThan(MAX_UPDATE_BYTES);
    const ws = await openRawSocket(server.url, board.id, clientProtocols(board.ticket));
    const refused = closeOf(ws);
    ws.send(encodeUpdate(tooMuch));
    const closed = await refused;
    expect(closed.code).toBe(CloseCode.boardFull);
    expect(closed.reason).toMatch(/^This board is full: \d+ KiB of 400 KiB stored; this change needs \d+ KiB more$/);

    await server.server.collab.room(board.id)?.flush();
    expect(await logRows(server.database, board.id)).toBe(rowsBefore);
    expect(Y.encodeStateAsUpdate(await storedDoc(server, board.id))).toEqual(before);
    expect(listPins(ana.doc)).toHaveLength(20);

    // Too many items is refused the same way, and small edits still fit.
    const items = manyKeys(4_900, (i) => i);
    const again = await openRawSocket(server.url, board.id, clientProtocols(board.ticket));
    const refusedAgain = closeOf(again);
    again.send(encodeUpdate(items));
    expect((await refusedAgain).reason).toMatch(/^This board is full: [\d,]+ of 5,000 items; this change adds 4,900$/);
    addPin(ana.doc, { title: "Still fits", lng: 1, lat: 1 }, "Ana");
    await eventually(async () => expect(listPins(await storedDoc(server, board.id)).map((p) => p.title)).toContain("Still fits"));
  });
});
