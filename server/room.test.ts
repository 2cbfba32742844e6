/**
 * A room with a fan-out: subscribed before it loads, so an update another instance sends during
 * the load is applied on top of the stored state; updates from other instances are not stored
 * by this one unless their writer never confirms them.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DocStore, StoredRoom } from "@/lib/db/doc-store";
import type { Fanout, RoomChannel, RoomFeed } from "./fanout";
import { Room, UNCONFIRMED_GRACE_MS } from "./room";

function updateSetting(key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap("test").set(key, value);
  return Y.encodeStateAsUpdate(doc);
}

/** A store in memory whose load waits for `release`. */
function slowStore(stored: Uint8Array[]) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const appended: Uint8Array[] = [];
  const store: DocStore = {
    async load(): Promise<StoredRoom> {
      await released;
      return { updates: stored, logLength: stored.length, quarantined: 0, cursor: stored.length };
    },
    changesSince: async (_room, cursor) => ({ updates: [], cursor }),
    append: async (_room, updates) => void appended.push(...updates),
    compact: async () => undefined,
  };
  return { store, release, appended };
}

/** A fan-out that hands the room's feed to the test. */
function capturingFanout() {
  let feed: RoomFeed | null = null;
  const channel: RoomChannel = { publishUpdate: () => 1, publishAwareness: () => undefined, publishCommitted: () => undefined, leave: () => undefined };
  const fanout: Fanout = {
    instanceId: "self",
    join: async (_room, f) => ((feed = f), channel),
    close: async () => undefined,
  };
  return { fanout, feed: () => feed! };
}

describe("Room with a fan-out", () => {
  it("applies what another instance sent while the room was loading", async () => {
    const { store, release } = slowStore([updateSetting("stored", "yes")]);
    const { fanout, feed } = capturingFanout();
    const loading = Room.load("room-1", store, {}, fanout);
    await new Promise((resolve) => setImmediate(resolve));
    feed().update("other", 1, updateSetting("during-load", "yes"));
    release();
    const room = await loading;
    expect(room.doc.getMap("test").toJSON()).toEqual({ stored: "yes", "during-load": "yes" });
    room.destroy();
  });

  it("stores another instance's update only when its commit is not confirmed in time", async () => {
    const { store, release, appended } = slowStore([]);
    const { fanout, feed } = capturingFanout();
    release();
    const room = await Room.load("room-2", store, {}, fanout);
    feed().update("other", 1, updateSetting("confirmed", "yes"));
    feed().update("other", 2, updateSetting("orphaned", "yes"));
    feed().committed("other", 1);
    room.sweepUnconfirmed(Date.now());
    await room.flush();
    expect(appended).toHaveLength(0);
    room.sweepUnconfirmed(Date.now() + UNCONFIRMED_GRACE_MS + 1);
    await room.flush();
    const doc = new Y.Doc();
    for (const update of appended) Y.applyUpdate(doc, update);
    expect(doc.getMap("test").toJSON()).toEqual({ orphaned: "yes" });
    expect(room.dirty).toBe(false);
    room.destroy();
  });
});
