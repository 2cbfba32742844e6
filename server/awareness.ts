/**
 * Checks an awareness update from a client before the room applies it, so one careless or hostile
 * client can neither bloat the room, nor speak for someone else, nor hand the others a state their
 * editors cannot read:
 * - at most MAX_AWARENESS_CLIENTS_PER_CONNECTION ids per connection, and per update the room's
 *   known clients plus those (a stock client echoes what it is sent), refused from the count alone;
 * - only ids the connection introduced itself, never one another connection holds, nor one that
 *   belonged to another person within AWARENESS_CLIENT_GRACE_MS, nor one another person wrote
 *   the document with (AwarenessOwners, server/client-ids.ts);
 * - each state within MAX_AWARENESS_STATE_BYTES, parsed field by field against the presence schema
 *   (lib/collab/presence.ts): a malformed field is dropped, not the person; unknown fields are
 *   dropped; `user` comes from the ticket; `present` only from someone who may present.
 * Entries that are stale (not newer than the room's clock) or not this connection's are skipped
 * before their state is read.
 */
import type { Awareness } from "y-protocols/awareness";
import { readPresence, type PresenceState, type PresenceUser } from "@/lib/collab/presence";
import {
  AWARENESS_CLIENT_GRACE_MS,
  CloseCode,
  MAX_AWARENESS_CLIENTS_PER_CONNECTION,
  MAX_AWARENESS_STATE_BYTES,
  type CloseCodeValue,
} from "@/lib/collab/protocol";
import { encodeAwarenessEntries, readAwarenessEntries, TooManyAwarenessEntries, type AwarenessEntry } from "@/lib/collab/wire";
import type { RoomPeer } from "./room";

/** The only error filterAwarenessUpdate throws: the connection is closed with `code`, the message as reason. */
export class AwarenessRefused extends Error {
  constructor(
    readonly code: CloseCodeValue,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Per room: which connection holds each awareness client id, the ids each connection introduced,
 * and which person each id belongs to (read from the states the room applied, whose `user` an
 * instance's filter set from a ticket; so ids of people on other instances count too), remembered
 * for AWARENESS_CLIENT_GRACE_MS after its state left. Every lookup is O(1).
 */
export class AwarenessOwners {
  private readonly holders = new Map<number, RoomPeer>();
  private readonly introduced = new Map<RoomPeer, number[]>();
  private readonly persons = new Map<number, { userId: string; goneAt: number | null }>();
  private prunedAt = Date.now();

  constructor(
    private readonly awareness: Awareness,
    /** Who owns a client id in the room's document (server/client-ids.ts): an id written by someone is theirs. */
    private readonly documentOwnerOf: (clientId: number) => string | undefined = () => undefined,
  ) {
    awareness.on("update", this.record);
  }

  /** The connection that speaks for `clientId`, if one does. */
  holderOf(clientId: number): RoomPeer | undefined {
    return this.holders.get(clientId);
  }

  /**
   * True unless `clientId` is someone else's: they wrote to the document with it, or they are
   * present with it now, or were within the grace period.
   */
  isFreeFor(clientId: number, userId: string, now: number): boolean {
    const writer = this.documentOwnerOf(clientId);
    if (writer !== undefined && writer !== userId) return false;
    const person = this.persons.get(clientId);
    return !person || person.userId === userId || (person.goneAt !== null && now - person.goneAt >= AWARENESS_CLIENT_GRACE_MS);
  }

  /** How many ids `peer` has introduced. */
  introducedBy(peer: RoomPeer): number {
    return this.introduced.get(peer)?.length ?? 0;
  }

  /** `peer` speaks for `clientId` from now on. */
  claim(clientId: number, peer: RoomPeer): void {
    this.holders.set(clientId, peer);
    const ids = this.introduced.get(peer);
    if (ids) ids.push(clientId);
    else this.introduced.set(peer, [clientId]);
  }

  /** `peer` left: its ids are held by nobody (their person keeps them for the grace period). */
  leave(peer: RoomPeer): void {
    for (const clientId of this.introduced.get(peer) ?? []) {
      if (this.holders.get(clientId) === peer) this.holders.delete(clientId);
    }
    this.introduced.delete(peer);
  }

  private record = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const now = Date.now();
    const states = this.awareness.getStates();
    for (const clientId of [...added, ...updated]) {
      const userId = (states.get(clientId) as { user?: { id?: unknown } } | undefined)?.user?.id;
      if (typeof userId === "string") this.persons.set(clientId, { userId, goneAt: null });
    }
    for (const clientId of removed) {
      const person = this.persons.get(clientId);
      if (person) person.goneAt = now;
    }
    if (now - this.prunedAt >= AWARENESS_CLIENT_GRACE_MS) this.prune(now);
  };

  private prune(now: number): void {
    this.prunedAt = now;
    for (const [clientId, { goneAt }] of this.persons) {
      if (goneAt !== null && now - goneAt >= AWARENESS_CLIENT_GRACE_MS) this.persons.delete(clientId);
    }
  }
}

/** The part of a room the filter reads: its awareness and who owns which client id. */
export interface AwarenessRoom {
  awareness: Awareness;
  awarenessOwners: AwarenessOwners;
}

/** Who sends the update: their connection, their person (from the ticket) and whether they may present. */
export interface AwarenessSpeaker {
  peer: RoomPeer;
  user: PresenceUser;
  mayPresent: boolean;
}

/**
 * Returns the re-encoded update holding only the entries this connection may write, each state
 * parsed against the presence schema (see the file comment), or null when none remain. Throws
 * AwarenessRefused (4400 malformed, 4413 too large or too many clients) and nothing else.
 */
export function filterAwarenessUpdate(update: Uint8Array, room: AwarenessRoom, speaker: AwarenessSpeaker, now = Date.now()): Uint8Array | null {
  const { awareness, awarenessOwners: owners } = room;
  const { peer, user } = speaker;
  const entries: AwarenessEntry[] = [];
  try {
    for (const { clientId, clock, state } of readAwarenessEntries(update, awareness.meta.size + MAX_AWARENESS_CLIENTS_PER_CONNECTION)) {
      const bytes = Buffer.byteLength(state);
      if (bytes > MAX_AWARENESS_STATE_BYTES) throw new AwarenessRefused(CloseCode.tooLarge, `Awareness state of ${bytes} bytes is too large`);
      if (isStale(awareness, clientId, clock, state)) continue;
      const holder = owners.holderOf(clientId);
      if (holder && holder !== peer) continue;
      const next = relayedState(JSON.parse(state), speaker);
      if (!holder) {
        // A client id new to this connection: a state of its own person's, never a "left" for someone else.
        if (!next || !owners.isFreeFor(clientId, user.id, now)) continue;
        if (owners.introducedBy(peer) >= MAX_AWARENESS_CLIENTS_PER_CONNECTION) {
          throw new AwarenessRefused(CloseCode.tooLarge, "Too many awareness clients on one connection");
        }
        owners.claim(clientId, peer);
      }
      entries.push({ clientId, clock, state: next ? JSON.stringify(next) : "null" });
    }
  } catch (error) {
    if (error instanceof AwarenessRefused) throw error;
    if (error instanceof TooManyAwarenessEntries) throw new AwarenessRefused(CloseCode.tooLarge, "Too many awareness clients in one message");
    throw new AwarenessRefused(CloseCode.malformed, "Malformed awareness update");
  }
  return entries.length > 0 ? encodeAwarenessEntries(entries) : null;
}

/**
 * The state relayed for `parsed`: null for "left" (null, or anything that is not an object), else
 * its well-formed known fields with `user` from the ticket and `present` only from a presenter.
 */
function relayedState(parsed: unknown, { user, mayPresent }: AwarenessSpeaker): PresenceState | null {
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const fields = readPresence(parsed, "user");
  if (!mayPresent) delete fields.present;
  return { ...fields, user };
}

/** True when the room would not apply this entry (y-protocols' rule): its clock is not newer. */
function isStale(awareness: Awareness, clientId: number, clock: number, state: string): boolean {
  const current = awareness.meta.get(clientId)?.clock ?? 0;
  return !(current < clock || (current === clock && state === "null" && awareness.states.has(clientId)));
}
