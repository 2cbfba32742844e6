/**
 * The open rooms of this process: each is loaded once however many connections ask for it at
 * the same time, and unloaded once its last connection has left and every write is durable.
 * With a fan-out, each open room is checked against the database periodically (what the fan-out
 * did not bring, other instances' updates never confirmed). The server's own writes to a room
 * (writeRoom) go through here too, so they meet the room its connections use.
 */
import * as Y from "yjs";
import { parseRoomName, type BoardLimits, type RoomName } from "@/lib/collab/protocol";
import type { DocStore } from "@/lib/db/doc-store";
import type { ClientIdStore } from "./client-ids";
import type { Fanout } from "./fanout";
import { FROM_SERVER, Room, type RoomHooks } from "./room";

export interface RoomRegistryOptions {
  store: DocStore;
  /** Who owns each client id of a board (client-ids.ts); without it owners are kept in memory only. */
  clientIds?: ClientIdStore;
  hooks?: RoomHooks;
  /** Several instances: updates and awareness of each open room go to the others through it. */
  fanout?: Fanout;
  /**
   * With a fan-out, how often (ms) each open room reads the database for what the fan-out did
   * not bring, and stores other instances' unconfirmed updates; 0 turns it off.
   */
  reconvergeMs?: number;
  /** Size limits of each board room (none when absent); review rooms are written by the server only. */
  boardLimits?: BoardLimits;
}

/**
 * Changes a room as the server (origin FROM_SERVER: sent to every client, stored, and passed to
 * other instances through the fan-out) and resolves once the change is durable. A room nobody
 * has open is loaded for the write and unloaded again. `change` runs on a copy of the room's
 * document: if it throws, nothing of what it wrote reaches the room.
 */
export type RoomWriter = (name: string, change: (doc: Y.Doc) => void) => Promise<void>;

export interface RoomRegistry {
  /**
   * The loaded room of that name, loaded when needed; a room unloaded while this waited is loaded
   * afresh. Rejects when storage fails.
   */
  open(roomName: RoomName): Promise<Room>;
  /**
   * Unloads `room` once it has no peer and everything it received is durable. Once closing,
   * does nothing: the rooms are flushed, and a room emptied by the shutdown stays as it is.
   */
  unloadIfEmpty(room: Room): Promise<void>;
  writeRoom: RoomWriter;
  /** Number of rooms held in memory, loading ones included. */
  count(): number;
  /** The loaded room of that name, if any. */
  get(name: string): Room | undefined;
  /**
   * Refuses further writes and unloads, waits for the loads under way, flushes every room, then
   * waits for the unloads under way: their unload hooks (an automatic version of a board its last
   * person left) have run when it resolves, before the caller closes the database.
   */
  close(): Promise<void>;
}

export function createRoomRegistry(options: RoomRegistryOptions): RoomRegistry {
  const rooms = new Map<string, Promise<Room>>();
  const loaded = new Map<string, Room>();
  let closing = false;
  /** Unloads under way (see `close`). */
  const unloading = new Set<Promise<void>>();

  function openRoom(roomName: RoomName): Promise<Room> {
    const { name } = roomName;
    let room = rooms.get(name);
    if (!room) {
      room = Room.load(roomName, options.store, options.hooks, options.fanout, options.clientIds, roomName.kind === "board" ? options.boardLimits : undefined).then(
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

  async function open(roomName: RoomName): Promise<Room> {
    let room: Room;
    do room = await openRoom(roomName);
    while (room.isDestroyed);
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
                console.error(`[collab] room ${room.roomName.name}: database check failed:`, error instanceof Error ? error.message : error),
              )
              .finally(() => checking.delete(room));
          }
        }, reconvergeMs)
      : null;
  reconverge?.unref();

  function unloadIfEmpty(room: Room): Promise<void> {
    if (closing) return Promise.resolve();
    const unload = unloadNow(room).finally(() => unloading.delete(unload));
    unloading.add(unload);
    return unload;
  }

  async function unloadNow(room: Room): Promise<void> {
    try {
      await room.flush(true);
    } catch {
      return; // still dirty: the room stays loaded and keeps retrying its commit
    }
    const { name } = room.roomName;
    if (room.peers.size === 0 && !room.dirty && rooms.has(name)) {
      rooms.delete(name);
      loaded.delete(name);
      try {
        options.hooks?.onEmpty?.(room);
      } catch (error) {
        console.error(`[collab] room ${name}: unload hook failed:`, error);
      }
      room.destroy();
    }
  }

  async function writeRoom(name: string, change: (doc: Y.Doc) => void): Promise<void> {
    if (closing) throw new Error("The collaboration server is shutting down");
    const roomName = parseRoomName(name);
    if (!roomName) throw new Error(`No such room: ${name}`);
    // Going through the room (loading it when needed) rather than appending beside it: a
    // connection that loads the room meanwhile then cannot miss the change.
    const room = await open(roomName);
    try {
      // Read and write with no await between: nothing can change the room in the meantime.
      const update = changeOnCopy(room.doc, change);
      if (update) Y.applyUpdate(room.doc, update, FROM_SERVER);
      await room.flush();
    } finally {
      if (room.peers.size === 0) void unloadIfEmpty(room);
    }
  }

  return {
    open,
    unloadIfEmpty,
    writeRoom,
    count: () => rooms.size,
    get: (name) => loaded.get(name),
    async close() {
      closing = true;
      if (reconverge) clearInterval(reconverge);
      await Promise.allSettled(rooms.values());
      const flushed = await Promise.allSettled(Array.from(loaded.values(), (room) => room.flush(true)));
      for (const result of flushed) {
        if (result.status === "rejected") console.error("[collab] could not flush a room on shutdown:", result.reason);
      }
      await Promise.allSettled(Array.from(unloading));
    },
  };
}

/** What `change` writes to a copy of `doc`, as an update; null when it writes nothing. */
function changeOnCopy(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array | null {
  const copy = new Y.Doc();
  try {
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    const before = Y.encodeStateVector(copy);
    let changed = false;
    copy.on("update", () => (changed = true));
    change(copy);
    return changed ? Y.encodeStateAsUpdate(copy, before) : null;
  } finally {
    copy.destroy();
  }
}
