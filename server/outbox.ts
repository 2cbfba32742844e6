/**
 * What a room sends to its peers. Sending is the cost of fan-out (a write to every socket for every
 * message), so the updates and awareness changes of a tick are coalesced before they go out, and
 * in a large room consecutive sends are spaced: under load the writes per change fall instead of
 * piling up. Nothing is ever echoed to the peer it came from.
 */
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { encodeAwarenessMessage, encodeUpdate } from "@/lib/collab/wire";
import type { RoomPeer } from "./room";

/**
 * Longest spacing between two update sends of a room. The spacing is what the previous send took
 * (see `sendUpdates`): on a quiet machine a send to 200 peers takes about a millisecond and the
 * next one waits no longer, while under load sends take longer, ticks gather more updates and
 * each is sent merged, so the writes per second stay bounded whatever the edit rate.
 */
const MAX_SEND_GAP_MS = 20;
/** Sends shorter than this are not followed by any spacing (a small room's sends). */
const MIN_SEND_GAP_MS = 0.25;
/**
 * Rooms with at least this many peers get a tick's updates merged into one message per peer:
 * merging costs more CPU than the writes it saves in a small room.
 */
export const MERGE_FROM_PEERS = 32;
/** Contributors of one tick's updates that still get a merge leaving out their own (see sendUpdates). */
const MAX_SEPARATE_ECHOES = 16;

export class Outbox {
  /** Updates applied this tick, with their origins, waiting to be sent (see `sendUpdates`). */
  private outgoing: Array<{ update: Uint8Array; origin: unknown }> = [];
  private updateTick: NodeJS.Immediate | NodeJS.Timeout | null = null;
  /** When updates were last sent (ms, monotonic), and how long that send took. */
  private updatesSentAt = 0;
  private lastSendMs = 0;
  /** Per origin, the awareness client ids it changed this tick. */
  private awarenessChanges = new Map<unknown, Set<number>>();
  private awarenessTick: NodeJS.Immediate | null = null;

  constructor(
    /** The room's peers: who is sent what, and whose an origin is. */
    private readonly peers: ReadonlyMap<RoomPeer, unknown>,
    private readonly awareness: awarenessProtocol.Awareness,
    /** Called with each origin's coalesced awareness update once the peers were sent it. */
    private readonly awarenessSent: (update: Uint8Array, origin: unknown) => void,
  ) {}

  /** Sends `update` to every peer but `origin`, with the rest of this tick's updates. */
  queueUpdate(update: Uint8Array, origin: unknown): void {
    this.outgoing.push({ update, origin });
    if (!this.updateTick) {
      const gap = this.lastSendMs < MIN_SEND_GAP_MS ? 0 : Math.min(MAX_SEND_GAP_MS, this.lastSendMs);
      const wait = this.updatesSentAt + gap - performance.now();
      this.updateTick = wait >= 1 ? setTimeout(this.sendUpdates, wait) : setImmediate(this.sendUpdates);
    }
  }

  /**
   * Awareness changes are coalesced per room per tick: one message per origin, to everyone but that
   * origin. A burst from one client then costs the others one message per tick, not one per frame
   * (stock clients echo every change they receive, so per-frame fan-out multiplies).
   */
  queueAwareness(origin: unknown, clients: Iterable<number>): void {
    let changed = this.awarenessChanges.get(origin);
    if (!changed) this.awarenessChanges.set(origin, (changed = new Set()));
    for (const id of clients) changed.add(id);
    this.awarenessTick ??= setImmediate(this.sendAwarenessChanges);
  }

  /** Drops what was not sent yet. */
  destroy(): void {
    if (this.awarenessTick) clearImmediate(this.awarenessTick);
    if (this.updateTick) {
      clearImmediate(this.updateTick as NodeJS.Immediate);
      clearTimeout(this.updateTick as NodeJS.Timeout);
    }
  }

  /** Sends to every peer except `except`. */
  private broadcast(message: Uint8Array, except?: unknown): void {
    for (const peer of this.peers.keys()) if (peer !== except) peer.send(message);
  }

  /**
   * Updates are coalesced per room per tick (from MERGE_FROM_PEERS peers on; a smaller room gets
   * them one by one): each peer gets one message merging the tick's updates except its own (a
   * tick's updates from several peers are applied as one change, which reaches its writers too;
   * their own part is a no-op to Yjs). Sending is the cost of fan-out (a write to every socket for
   * every update), so under load, when a tick holds many updates, the writes per update fall
   * instead of piling up.
   * Consecutive sends are also spaced by the time the previous one took (at most MAX_SEND_GAP_MS):
   * the writes per second stay bounded whatever the edit rate, at no cost while sends are quick.
   * Past MAX_SEPARATE_ECHOES contributors in one tick, contributors get the full merge too (their
   * own changes are no-ops to Yjs) so the merging stays linear; so do the peers of a PeerGroup
   * (one origin for several peers' updates, see inbox.ts), which is no peer itself.
   */
  private sendUpdates = () => {
    this.updateTick = null;
    const started = performance.now();
    this.updatesSentAt = started;
    const batch = this.outgoing;
    this.outgoing = [];
    if (batch.length === 0) return;
    try {
      this.send(batch);
    } finally {
      this.lastSendMs = performance.now() - started;
    }
  };

  private send(batch: ReadonlyArray<{ update: Uint8Array; origin: unknown }>): void {
    if (batch.length === 1 || this.peers.size < MERGE_FROM_PEERS) {
      for (const { update, origin } of batch) this.broadcast(encodeUpdate(update), origin);
      return;
    }
    const everything = encodeUpdate(Y.mergeUpdates(batch.map((b) => b.update)));
    const contributors = new Set(batch.map((b) => b.origin).filter((origin) => this.peers.has(origin as RoomPeer)));
    const separate = contributors.size <= MAX_SEPARATE_ECHOES;
    for (const peer of this.peers.keys()) {
      if (!separate || !contributors.has(peer)) peer.send(everything);
    }
    if (!separate) return;
    for (const peer of contributors) {
      const others = batch.filter((b) => b.origin !== peer).map((b) => b.update);
      if (others.length > 0) (peer as RoomPeer).send(encodeUpdate(others.length === 1 ? others[0] : Y.mergeUpdates(others)));
    }
  }

  private sendAwarenessChanges = () => {
    this.awarenessTick = null;
    const changes = this.awarenessChanges;
    this.awarenessChanges = new Map();
    for (const [origin, clients] of changes) {
      const update = awarenessProtocol.encodeAwarenessUpdate(this.awareness, Array.from(clients));
      this.broadcast(encodeAwarenessMessage(update), origin);
      this.awarenessSent(update, origin);
    }
  };
}
