/**
 * Presence over real sockets: what one client puts in its awareness reaches the others only as
 * the presence schema allows, a connection speaks for a few client ids of its own person at most,
 * and stock y-websocket clients (which echo every state they are sent) keep working in a full room.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebSocket } from "ws";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import type { Role } from "@/lib/auth/roles";
import { presenceOf } from "@/lib/collab/presence";
import { CloseCode, MAX_MESSAGE_BYTES, clientProtocols } from "@/lib/collab/protocol";
import { MESSAGE_TOO_LARGE } from "@/server/connection";
import { MessageType, SyncKind, encodeAwarenessEntries, encodeAwarenessMessage, encodeSyncStep1, toBytes } from "@/lib/collab/wire";
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
  type TestUser,
} from "@/test/support/servers";

/** A caret at the end of the narrative, as y-tiptap puts one in awareness. */
const END = { type: null, tname: "narrative", item: null, assoc: -1 };
const CURSOR = { anchor: END, head: END };

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
  owner = await createUser(server.database, "Olivia");
  boardId = (await server.database.createBoard({ title: "Presence", question: "Who is here?" }, owner.id)).id;
  ownerTicket = await memberTicket(server.database, owner, boardId, "owner");
});

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  for (const ws of sockets.splice(0)) ws.terminate();
  await server.stop();
  data.cleanup();
});

async function member(role: Role, name: string): Promise<{ user: TestUser; ticket: string }> {
  const user = await createUser(server.database, name);
  return { user, ticket: await memberTicket(server.database, user, boardId, role) };
}

async function provider(ticket: string, doc?: Y.Doc): Promise<WebsocketProvider> {
  const p = await connectProvider(server.url, boardId, ticket, doc);
  providers.push(p);
  return p;
}

/** A raw socket on the board, and the close the server sent it (or null if none within 10 s). */
async function rawSocket(ticket: string): Promise<{ ws: WebSocket; closed: Promise<{ code: number; reason: string } | null> }> {
  const ws = await openRawSocket(server.url, boardId, clientProtocols(ticket));
  sockets.push(ws);
  const closed = Promise.race([closeOf(ws), new Promise<null>((resolve) => setTimeout(() => resolve(null), 10_000))]);
  return { ws, closed };
}

/** Sends sync step 1 and waits for the answer: everything sent before it has been handled. */
async function roundTrip(ws: WebSocket): Promise<void> {
  await new Promise<void>((resolve) => {
    const onMessage = (data: Buffer) => {
      const bytes = toBytes(data);
      if (bytes[0] !== MessageType.sync || bytes[1] !== SyncKind.step2) return;
      ws.off("message", onMessage);
      resolve();
    };
    ws.on("message", onMessage);
    ws.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
  });
}

function awarenessMessage(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  return encodeAwarenessMessage(encodeAwarenessEntries(entries.map((entry) => ({ ...entry, state: JSON.stringify(entry.state) }))));
}

function roomStates(): Map<number, unknown> {
  return server.server.collab.room(boardId)!.awareness.getStates();
}

describe("presence relayed as the schema allows", () => {
  it("never relays a viewer's malformed cursors or unknown fields: everyone, joiners too, sees them without, under the ticket's name", async () => {
    const observer = await provider(ownerTicket);
    const { user: viewer, ticket } = await member("viewer", "Vera");
    const raw = await rawSocket(ticket);
    raw.ws.send(
      awarenessMessage([
        { clientId: 501, clock: 1, state: { user: presenceOf(owner), cursor: { anchor: null, head: null }, bench: { i: 1 } } },
        { clientId: 502, clock: 1, state: { cursor: "here", map: { selectedPinId: "p1", pointer: [1.5, 2.5] } } },
        { clientId: 503, clock: 1, state: { cursor: { anchor: { type: { client: "1", clock: -1 }, tname: 7, item: null, assoc: "0" }, head: END } } },
        { clientId: 504, clock: 1, state: { cursor: CURSOR, following: "everyone" } },
      ]),
    );
    await roundTrip(raw.ws);

    const vera = presenceOf(viewer);
    const expected = new Map<number, unknown>([
      [501, { user: vera }],
      [502, { user: vera, map: { selectedPinId: "p1", pointer: [1.5, 2.5] } }],
      [503, { user: vera }],
      [504, { user: vera, cursor: CURSOR }],
    ]);
    const joiner = await provider((await member("editor", "Eddie")).ticket);
    for (const states of [roomStates(), observer.awareness.getStates(), joiner.awareness.getStates()]) {
      await eventually(() => {
        for (const [clientId, state] of expected) expect(states.get(clientId)).toEqual(state);
      });
    }
  });
});

describe("client ids", () => {
  it.each([10_000, 100_000])("refuses at once a message naming %i client ids, before reading them; nobody is sent any", async (count) => {
    const observer = await provider(ownerTicket);
    const raw = await rawSocket((await member("viewer", "Vera")).ticket);
    await roundTrip(raw.ws);
    const knownBefore = server.server.collab.room(boardId)!.awareness.meta.size;
    const entries = Array.from({ length: count }, (_, i) => ({ clientId: 1_000_000 + i, clock: 1, state: { cursor: null } }));
    const message = awarenessMessage(entries);

    const sentAt = performance.now();
    raw.ws.send(message);
    const closed = await raw.closed;
    const tookMs = performance.now() - sentAt;

    // A message over MAX_MESSAGE_BYTES (100,000 entries) is refused as a frame, before it is even decoded.
    const reason = message.byteLength > MAX_MESSAGE_BYTES ? MESSAGE_TOO_LARGE : "Too many awareness clients in one message";
    expect(closed).toEqual({ code: CloseCode.tooLarge, reason });
    expect(tookMs).toBeLessThan(1_000);
    expect(server.server.collab.room(boardId)!.awareness.meta.size).toBe(knownBefore);
    const joiner = await provider(ownerTicket);
    for (const states of [observer.awareness.getStates(), joiner.awareness.getStates()]) {
      expect(Array.from(states.keys()).filter((id) => id >= 1_000_000 && id < 1_000_000 + count)).toEqual([]);
    }
  });

  it("refuses a viewer claiming the id of an editor who dropped off; the editor, back, shows under their own name", async () => {
    const observer = await provider(ownerTicket);
    const { user: editorUser, ticket: editorTicket } = await member("editor", "Eddie");
    const editor = await provider(editorTicket);
    const editorId = editor.awareness.clientID;
    const eddie = { user: presenceOf(editorUser), cursor: CURSOR };
    editor.awareness.setLocalStateField("cursor", CURSOR);
    await eventually(() => expect(observer.awareness.getStates().get(editorId)).toEqual(eddie));

    editor.disconnect();
    await eventually(() => expect(roomStates().has(editorId)).toBe(false));
    const { user: viewer, ticket } = await member("viewer", "Vera");
    const raw = await rawSocket(ticket);
    raw.ws.send(awarenessMessage([{ clientId: editorId, clock: 1_000, state: { cursor: CURSOR } }]));
    // The viewer's own id goes through, after the claim: once the observer has it, it has seen all.
    raw.ws.send(awarenessMessage([{ clientId: 777, clock: 1, state: {} }]));
    await eventually(() => expect(observer.awareness.getStates().get(777)).toEqual({ user: presenceOf(viewer) }));
    expect(roomStates().has(editorId)).toBe(false);
    expect(observer.awareness.getStates().has(editorId)).toBe(false);
    expect(await Promise.race([raw.closed, roundTrip(raw.ws).then(() => "open")])).toBe("open");

    editor.connect();
    await eventually(() => {
      editor.awareness.setLocalStateField("cursor", CURSOR); // each change has a newer clock: one overtakes the room's
      expect(observer.awareness.getStates().get(editorId)).toEqual(eddie);
    });
  });

  it("keeps stock clients, which echo every state they are sent, working in a room of more people than one connection may speak for", async () => {
    const people = await Promise.all(["Ana", "Ben", "Cem", "Dia", "Eva", "Fay", "Gus"].map((name) => member("editor", name)));
    const clients = [];
    for (const { ticket } of people) clients.push(await provider(ticket));
    const closes: number[] = [];
    for (const client of clients) client.on("connection-close", (event) => closes.push(event?.code ?? 0));
    clients.forEach((client, i) => client.awareness.setLocalStateField("map", { selectedPinId: `pin${i}`, pointer: null }));

    const everyone = new Map(clients.map((client, i) => [client.awareness.clientID, { user: presenceOf(people[i].user), map: { selectedPinId: `pin${i}`, pointer: null } }]));
    for (const client of clients) {
      await eventually(() => {
        for (const [clientId, state] of everyone) {
          if (clientId !== client.awareness.clientID) expect(client.awareness.getStates().get(clientId)).toEqual(state);
        }
      });
    }
    const late = await provider(ownerTicket);
    await eventually(() => expect(late.awareness.getStates().size).toBe(everyone.size + 1));
    expect(closes).toEqual([]);
  });
});
