/**
 * The collaboration server: the standard y-websocket protocol (y-protocols sync + awareness over
 * `ws`) with the rules of lib/collab/protocol.ts. This file takes upgrades (origin, subprotocol,
 * room name, admission) and wires the parts together: each socket becomes a Connection
 * (connection.ts) on a Room (room.ts) that the registry (registry.ts) loads from storage before
 * anyone is answered. Role changes close the affected sockets; shutdown flushes every room.
 */
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, WebSocket } from "ws";
import {
  type BoardLimits,
  COLLAB_PATH,
  CloseCode,
  MAX_MESSAGE_BYTES,
  MAX_SOCKETS_PER_PERSON_PER_BOARD,
  SUBPROTOCOL,
  parseRoomName,
  readsSaved,
  roomFromPath,
  type RoomName,
} from "@/lib/collab/protocol";
import type { AccessEvents } from "@/lib/collab/access-events";
import type { DocStore } from "@/lib/db/doc-store";
import { claimCreatorClient } from "@/lib/board/model";
import type { NewNotification } from "@/lib/notifications";
import { isAllowedOrigin, type Admit } from "./admission";
import type { ClientIdStore } from "./client-ids";
import { Connection, MESSAGE_TOO_LARGE } from "./connection";
import type { Fanout } from "./fanout";
import { createRoomRegistry, type RoomWriter } from "./registry";
import { applyReviewCommands } from "./review-writes";
import type { Room, RoomHooks } from "./room";

export interface CollabServerOptions {
  store: DocStore;
  /** Who owns each client id of a board (client-ids.ts); without it owners are kept in memory only. */
  clientIds?: ClientIdStore;
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
  /** Size limits of each board (BOARD_MAX_BYTES, BOARD_MAX_ITEMS); none when absent. */
  boardLimits?: BoardLimits;
  /** Stores (and emails) the notifications review changes cause; none are made when absent. */
  notify?: (notifications: NewNotification[]) => Promise<unknown>;
}

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
  const rooms = createRoomRegistry(options);
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

  /** Every admitted connection by board, including those still waiting for their room to load. */
  const admitted = new Map<string, Set<Connection>>();
  const stopListening = options.accessEvents?.subscribe(({ boardId, userId }) => {
    for (const connection of admitted.get(boardId) ?? []) {
      if (userId === null || connection.userId === userId) {
        connection.close(CloseCode.forbidden, "Your access to this board changed");
      }
    }
  });

  const notify = options.notify;
  const stopReviewCommands = applyReviewCommands(
    rooms.writeRoom,
    notify && {
      notify,
      async claimAuthor(boardId, claimId) {
        const roomName = parseRoomName(boardId);
        if (!roomName) return null;
        const room = await rooms.open(roomName);
        try {
          const client = claimCreatorClient(room.doc, claimId);
          if (client === null) return null;
          return room.clientIdOwners.ownerOf(client) ?? (await options.clientIds?.owners(boardId))?.get(client) ?? null;
        } finally {
          if (room.peers.size === 0) void rooms.unloadIfEmpty(room);
        }
      },
    },
  );

  /** Sockets `userId` holds open on a board (both rooms); counted when admitting, before anything loads. */
  function socketsHeld(boardId: string, userId: string): number {
    let held = 0;
    for (const connection of admitted.get(boardId) ?? []) if (!connection.closed && connection.userId === userId) held++;
    return held;
  }

  async function accept(ws: WebSocket, request: IncomingMessage, roomName: RoomName): Promise<void> {
    const connection = new Connection(ws, readsSaved(request.headers["sec-websocket-protocol"]));
    // Once shutdown begins nothing new is applied: what was received is flushed, the rest is
    // still held by the clients, which never saw it saved and send it again on reconnect.
    ws.on("message", (data, isBinary) => !closing && connection.receive(data, isBinary));
    ws.on("pong", () => ((ws as WebSocket & { alive?: boolean }).alive = true));
    ws.on("error", () => undefined);

    const admission = await options.admit(request, roomName);
    if ("code" in admission) return connection.close(admission.code, admission.reason);
    if (connection.closed) return;
    if (socketsHeld(roomName.boardId, admission.user.id) >= MAX_SOCKETS_PER_PERSON_PER_BOARD) {
      return connection.close(CloseCode.rateLimited, "Too many open connections to this board; close another tab");
    }
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
      room = await rooms.open(roomName);
    } catch (error) {
      console.error(`[collab] could not load room ${roomName.name}:`, error);
      return connection.close(CloseCode.unavailable, "The board could not be loaded; try again shortly");
    }
    if (connection.closed) {
      if (room.peers.size === 0) void rooms.unloadIfEmpty(room);
      return;
    }
    ws.on("close", () => {
      if (room.leave(connection)) void rooms.unloadIfEmpty(room);
    });
    connection.attach(room);
  }

  return {
    handles(request) {
      const pathname = pathOf(request);
      return pathname === COLLAB_PATH || pathname.startsWith(COLLAB_PATH + "/");
    },

    handleUpgrade(request, socket, head) {
      if (closing) {
        socket.destroy();
        return;
      }
      if (!isAllowedOrigin(request, options.allowedOrigins ?? [])) {
        refuseUpgrade(socket, "403 Forbidden");
        return;
      }
      // The room is decided before the upgrade: a path that names no room gets a plain 400, and
      // nothing in the upgrade callback below can throw on what a client sent.
      const name = roomFromPath(pathOf(request));
      const roomName = name ? parseRoomName(name) : null;
      if (!roomName) {
        refuseUpgrade(socket, "400 Bad Request");
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        mapOversizeCloseTo4413(ws);
        accept(ws, request, roomName).catch((error) => {
          console.error("[collab] connection failed:", error);
          ws.close(CloseCode.unavailable, "Server error");
        });
      });
    },

    roomCount: () => rooms.count(),

    room: (name) => rooms.get(name),

    writeRoom: rooms.writeRoom,

    async close() {
      closing = true;
      stopReviewCommands();
      clearInterval(heartbeat);
      stopListening?.();
      await rooms.close();
      for (const ws of wss.clients) ws.close(CloseCode.goingAway, "Server shutting down");
      wss.close();
    },
  };
}

/**
 * The path of a request's target without its query, for any target a client may send (`//`,
 * absolute-form, garbage): `new URL` throws on some, so the path is cut out by hand.
 */
function pathOf(request: IncomingMessage): string {
  const target = request.url ?? "/";
  const path = target.startsWith("/") ? target : target.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, "");
  return path.split(/[?#]/, 1)[0];
}

/** Answers an upgrade with a plain HTTP status instead of a socket. */
function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * ws closes a socket whose frame exceeds maxPayload with 1009; the protocol contract says 4413,
 * so that one code is translated for this socket.
 */
function mapOversizeCloseTo4413(ws: WebSocket): void {
  const close = ws.close.bind(ws);
  ws.close = (code?: number, reason?: string | Buffer) =>
    code === 1009 ? close(CloseCode.tooLarge, MESSAGE_TOO_LARGE) : close(code, reason);
}
