/**
 * Per board room: which person owns each Yjs client id. Yjs believes the client id a struct
 * carries, so without this an editor could write under a colleague's id at the colleague's next
 * clock; the server would then ignore the colleague's own (offline) edit at that clock as already
 * known, and the colleague's client would show it saved. Here an update writing new structs (or
 * GC ranges) under an id another person owns is refused (4409) before it is applied.
 *
 * The rules:
 * - The first person to write with a client id on a board owns it. The claim is made in memory
 *   when the update is admitted (at apply time, in order, so a second writer in the same tick is
 *   already refused), published with the update to the other instances (fanout.ts), and stored
 *   with the board (lib/db/client-ids.ts) before the commit that holds the update, so it holds
 *   across restarts and instances. When two instances claim one id at once, the stored claim wins
 *   from then on (ids are random 32-bit numbers seen only once published: only a client that
 *   copies a colleague's id can collide, and the colleague got there first).
 * - An id held in the room's awareness by another person (a colleague who is present but has not
 *   written yet) is theirs too; and the awareness filter treats an id owned here as its owner's
 *   (AwarenessOwners.isFreeFor): one owner per id across document and presence.
 * - Deleting is not writing: a delete set names other people's structs by their ids, as any edit
 *   may. Only structs beyond what the document already holds count (newWriters in
 *   lib/collab/rules.ts): a reconnecting client's sync step 2 may repeat others' known structs.
 * - Boards stored before owners were recorded hold ids with no owner row; so do the server's own
 *   writes (seed, upgrades, review commands), each made on a throwaway Y.Doc whose random id is
 *   never written with again. Such an id is owned by the first person to write beyond what the
 *   board holds for it: the tab that wrote it (still open across the upgrade) keeps working, and
 *   nobody can take it from that tab afterwards. Someone who claims it first (only possible while
 *   its old tab is offline with unsent edits) gets those edits refused loudly, never dropped
 *   silently — the same outcome as refusing every unowned id, minus the refusals of honest tabs.
 * - A limit of this: an update carrying structs of another person that the server has not stored
 *   (relayed to this client, then lost in a crash before its commit) is refused too; the owner's
 *   own client still holds those structs and sends them on reconnect.
 */
import type { ClientIdClaim } from "@/lib/db/client-ids";

/** Where owners are stored: the board's rows (lib/db/client-ids.ts ClientIdRepository). */
export interface ClientIdStore {
  owners(boardId: string): Promise<Map<number, string>>;
  claim(boardId: string, claims: readonly ClientIdClaim[]): Promise<Map<number, string>>;
}

/** The owner of an id in the room's awareness, when it is someone else's: what the filter already knows. */
export type PresentOwner = (clientId: number, userId: string) => boolean;

export class ClientIdOwners {
  private readonly owners = new Map<number, string>();
  /** Claims made here and not yet stored. */
  private unsaved: ClientIdClaim[] = [];
  /** Claims made here since the last publish to the other instances. */
  private fresh: ClientIdClaim[] = [];

  constructor(
    private readonly boardId: string,
    private readonly store: ClientIdStore | null,
    /** True when `clientId` may be `userId`'s as far as the room's awareness knows. */
    private readonly isFreeInAwareness: PresentOwner = () => true,
  ) {}

  /** Reads the stored owners (on load, and after catching up from the database). */
  async load(): Promise<void> {
    if (!this.store) return;
    const stored = await this.store.owners(this.boardId);
    for (const [clientId, userId] of stored) this.owners.set(clientId, userId);
  }

  /** The person who owns `clientId`, if anyone does. */
  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId);
  }

  /**
   * True when `userId` may write new structs under every id in `clientIds`; their unowned ids
   * become theirs. False (nothing claimed) when one belongs to someone else.
   */
  admit(clientIds: Iterable<number>, userId: string): boolean {
    const claims: number[] = [];
    for (const clientId of clientIds) {
      const owner = this.owners.get(clientId);
      if (owner === userId) continue;
      if (owner !== undefined || !this.isFreeInAwareness(clientId, userId)) return false;
      claims.push(clientId);
    }
    for (const clientId of claims) {
      this.owners.set(clientId, userId);
      this.unsaved.push({ clientId, userId });
      this.fresh.push({ clientId, userId });
    }
    return true;
  }

  /**
   * Claims another instance made (carried with its update). That instance stores them; they are
   * stored here too with the next commit (an insert that changes nothing when they are there),
   * in case it died before its commit and this one stores its update (Room.sweepUnconfirmed).
   */
  learn(claims: readonly ClientIdClaim[]): void {
    for (const claim of claims) {
      if (this.owners.has(claim.clientId)) continue;
      this.owners.set(claim.clientId, claim.userId);
      if (this.store) this.unsaved.push(claim);
    }
  }

  /** The claims made since the last call, to publish with the update that made them. */
  takeFresh(): ClientIdClaim[] {
    const fresh = this.fresh;
    this.fresh = [];
    return fresh;
  }

  /**
   * Stores the claims not yet stored (before the commit of the updates that made them). On
   * failure they stay queued and the promise rejects; where another instance's claim landed
   * first, that owner is adopted.
   */
  async save(): Promise<void> {
    if (!this.store || this.unsaved.length === 0) return;
    const claims = this.unsaved;
    this.unsaved = [];
    let stored: Map<number, string>;
    try {
      stored = await this.store.claim(this.boardId, claims);
    } catch (error) {
      this.unsaved = claims.concat(this.unsaved);
      throw error;
    }
    for (const { clientId, userId } of claims) {
      const owner = stored.get(clientId);
      if (owner !== undefined && owner !== userId) {
        console.error(`[room ${this.boardId}] client id ${clientId} was claimed at once by two people; ${owner} keeps it`);
        this.owners.set(clientId, owner);
      }
    }
  }
}
