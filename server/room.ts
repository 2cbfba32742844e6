/**
 * One open room: its Y.Doc, its awareness and the peers on it. It is loaded from storage before it
 * answers anyone, answers sync, lets peers join and leave, and applies what other instances send.
 * What peers send is applied per tick by its Inbox, what it sends is coalesced by its Outbox, what
 * it stores is grouped by its Commits, and what other instances sent awaits their confirmation in
 * its RemoteLedger. What peers write is held to the board's structural rules (lib/collab/rules.ts)
 * and to the owners of its client ids (client-ids.ts) as it is applied. A room exists only while someone is connected and is unloaded (registry.ts)
 * once the last connection has left and every write is durable.
 */
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { CloseCode, CloseReason, type BoardLimits, type RoomName } from "@/lib/collab/protocol";
import { checkUpdate, newWriters, type DecodedUpdate } from "@/lib/collab/rules";
import { encodeAwarenessMessage, encodeSyncStep1, encodeSyncStep2, encodeUpdate } from "@/lib/collab/wire";
import type { ClientIdClaim } from "@/lib/db/client-ids";
import type { DocStore } from "@/lib/db/doc-store";
import { AwarenessOwners } from "./awareness";
import { ClientIdOwners, type ClientIdStore } from "./client-ids";
import { BoardSize } from "./board-size";
import { Commits } from "./commits";
import type { Fanout, RoomChannel } from "./fanout";
import { Inbox, PeerGroup } from "./inbox";
import { Outbox } from "./outbox";
import { RemoteLedger } from "./remote-ledger";
import { checkBoardVersion, storeBoardUpgrade, type RoomRefusal } from "./upgrade";

/** The part of a connection a room needs: who it is, somewhere to send bytes, and a way to refuse it. */
export interface RoomPeer {
  /** The person writing through it (null before admission; such a peer never writes). */
  readonly userId: string | null;
  /** False for a client that did not ask for the "saved" signal (SAVED_PROTOCOL): it is not sent. */
  readonly readsSaved?: boolean;
  send(message: Uint8Array): void;
  close(code: number, reason: string): void;
}

/** Why a peer's update is not applied: the close code and reason its connection is closed with. */
export interface UpdateRefusal {
  code: number;
  reason: string;
}

export interface RoomHooks {
  /** Called after each durable commit (e.g. to refresh the board list); errors are logged. */
  onCommit?(room: Room): Promise<void> | void;
  /**
   * Called as the room is unloaded, its last peer gone and every write durable, right before its
   * document is destroyed: read what is needed from it synchronously. Errors are logged.
   */
  onEmpty?(room: Room): void;
}

/** Origin of the transaction that loads stored state: it is never stored again. */
const FROM_STORAGE = Symbol("storage");
/** Origin of changes the server makes itself (review writes): stored, sent to everyone. */
export const FROM_SERVER = Symbol("server");
/**
 * Origin of what comes from other instances (over the fan-out, or found in the database by
 * catchUp): sent to local peers, never published again; the instance that received it commits it.
 */
const FROM_REMOTE = Symbol("remote");

/**
 * What `doc` holds beyond `stateVector`, without the structs it holds pending (another instance's
 * changes that arrived before what they build on). Yjs would add those: a client would then hold
 * them pending too and send them back with every sync, each time put off (4512) until the server
 * has what they build on. Deletions of structs not received yet are kept: a client applies them
 * when it can, and a deletion is never refused.
 */
function integratedState(doc: Y.Doc, stateVector?: Uint8Array): Uint8Array {
  const pending = doc.store.pendingStructs;
  if (!pending) return Y.encodeStateAsUpdate(doc, stateVector);
  doc.store.pendingStructs = null;
  try {
    return Y.encodeStateAsUpdate(doc, stateVector);
  } finally {
    doc.store.pendingStructs = pending;
  }
}

export class Room {
  /**
   * A fixed guid: Yjs would otherwise draw a random one per document (32 calls into the CSPRNG,
   * a tenth of a millisecond), which no one reads here (guids name subdocuments).
   */
  private readonly ydoc = new Y.Doc({ guid: "room" });
  readonly awareness = new awarenessProtocol.Awareness(this.ydoc);
  /** Each peer and the awareness client ids it speaks for. */
  readonly peers = new Map<RoomPeer, Set<number>>();
  /** Which connection and which person each awareness client id belongs to (see awareness.ts). */
  readonly awarenessOwners = new AwarenessOwners(this.awareness, (clientId) => this.clientIdOwners.ownerOf(clientId));
  /** Which person owns each client id of the document (see client-ids.ts). */
  readonly clientIdOwners: ClientIdOwners;

  /**
   * Peers whose sync step 1 is not answered yet. They are sent no updates meanwhile: what changes
   * until then reaches them in the answer, and an update before it builds on what they do not
   * have — Yjs would hold it pending, merging every later one into what it holds (a client that
   * joins during a flood of edits would spend seconds on that before its sync).
   */
  private readonly unsynced = new Set<RoomPeer>();
  private readonly outbox = new Outbox(this.peers, this.unsynced, this.awareness, (update, origin) => {
    if (origin !== FROM_REMOTE) this.channel?.publishAwareness(update);
  });
  private readonly inbox = new Inbox(this, this.outbox);
  private readonly commits: Commits;
  private readonly ledger = new RemoteLedger();
  private destroyed = false;
  private channel: RoomChannel | null = null;
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
  /** Set when the stored board cannot be served (saved by a newer version): everyone is refused. */
  refusal: RoomRefusal | null = null;
  /** How big the document is, and whether an update may make it bigger (see board-size.ts). */
  readonly size: BoardSize;

  /** The room's document, built from the stored updates on first use. */
  get doc(): Y.Doc {
    if (this.stored) this.build();
    return this.ydoc;
  }

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  private constructor(
    readonly roomName: RoomName,
    private readonly store: DocStore,
    hooks: RoomHooks,
    clientIds: ClientIdStore | null,
    limits: BoardLimits | null,
  ) {
    this.clientIdOwners = new ClientIdOwners(roomName.boardId, roomName.kind === "board" ? clientIds : null, (clientId, userId) =>
      this.awarenessOwners.isFreeFor(clientId, userId, Date.now()),
    );
    this.size = new BoardSize(() => this.doc, limits);
    this.commits = new Commits(this, store, {
      publishCommitted: (seq) => this.channel?.publishCommitted(seq),
      onCommit: () => hooks.onCommit?.(this),
      beforeAppend: () => this.clientIdOwners.save(),
    });
    this.awareness.setLocalState(null);
    this.ydoc.on("update", this.handleUpdate);
    this.awareness.on("update", this.handleAwareness);
  }

  /**
   * Loads a room from storage. Rejects when storage fails: the caller refuses the connection
   * rather than serving an empty document that a client could write defaults over.
   */
  static async load(
    roomName: RoomName,
    store: DocStore,
    hooks: RoomHooks = {},
    fanout?: Fanout,
    clientIds?: ClientIdStore,
    limits?: BoardLimits,
  ): Promise<Room> {
    const room = new Room(roomName, store, hooks, clientIds ?? null, limits ?? null);
    // Subscribed before the load: what other instances send meanwhile waits, then applies on top.
    const early: Array<() => void> = [];
    let ready = false;
    const whenLoaded = (apply: () => void) => (ready ? apply() : early.push(apply));
    if (fanout) {
      room.channel = await fanout.join(roomName.name, {
        update: (from, seq, update, claims) => whenLoaded(() => room.applyRemoteUpdate(from, seq, update, claims)),
        awareness: (_from, update) => whenLoaded(() => room.applyRemoteAwareness(update)),
        committed: (from, seq) => whenLoaded(() => room.ledger.confirm(from, seq)),
      });
    }
    try {
      const [stored] = await Promise.all([store.load(roomName.name), room.clientIdOwners.load()]);
      room.stored = stored.updates.length > 0 ? stored.updates : null;
      room.size.loaded(stored.updates.reduce((bytes, update) => bytes + update.byteLength, 0));
      room.commits.logLength = stored.logLength;
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
    if (this.roomName.kind === "board" && this.checkVersion()) return;
    const step1 = this.syncStep1();
    for (const peer of this.awaitingStep1) if (this.peers.has(peer)) peer.send(step1);
    this.awaitingStep1.clear();
  }

  /**
   * Refuses a board saved by a newer version (true), or starts upgrading an older one: the
   * upgrade is stored under the room's lock, then reaches this room's peers; an instance that
   * finds it stored by another reads it from the log instead.
   */
  private checkVersion(): boolean {
    const check = checkBoardVersion(this.ydoc);
    if (check.kind === "newer") {
      this.refusal = check.refusal;
      for (const peer of Array.from(this.peers.keys())) peer.close(check.refusal.code, check.refusal.reason);
      return true;
    }
    if (check.kind === "older") {
      storeBoardUpgrade(this.store, this.roomName.name)
        .then((upgrade) => {
          if (upgrade && !this.destroyed) Y.applyUpdate(this.ydoc, upgrade, FROM_REMOTE);
          return this.catchUp();
        })
        .catch((error: unknown) => console.error(`[room ${this.roomName.name}] could not upgrade the stored board:`, error));
    }
    return false;
  }

  /** Encoded sync step 1: the server's state vector, sent on join. */
  private syncStep1(): Uint8Array {
    return encodeSyncStep1(Y.encodeStateVector(this.doc));
  }

  /**
   * The answer to a peer's sync step 1: what a peer with `stateVector` is missing, as sync step 2.
   * A new client (empty state vector) gets the whole document: the stored updates as they are
   * while the document is not built yet (each but the last as an update message, so `synced`
   * comes with the last), else one encoding of it shared by every new client until it changes.
   * `peer`, if given, is sent updates from now on.
   */
  syncStep2(stateVector: Uint8Array, peer?: RoomPeer): Uint8Array[] {
    if (peer) this.unsynced.delete(peer);
    const isNew = Y.decodeStateVector(stateVector).size === 0;
    if (isNew && this.stored && this.stored.length > 0) {
      const last = this.stored.length - 1;
      return this.stored.map((update, i) => (i === last ? encodeSyncStep2(update) : encodeUpdate(update)));
    }
    if (isNew) {
      this.fullState ??= encodeSyncStep2(integratedState(this.doc));
      return [this.fullState];
    }
    return [encodeSyncStep2(integratedState(this.doc, stateVector))];
  }

  /** Encoded awareness of everyone in the room, or null when nobody has a state. */
  awarenessMessage(clients = Array.from(this.awareness.getStates().keys())): Uint8Array | null {
    if (clients.length === 0) return null;
    return encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients));
  }

  join(peer: RoomPeer): void {
    if (this.refusal) return peer.close(this.refusal.code, this.refusal.reason);
    this.peers.set(peer, new Set());
    this.unsynced.add(peer);
    if (this.stored) this.awaitingStep1.add(peer);
    else peer.send(this.syncStep1());
    const everyone = this.awarenessMessage();
    if (everyone) peer.send(everyone);
  }

  /** Removes a peer and its awareness states; resolves to true when the room is now empty. */
  leave(peer: RoomPeer): boolean {
    const clients = this.peers.get(peer);
    this.peers.delete(peer);
    this.unsynced.delete(peer);
    this.commits.forget(peer);
    this.awaitingStep1.delete(peer);
    if (clients && clients.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, Array.from(clients), peer);
    }
    this.awarenessOwners.leave(peer);
    return this.peers.size === 0;
  }

  /**
   * Queues a well-formed update from a peer, with its decoding, to be checked and applied with
   * the others of this tick (see `admit`); it fans out, then is committed shortly. Its structs are
   * what `size.admit` reserved for it (released once applied).
   */
  applyUpdate(update: Uint8Array, decoded: DecodedUpdate, peer: RoomPeer): void {
    this.inbox.push(update, decoded, peer);
  }

  /**
   * Decides, right before it is applied (so against the document it will be applied to), whether
   * a peer's update may be: null when it keeps the board's structure and writes only under client
   * ids its person owns (their new ids become theirs), else why not.
   */
  admit(decoded: DecodedUpdate, peer: RoomPeer): UpdateRefusal | null {
    const doc = this.doc;
    const violation = checkUpdate(decoded, doc, this.roomName.kind, peer.userId);
    if (violation?.missing) {
      console.warn(`[room ${this.roomName.name}] put off an update from ${peer.userId}: ${violation.rule}`);
      return { code: CloseCode.missingDependencies, reason: CloseReason.missingDependencies };
    }
    if (violation) {
      console.warn(`[room ${this.roomName.name}] refused an update from ${peer.userId}: ${violation.rule}`);
      return { code: CloseCode.invalidStructure, reason: CloseReason.invalidStructure };
    }
    const writers = newWriters(decoded, doc);
    if (writers.size > 0 && (peer.userId === null || !this.clientIdOwners.admit(writers.keys(), peer.userId))) {
      console.warn(`[room ${this.roomName.name}] refused an update from ${peer.userId} under another person's client id`);
      return { code: CloseCode.foreignClientId, reason: CloseReason.foreignClientId };
    }
    return null;
  }

  /** Applies a validated awareness update from a peer and remembers which clients it speaks for. */
  applyAwareness(update: Uint8Array, peer: RoomPeer): void {
    awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
  }

  /**
   * Resolves once every update received so far is durable. With `unconfirmed`, updates from other
   * instances not yet confirmed as committed are stored too (before unloading or shutting down).
   */
  async flush(unconfirmed = false): Promise<void> {
    this.inbox.drain();
    if (unconfirmed) this.sweepUnconfirmed(Infinity);
    await this.commits.commitNow();
    if (this.commits.hasPending) await this.flush();
  }

  /** True while updates wait to be committed. */
  get dirty(): boolean {
    return this.commits.hasPending || !this.inbox.isEmpty || !this.ledger.isEmpty;
  }

  /**
   * Reads what the database holds beyond this room's state (updates committed by other
   * instances that the fan-out did not bring) and applies it. A room's rows commit in id order
   * (appends hold the room's lock), so reading past the cursor misses none.
   */
  async catchUp(): Promise<void> {
    if (this.destroyed) return;
    const changes = await this.store.changesSince(this.roomName.name, this.cursor);
    if (this.destroyed) return;
    this.cursor = Math.max(this.cursor, changes.cursor);
    if (changes.updates.length === 0) return;
    Y.transact(this.doc, () => {
      for (const update of changes.updates) Y.applyUpdate(this.doc, update);
    }, FROM_REMOTE);
    // Their writers' claims were stored with them.
    await this.clientIdOwners.load();
  }

  /** Queues for commit the updates of other instances unconfirmed since before `now - grace`. */
  sweepUnconfirmed(now = Date.now()): void {
    const due = this.ledger.sweep(now);
    if (due.length > 0) this.commits.queue(due);
  }

  destroy(): void {
    this.destroyed = true;
    this.channel?.leave();
    this.commits.destroy();
    this.outbox.destroy();
    this.inbox.destroy();
    this.stored = null;
    this.fullState = null;
    this.ydoc.off("update", this.handleUpdate);
    this.awareness.off("update", this.handleAwareness);
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private applyRemoteUpdate(from: string, seq: number, update: Uint8Array, claims: ClientIdClaim[] = []): void {
    if (this.destroyed) return;
    // Checked by the instance that received it; its writers' claims come with it.
    this.clientIdOwners.learn(claims);
    try {
      Y.applyUpdate(this.doc, update, FROM_REMOTE);
    } catch (error) {
      console.error(`[room ${this.roomName.name}] ignored an update from instance ${from} that failed to apply:`, error);
      return;
    }
    this.ledger.record(from, seq, update);
  }

  private applyRemoteAwareness(update: Uint8Array): void {
    if (this.destroyed) return;
    try {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, update, FROM_REMOTE);
    } catch (error) {
      console.error(`[room ${this.roomName.name}] ignored a bad awareness update from another instance:`, error);
    }
  }

  /** Every change goes out to the peers; what is not from storage or another instance is also published and committed. */
  private handleUpdate = (update: Uint8Array, origin: unknown) => {
    this.fullState = null;
    if (origin === FROM_STORAGE) return;
    this.size.applied(update.byteLength);
    this.outbox.queueUpdate(update, origin);
    if (origin === FROM_REMOTE) return;
    const seq = this.channel?.publishUpdate(update, this.clientIdOwners.takeFresh());
    this.commits.queue([update], this.writersOf(origin), seq);
  };

  /** The connected peers whose updates a transaction of `origin` applied: they are told when it is saved. */
  private writersOf(origin: unknown): RoomPeer[] {
    if (this.peers.has(origin as RoomPeer)) return [origin as RoomPeer];
    if (origin instanceof PeerGroup) return Array.from(origin.peers).filter((peer) => this.peers.has(peer));
    return [];
  }

  /** Tracks which awareness clients each peer speaks for, and hands the change to the outbox. */
  private handleAwareness = (
    { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
    origin: unknown,
  ) => {
    const owned = this.peers.get(origin as RoomPeer);
    if (owned) {
      for (const id of added) owned.add(id);
      for (const id of removed) owned.delete(id);
    }
    this.outbox.queueAwareness(origin, [...added, ...updated, ...removed]);
  };
}
