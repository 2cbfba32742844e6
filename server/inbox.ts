/**
 * The updates a room's peers sent, well-formed, waiting for the room's next tick: they are applied
 * a tick at a time in few transactions, so a room of hundreds of writers does not pay Yjs's
 * per-transaction cost for every update, and a flood goes out a slice at a time. Each is checked
 * (Room.admit: the board's structural rules, the owners of its client ids) right before it is
 * applied, so against the very document it changes: a parent added by an earlier update of the
 * same peer, still queued when this one arrived, is found. A refused update is never applied;
 * its connection is closed with the refusal's code and its later updates are dropped (they may
 * build on the refused one).
 */
import * as Y from "yjs";
import { MAX_UPDATE_STRUCTS } from "@/lib/collab/protocol";
import { addRanges, deletesAny, type AddedRanges, type DecodedUpdate } from "@/lib/collab/rules";
import type { Outbox } from "./outbox";
import type { Room, RoomPeer } from "./room";

/** Updates from peers applied per tick at most; the rest wait for the next tick (see applyNext). */
const MAX_UPDATES_PER_TICK = 100;

/**
 * Origin of a transaction applying several peers' updates at once, or one peer's update that may
 * complete changes waiting in the document: it goes to every peer, its writers included (their
 * own part is a no-op to Yjs), and its writers are told when it is saved.
 */
export class PeerGroup {
  constructor(readonly peers: ReadonlySet<RoomPeer>) {}
}

/** An update waiting to be applied, with its decoding, its peer and how many structs it holds. */
interface Incoming {
  update: Uint8Array;
  decoded: DecodedUpdate;
  peer: RoomPeer;
  structs: number;
}

export class Inbox {
  private incoming: Incoming[] = [];
  private tick: NodeJS.Immediate | null = null;

  constructor(
    private readonly room: Room,
    /** Where the applied updates go out: held while a tick's are applied, sent as it ends. */
    private readonly outbox: Outbox,
  ) {}

  /** True when no update waits. */
  get isEmpty(): boolean {
    return this.incoming.length === 0;
  }

  /** Applies `update` (`decoded` is its decoding, checked when it is applied) with the others of this tick. */
  push(update: Uint8Array, decoded: DecodedUpdate, peer: RoomPeer): void {
    this.incoming.push({ update, decoded, peer, structs: decoded.structs.length });
    this.tick ??= setImmediate(this.applyNext);
  }

  /** Applies everything waiting now (before a commit), a tick's slice after another. */
  drain(): void {
    while (this.incoming.length > 0 && !this.room.isDestroyed) this.applyNext();
  }

  destroy(): void {
    if (this.tick) clearImmediate(this.tick);
  }

  /**
   * A tick's updates from peers are applied in few transactions: Yjs computes the document's state
   * vector (an entry per client that ever wrote) twice per transaction, which in a room of hundreds
   * of writers costs more than the updates themselves, and each transaction goes out as one
   * message and is committed as one part. One transaction per round: a round holds each peer's
   * updates in order until one deletes what an earlier one of the round added (a value the peer
   * overwrites, text it typed and erased), which starts the peer's next round — so that value still
   * reaches the others (one transaction would drop it as deleted before sending). A burst of new
   * pins from one client is then one transaction a tick, not one per message.
   */
  private applyNext = () => {
    if (this.tick) clearImmediate(this.tick);
    this.tick = null;
    if (this.room.isDestroyed) return;
    // A flood is applied a slice per tick, so what is applied goes out while the rest waits; a
    // slice holds at most MAX_UPDATE_STRUCTS structs (but always one update), so the parts of a
    // large change are applied a tick each and other rooms are served between them.
    let take = 0;
    let structs = 0;
    while (take < Math.min(this.incoming.length, MAX_UPDATES_PER_TICK)) {
      structs += this.incoming[take].structs;
      if (take > 0 && structs > MAX_UPDATE_STRUCTS) break;
      take += 1;
    }
    const batch = take === this.incoming.length ? this.incoming : this.incoming.slice(0, take);
    this.incoming = batch === this.incoming ? [] : this.incoming.slice(take);
    if (this.incoming.length > 0) this.tick = setImmediate(this.applyNext);
    if (batch.length === 0) return;
    const rounds: Array<typeof batch> = [];
    /** Per peer: its current round, and what its updates in that round add. */
    const current = new Map<RoomPeer, { round: number; added: AddedRanges }>();
    for (const entry of batch) {
      let place = current.get(entry.peer);
      if (!place || deletesAny(entry.decoded, place.added)) {
        place = { round: place ? place.round + 1 : 0, added: new Map() };
        current.set(entry.peer, place);
      }
      addRanges(place.added, entry.decoded);
      (rounds[place.round] ??= []).push(entry);
    }
    const doc = this.room.doc;
    // Applied (or dropped) below: the room's size counts what the document now holds instead.
    for (const { update, structs } of batch) this.room.size.release(update.byteLength, structs);
    // A refused board (built just now, by the line above) is never edited.
    if (this.room.refusal) return void (this.incoming = []);
    const refused = new Set<RoomPeer>();
    this.outbox.hold();
    try {
      this.applyRounds(doc, rounds, refused);
    } finally {
      this.outbox.release();
    }
    if (refused.size > 0) this.incoming = this.incoming.filter((entry) => !refused.has(entry.peer));
  };

  /** Applies a tick's rounds, one transaction each, closing the connections of refused peers. */
  private applyRounds(doc: Y.Doc, rounds: ReadonlyArray<ReadonlyArray<Incoming>>, refused: Set<RoomPeer>): void {
    for (const round of rounds) {
      // While the document holds changes that wait for others (another instance's, arrived before
      // what they build on), applying a peer's update may complete them in the same transaction:
      // such a round goes to its writers too, or they would never get what it completed.
      const waiting = doc.store.pendingStructs !== null || doc.store.pendingDs !== null;
      const peers = new Set(round.map((b) => b.peer));
      const origin = peers.size === 1 && !waiting ? round[0].peer : new PeerGroup(peers);
      try {
        Y.transact(doc, () => {
          for (const { update, decoded, peer } of round) {
            if (refused.has(peer)) continue;
            const refusal = this.room.admit(decoded, peer);
            if (refusal) {
              refused.add(peer);
              peer.close(refusal.code, refusal.reason);
              continue;
            }
            Y.applyUpdate(doc, update);
          }
        }, origin);
      } catch (error) {
        // Checked just before, so not expected; never fatal to the process.
        console.error(`[room ${this.room.roomName.name}] an update failed to apply:`, error);
      }
    }
  }
}
