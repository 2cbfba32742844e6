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
  /** True while the inbox applies updates (see `hold`). */
  private holding = false;

  constructor(
    /** The room's peers: who is sent what, and whose an origin is. */
    private readonly peers: ReadonlyMap<RoomPeer, unknown>,
    /** Peers sent no updates yet: the answer to their sync step 1 brings them everything (see Room). */
    private readonly unsynced: ReadonlySet<RoomPeer>,
    private readonly awareness: awarenessProtocol.Awareness,
    /** Called with each origin's coalesced awareness update once the peers were sent it. */
    private readonly awarenessSent: (update: Uint8Array, origin: unknown) => void,
  ) {}

  /** Sends `update` to every peer but `origin`, with the rest of this tick's updates. */
  queueUpdate(update: Uint8Array, origin: unknown): void {
    this.outgoing.push({ update, origin });
    if (!this.updateTick && !this.holding) {
      const wait = this.updatesSentAt + this.currentGap() - performance.now();
      this.updateTick = wait >= 1 ? setTimeout(this.sendUpdates, wait) : setImmediate(this.sendUpdates);
    }
  }

  /**
   * Holds the updates queued from now on until `release`: the inbox applies a tick's updates
   * between the two, and they go out as it ends, in that same tick, rather than one turn of the
   * event loop later (behind whatever the next turn reads from the sockets).
   */
  hold(): void {
    this.holding = true;
  }

  /** Sends what was queued while held, now unless the spacing after the previous send holds it back. */
  release(): void {
    this.holding = false;
    if (this.updateTick || this.outgoing.length === 0) return;
    const wait = this.updatesSentAt + this.currentGap() - performance.now();
    if (wait >= 1) this.updateTick = setTimeout(this.sendUpdates, wait);
    else this.sendUpdates();
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
    this.cancelUpdateTick();
  }

  /** The spacing the next update send keeps after the previous one (see `sendUpdates`). */
  private currentGap(): number {
    return this.lastSendMs < MIN_SEND_GAP_MS ? 0 : Math.min(MAX_SEND_GAP_MS, this.lastSendMs);
  }

  private cancelUpdateTick(): void {
    if (!this.updateTick) return;
    clearImmediate(this.updateTick as NodeJS.Immediate);
    clearTimeout(this.updateTick as NodeJS.Timeout);
    this.updateTick = null;
  }

  /** Sends to every peer except `except` (and, for updates, those not synced yet). */
  private broadcast(message: Uint8Array, except: unknown, update: boolean): void {
    for (const peer of this.peers.keys()) if (peer !== except && !(update && this.unsynced.has(peer))) peer.send(message);
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
      for (const { update, origin } of batch) this.broadcast(encodeUpdate(update), origin, true);
      return;
    }
    const everything = encodeUpdate(Y.mergeUpdates(batch.map((b) => b.update)));
    const contributors = new Set(batch.map((b) => b.origin).filter((origin) => this.peers.has(origin as RoomPeer)));
    const separate = contributors.size <= MAX_SEPARATE_ECHOES;
    for (const peer of this.peers.keys()) {
      if ((!separate || !contributors.has(peer)) && !this.unsynced.has(peer)) peer.send(everything);
    }
    if (!separate) return;
    for (const peer of contributors) {
      if (this.unsynced.has(peer as RoomPeer)) continue;
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
      this.broadcast(encodeAwarenessMessage(update), origin, false);
      this.awarenessSent(update, origin);
    }
  };
}
