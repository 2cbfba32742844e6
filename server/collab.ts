/**
 * The collaboration server: the standard y-websocket protocol (y-protocols sync + awareness over
 * `ws`) with the rules of lib/collab/protocol.ts. It owns the open rooms, loads each from storage
 * before answering anyone, and closes only the offending socket when a message is bad.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { WebSocketServer, type RawData, WebSocket } from "ws";
import {
  COLLAB_PATH,
  CloseCode,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_WHILE_LOADING,
  MESSAGE_BURST,
  MESSAGES_PER_SECOND,
  SUBPROTOCOL,
  parseRoomName,
  roomFromPath,
  type RoomName,
} from "@/lib/collab/protocol";
import { assertValidUpdate, type DocStore } from "@/lib/db/doc-store";
import type { AccessEvents } from "@/lib/collab/access-events";
import { isAllowedOrigin, type Admission, type Admit } from "./admission";
import { AwarenessTooLarge, filterAwarenessUpdate } from "./awareness";
import type { Fanout } from "./fanout";
import { FROM_SERVER, MessageType, Room, readSyncMessage, type RoomHooks, type RoomPeer } from "./room";
import { registerRoomWriter, type RoomWriter } from "./room-writer";

export interface CollabServerOptions {
  store: DocStore;
  /** Admits or refuses a connection to a room (close code + reason) before anything is loaded. */
  admit: Admit;
  /** Origins besides the app's own whose pages may connect. */
  allowedOrigins?: readonly string[];
  /** Role changes and removals: the affected connections are closed with 4403. */
  accessEvents?: AccessEvents;
  hooks?: RoomHooks;
  /** Several instances: updates and awareness of each open room go to the others through it. */
  fanout?: Fanout;
  /**
   * With a fan-out, how often (ms) each open room reads the database for what the fan-out did
   * not bring, and stores other instances' unconfirmed updates; 0 turns it off.
   */
  reconvergeMs?: number;
}

/** Read-only connections may try to write this many times before they are closed with 4403. */
const READ_ONLY_STRIKES = 3;
/** Sockets that answer no ping within this interval are dropped. */
const HEARTBEAT_MS = 30_000;

export interface CollabServer {
  /** True when the request is a WebSocket upgrade for the collaboration server. */
  handles(request: IncomingMessage): boolean;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Number of rooms held in memory (for tests and metrics). */
  roomCount(): number;
  /** The loaded room of that name, if any (for tests and metrics). */
  room(name: string): Room | undefined;
  /**
   * Changes a room as the server (origin FROM_SERVER: sent to every client, stored, and passed to
   * other instances through the fan-out) and resolves once the change is durable. A room nobody
   * has open is loaded for the write and unloaded again.
   */
  writeRoom: RoomWriter;
  /** Flushes every room, then closes every socket with 1001. */
  close(): Promise<void>;
}

export function createCollabServer(options: CollabServerOptions): CollabServer {
  const wss = new WebSocketServer({
    noServer: true,
    // Backstop only: oversized frames are cut off here and reported as 4413 below.
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols) => (protocols.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });
  const rooms = new Map<string, Promise<Room>>();
  const loaded = new Map<string, Room>();
  let closing = false;

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      const alive = ws as WebSocket & { alive?: boolean };
      if (alive.alive === false) ws.terminate();
      else {
        alive.alive = false;
        ws.ping();
      }
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  function openRoom(name: string): Promise<Room> {
    let room = rooms.get(name);
    if (!room) {
      room = Room.load(name, options.store, options.hooks, options.fanout).then(
        (opened) => {
          loaded.set(name, opened);
          return opened;
        },
        (error: unknown) => {
          rooms.delete(name);
          throw error;
        },
      );
      rooms.set(name, room);
    }
    return room;
  }

  const reconvergeMs = options.reconvergeMs ?? 5_000;
  const checking = new Set<Room>();
  const reconverge =
    options.fanout && reconvergeMs > 0
      ? setInterval(() => {
          for (const room of loaded.values()) {
            if (checking.has(room)) continue;
            checking.add(room);
            room.sweepUnconfirmed();
            room
              .catchUp()
              .catch((error: unknown) =>
                console.error(`[collab] room ${room.name}: database check failed:`, error instanceof Error ? error.message : error),
              )
              .finally(() => checking.delete(room));
          }
        }, reconvergeMs)
      : null;
  reconverge?.unref();

  async function unloadIfEmpty(room: Room): Promise<void> {
    try {
      await room.flush(true);
    } catch {
      return; // still dirty: the room stays loaded and keeps retrying its commit
    }
    if (room.peers.size === 0 && !room.dirty && rooms.has(room.name)) {
      rooms.delete(room.name);
      loaded.delete(room.name);
      room.destroy();
    }
  }

  /** Every admitted connection by board, including those still waiting for their room to load. */
  const admitted = new Map<string, Set<Connection>>();
  const stopListening = options.accessEvents?.subscribe(({ boardId, userId }) => {
    for (const connection of admitted.get(boardId) ?? []) {
      if (userId === null || connection.userId === userId) {
        connection.close(CloseCode.forbidden, "Your access to this board changed");
      }
    }
  });

  async function writeRoom(name: string, change: (state: Uint8Array) => Uint8Array | null): Promise<void> {
    if (closing) throw new Error("The collaboration server is shutting down");
    if (!parseRoomName(name)) throw new Error(`No such room: ${name}`);
    // Going through the room (loading it when needed) rather than appending beside it: a
    // connection that loads the room meanwhile then cannot miss the change.
    let room: Room;
    do room = await openRoom(name);
    while (room.isDestroyed);
    try {
      // Read and write with no await between: nothing can change the room in the meantime.
      const update = change(Y.encodeStateAsUpdate(room.doc));
      if (update) Y.applyUpdate(room.doc, update, FROM_SERVER);
      await room.flush();
    } finally {
      if (room.peers.size === 0) void unloadIfEmpty(room);
    }
  }
  const unregisterWriter = registerRoomWriter(writeRoom);

  async function accept(ws: WebSocket, request: IncomingMessage, roomName: RoomName): Promise<void> {
    const connection = new Connection(ws);
    // Once shutdown begins nothing new is applied: what was received is flushed, the rest is
    // still held by the clients, which never saw it saved and send it again on reconnect.
    ws.on("message", (data, isBinary) => !closing && connection.receive(data, isBinary));
    ws.on("pong", () => ((ws as WebSocket & { alive?: boolean }).alive = true));
    ws.on("error", () => undefined);

    const admission = await options.admit(request, roomName);
    if ("code" in admission) return connection.close(admission.code, admission.reason);
    if (connection.closed) return;
    connection.admit(admission);
    let onBoard = admitted.get(roomName.boardId);
    if (!onBoard) admitted.set(roomName.boardId, (onBoard = new Set()));
    onBoard.add(connection);
    ws.on("close", () => {
      onBoard.delete(connection);
      if (onBoard.size === 0 && admitted.get(roomName.boardId) === onBoard) admitted.delete(roomName.boardId);
    });

    let room: Room;
    try {
      // A room that was unloaded while this connection waited is loaded afresh.
      do room = await openRoom(roomName.name);
      while (room.isDestroyed);
    } catch (error) {
      console.error(`[collab] could not load room ${roomName.name}:`, error);
      return connection.close(CloseCode.unavailable, "The board could not be loaded; try again shortly");
    }
    if (connection.closed) {
      if (room.peers.size === 0) void unloadIfEmpty(room);
      return;
    }
    ws.on("close", () => {
      if (room.leave(connection)) void unloadIfEmpty(room);
    });
    connection.attach(room);
  }

  return {
    handles(request) {
      const { pathname } = new URL(request.url ?? "/", "http://localhost");
      return pathname === COLLAB_PATH || pathname.startsWith(COLLAB_PATH + "/");
    },

    handleUpgrade(request, socket, head) {
      if (closing) {
        socket.destroy();
        return;
      }
      if (!isAllowedOrigin(request, options.allowedOrigins ?? [])) {
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        mapOversizeCloseTo4413(ws);
        const url = new URL(request.url ?? "/", "http://localhost");
        const name = roomFromPath(url.pathname);
        const roomName = name ? parseRoomName(name) : null;
        if (!roomName) {
          ws.close(CloseCode.notFound, "No such room");
          return;
        }
        accept(ws, request, roomName).catch((error) => {
          console.error("[collab] connection failed:", error);
          ws.close(CloseCode.unavailable, "Server error");
        });
      });
    },

    roomCount: () => rooms.size,

    room: (name) => loaded.get(name),

    writeRoom,

    async close() {
      closing = true;
      unregisterWriter();
      clearInterval(heartbeat);
      if (reconverge) clearInterval(reconverge);
      stopListening?.();
      await Promise.allSettled(rooms.values());
      const flushed = await Promise.allSettled(Array.from(loaded.values(), (room) => room.flush(true)));
      for (const result of flushed) {
        if (result.status === "rejected") console.error("[collab] could not flush a room on shutdown:", result.reason);
      }
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, "Server shutting down");
      wss.close();
    },
  };
}

/**
 * ws closes a socket whose frame exceeds maxPayload with 1009; the protocol contract says 4413,
 * so that one code is translated for this socket.
 */
function mapOversizeCloseTo4413(ws: WebSocket): void {
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) =>
    code === 1009 ? close(CloseCode.tooLarge, "Message too large") : close(code, reason);
}

/** One client socket: decodes its messages and applies what its rights allow. */
class Connection implements RoomPeer {
  private room: Room | null = null;
  private admission: Admission | null = null;
  private strikes = 0;
  private tokens = MESSAGE_BURST;
  private refilledAt = Date.now();
  private queue: Array<[RawData, boolean]> = [];
  closed = false;

  constructor(private readonly ws: WebSocket) {
    ws.on("close", () => (this.closed = true));
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.ws.close(code, reason);
  }

  get userId(): string | null {
    return this.admission?.user.id ?? null;
  }

  /** Records the rights decided at admission; messages wait until the room is attached. */
  admit(admission: Admission): void {
    this.admission = admission;
  }

  /** Joins the room once it is loaded, then handles what arrived meanwhile. */
  attach(room: Room): void {
    this.room = room;
    room.join(this);
    const queued = this.queue;
    this.queue = [];
    for (const [data, isBinary] of queued) this.receive(data, isBinary);
  }

  receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!this.takeToken()) return this.close(CloseCode.rateLimited, "Too many messages");
    if (!this.room || !this.admission) {
      if (this.queue.length >= MAX_MESSAGES_WHILE_LOADING) return this.close(CloseCode.rateLimited, "Too many messages");
      this.queue.push([data, isBinary]);
      return;
    }
    const bytes = toBytes(data);
    if (bytes.byteLength > MAX_MESSAGE_BYTES) return this.close(CloseCode.tooLarge, "Message too large");
    if (!isBinary) return this.close(CloseCode.malformed, "Expected a binary message");
    try {
      this.handle(this.room, this.admission, bytes);
    } catch (error) {
      if (error instanceof AwarenessTooLarge) this.close(CloseCode.tooLarge, "Awareness state too large");
      else this.close(CloseCode.malformed, "Malformed message");
    }
  }

  /** Token bucket: MESSAGE_BURST at once, MESSAGES_PER_SECOND sustained. */
  private takeToken(): boolean {
    const now = Date.now();
    this.tokens = Math.min(MESSAGE_BURST, this.tokens + ((now - this.refilledAt) / 1000) * MESSAGES_PER_SECOND);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private handle(room: Room, admission: Admission, bytes: Uint8Array): void {
    const decoder = decoding.createDecoder(bytes);
    const type = decoding.readVarUint(decoder);
    switch (type) {
      case MessageType.sync: {
        const { kind, payload } = readSyncMessage(decoder);
        assertFullyRead(decoder);
        if (kind === syncProtocol.messageYjsSyncStep1) {
          Y.decodeStateVector(payload);
          for (const message of room.syncStep2(payload)) this.send(message);
        } else if (kind === syncProtocol.messageYjsSyncStep2 || kind === syncProtocol.messageYjsUpdate) {
          assertValidUpdate(payload);
          if (admission.readOnly) {
            // Stock clients answer the server's sync step 1 with an empty step 2: not a write attempt.
            if (!isEmptyUpdate(payload)) this.refuseWrite();
            return;
          }
          room.applyUpdate(payload, this);
        } else {
          throw new Error(`unknown sync message ${kind}`);
        }
        return;
      }
      case MessageType.awareness: {
        const update = decoding.readVarUint8Array(decoder);
        assertFullyRead(decoder);
        const owned = room.peers.get(this);
        const allowed = filterAwarenessUpdate(
          update,
          (clientId) => owned?.has(clientId) || !isOwnedByOther(room, this, clientId),
          admission.user,
          admission.mayPresent === true,
        );
        if (allowed) room.applyAwareness(allowed, this);
        return;
      }
      case MessageType.queryAwareness: {
        assertFullyRead(decoder);
        const everyone = room.awarenessMessage();
        if (everyone) this.send(everyone);
        return;
      }
      case MessageType.auth:
        return; // tickets travel in the subprotocol; the auth message carries nothing for us
      default:
        throw new Error(`unknown message type ${type}`);
    }
  }

  private refuseWrite(): void {
    this.strikes += 1;
    if (this.strikes >= READ_ONLY_STRIKES) this.close(CloseCode.forbidden, "This connection is read-only");
  }
}

function isOwnedByOther(room: Room, self: RoomPeer, clientId: number): boolean {
  for (const [peer, clients] of room.peers) if (peer !== self && clients.has(clientId)) return true;
  return false;
}

function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

function assertFullyRead(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes after the message");
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
