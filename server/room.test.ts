/**
 * A room with a fan-out: subscribed before it loads, so an update another instance sends during
 * the load is applied on top of the stored state; updates from other instances are not stored
 * by this one unless their writer never confirms them. A room serving peers: new clients are
 * answered from the stored rows, and updates go out merged, once per tick, never echoed.
 */
import * as decoding from "lib0/decoding";
import { describe, expect, it, vi } from "vitest";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { BOARD_ROOT } from "@/lib/board/schema";
import { BUSY_COMMIT_AFTER_MS, BUSY_COMMIT_WINDOW_MS, COMMIT_WINDOW_MS, parseRoomName, type RoomName } from "@/lib/collab/protocol";
import { decodeBoardUpdate } from "@/lib/collab/rules";
import { MessageType, readMessageType, readSyncMessage } from "@/lib/collab/wire";
import type { DocStore, StoredRoom } from "@/lib/db/doc-store";
import type { Fanout, RoomChannel, RoomFeed } from "./fanout";
import { MERGE_FROM_PEERS } from "./outbox";
import { UNCONFIRMED_GRACE_MS } from "./remote-ledger";
import { Room, type RoomPeer } from "./room";

/** What a connection does with a well-formed update from `peer`: decode it once and queue it. */
function receive(room: Room, update: Uint8Array, peer: RoomPeer): void {
  room.applyUpdate(update, decodeBoardUpdate(update), peer);
}

/** A board room's parsed name. */
const roomName = (name: string): RoomName => parseRoomName(name)!;

/** An update adding pin `key` titled `value`: a change the board's rules accept from a peer. */
function updateSetting(key: string, value: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap(BOARD_ROOT.pins).set(key, new Y.Map([["title", value]]));
  return Y.encodeStateAsUpdate(doc);
}

/** The pins of `doc` as key → title. */
function settings(doc: Y.Doc): Record<string, unknown> {
  return Object.fromEntries(Array.from(doc.getMap<Y.Map<unknown>>(BOARD_ROOT.pins).entries(), ([key, pin]) => [key, pin.get("title")]));
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
    append: async (_room, rows) => void appended.push(...rows.flatMap((row) => (row instanceof Uint8Array ? [row] : [...row]))),
    compact: async () => undefined,
    transform: async () => ({ applied: false }),
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

/** A loaded room, empty, with a fan-out whose feed the test drives; `appended` is what it stored. */
async function roomWithFeed(name: string) {
  const { store, release, appended } = slowStore([]);
  const { fanout, feed } = capturingFanout();
  release();
  const room = await Room.load(roomName(name), store, {}, fanout);
  return { room, feed, appended };
}

describe("Room with a fan-out", () => {
  it("applies what another instance sent while the room was loading", async () => {
    const { store, release } = slowStore([updateSetting("stored", "yes")]);
    const { fanout, feed } = capturingFanout();
    const loading = Room.load(roomName("room-1"), store, {}, fanout);
    await new Promise((resolve) => setImmediate(resolve));
    feed().update("other", 1, updateSetting("during-load", "yes"));
    release();
    const room = await loading;
    expect(settings(room.doc)).toEqual({ stored: "yes", "during-load": "yes" });
    room.destroy();
  });

  it("sends a peer what its update completed: changes from another instance that waited for it", async () => {
    const { room, feed } = await roomWithFeed("room-pending");
    const [writer, other] = [recordingPeer(), recordingPeer()];
    joinSynced(room, writer, other);
    // The writer adds a pin, edited away (offline) and sent later; someone on another instance who
    // had the pin retitles it and deletes a second one. That reaches this instance first: it waits,
    // pending, for the pins it builds on.
    const mine = new Y.Doc();
    const pins = mine.getMap<Y.Map<unknown>>(BOARD_ROOT.pins);
    pins.set("kept", new Y.Map([["title", "Mine"]]));
    pins.set("dropped", new Y.Map([["title", "Gone soon"]]));
    const added = Y.encodeStateAsUpdate(mine);
    const theirs = new Y.Doc();
    Y.applyUpdate(theirs, added);
    const before = Y.encodeStateVector(theirs);
    theirs.getMap<Y.Map<unknown>>(BOARD_ROOT.pins).get("kept")!.set("title", "Theirs");
    theirs.getMap<Y.Map<unknown>>(BOARD_ROOT.pins).delete("dropped");
    feed().update("other", 1, Y.encodeStateAsUpdate(theirs, before));
    expect(room.doc.store.pendingStructs).not.toBeNull();
    const sent = (peer: ReturnType<typeof recordingPeer>) => peer.received.filter(({ kind }) => kind !== syncProtocol.messageYjsSyncStep1);
    const [writerBefore, otherBefore] = [sent(writer).length, sent(other).length];
    receive(room, added, writer);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settings(room.doc)).toEqual({ kept: "Theirs" });
    // Whatever the writer was sent, applied to what it has, gives it the room's board.
    for (const { payload } of sent(writer).slice(writerBefore)) Y.applyUpdate(mine, payload);
    expect(settings(mine)).toEqual({ kept: "Theirs" });
    expect(mine.store.pendingStructs).toBeNull();
    const others = new Y.Doc();
    for (const { payload } of sent(other).slice(otherBefore)) Y.applyUpdate(others, payload);
    expect(settings(others)).toEqual({ kept: "Theirs" });
    await room.flush();
    room.destroy();
  });

  it("answers a sync with what it holds, never another instance's changes it holds pending", async () => {
    const { room, feed } = await roomWithFeed("room-answer");
    const source = new Y.Doc();
    const pins = source.getMap<Y.Map<unknown>>(BOARD_ROOT.pins);
    pins.set("first", new Y.Map([["title", "First"]]));
    const first = Y.encodeStateAsUpdate(source);
    const before = Y.encodeStateVector(source);
    pins.get("first")!.set("title", "Renamed");
    pins.set("second", new Y.Map([["title", "Second"]]));
    // Only the later change arrives (the first is still on its way): it waits, pending.
    feed().update("other", 1, Y.encodeStateAsUpdate(source, before));
    expect(room.doc.store.pendingStructs).not.toBeNull();
    for (const stateVector of [Y.encodeStateVector(new Y.Doc()), Y.encodeStateVector(room.doc)]) {
      const client = new Y.Doc();
      for (const message of room.syncStep2(stateVector)) {
        const decoder = decoding.createDecoder(message);
        readMessageType(decoder);
        Y.applyUpdate(client, readSyncMessage(decoder).payload);
      }
      expect(client.store.pendingStructs).toBeNull();
    }
    // The room still applies it once what it builds on arrives.
    feed().update("other", 2, first);
    expect(settings(room.doc)).toEqual({ first: "Renamed", second: "Second" });
    room.destroy();
  });

  it("stores another instance's update only when its commit is not confirmed in time", async () => {
    const { room, feed, appended } = await roomWithFeed("room-2");
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
    expect(settings(doc)).toEqual({ orphaned: "yes" });
    expect(room.dirty).toBe(false);
    room.destroy();
  });
});

describe("Room commits", () => {
  it("commits a lone edit at once, a busy room's edits once per window, and once per wider window after it has been busy a while", async () => {
    const { store, release } = slowStore([]);
    const commits: number[] = [];
    const append = store.append;
    store.append = async (room, rows) => {
      commits.push(performance.now());
      return append(room, rows);
    };
    release();
    const room = await Room.load(roomName("room-commits"), store);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    try {
      const writer = recordingPeer();
      joinSynced(room, writer);
      let pins = 0;
      const edit = async () => {
        receive(room, updateSetting(`pin-${++pins}`, "x"), writer);
        await new Promise((resolve) => setImmediate(resolve));
      };
      const start = performance.now();
      await edit();
      await vi.advanceTimersByTimeAsync(0);
      expect(commits).toEqual([start]);
      // Typing without a break: an edit every 50 ms for twice the time it takes to count as busy.
      const busyFor = 2 * BUSY_COMMIT_AFTER_MS;
      for (let t = 50; t <= busyFor; t += 50) {
        await vi.advanceTimersByTimeAsync(50);
        await edit();
      }
      const gaps = commits.slice(1).map((at, i) => at - commits[i]);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(COMMIT_WINDOW_MS);
      expect(commits.filter((at) => at - start < BUSY_COMMIT_AFTER_MS).length).toBeGreaterThanOrEqual(BUSY_COMMIT_AFTER_MS / COMMIT_WINDOW_MS - 1);
      const late = commits.filter((at) => at - start > BUSY_COMMIT_AFTER_MS + BUSY_COMMIT_WINDOW_MS);
      expect(late.length).toBeLessThanOrEqual(Math.ceil((busyFor - BUSY_COMMIT_AFTER_MS - BUSY_COMMIT_WINDOW_MS) / BUSY_COMMIT_WINDOW_MS));
      // Every edit is committed within the wider window of the last one.
      await vi.advanceTimersByTimeAsync(BUSY_COMMIT_WINDOW_MS);
      expect(settings(room.doc)).toHaveProperty(`pin-${pins}`);
      expect(room.dirty).toBe(false);
      // A pause, then a lone edit: committed at once again.
      const committed = commits.length;
      await vi.advanceTimersByTimeAsync(BUSY_COMMIT_WINDOW_MS);
      await edit();
      await vi.advanceTimersByTimeAsync(0);
      expect(commits).toHaveLength(committed + 1);
    } finally {
      vi.useRealTimers();
      room.destroy();
    }
  });
});

/** Joins peers to an empty room as clients do: each asks for the document (sync step 1) and is answered. */
function joinSynced(room: Room, ...peers: RoomPeer[]): void {
  for (const peer of peers) {
    room.join(peer);
    for (const answer of room.syncStep2(Y.encodeStateVector(new Y.Doc()), peer)) peer.send(answer);
  }
}

/** A peer that keeps what it is sent, decoded as sync messages. */
let peers = 0;
function recordingPeer() {
  const received: Array<{ kind: number; payload: Uint8Array }> = [];
  return {
    userId: `person-${++peers}`,
    received,
    close() {},
    send(message: Uint8Array) {
      const decoder = decoding.createDecoder(message);
      if (readMessageType(decoder) !== MessageType.sync) return;
      received.push(readSyncMessage(decoder));
    },
  };
}

describe("Room serving peers", () => {
  it("answers a new client from the stored rows before building the document, synced coming with the last", async () => {
    const rows = [updateSetting("a", "1"), updateSetting("b", "2")];
    const { store, release } = slowStore(rows);
    release();
    const room = await Room.load(roomName("room-stored"), store);
    const peer = recordingPeer();
    room.join(peer);
    const answer = room.syncStep2(Y.encodeStateVector(new Y.Doc()));
    expect(answer).toHaveLength(2);
    for (const message of answer) peer.send(message);
    expect(peer.received.map((m) => m.kind)).toEqual([syncProtocol.messageYjsUpdate, syncProtocol.messageYjsSyncStep2]);
    const client = new Y.Doc();
    for (const { payload } of peer.received) Y.applyUpdate(client, payload);
    expect(settings(client)).toEqual({ a: "1", b: "2" });
    // Once built, the room sends the peer its state vector (deferred at join) and answers from the document.
    await new Promise((resolve) => setImmediate(resolve));
    expect(peer.received.at(-1)?.kind).toBe(syncProtocol.messageYjsSyncStep1);
    expect(settings(room.doc)).toEqual({ a: "1", b: "2" });
    expect(room.syncStep2(Y.encodeStateVector(new Y.Doc()))).toHaveLength(1);
    room.destroy();
  });

  it("sends a peer no update before its sync step 1 is answered, and everything after; the answer holds what changed meanwhile", async () => {
    const { store, release } = slowStore([]);
    release();
    const room = await Room.load(roomName("room-joining"), store);
    const [writer, newcomer] = [recordingPeer(), recordingPeer()];
    joinSynced(room, writer);
    room.join(newcomer);
    receive(room, updateSetting("before", "1"), writer);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    // Without the rest of the document, Yjs could only hold it pending.
    expect(newcomer.received.filter(({ kind }) => kind === syncProtocol.messageYjsUpdate)).toHaveLength(0);
    for (const answer of room.syncStep2(Y.encodeStateVector(new Y.Doc()), newcomer)) newcomer.send(answer);
    receive(room, updateSetting("after", "2"), writer);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const client = new Y.Doc();
    for (const { kind, payload } of newcomer.received) if (kind !== syncProtocol.messageYjsSyncStep1) Y.applyUpdate(client, payload);
    expect(settings(client)).toEqual({ before: "1", after: "2" });
    expect(client.store.pendingStructs).toBeNull();
    await room.flush();
    room.destroy();
  });

  it("applies a peer's updates of one tick as one change, unless one deletes what another added: that value still reaches the others", async () => {
    const { store, release, appended } = slowStore([]);
    release();
    const room = await Room.load(roomName("room-burst"), store);
    const [writer, reader] = [recordingPeer(), recordingPeer()];
    joinSynced(room, writer, reader);
    await room.flush();
    const [joined, writerJoined] = [reader.received.length, writer.received.length];
    const storedBefore = appended.length;
    // One client's edits as it sends them, one update each: three new pins, then a new title for
    // the first, which deletes the title the same tick added.
    const client = new Y.Doc();
    const sent: Uint8Array[] = [];
    client.on("update", (update: Uint8Array) => sent.push(update));
    const pins = client.getMap<Y.Map<unknown>>(BOARD_ROOT.pins);
    for (const key of ["p1", "p2", "p3"]) pins.set(key, new Y.Map([["title", `${key} first`]]));
    pins.get("p1")!.set("title", "p1 second");
    for (const update of sent) receive(room, update, writer);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const messages = reader.received.slice(joined).filter(({ kind }) => kind !== syncProtocol.messageYjsSyncStep1);
    expect(messages).toHaveLength(2);
    const seen = new Y.Doc();
    Y.applyUpdate(seen, messages[0].payload);
    expect(settings(seen)).toEqual({ p1: "p1 first", p2: "p2 first", p3: "p3 first" });
    Y.applyUpdate(seen, messages[1].payload);
    expect(settings(seen)).toEqual({ p1: "p1 second", p2: "p2 first", p3: "p3 first" });
    // Nothing of its own comes back to the writer.
    expect(writer.received.slice(writerJoined).filter(({ kind }) => kind !== syncProtocol.messageYjsSyncStep1)).toHaveLength(0);
    await room.flush();
    // Committed as the two changes it was applied as.
    expect(appended.length - storedBefore).toBe(2);
    room.destroy();
  });

  it("stores a bulk change as a log row of its own, small ones merged into one row", async () => {
    const { store, release } = slowStore([]);
    const rows: Array<Uint8Array | readonly Uint8Array[]> = [];
    store.append = async (_room, appended) => void rows.push(...appended);
    release();
    const room = await Room.load(roomName("room-rows"), store);
    const [a, b, c] = [recordingPeer(), recordingPeer(), recordingPeer()];
    joinSynced(room, a, b, c);
    const bulk = new Y.Doc();
    bulk.transact(() => {
      for (let i = 0; i < 100; i++) bulk.getMap(BOARD_ROOT.pins).set(`bulk-${i}`, new Y.Map([["title", `Pasted pin ${i} `.repeat(5)]]));
    });
    const ticks = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
    };
    // A change per tick (see inbox.ts), committed over a commit window or two.
    receive(room, updateSetting("small-1", "1"), a);
    await ticks();
    receive(room, Y.encodeStateAsUpdate(bulk), b);
    await ticks();
    receive(room, updateSetting("small-2", "2"), c);
    await ticks();
    receive(room, updateSetting("small-3", "3"), a);
    await room.flush();
    const shapes = rows.map((row) => (row instanceof Uint8Array ? [row] : row).map((part) => (part.byteLength >= 4 * 1024 ? "bulk" : "small")));
    expect(shapes).toEqual([["small"], ["bulk"], ["small", "small"]]);
    room.destroy();
  });

  it("sends each peer one message per tick merging that tick's updates, never its own update alone", async () => {
    const { store, release } = slowStore([]);
    release();
    const room = await Room.load(roomName("room-coalesced"), store);
    const [a, b, c] = [recordingPeer(), recordingPeer(), recordingPeer()];
    joinSynced(room, a, b, c);
    // A room large enough for merging: the others only listen.
    for (let i = 3; i < MERGE_FROM_PEERS; i++) joinSynced(room, recordingPeer());
    // Updates only: the writers' "saved" (a step 1 with the committed state) may come in between.
    const updates = (peer: ReturnType<typeof recordingPeer>) => peer.received.filter(({ kind }) => kind !== syncProtocol.messageYjsSyncStep1);
    const joined = (peer: ReturnType<typeof recordingPeer>) => updates(peer).length;
    const before = [a, b, c].map(joined);
    receive(room, updateSetting("from-a", "1"), a);
    receive(room, updateSetting("from-b", "2"), b);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const after = (peer: ReturnType<typeof recordingPeer>, i: number) => updates(peer).slice(before[i]);
    const seen = (peer: ReturnType<typeof recordingPeer>, i: number) => {
      const doc = new Y.Doc();
      for (const { payload } of after(peer, i)) Y.applyUpdate(doc, payload);
      return settings(doc);
    };
    for (const [i, peer] of [a, b, c].entries()) expect(after(peer, i)).toHaveLength(1);
    expect(seen(c, 2)).toEqual({ "from-a": "1", "from-b": "2" });
    // Applied in one transaction, the tick's change reaches its writers too (their part is a no-op to Yjs).
    expect(seen(a, 0)).toMatchObject({ "from-b": "2" });
    expect(seen(b, 1)).toMatchObject({ "from-a": "1" });
    const counts = [a, b, c].map(joined);
    receive(room, updateSetting("a-alone", "3"), a);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect([a, b, c].map(joined)).toEqual([counts[0], counts[1] + 1, counts[2] + 1]);
    await room.flush();
    room.destroy();
  });
});
