/**
 * One open document in memory: its Y.Doc, its awareness, the connections on it and the grouped
 * commits of its updates. A room exists only while someone is connected and is unloaded once
 * the last connection has left and every write is durable.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import { COMMIT_WINDOW_MS, COMPACT_AFTER_UPDATES } from "@/lib/collab/protocol";
import type { DocStore } from "@/lib/db/doc-store";
import type { Fanout, RoomChannel } from "./fanout";

/** y-websocket message types (first varUint of every message). */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** The part of a connection a room needs: somewhere to send bytes. */
export interface RoomPeer {
  send(message: Uint8Array): void;
}

export interface RoomHooks {
  /** Called after each durable commit (e.g. to refresh the board list); errors are logged. */
  onCommit?(room: Room): Promise<void> | void;
}

/** Origin of the transaction that loads stored state: it is never stored again. */
const FROM_STORAGE = Symbol("storage");
/** Origin of changes the server makes itself (migrations): stored, sent to everyone. */
export const FROM_SERVER = Symbol("server");
/**
 * Origin of what comes from other instances (over the fan-out, or found in the database by
 * catchUp): sent to local peers, never published again; the instance that received it commits it.
 */
const FROM_REMOTE = Symbol("remote");

const RETRY_COMMIT_MS = 1_000;
/** Peers per ms of spacing between two update sends of a room: 200 peers, 10 ms. */
const PEERS_PER_GAP_MS = 20;
/** Longest spacing between two update sends of a room. */
const MAX_SEND_GAP_MS = 20;
/**
 * Rooms with at least this many peers get a tick's updates merged into one message per peer:
 * merging costs more CPU than the writes it saves in a small room.
 */
export const MERGE_FROM_PEERS = 32;
/** Updates from peers applied per tick at most; the rest wait for the next tick (see applyIncoming). */
const MAX_UPDATES_PER_TICK = 100;
/** Contributors of one tick's updates that still get a merge leaving out their own (see sendUpdates). */
const MAX_SEPARATE_ECHOES = 16;
/**
 * An update from another instance whose commit that instance has not confirmed within this time
 * (it died, or Redis lost the confirmation) is stored here too: storing twice is harmless, losing is not.
 */
export const UNCONFIRMED_GRACE_MS = 10_000;

interface Unconfirmed {
  seq: number;
  update: Uint8Array;
  receivedAt: number;
}

export class Room {
  private readonly ydoc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  /** Each peer and the awareness client ids it speaks for. */
  readonly peers = new Map<RoomPeer, Set<number>>();

  private pending: Uint8Array[] = [];
  private pendingPeers = new Set<RoomPeer>();
  private timer: NodeJS.Timeout | null = null;
  private committing: Promise<void> = Promise.resolve();
  private logLength = 0;
  private destroyed = false;
  private awarenessChanges = new Map<unknown, Set<number>>();
  private awarenessTick: NodeJS.Immediate | null = null;
  /** Updates applied this tick, with their origins, waiting to be sent (see `sendUpdates`). */
  private outgoing: Array<{ update: Uint8Array; origin: unknown }> = [];
  /** Validated updates from peers waiting for this tick's transaction (see applyIncoming). */
  private incoming: Array<{ update: Uint8Array; peer: RoomPeer }> = [];
  private incomingTick: NodeJS.Immediate | null = null;
  private updateTick: NodeJS.Immediate | NodeJS.Timeout | null = null;
  /** When updates were last sent (ms, monotonic). */
  private updatesSentAt = 0;
  private channel: RoomChannel | null = null;
  /** Fan-out number of the last update in `pending`: confirmed to the other instances once committed. */
  private pendingSeq = 0;
  /** Updates from other instances, per instance, that it has not yet confirmed as committed. */
  private unconfirmed = new Map<string, Unconfirmed[]>();
  /** Where catchUp reads the database from: the log position reached so far. */
  private cursor = 0;
  /**
   * The stored updates while they are not yet applied to the document: a new client (empty state
   * vector) is answered with them as they are, so the first load after a restart need not wait
   * for the document to be built. Null once built (on first use of `doc`, at the latest one tick
   * after loading).
   */
  private stored: Uint8Array[] | null = null;
  /** Peers that joined before the document was built: they get the server's step 1 once it is. */
  private awaitingStep1 = new Set<RoomPeer>();
  /** The whole document as one update (what a new client is sent), until the next change. */
  private fullState: Uint8Array | null = null;

  /** The room's document, built from the stored updates on first use. */
  get doc(): Y.Doc {
    if (this.stored) this.build();
    return this.ydoc;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  private constructor(
    readonly name: string,
    private readonly store: DocStore,
    private readonly hooks: RoomHooks,
  ) {
    this.awareness.setLocalState(null);
    this.ydoc.on("update", this.handleUpdate);
    this.awareness.on("update", this.handleAwareness);
  }

  /**
   * Loads a room from storage. Rejects when storage fails: the caller refuses the connection
   * rather than serving an empty document that a client could write defaults over.
   */
  static async load(name: string, store: DocStore, hooks: RoomHooks = {}, fanout?: Fanout): Promise<Room> {
    const room = new Room(name, store, hooks);
    // Subscribed before the load: what other instances send meanwhile waits, then applies on top.
    const early: Array<() => void> = [];
    let ready = false;
    const whenLoaded = (apply: () => void) => (ready ? apply() : early.push(apply));
    if (fanout) {
      room.channel = await fanout.join(name, {
        update: (from, seq, update) => whenLoaded(() => room.applyRemoteUpdate(from, seq, update)),
        awareness: (_from, update) => whenLoaded(() => room.applyRemoteAwareness(update)),
        committed: (from, seq) => whenLoaded(() => room.confirm(from, seq)),
      });
    }
    try {
      const stored = await store.load(name);
      room.stored = stored.updates.length > 0 ? stored.updates : null;
      room.logLength = stored.logLength;
      room.cursor = stored.cursor;
    } catch (error) {
      room.destroy();
      throw error;
    }
    ready = true;
    for (const apply of early) apply();
    // Built after the connections waiting for this load have been answered (see `syncStep2`).
    setImmediate(() => {
      if (!room.destroyed) room.build();
    });
    return room;
  }

  /** Applies the stored updates (validated by the store) and sends step 1 to whoever waited for it. */
  private build(): void {
    const stored = this.stored;
    if (!stored) return;
    this.stored = null;
    Y.transact(this.ydoc, () => {
      for (const update of stored) Y.applyUpdate(this.ydoc, update);
    }, FROM_STORAGE);
    const step1 = this.syncStep1();
    for (const peer of this.awaitingStep1) if (this.peers.has(peer)) peer.send(step1);
    this.awaitingStep1.clear();
  }

  /** Encoded sync step 1: the server's state vector. Sent on join and as the "saved" signal. */
  syncStep1(stateVector = Y.encodeStateVector(this.doc)): Uint8Array {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(encoder, stateVector);
    return encoding.toUint8Array(encoder);
  }

  /**
   * The answer to a peer's sync step 1: what a peer with `stateVector` is missing, as sync step 2.
   * A new client (empty state vector) gets the whole document: the stored updates as they are
   * while the document is not built yet (each but the last as an update message, so `synced`
   * comes with the last), else one encoding of it shared by every new client until it changes.
   */
  syncStep2(stateVector: Uint8Array): Uint8Array[] {
    const isNew = Y.decodeStateVector(stateVector).size === 0;
    if (isNew && this.stored && this.stored.length > 0) {
      const last = this.stored.length - 1;
      return this.stored.map((update, i) => syncMessage(i === last ? syncProtocol.messageYjsSyncStep2 : syncProtocol.messageYjsUpdate, update));
    }
    if (isNew) {
      this.fullState ??= syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(this.doc));
      return [this.fullState];
    }
    return [syncMessage(syncProtocol.messageYjsSyncStep2, Y.encodeStateAsUpdate(this.doc, stateVector))];
  }

  /** Encoded awareness of everyone in the room, or null when nobody has a state. */
  awarenessMessage(clients = Array.from(this.awareness.getStates().keys())): Uint8Array | null {
    if (clients.length === 0) return null;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MessageType.awareness);
    encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
    return encoding.toUint8Array(encoder);
  }

  join(peer: RoomPeer): void {
    this.peers.set(peer, new Set());
    if (this.stored) this.awaitingStep1.add(peer);
    else peer.send(this.syncStep1());
    const everyone = this.awarenessMessage();
    if (everyone) peer.send(everyone);
  }

  /** Removes a peer and its awareness states; resolves to true when the room is now empty. */
  leave(peer: RoomPeer): boolean {
    const clients = this.peers.get(peer);
    this.peers.delete(peer);
    this.pendingPeers.delete(peer);
    this.awaitingStep1.delete(peer);
    if (clients && clients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(clients), peer);
    }
    return this.peers.size === 0;
  }

  /** Applies a validated update from a peer with the others of this tick; it fans out, then is committed shortly. */
  applyUpdate(update: Uint8Array, peer: RoomPeer): void {
    this.incoming.push({ update, peer });
    this.incomingTick ??= setImmediate(this.applyIncoming);
  }

  /**
   * A tick's updates from peers are applied in few transactions: Yjs computes the document's state
   * vector (an entry per client that ever wrote) twice per transaction, which in a room of hundreds
   * of writers costs more than the updates themselves. One transaction per round — each peer's
   * first update of the tick, then each one's second… — so a value a peer overwrites within the
   * tick still reaches the others (one transaction would drop it as deleted before sending).
   */
  private applyIncoming = () => {
    if (this.incomingTick) clearImmediate(this.incomingTick);
    this.incomingTick = null;
    if (this.destroyed) return;
    // A flood is applied a slice per tick, so what is applied goes out while the rest waits.
    const batch = this.incoming.slice(0, MAX_UPDATES_PER_TICK);
    this.incoming = this.incoming.slice(batch.length);
    if (this.incoming.length > 0) this.incomingTick = setImmediate(this.applyIncoming);
    if (batch.length === 0) return;
    const rounds: Array<typeof batch> = [];
    const seen = new Map<RoomPeer, number>();
    for (const entry of batch) {
      const round = seen.get(entry.peer) ?? 0;
      seen.set(entry.peer, round + 1);
      (rounds[round] ??= []).push(entry);
    }
    for (const round of rounds) {
      const origin = round.length === 1 ? round[0].peer : new PeerGroup(new Set(round.map((b) => b.peer)));
      try {
        Y.transact(this.doc, () => {
          for (const { update } of round) Y.applyUpdate(this.doc, update);
        }, origin);
      } catch (error) {
        // Validated on receipt, so not expected; never fatal to the process.
        console.error(`[room ${this.name}] an update failed to apply:`, error);
      }
    }
  };

  /** Applies a validated awareness update from a peer and remembers which clients it speaks for. */
  applyAwareness(update: Uint8Array, peer: RoomPeer): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /** Sends to every peer except `except`. */
  broadcast(message: Uint8Array, except?: unknown): void {
    for (const peer of this.peers.keys()) if (peer !== except) peer.send(message);
  }

  /**
   * Resolves once every update received so far is durable. With `unconfirmed`, updates from other
   * instances not yet confirmed as committed are stored too (before unloading or shutting down).
   */
  async flush(unconfirmed = false): Promise<void> {
    while (this.incoming.length > 0 && !this.destroyed) this.applyIncoming();
    if (unconfirmed) this.sweepUnconfirmed(Infinity);
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.committing = this.committing.catch(() => undefined).then(() => this.commitPending());
    await this.committing;
    if (this.pending.length > 0) await this.flush();
  }

  /** True while updates wait to be committed. */
  get dirty(): boolean {
    return this.pending.length > 0 || this.incoming.length > 0 || this.unconfirmed.size > 0;
  }

  /**
   * Reads what the database holds beyond this room's state (updates committed by other
   * instances that the fan-out did not bring) and applies it. A room's rows commit in id order
   * (appends hold the room's lock), so reading past the cursor misses none.
   */
  async catchUp(): Promise<void> {
    if (this.destroyed) return;
    const changes = await this.store.changesSince(this.name, this.cursor);
    if (this.destroyed) return;
    this.cursor = Math.max(this.cursor, changes.cursor);
    if (changes.updates.length === 0) return;
    Y.transact(this.doc, () => {
      for (const update of changes.updates) Y.applyUpdate(this.doc, update);
    }, FROM_REMOTE);
  }

  /** Queues for commit the updates of other instances unconfirmed since before `now - grace`. */
  sweepUnconfirmed(now = Date.now()): void {
    const due: Uint8Array[] = [];
    for (const [from, list] of this.unconfirmed) {
      const keep = list.filter((entry) => entry.receivedAt + UNCONFIRMED_GRACE_MS > now);
      for (const entry of list) if (!keep.includes(entry)) due.push(entry.update);
      if (keep.length > 0) this.unconfirmed.set(from, keep);
      else this.unconfirmed.delete(from);
    }
    if (due.length === 0) return;
    this.pending.push(...due);
    this.scheduleCommit(COMMIT_WINDOW_MS);
  }

  destroy(): void {
    this.destroyed = true;
    this.channel?.leave();
    if (this.timer) clearTimeout(this.timer);
    if (this.awarenessTick) clearImmediate(this.awarenessTick);
    if (this.incomingTick) clearImmediate(this.incomingTick);
    if (this.updateTick) {
      clearImmediate(this.updateTick as NodeJS.Immediate);
      clearTimeout(this.updateTick as NodeJS.Timeout);
    }
    this.stored = null;
    this.fullState = null;
    this.ydoc.off("update", this.handleUpdate);
    this.awareness.off("update", this.handleAwareness);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private applyRemoteUpdate(from: string, seq: number, update: Uint8Array): void {
    if (this.destroyed) return;
    try {
      Y.applyUpdate(this.doc, update, FROM_REMOTE);
    } catch (error) {
      console.error(`[room ${this.name}] ignored an update from instance ${from} that failed to apply:`, error);
      return;
    }
    const list = this.unconfirmed.get(from) ?? [];
    list.push({ seq, update, receivedAt: Date.now() });
    this.unconfirmed.set(from, list);
  }

  private applyRemoteAwareness(update: Uint8Array): void {
    if (this.destroyed) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FROM_REMOTE);
    } catch (error) {
      console.error(`[room ${this.name}] ignored a bad awareness update from another instance:`, error);
    }
  }

  /** Another instance committed its updates up to `seq`: they need not be stored here. */
  private confirm(from: string, seq: number): void {
    const list = this.unconfirmed.get(from);
    if (!list) return;
    const rest = list.filter((entry) => entry.seq > seq);
    if (rest.length > 0) this.unconfirmed.set(from, rest);
    else this.unconfirmed.delete(from);
  }

  private scheduleCommit(delay: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flush().catch(() => undefined);
    }, delay);
  }

  private handleUpdate = (update: Uint8Array, origin: unknown) => {
    this.fullState = null;
    if (origin === FROM_STORAGE) return;
    this.outgoing.push({ update, origin });
    if (!this.updateTick) {
      const wait = this.updatesSentAt + Math.min(MAX_SEND_GAP_MS, this.peers.size / PEERS_PER_GAP_MS) - performance.now();
      this.updateTick = wait > 0 ? setTimeout(this.sendUpdates, wait) : setImmediate(this.sendUpdates);
    }
    if (origin === FROM_REMOTE) return;
    this.pending.push(update);
    if (this.channel) this.pendingSeq = this.channel.publishUpdate(update);
    if (this.peers.has(origin as RoomPeer)) this.pendingPeers.add(origin as RoomPeer);
    if (origin instanceof PeerGroup) for (const peer of origin.peers) if (this.peers.has(peer)) this.pendingPeers.add(peer);
    this.scheduleCommit(COMMIT_WINDOW_MS);
  };

  /**
   * Updates are coalesced per room per tick (from MERGE_FROM_PEERS peers on; a smaller room gets
   * them one by one): each peer gets one message merging the tick's updates except its own (a tick's updates from several peers are applied as one change, which reaches
   * its writers too; their own part is a no-op to Yjs). Sending is the cost of fan-out (a write to
   * every socket for every update), so under load, when a tick holds many updates, the writes per
   * update fall instead of piling up.
   * In a large room consecutive sends are also spaced (one ms per PEERS_PER_GAP_MS peers, at most
   * MAX_SEND_GAP_MS): the writes per second stay bounded whatever the edit rate.
   * Past MAX_SEPARATE_ECHOES contributors in one tick, contributors get the full merge too (their
   * own changes are no-ops to Yjs) so the merging stays linear; so do the peers of a PeerGroup.
   */
  private sendUpdates = () => {
    this.updateTick = null;
    this.updatesSentAt = performance.now();
    const batch = this.outgoing;
    this.outgoing = [];
    if (batch.length === 0) return;
    if (batch.length === 1 || this.peers.size < MERGE_FROM_PEERS) {
      for (const { update, origin } of batch) this.broadcast(syncMessage(syncProtocol.messageYjsUpdate, update), origin);
      return;
    }
    const everything = syncMessage(syncProtocol.messageYjsUpdate, Y.mergeUpdates(batch.map((b) => b.update)));
    const contributors = new Set(batch.map((b) => b.origin).filter((origin) => this.peers.has(origin as RoomPeer)));
    const separate = contributors.size <= MAX_SEPARATE_ECHOES;
    for (const peer of this.peers.keys()) {
      if (!separate || !contributors.has(peer)) peer.send(everything);
    }
    if (!separate) return;
    for (const peer of contributors) {
      const others = batch.filter((b) => b.origin !== peer).map((b) => b.update);
      if (others.length > 0) (peer as RoomPeer).send(syncMessage(syncProtocol.messageYjsUpdate, others.length === 1 ? others[0] : Y.mergeUpdates(others)));
    }
  };

  /**
   * Awareness changes are coalesced per room per tick: one message per origin, to everyone but that
   * origin. A burst from one client then costs the others one message per tick, not one per frame
   * (stock clients echo every change they receive, so per-frame fan-out multiplies).
   */
  private handleAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const owned = this.peers.get(origin as RoomPeer);
    if (owned) {
      for (const id of added) owned.add(id);
      for (const id of removed) owned.delete(id);
    }
    let changed = this.awarenessChanges.get(origin);
    if (!changed) this.awarenessChanges.set(origin, (changed = new Set()));
    for (const id of [...added, ...updated, ...removed]) changed.add(id);
    this.awarenessTick ??= setImmediate(this.sendAwarenessChanges);
  };

  private sendAwarenessChanges = () => {
    this.awarenessTick = null;
    const changes = this.awarenessChanges;
    this.awarenessChanges = new Map();
    for (const [origin, clients] of changes) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, Array.from(clients));
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MessageType.awareness);
      encoding.writeVarUint8Array(encoder, update);
      this.broadcast(encoding.toUint8Array(encoder), origin);
      if (origin !== FROM_REMOTE) this.channel?.publishAwareness(update);
    }
  };

  /** One transaction for everything pending; on failure the updates stay queued and are retried. */
  private async commitPending(): Promise<void> {
    if (this.pending.length === 0 || this.destroyed) return;
    const batch = this.pending;
    const peers = this.pendingPeers;
    const seq = this.pendingSeq;
    // The state vector as of this batch: later updates are not yet durable and must not count as saved.
    const committedState = Y.encodeStateVector(this.doc);
    this.pending = [];
    this.pendingPeers = new Set();
    try {
      await this.store.append(this.name, [batch.length === 1 ? batch[0] : Y.mergeUpdates(batch)]);
    } catch (error) {
      this.pending = batch.concat(this.pending);
      for (const peer of peers) this.pendingPeers.add(peer);
      console.error(`[room ${this.name}] commit failed, retrying:`, error instanceof Error ? error.message : error);
      this.scheduleCommit(RETRY_COMMIT_MS);
      throw error;
    }
    if (seq > 0) this.channel?.publishCommitted(seq);
    this.logLength += 1;
    const saved = this.syncStep1(committedState);
    for (const peer of peers) if (this.peers.has(peer)) peer.send(saved);
    await this.afterCommit();
  }

  private async afterCommit(): Promise<void> {
    try {
      await this.hooks.onCommit?.(this);
      if (this.logLength >= COMPACT_AFTER_UPDATES) {
        await this.store.compact(this.name);
        this.logLength = 0;
      }
    } catch (error) {
      console.error(`[room ${this.name}] after-commit work failed:`, error);
    }
  }
}

/** Origin of a transaction applying several peers' updates at once. */
class PeerGroup {
  constructor(readonly peers: ReadonlySet<RoomPeer>) {}
}

/** One sync message (`kind`: step 2 or update) carrying `update`. */
function syncMessage(kind: number, update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Reads the sync sub-message type and its payload; throws on anything malformed. */
export function readSyncMessage(decoder: decoding.Decoder): { kind: number; payload: Uint8Array } {
  const kind = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  return { kind, payload };
}
