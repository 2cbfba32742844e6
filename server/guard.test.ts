/**
 * The collaboration server's guard, checked against what is STORED, not only what is in memory:
 * who may write which room with which message, who is refused at the door and with which code,
 * foreign origins, floods, oversized awareness and role changes on open connections.
 */
import * as decoding from "lib0/decoding";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { WebSocket } from "ws";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { can, type Role } from "@/lib/auth/roles";
import { signTicket } from "@/lib/auth/ticket";
import { addPin, listPins, readMeta } from "@/lib/board/model";
import { REVIEW_ROOT } from "@/lib/board/schema";
import { accessEvents } from "@/lib/collab/access-events";
import { presenceOf } from "@/lib/collab/presence";
import {
  CloseCode,
  MAX_AWARENESS_STATE_BYTES,
  MAX_SOCKETS_PER_PERSON_PER_BOARD,
  SUBPROTOCOL,
  clientProtocols,
  reviewRoomName,
  type RoomKind,
} from "@/lib/collab/protocol";
import {
  MessageType,
  SyncKind,
  encodeAwarenessEntries,
  encodeAwarenessMessage,
  encodeSyncMessage as syncMessage,
  readAwarenessEntries,
  readAwarenessMessage,
  readMessageType,
  readSyncMessage,
  toBytes,
} from "@/lib/collab/wire";
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
  TEST_SECRET,
  type TestServer,
  type TestUser,
} from "@/test/support/servers";

/** y-websocket message types and sync sub-types, as they go over the wire. */
const { sync: SYNC, awareness: AWARENESS } = MessageType;
const { step1: STEP1, step2: STEP2, update: UPDATE } = SyncKind;

const ROOM_KINDS: readonly RoomKind[] = ["board", "review"];
const ROLES: readonly Role[] = ["owner", "editor", "reviewer", "viewer"];

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let boardId: string;
let owner: TestUser;
let ownerTicket: string;
const providers: WebsocketProvider[] = [];
const sockets: WebSocket[] = [];

beforeEach(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  owner = await createUser(server.database, "Owner");
  boardId = (await server.database.createBoard({ title: "Test board", question: "Who may write?" }, owner.id)).id;
  ownerTicket = await memberTicket(server.database, owner, boardId, "owner");
  // The review room is written by the server only; give it content a reader can check.
  await server.database.docs.append(reviewRoomName(boardId), [markerUpdate("review", "seeded thread")]);
});

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.stop();
  data.cleanup();
});

// ------------------------------------------------------------------ helpers

function roomOf(kind: RoomKind, board = boardId): string {
  return kind === "board" ? board : reviewRoomName(board);
}

/** A person with `role` on the board and their ticket. */
async function member(role: Role, board = boardId): Promise<{ user: TestUser; ticket: string }> {
  const user = await createUser(server.database, `${role} person`);
  return { user, ticket: await memberTicket(server.database, user, board, role) };
}

async function provider(room: string, ticket: string, doc?: Y.Doc): Promise<WebsocketProvider> {
  const p = await connectProvider(server.url, room, ticket, doc);
  providers.push(p);
  return p;
}

/** An update that adds `marker` to a room: a pin on the board, a thread in the review room. */
function markerUpdate(kind: RoomKind, marker: string): Uint8Array {
  const doc = new Y.Doc();
  if (kind === "board") addPin(doc, { title: marker, lng: 1, lat: 1 }, "mallory");
  else doc.getMap(REVIEW_ROOT.threads).set(marker, new Y.Map([["status", "open"]]));
  return Y.encodeStateAsUpdate(doc);
}

/** The markers a room's document holds. */
function markers(doc: Y.Doc, kind: RoomKind): string[] {
  return kind === "board" ? listPins(doc).map((p) => p.title) : Array.from(doc.getMap(REVIEW_ROOT.threads).keys());
}

/** True when `doc` holds what storage holds for the room before anyone writes. */
function expectSeededContent(doc: Y.Doc, kind: RoomKind): void {
  if (kind === "board") expect(readMeta(doc).title).toBe("Test board");
  else expect(markers(doc, kind)).toEqual(["seeded thread"]);
}

/** The room as a fresh client would load it from the database. */
async function storedDoc(room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of (await server.database.docs.load(room)).updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Waits until everything the room received so far is durable. */
async function flushRoom(room: string): Promise<void> {
  await server.server.collab.room(room)?.flush();
}

/** A caret at the end of the narrative, as y-tiptap puts one in awareness. */
const END_OF_NARRATIVE = { type: null, tname: "narrative", item: null, assoc: -1 };
const CURSOR = { anchor: END_OF_NARRATIVE, head: END_OF_NARRATIVE };

function awarenessMessage(clientId: number, clock: number, state: unknown): Uint8Array {
  return encodeAwarenessMessage(encodeAwarenessEntries([{ clientId, clock, state: JSON.stringify(state) }]));
}

interface Frame {
  type: number;
  /** Sync sub-type, or null for other messages. */
  sub: number | null;
  payload: Uint8Array;
}

function readFrame(bytes: Uint8Array): Frame {
  const decoder = decoding.createDecoder(bytes);
  const type = readMessageType(decoder);
  if (type === SYNC) {
    const { kind, payload } = readSyncMessage(decoder);
    return { type, sub: kind, payload };
  }
  return { type, sub: null, payload: type === AWARENESS ? readAwarenessMessage(decoder) : bytes };
}

/** Client ids named in an awareness update. */
function awarenessClients(update: Uint8Array): number[] {
  return Array.from(readAwarenessEntries(update), (entry) => entry.clientId);
}

interface RawPeer {
  ws: WebSocket;
  /** Every frame the server sent, in order. */
  frames: Frame[];
  closed: Promise<{ code: number; reason: string }>;
}

/** A raw socket on a room that records what the server sends it. */
async function rawPeer(room: string, protocols: string[]): Promise<RawPeer> {
  const ws = await openRawSocket(server.url, room, protocols);
  sockets.push(ws);
  const frames: Frame[] = [];
  ws.on("message", (data) => frames.push(readFrame(toBytes(data))));
  return { ws, frames, closed: closeOf(ws) };
}

/** Sends sync step 1 and waits for its answer: everything sent before has been handled. */
async function roundTrip(peer: RawPeer): Promise<Y.Doc> {
  const from = peer.frames.length;
  peer.ws.send(syncMessage(STEP1, Y.encodeStateVector(new Y.Doc())));
  const reply = await eventually(() => {
    const found = peer.frames.slice(from).find((f) => f.type === SYNC && f.sub === STEP2);
    if (!found) throw new Error("sync step 1 was not answered");
    return found;
  });
  const doc = new Y.Doc();
  Y.applyUpdate(doc, reply.payload);
  return doc;
}

/**
 * The same barrier for a stock provider: whatever the server sent it before has arrived. Fails at
 * once, with the code, if the server closes the provider's socket meanwhile.
 */
async function providerRoundTrip(p: WebsocketProvider): Promise<void> {
  const ws = p.ws;
  if (!ws || ws.readyState !== ws.OPEN) throw new Error("the provider is not connected");
  await new Promise<void>((resolve, reject) => {
    const onMessage = (event: MessageEvent) => {
      const frame = readFrame(new Uint8Array(event.data as ArrayBuffer));
      if (frame.type === SYNC && frame.sub === STEP2) finish();
    };
    const onClose = (event: CloseEvent) => finish(new Error(`the provider's socket was closed with ${event.code} ${event.reason}`));
    const deadline = setTimeout(() => finish(new Error("the provider's sync step 1 was not answered")), 10_000);
    const finish = (error?: Error) => {
      clearTimeout(deadline);
      ws.removeEventListener("message", onMessage);
      ws.removeEventListener("close", onClose);
      if (error) reject(error);
      else resolve();
    };
    ws.addEventListener("message", onMessage);
    ws.addEventListener("close", onClose);
    ws.send(syncMessage(STEP1, Y.encodeStateVector(p.doc)));
  });
}

/** Close codes the server sent to a provider, as they happen. */
function closesOf(p: WebsocketProvider): Array<number | null> {
  const codes: Array<number | null> = [];
  p.on("connection-close", (event) => codes.push(event?.code ?? null));
  return codes;
}

// ------------------------------------------------------------------ 1. the matrix

describe("role × room × message type", () => {
  for (const role of ROLES) {
    for (const kind of ROOM_KINDS) {
      const writable = kind === "board" && (role === "owner" || role === "editor");

      describe(`${role} on the ${kind} room (${writable ? "read-write" : "read-only"})`, () => {
        it("gets sync step 1 answered with the stored content", async () => {
          const { ticket } = await member(role);
          const peer = await rawPeer(roomOf(kind), clientProtocols(ticket));
          expectSeededContent(await roundTrip(peer), kind);
        });

        for (const [name, sub] of [["sync step 2", STEP2], ["update", UPDATE]] as const) {
          if (writable) {
            it(`has ${name} messages applied, broadcast and stored`, async () => {
              const room = roomOf(kind);
              const observer = await provider(room, ownerTicket);
              const peer = await rawPeer(room, clientProtocols((await member(role)).ticket));
              await roundTrip(peer);
              const before = await logRows(server.database, room);
              const sent = [1, 2, 3].map((n) => `${role} ${name} ${n}`);
              for (const marker of sent) peer.ws.send(syncMessage(sub, markerUpdate(kind, marker)));

              await eventually(() => expect(markers(observer.doc, kind)).toEqual(expect.arrayContaining(sent)));
              await roundTrip(peer);
              expect(peer.ws.readyState).toBe(WebSocket.OPEN);
              await flushRoom(room);
              expect(await logRows(server.database, room)).toBeGreaterThan(before);
              expect(markers(await storedDoc(room), kind)).toEqual(expect.arrayContaining(sent));
            });
          } else {
            it(`never applies, broadcasts or stores ${name} messages, and closes with 4403 after 3`, async () => {
              const room = roomOf(kind);
              const observer = await provider(room, ownerTicket);
              const peer = await rawPeer(room, clientProtocols((await member(role)).ticket));
              await roundTrip(peer);
              await flushRoom(room);
              const before = await logRows(server.database, room);
              const seen = markers(observer.doc, kind);
              const sent = [1, 2, 3].map((n) => `${role} ${name} ${n}`);

              peer.ws.send(syncMessage(sub, markerUpdate(kind, sent[0])));
              await roundTrip(peer);
              await providerRoundTrip(observer);
              expect(markers(observer.doc, kind)).toEqual(seen);
              expect(markers(server.server.collab.room(room)!.doc, kind)).toEqual(seen);

              peer.ws.send(syncMessage(sub, markerUpdate(kind, sent[1])));
              peer.ws.send(syncMessage(sub, markerUpdate(kind, sent[2])));
              expect((await peer.closed).code).toBe(CloseCode.forbidden);
              await providerRoundTrip(observer);
              expect(markers(observer.doc, kind)).toEqual(seen);
              await flushRoom(room);
              expect(await logRows(server.database, room)).toBe(before);
              expect(markers(await storedDoc(room), kind)).toEqual(seen);
            });
          }
        }

        it("has awareness accepted and broadcast with the ticket's identity, whoever it claims to be, and a presentation only from a presenter", async () => {
          const room = roomOf(kind);
          const observer = await provider(room, ownerTicket);
          const { user, ticket } = await member(role);
          const peer = await rawPeer(room, clientProtocols(ticket));
          const clientId = 900_000 + ROLES.indexOf(role);
          const present = { sceneId: "scene1", title: "North", index: 0, count: 1, view: { lng: 1, lat: 2, zoom: 3, bearing: 0, pitch: 0 }, timeWindow: null, focus: { pinIds: [], cardIds: [] }, narrativeAnchor: null };
          peer.ws.send(awarenessMessage(clientId, 1, { user: presenceOf(owner), cursor: CURSOR, present }));

          const presents = kind === "board" && can(role, "board:present");
          const expected = { user: presenceOf(user), cursor: CURSOR, ...(presents ? { present } : {}) };
          await eventually(() => expect(observer.awareness.getStates().get(clientId)).toEqual(expected));
          expect(server.server.collab.room(room)!.awareness.getStates().get(clientId)).toEqual(expected);
          await roundTrip(peer);
          const echoed = peer.frames.filter((f) => f.type === AWARENESS && awarenessClients(f.payload).includes(clientId));
          expect(echoed).toEqual([]);
        });
      });
    }
  }

  it("does not let a connection overwrite another connection's awareness state", async () => {
    const observer = await provider(boardId, ownerTicket);
    const peer = await rawPeer(boardId, clientProtocols((await member("editor")).ticket));
    const victim = observer.doc.clientID;
    const own = { user: presenceOf(owner), cursor: CURSOR };
    observer.awareness.setLocalStateField("cursor", own.cursor);
    await eventually(() => expect(server.server.collab.room(boardId)!.awareness.getStates().get(victim)).toEqual(own));
    peer.ws.send(awarenessMessage(victim, 1_000, { hijacked: true }));
    await roundTrip(peer);
    await providerRoundTrip(observer);
    expect(server.server.collab.room(boardId)!.awareness.getStates().get(victim)).toEqual(own);
    expect(observer.awareness.getLocalState()).toEqual({ cursor: own.cursor });
  });
});

// ------------------------------------------------------------------ 2. bad tickets

describe("bad tickets are refused before anything is loaded", () => {
  const NO_SUCH_BOARD = "nosuchboard123";
  const cases: Array<[string, () => Promise<{ room: string; protocols?: string[] }>, number]> = [
    ["no ticket", async () => ({ room: boardId, protocols: [SUBPROTOCOL] }), CloseCode.unauthorized],
    ["a malformed ticket", async () => ({ room: boardId, protocols: clientProtocols("not-a-jwt") }), CloseCode.unauthorized],
    [
      "a ticket signed with another secret",
      async () => ({
        room: boardId,
        protocols: clientProtocols(await signTicket({ sub: owner.id, name: owner.name, board: boardId }, "another-secret")),
      }),
      CloseCode.unauthorized,
    ],
    [
      "an expired ticket",
      async () => ({
        room: boardId,
        protocols: clientProtocols(await signTicket({ sub: owner.id, name: owner.name, board: boardId }, TEST_SECRET, -10)),
      }),
      CloseCode.unauthorized,
    ],
    [
      "an unsigned ticket (alg: none)",
      async () => {
        const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
        const claims = { sub: owner.id, name: owner.name, board: boardId, role: "owner", aud: "collab", exp: Math.floor(Date.now() / 1000) + 60 };
        return { room: boardId, protocols: clientProtocols(`${part({ alg: "none" })}.${part(claims)}.`) };
      },
      CloseCode.unauthorized,
    ],
    [
      "a ticket for another board",
      async () => {
        const other = await server.database.createBoard({ title: "Other board", question: "" }, owner.id);
        return { room: boardId, protocols: clientProtocols(await memberTicket(server.database, owner, other.id, "owner")) };
      },
      CloseCode.unauthorized,
    ],
    [
      "a valid ticket of someone no longer a member",
      async () => {
        const { user, ticket } = await member("editor");
        await server.database.members.remove(boardId, user.id);
        return { room: boardId, protocols: clientProtocols(ticket) };
      },
      CloseCode.forbidden,
    ],
    [
      "a ticket for a board that does not exist",
      async () => ({
        room: NO_SUCH_BOARD,
        protocols: clientProtocols(await signTicket({ sub: owner.id, name: owner.name, board: NO_SUCH_BOARD }, TEST_SECRET)),
      }),
      CloseCode.notFound,
    ],
    ["a valid ticket only in the URL query", async () => ({ room: `${boardId}?ticket=${ownerTicket}` }), CloseCode.unauthorized],
    [
      "a valid ticket in the URL query beside our subprotocol",
      async () => ({ room: `${boardId}?ticket=${ownerTicket}`, protocols: [SUBPROTOCOL] }),
      CloseCode.unauthorized,
    ],
  ];

  for (const [name, setup, code] of cases) {
    it(`closes with ${code} on ${name}`, async () => {
      const { room, protocols } = await setup();
      const docs = server.database.docs;
      const load = docs.load.bind(docs);
      const loaded: string[] = [];
      docs.load = (name) => {
        loaded.push(name);
        return load(name);
      };
      const ws = await openRawSocket(server.url, room, protocols);
      sockets.push(ws);
      expect((await closeOf(ws)).code).toBe(code);
      expect(loaded).toEqual([]);
      expect(server.server.collab.roomCount()).toBe(0);
      expect(await logRows(server.database, NO_SUCH_BOARD)).toBe(0);
    });
  }
});

// ------------------------------------------------------------------ 3. origin

describe("Origin is checked on upgrade", () => {
  const port = () => new URL(server.url).port;

  for (const origin of ["http://evil.example", "http://127.0.0.1.evil.example:<port>", "null"]) {
    it(`refuses a foreign Origin with HTTP 403 (${origin})`, async () => {
      const headers = { Origin: origin.replace("<port>", port()) };
      await expect(openRawSocket(server.url, boardId, clientProtocols(ownerTicket), headers)).rejects.toThrow(
        "Unexpected server response: 403",
      );
      expect(server.server.collab.roomCount()).toBe(0);
    });
  }

  it("accepts the app's own Origin", async () => {
    const ws = await openRawSocket(server.url, boardId, clientProtocols(ownerTicket), { Origin: `http://127.0.0.1:${port()}` });
    sockets.push(ws);
    expect(ws.protocol).toBe(SUBPROTOCOL);
    const frames: Frame[] = [];
    ws.on("message", (data) => frames.push(readFrame(toBytes(data))));
    expectSeededContent(await roundTrip({ ws, frames, closed: closeOf(ws) }), "board");
  });
});

// ------------------------------------------------------------------ 4 & 5. floods and oversized awareness

/** Proves a room still syncs and stores edits: `writer` edits, a newcomer sees it, storage holds it. */
async function expectStillWorking(writer: WebsocketProvider, room: string, ticket: string, title: string): Promise<void> {
  addPin(writer.doc, { title, lng: 2, lat: 2 }, "alice");
  const newcomer = await provider(room, ticket);
  await eventually(() => expect(listPins(newcomer.doc).map((p) => p.title)).toContain(title));
  await flushRoom(room);
  expect(listPins(await storedDoc(room)).map((p) => p.title)).toContain(title);
}

describe("floods", () => {
  const FRAMES = 10_000;
  const step1 = syncMessage(STEP1, Y.encodeStateVector(new Y.Doc()));
  const floods: Array<[string, boolean, (i: number) => Uint8Array]> = [
    ["awareness updates after joining", true, (i) => awarenessMessage(4242, i + 1, { cursor: i })],
    ["sync step 1 messages after joining", true, () => step1],
    ["sync step 1 messages while the room loads", false, () => step1],
  ];

  for (const [name, waitForJoin, frame] of floods) {
    it(`closes a connection flooding ${FRAMES} ${name} with 4429; the same room and other rooms keep working`, async () => {
      const other = await server.database.createBoard({ title: "Other board", question: "" }, owner.id);
      const otherTicket = await memberTicket(server.database, owner, other.id, "owner");
      const sameRoom = await provider(boardId, ownerTicket);
      const otherRoom = await provider(other.id, otherTicket);
      const sameRoomCloses = closesOf(sameRoom);
      const otherRoomCloses = closesOf(otherRoom);

      const flooder = await rawPeer(boardId, clientProtocols((await member("editor")).ticket));
      if (waitForJoin) await roundTrip(flooder);
      for (let i = 0; i < FRAMES; i++) flooder.ws.send(frame(i));
      expect((await flooder.closed).code).toBe(CloseCode.rateLimited);

      await providerRoundTrip(sameRoom);
      await providerRoundTrip(otherRoom);
      expect(sameRoomCloses).toEqual([]);
      expect(otherRoomCloses).toEqual([]);
      await expectStillWorking(sameRoom, boardId, ownerTicket, "After the flood, same room");
      await expectStillWorking(otherRoom, other.id, otherTicket, "After the flood, other room");
    });
  }

  it(`applies and stores ${FRAMES} single-edit updates sent back to back (a script, a stock client): edits are not a flood`, async () => {
    const writer = await rawPeer(boardId, clientProtocols((await member("editor")).ticket));
    const doc = await roundTrip(writer);
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    for (let i = 0; i < FRAMES; i++) addPin(doc, { title: `Edit ${i}`, lng: i % 180, lat: 1 }, "editor");
    for (const update of updates) writer.ws.send(syncMessage(UPDATE, update));
    const reader = await provider(boardId, ownerTicket);
    await eventually(() => expect(listPins(reader.doc)).toHaveLength(FRAMES), 30_000);
    await flushRoom(boardId);
    expect(listPins(await storedDoc(boardId))).toHaveLength(FRAMES);
    expect(writer.ws.readyState).toBe(WebSocket.OPEN);
  });
});

describe("the saved signal", () => {
  it("goes after each commit to a writer that asked for it, never to a stock client (which would answer it by sending everything uncommitted again)", async () => {
    const { ticket } = await member("editor");
    const isStep1 = (frame: Frame) => frame.type === SYNC && frame.sub === STEP1;
    const afterCommit = new Map<RawPeer, Frame[]>();
    for (const [protocols, title] of [
      [clientProtocols(ticket), "From our client"],
      [clientProtocols(ticket, { saved: false }), "From a stock client"],
    ] as const) {
      const peer = await rawPeer(boardId, protocols);
      const doc = await roundTrip(peer);
      const updates: Uint8Array[] = [];
      doc.on("update", (update: Uint8Array) => updates.push(update));
      addPin(doc, { title, lng: 1, lat: 1 }, "editor");
      const from = peer.frames.length;
      for (const update of updates) peer.ws.send(syncMessage(UPDATE, update));
      await roundTrip(peer);
      await flushRoom(boardId);
      expect(listPins(await storedDoc(boardId)).map((p) => p.title)).toContain(title);
      await roundTrip(peer);
      afterCommit.set(peer, peer.frames.slice(from));
    }
    const [ours, stock] = Array.from(afterCommit.values());
    expect(ours.filter(isStep1)).toHaveLength(1);
    expect(stock.filter(isStep1)).toEqual([]);
  });
});

describe("open sockets per person", () => {
  it(`admits ${MAX_SOCKETS_PER_PERSON_PER_BOARD} sockets per person per board, closes the next with 4429, and frees a place when one closes`, async () => {
    const half = MAX_SOCKETS_PER_PERSON_PER_BOARD / 2;
    const held: WebsocketProvider[] = [];
    for (let i = 0; i < half; i++) held.push(await provider(boardId, ownerTicket), await provider(reviewRoomName(boardId), ownerTicket));

    const extra = await openRawSocket(server.url, boardId, clientProtocols(ownerTicket));
    sockets.push(extra);
    expect(await closeOf(extra)).toEqual({ code: CloseCode.rateLimited, reason: "Too many open connections to this board; close another tab" });

    // Someone else on the board, and the same person on another board, are not affected.
    const other = await provider(boardId, (await member("editor")).ticket);
    expectSeededContent(other.doc, "board");
    const otherBoard = await server.database.createBoard({ title: "Other board", question: "" }, owner.id);
    await provider(otherBoard.id, await memberTicket(server.database, owner, otherBoard.id, "owner"));

    // Once a tab's socket has closed, the next one gets in.
    const room = server.server.collab.room(boardId)!;
    const peersBefore = room.peers.size;
    held[0].destroy();
    await eventually(() => expect(room.peers.size).toBe(peersBefore - 1));
    const again = await provider(boardId, ownerTicket);
    expectSeededContent(again.doc, "board");
  });
});

describe("oversized awareness", () => {
  for (const kind of ROOM_KINDS) {
    it(`closes with 4413 on the ${kind} room; nobody sees the state and other rooms keep working`, async () => {
      const other = await server.database.createBoard({ title: "Other board", question: "" }, owner.id);
      const otherTicket = await memberTicket(server.database, owner, other.id, "owner");
      const room = roomOf(kind);
      const sameRoom = await provider(room, ownerTicket);
      const otherRoom = await provider(other.id, otherTicket);
      const sameRoomCloses = closesOf(sameRoom);

      const peer = await rawPeer(room, clientProtocols((await member("editor")).ticket));
      const clientId = 777_777;
      peer.ws.send(awarenessMessage(clientId, 1, { cursor: "x".repeat(MAX_AWARENESS_STATE_BYTES) }));
      expect((await peer.closed).code).toBe(CloseCode.tooLarge);

      await providerRoundTrip(sameRoom);
      expect(sameRoomCloses).toEqual([]);
      expect(sameRoom.awareness.getStates().has(clientId)).toBe(false);
      expect(server.server.collab.room(room)?.awareness.getStates().has(clientId)).toBe(false);
      await expectStillWorking(otherRoom, other.id, otherTicket, "After the big awareness");
    });
  }
});

// ------------------------------------------------------------------ 6. role changes on open connections

describe("access changes take effect on open connections", () => {
  it("closes an editor demoted to viewer with 4403 on both rooms; reconnected, they are read-only", async () => {
    const observer = await provider(boardId, ownerTicket);
    const observerCloses = closesOf(observer);
    const { user, ticket } = await member("editor");
    const onBoard = await provider(boardId, ticket);
    const onReview = await provider(reviewRoomName(boardId), ticket);
    const boardCloses = closesOf(onBoard);
    const reviewCloses = closesOf(onReview);

    await server.database.members.set(boardId, user.id, "viewer");
    accessEvents().publish({ boardId, userId: user.id });
    await eventually(() => {
      expect(boardCloses).toEqual([CloseCode.forbidden]);
      expect(reviewCloses).toEqual([CloseCode.forbidden]);
    }, 5_000);
    await providerRoundTrip(observer);
    expect(observerCloses).toEqual([]);

    const viewerTicket = await memberTicket(server.database, user, boardId, "viewer");
    const viewer = await provider(boardId, viewerTicket);
    await flushRoom(boardId);
    const before = await logRows(server.database, boardId);
    addPin(viewer.doc, { title: "Written as a viewer", lng: 3, lat: 3 }, user.name);
    await providerRoundTrip(viewer);
    await providerRoundTrip(observer);
    expect(listPins(observer.doc)).toEqual([]);
    await flushRoom(boardId);
    expect(await logRows(server.database, boardId)).toBe(before);
    expect(listPins(await storedDoc(boardId))).toEqual([]);
  });

  it("closes a removed member with 4403, and their old ticket no longer admits them", async () => {
    const observer = await provider(boardId, ownerTicket);
    const { user, ticket } = await member("editor");
    const editor = await provider(boardId, ticket);
    const closes = closesOf(editor);

    await server.database.members.remove(boardId, user.id);
    accessEvents().publish({ boardId, userId: user.id });
    await eventually(() => expect(closes).toEqual([CloseCode.forbidden]), 5_000);

    const again = await openRawSocket(server.url, boardId, clientProtocols(ticket));
    sockets.push(again);
    expect((await closeOf(again)).code).toBe(CloseCode.forbidden);
    await providerRoundTrip(observer);
  });

  it("admits an editor's ticket read-only once the role was lowered to viewer", async () => {
    const { user, ticket } = await member("editor");
    await server.database.members.set(boardId, user.id, "viewer");
    const before = await logRows(server.database, boardId);
    const peer = await rawPeer(boardId, clientProtocols(ticket));
    for (const n of [1, 2, 3]) peer.ws.send(syncMessage(UPDATE, markerUpdate("board", `stale ticket ${n}`)));
    expect((await peer.closed).code).toBe(CloseCode.forbidden);
    await flushRoom(boardId);
    expect(await logRows(server.database, boardId)).toBe(before);
    expect(listPins(await storedDoc(boardId))).toEqual([]);
  });

  it("applies a role change that happens while the connection waits for its room to load", async () => {
    const docs = server.database.docs;
    const load = docs.load.bind(docs);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loading: string[] = [];
    docs.load = async (room) => {
      loading.push(room);
      await gate;
      return load(room);
    };
    const { user, ticket } = await member("editor");
    const before = await logRows(server.database, boardId);
    const peer = await rawPeer(boardId, clientProtocols(ticket));
    let closedWith: number | null = null;
    void peer.closed.then(({ code }) => (closedWith = code));
    await eventually(() => expect(loading).toContain(boardId));

    await server.database.members.set(boardId, user.id, "viewer");
    accessEvents().publish({ boardId, userId: user.id });
    peer.ws.send(syncMessage(UPDATE, markerUpdate("board", "written after the demotion")));
    release();

    await eventually(() => expect(closedWith).toBe(CloseCode.forbidden), 5_000);
    await flushRoom(boardId);
    expect(await logRows(server.database, boardId)).toBe(before);
    expect(listPins(await storedDoc(boardId))).toEqual([]);
  });

  it("closes everyone on the board, and nobody elsewhere, when the whole board's access changes", async () => {
    const other = await server.database.createBoard({ title: "Other board", question: "" }, owner.id);
    const otherRoom = await provider(other.id, await memberTicket(server.database, owner, other.id, "owner"));
    const otherCloses = closesOf(otherRoom);
    const ownerCloses = closesOf(await provider(boardId, ownerTicket));
    const editorCloses = closesOf(await provider(boardId, (await member("editor")).ticket));

    accessEvents().publish({ boardId, userId: null });
    await eventually(() => {
      expect(ownerCloses).toEqual([CloseCode.forbidden]);
      expect(editorCloses).toEqual([CloseCode.forbidden]);
    }, 5_000);
    await providerRoundTrip(otherRoom);
    expect(otherCloses).toEqual([]);
  });
});
