/**
 * The benchmark's clients, over a plain `ws` socket so that every server is driven by the same
 * code: the y-websocket protocol (ours and the y-websocket reference) or Hocuspocus's variant
 * (each message prefixed with the document name, an auth message first). Two kinds of client:
 * `FullClient` holds a Y.Doc and applies everything, like an app; `LightClient` parses the
 * frames, times the edits it finds in them and never applies them, so one process can play
 * hundreds of people.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocket } from "ws";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from "y-protocols/awareness";
import * as Y from "yjs";
import { MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS, clientProtocols } from "@/lib/collab/protocol";
import {
  MessageType,
  SyncKind,
  encodeAwarenessEntries,
  encodeAwarenessMessage,
  encodeSyncMessage,
  readAwarenessEntries,
  readAwarenessMessage,
  readMessageType,
  readSyncMessage,
  splitUpdate,
} from "@/lib/collab/wire";

export type ServerKind = "ours" | "yws-memory" | "yws-leveldb" | "hocuspocus";

/** Where a client connects. */
export interface Target {
  kind: ServerKind;
  port: number;
}

/** One room and, for our server, the ticket that admits this client to it. */
export interface Access {
  room: string;
  ticket?: string;
  /**
   * A stock y-websocket client: it does not ask our server for the "saved" signal, and answers
   * every sync step 1 with a step 2. Otherwise a client answers only the first (the join), as our
   * browser client does: what it writes later goes out as it is written.
   */
  stock?: boolean;
}

/** Hocuspocus's sync message that asks for no further step 1. */
const SYNC_REPLY = 4;
const { step1: STEP1, step2: STEP2, update: UPDATE } = SyncKind;

/** Cross-process clock (ms since the epoch, sub-millisecond): every process on the host shares it. */
export const now = (): number => performance.timeOrigin + performance.now();

/** A socket speaking one server's framing; the owner handles sync and awareness payloads. */
export class BenchSocket {
  readonly ws: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly prefix: Uint8Array | null;
  messages = 0;
  bytes = 0;
  /** Messages sent (the stock clients' awareness echoes show here). */
  sent = 0;
  onSync: (kind: number, payload: Uint8Array) => void = () => undefined;
  onAwareness: (update: Uint8Array) => void = () => undefined;

  constructor(target: Target, access: Access) {
    const hocuspocus = target.kind === "hocuspocus";
    const path = target.kind === "ours" ? `/collab/${access.room}` : `/${access.room}`;
    const protocols = target.kind === "ours" ? clientProtocols(access.ticket ?? "", { saved: !access.stock }) : undefined;
    this.prefix = hocuspocus ? encodeString(access.room) : null;
    this.ws = new WebSocket(`ws://127.0.0.1:${target.port}${path}`, protocols, { perMessageDeflate: false });
    this.ws.binaryType = "nodebuffer";
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => resolve());
      this.ws.once("error", reject);
    });
    this.closed = new Promise((resolve) => this.ws.once("close", (code, reason) => resolve({ code, reason: reason.toString() })));
    this.ws.on("error", () => undefined);
    this.ws.on("message", (data: Buffer) => this.receive(data));
    if (hocuspocus) {
      // Hocuspocus queues everything until the auth message (its default config accepts any token).
      void this.opened.then(() => this.send(hocuspocusAuth()), () => undefined);
    }
  }

  /** Sends one message, after the document-name prefix if any. */
  send(message: Uint8Array): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    this.sent += 1;
    if (!this.prefix) return this.ws.send(message);
    const encoder = encoding.createEncoder();
    encoding.writeUint8Array(encoder, this.prefix);
    encoding.writeUint8Array(encoder, message);
    this.ws.send(encoding.toUint8Array(encoder));
  }

  sendSync(kind: number, payload: Uint8Array): void {
    this.send(encodeSyncMessage(kind, payload));
  }

  sendAwareness(update: Uint8Array): void {
    this.send(encodeAwarenessMessage(update));
  }

  close(): void {
    this.ws.terminate();
  }

  private receive(data: Buffer): void {
    this.messages += 1;
    this.bytes += data.byteLength;
    const decoder = decoding.createDecoder(data);
    if (this.prefix) decoding.readVarString(decoder);
    const type = readMessageType(decoder);
    if (type === MessageType.sync || type === SYNC_REPLY) {
      const { kind, payload } = readSyncMessage(decoder);
      this.onSync(kind, payload);
    } else if (type === MessageType.awareness) {
      this.onAwareness(readAwarenessMessage(decoder));
    }
  }
}

function encodeString(value: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, value);
  return encoding.toUint8Array(encoder);
}

/**
 * Hocuspocus's auth message (a token; its default configuration accepts any). Its own framing,
 * not ours: our server takes the ticket from the subprotocol and ignores this message type.
 */
function hocuspocusAuth(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarString(encoder, "bench");
  return encoding.toUint8Array(encoder);
}

/** Origin of updates applied from the server: they are not sent back. */
const REMOTE = Symbol("remote");

/** A y-websocket client that holds a Y.Doc and applies everything (like the app's provider). */
export class FullClient {
  readonly socket: BenchSocket;
  readonly doc: Y.Doc;
  /** Time the first sync step 2 was applied (y-websocket's `synced`). */
  syncedAt: number | null = null;
  readonly synced: Promise<void>;
  /** Arrival time of the last sync message from the server. */
  receivedAt = 0;
  /** Called after every applied message from the server, with the raw update. */
  onApplied: (payload: Uint8Array) => void = () => undefined;
  /** Called with the server's state vector (sync step 1: on join, and after each commit on ours). */
  onServerState: (stateVector: Uint8Array) => void = () => undefined;
  /** While true, local updates are queued instead of sent (`release` sends them back to back). */
  holding = false;
  private held: Uint8Array[] = [];
  private markSynced!: () => void;

  /** Sends every held update, one message each, back to back. */
  release(): void {
    this.holding = false;
    for (const update of this.held) this.socket.sendSync(UPDATE, update);
    this.held = [];
  }

  /** Whether a step 1 was answered yet, and whether every one is (see Access.stock). */
  private answered = false;
  private readonly stock: boolean;

  constructor(target: Target, access: Access, doc = new Y.Doc()) {
    this.doc = doc;
    this.stock = access.stock === true;
    this.socket = new BenchSocket(target, access);
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
    this.socket.onSync = (kind, payload) => this.handleSync(kind, payload);
    void this.socket.opened.then(() => this.socket.sendSync(STEP1, Y.encodeStateVector(doc)), () => undefined);
    doc.on("update", (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return;
      if (this.holding) this.held.push(update);
      else this.socket.sendSync(UPDATE, update);
    });
  }

  private handleSync(kind: number, payload: Uint8Array): void {
    this.receivedAt = now();
    if (kind === STEP1) {
      this.onServerState(payload);
      if (this.answered && !this.stock) return;
      this.answered = true;
      // In parts under the per-update limit, as our browser client sends a large sync (the cold-load upload).
      const parts = splitUpdate(Y.encodeStateAsUpdate(this.doc, payload), { maxBytes: MAX_UPDATE_BYTES, maxStructs: MAX_UPDATE_STRUCTS });
      for (const part of parts) this.socket.sendSync(STEP2, part);
      return;
    }
    Y.applyUpdate(this.doc, payload, REMOTE);
    if (kind === STEP2 && this.syncedAt === null) {
      this.syncedAt = now();
      this.markSynced();
    }
    this.onApplied(payload);
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}

/**
 * A client that never applies what it receives: it answers the handshake from a private Y.Doc
 * holding only its own edits (valid updates of the shared document, since they depend on nothing
 * else) and hands every received update to `onUpdate` unparsed.
 */
export class LightClient {
  readonly socket: BenchSocket;
  readonly doc = new Y.Doc();
  readonly synced: Promise<void>;
  onUpdate: (payload: Uint8Array) => void = () => undefined;
  private markSynced!: () => void;
  private isSynced = false;

  constructor(target: Target, access: Access) {
    this.socket = new BenchSocket(target, access);
    this.synced = new Promise((resolve) => (this.markSynced = resolve));
    let answered = false;
    this.socket.onSync = (kind, payload) => {
      if (kind === STEP1) {
        if (answered && !access.stock) return;
        answered = true;
        return this.socket.sendSync(STEP2, Y.encodeStateAsUpdate(this.doc, payload));
      }
      if (kind === STEP2 && !this.isSynced) {
        this.isSynced = true;
        this.markSynced();
      }
      this.onUpdate(payload);
    };
    void this.socket.opened.then(() => this.socket.sendSync(STEP1, Y.encodeStateVector(new Y.Doc())), () => undefined);
    this.doc.on("update", (update: Uint8Array) => this.socket.sendSync(UPDATE, update));
  }

  close(): void {
    this.socket.close();
    this.doc.destroy();
  }
}

/** A person's awareness as the fan-out's stock clients keep it: set a field, and it is sent. */
export interface StockPresence {
  setField(field: string, value: unknown): void;
  destroy(): void;
}

/**
 * The awareness of y-websocket 1.5.4's WebsocketProvider on a full client: a y-protocols
 * Awareness whose every 'update' is sent to the server, whatever its origin, so each state
 * received that is new to this client goes back to the server once more (the server drops the
 * echo: its clock is not newer). The local state goes out when the socket opens. Call before the
 * socket opens.
 */
export function stockAwareness(client: FullClient, state: Record<string, unknown>): StockPresence {
  const awareness = new Awareness(client.doc);
  awareness.setLocalState(state);
  awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    client.socket.sendAwareness(encodeAwarenessUpdate(awareness, added.concat(updated, removed)));
  });
  client.socket.onAwareness = (update) => applyAwarenessUpdate(awareness, update, client);
  void client.socket.opened.then(() => client.socket.sendAwareness(encodeAwarenessUpdate(awareness, [client.doc.clientID])), () => undefined);
  return {
    setField: (field, value) => awareness.setLocalStateField(field, value),
    destroy: () => awareness.destroy(),
  };
}

/**
 * What the stock provider's awareness amounts to on the wire, for a light client that keeps no
 * Awareness: its own state with a clock, sent on open and on each change, and every received
 * entry whose clock is newer than the last one seen for that client sent back, re-encoded (the
 * stock client re-sends exactly the states its Awareness took in). Call before the socket opens.
 */
export function lightStockAwareness(client: LightClient, state: Record<string, unknown>): StockPresence {
  const clientId = client.doc.clientID;
  let clock = 0;
  let current = { ...state };
  const clocks = new Map<number, number>([[clientId, clock]]);
  const sendOwn = () => client.socket.sendAwareness(encodeAwarenessEntries([{ clientId, clock, state: JSON.stringify(current) }]));
  client.socket.onAwareness = (update) => {
    const fresh = [];
    for (const entry of readAwarenessEntries(update)) {
      if (entry.clientId === clientId || entry.clock <= (clocks.get(entry.clientId) ?? -1)) continue;
      clocks.set(entry.clientId, entry.clock);
      fresh.push(entry);
    }
    if (fresh.length > 0) client.socket.sendAwareness(encodeAwarenessEntries(fresh));
  };
  void client.socket.opened.then(sendOwn, () => undefined);
  return {
    setField(field, value) {
      current = { ...current, [field]: value };
      clocks.set(clientId, ++clock);
      sendOwn();
    },
    destroy: () => undefined,
  };
}

/** Whether `doc` holds everything a document with state vector `expected` holds. */
export function covers(doc: Y.Doc, expected: Map<number, number>): boolean {
  const state = Y.decodeStateVector(Y.encodeStateVector(doc));
  for (const [client, clock] of expected) if ((state.get(client) ?? 0) < clock) return false;
  return true;
}

/** Edit markers carried in the edited text: `@@<client>.<seq>.<time in µs>@@`. */
export function marker(client: number, seq: number, time: number): string {
  return `@@${client}.${seq}.${Math.round(time * 1000)}@@`;
}

const OPEN = Buffer.from("@@");

/**
 * Every marker in an encoded update, read straight from its bytes (Yjs stores strings as UTF-8),
 * without decoding the update. `time` is in ms.
 */
export function markersIn(payload: Uint8Array, found: (client: number, seq: number, time: number) => void): void {
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  let at = bytes.indexOf(OPEN);
  while (at !== -1) {
    const end = bytes.indexOf(OPEN, at + 2);
    if (end === -1) return;
    const parts = bytes.toString("latin1", at + 2, end).split(".");
    const [client, seq, micros] = parts.map(Number);
    if (parts.length === 3 && Number.isInteger(client) && Number.isInteger(seq) && Number.isInteger(micros)) {
      found(client, seq, micros / 1000);
      at = bytes.indexOf(OPEN, end + 2);
    } else {
      at = end;
    }
  }
}
