/**
 * How code outside the collaboration server (the review server actions) changes a room that only
 * the server may write. The collaboration server registers itself here; in one process the
 * registration lives on globalThis, because Next bundles server actions separately from the
 * server that created it. This module imports nothing heavy, so route code may import it.
 */
import * as Y from "yjs";
import { processSlot } from "@/lib/singleton";

/**
 * Hands `change` the room's state as an update and applies the update it returns, then resolves
 * once that is durable. Only bytes cross: Next's server bundle and the server process each load
 * their own copy of Yjs, and Yjs objects must never pass from one copy to the other.
 */
export type RoomWriter = (roomName: string, change: (state: Uint8Array) => Uint8Array | null) => Promise<void>;

const registered = processSlot<RoomWriter>("room-writer");

/** Makes `writer` the process-wide writer; returns a function that withdraws it (if still current). */
export function registerRoomWriter(writer: RoomWriter): () => void {
  registered.set(writer);
  return () => {
    if (registered.get() === writer) registered.clear();
  };
}

/**
 * Changes a room as the server: connected clients receive the change at once and it is stored
 * with the room's next grouped commit; resolves once it is stored. Rejects when no collaboration
 * server runs in this process (the change is then not written anywhere).
 */
export function writeRoom(roomName: string, change: (doc: Y.Doc) => void): Promise<void> {
  const writer = registered.get();
  if (!writer) return Promise.reject(new Error("No collaboration server runs in this process"));
  return writer(roomName, (state) => {
    // The change runs on a copy made with this module's Yjs; what it wrote goes back as bytes.
    // What `change` writes before it throws is dropped with the copy.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, state);
    const before = Y.encodeStateVector(copy);
    let changed = false;
    copy.on("update", () => (changed = true));
    change(copy);
    const update = changed ? Y.encodeStateAsUpdate(copy, before) : null;
    copy.destroy();
    return update;
  });
}
