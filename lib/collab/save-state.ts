/**
 * "Saved" as the protocol defines it, and what the board tells its person about saving.
 *
 * After each durable commit the server sends its state vector (sync step 1) to the connections
 * whose updates it committed. A client is saved when that state vector covers everything this
 * person has written on this device: the current Yjs client id and the ids of earlier visits
 * whose changes the device kept (lib/collab/local-store.ts), never another person's.
 *
 * The states, as the header shows them:
 * - "connecting": the first connection of this page is being made (never shown as offline);
 * - "saving": changes of this device are on their way or not yet committed;
 * - "saved": the server's committed state covers every change of this device;
 * - "offline": no connection; `pending` changes wait on this device (or in this tab only, when
 *   the device cannot keep them);
 * - "notSaved": the server refused something, or this person may no longer write; `reason` says why.
 *
 * `nextSaveStatus` is the whole state machine, pure; `SaveTracker` feeds it from a provider.
 */
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { MessageType, readSavedState } from "./wire";

export type SaveState = "connecting" | "saving" | "saved" | "offline" | "notSaved";

/** What the machine knows; the shown state is derived from it by `saveStateOf`. */
export interface SaveStatus {
  /** "connecting" only before the first connection of this page opened or failed. */
  connection: "connecting" | "open" | "closed";
  /** The server's committed state vector arrived on the open connection. */
  confirmed: boolean;
  /** Changes of this person on this device the server has not confirmed as committed. */
  pending: number;
  /** False when changes can be kept in this tab's memory only (no local storage). */
  durable: boolean;
  /** Why the server will not save this device's changes; null when it will. */
  refusal: string | null;
}

export type SaveEvent =
  /** A connection attempt starts (a ticket is fetched, a socket opens). */
  | { type: "connecting" }
  /** The socket opened. */
  | { type: "open" }
  /** The socket closed, the attempt failed, or the network went away. */
  | { type: "closed" }
  /** A local change, or the local store restored older ones: this many are unconfirmed. */
  | { type: "pending"; pending: number }
  /** The server's committed state arrived; this many changes are still not in it. */
  | { type: "confirmed"; pending: number }
  /** Local storage turned out to be available (or not). */
  | { type: "durable"; durable: boolean }
  /** The server will not save this device's changes (`reason`), or will again (null). */
  | { type: "notSaved"; reason: string | null };

export function initialSaveStatus(durable = true): SaveStatus {
  return { connection: "connecting", confirmed: false, pending: 0, durable, refusal: null };
}

/** The state machine: every transition of what is known about saving. */
export function nextSaveStatus(status: SaveStatus, event: SaveEvent): SaveStatus {
  switch (event.type) {
    case "connecting":
      // Retrying after a loss stays "offline" until a socket is open again: no flicker.
      return status.connection === "closed" ? status : { ...status, connection: "connecting", confirmed: false };
    case "open":
      return { ...status, connection: "open", confirmed: false };
    case "closed":
      return { ...status, connection: "closed", confirmed: false };
    case "pending":
      return status.pending === event.pending ? status : { ...status, pending: event.pending };
    case "confirmed":
      return status.connection === "open" ? { ...status, confirmed: true, pending: event.pending } : { ...status, pending: event.pending };
    case "durable":
      return status.durable === event.durable ? status : { ...status, durable: event.durable };
    case "notSaved":
      return status.refusal === event.reason ? status : { ...status, refusal: event.reason };
  }
}

/** The state the header shows. */
export function saveStateOf(status: SaveStatus): SaveState {
  if (status.refusal !== null) return "notSaved";
  if (status.connection === "closed") return "offline";
  if (status.connection === "connecting") return "connecting";
  if (!status.confirmed) return status.pending > 0 ? "saving" : "connecting";
  return status.pending > 0 ? "saving" : "saved";
}

const changes = (n: number) => `${n} ${n === 1 ? "change" : "changes"}`;

/** The words for the state, as the header shows them. */
export function saveLabel(status: SaveStatus): string {
  switch (saveStateOf(status)) {
    case "connecting":
      return "Connecting…";
    case "saving":
      return "Saving…";
    case "saved":
      return "Saved";
    case "offline":
      if (status.pending === 0) return "Offline — no unsaved changes";
      return status.durable ? `Offline — ${changes(status.pending)} on this device` : `Offline — ${changes(status.pending)} in this tab only`;
    case "notSaved":
      return `Not saved — ${status.refusal}`;
  }
}

/** True when closing the page now would lose changes: unconfirmed ones held in memory only. */
export function losesChangesOnClose(status: SaveStatus): boolean {
  return !status.durable && status.pending > 0;
}

/**
 * True when `remote` (an encoded state vector) holds every change `doc` has made itself.
 * Only this client's own entry counts: changes it received from others were the server's first.
 */
export function coversLocalChanges(remote: Uint8Array, doc: Y.Doc): boolean {
  const server = Y.decodeStateVector(remote);
  return (server.get(doc.clientID) ?? 0) >= Y.getState(doc.store, doc.clientID);
}

/**
 * How many changes written with `own` client ids `doc` holds beyond `remote` (the server's
 * committed state vector, or null when the server was never heard from): Yjs counts one per
 * inserted character, pin field or card field.
 */
export function unconfirmedChanges(doc: Y.Doc, own: Iterable<number>, remote: Map<number, number> | null): number {
  let count = 0;
  for (const client of own) {
    const local = Y.getState(doc.store, client);
    count += Math.max(0, local - (remote?.get(client) ?? 0));
  }
  return count;
}

export interface SaveTrackerOptions {
  /** Client ids this person wrote with on this device before, restored from the local store. */
  ownClients?: Iterable<number>;
  /** The server's committed state vector as last confirmed, restored from the local store. */
  lastServerState?: Uint8Array | null;
  /** False when the device cannot keep changes (no local storage). */
  durable?: boolean;
  /** Called with each committed state vector the server confirms (to keep it on the device). */
  onServerState?: (stateVector: Uint8Array) => void;
}

/**
 * Follows the save state of a stock y-websocket provider: feeds the machine above with the
 * socket's status, local changes and the server's "saved" state vectors. A change that only
 * deletes leaves the state vector as it was; it counts as one pending change until the next
 * confirmation (the client sends deletions again on every reconnect until the server has them).
 */
export class SaveTracker {
  private current: SaveStatus;
  private readonly own: Set<number>;
  private serverState: Uint8Array | null;
  private deletions = 0;
  private readonly unwatch: () => void;

  constructor(
    private readonly provider: WebsocketProvider,
    private readonly onChange: (status: SaveStatus) => void,
    private readonly options: SaveTrackerOptions = {},
  ) {
    const doc = provider.doc;
    this.own = new Set([...(options.ownClients ?? []), doc.clientID]);
    this.serverState = options.lastServerState ?? null;
    this.current = { ...initialSaveStatus(options.durable ?? true), pending: this.count() };
    if (provider.wsconnected) this.current.connection = "open";

    const original = provider.messageHandlers[MessageType.sync];
    provider.messageHandlers[MessageType.sync] = (encoder, decoder, p, emitSynced, messageType) => {
      const saved = readSavedState(decoder);
      original(encoder, decoder, p, emitSynced, messageType);
      if (saved) this.confirm(saved);
    };
    const onUpdate = (_update: Uint8Array, origin: unknown, _doc: Y.Doc, transaction: Y.Transaction) => {
      if (origin === provider || !transaction.local) return;
      const before = transaction.beforeState.get(doc.clientID) ?? 0;
      if (Y.getState(doc.store, doc.clientID) === before) this.deletions += 1;
      this.dispatch({ type: "pending", pending: this.count() });
    };
    const onStatus = ({ status }: { status: "connected" | "disconnected" | "connecting" }) => {
      if (status === "connected") this.dispatch({ type: "open" });
      else if (status === "disconnected") this.dispatch({ type: "closed" });
      else this.dispatch({ type: "connecting" });
    };
    doc.on("update", onUpdate);
    provider.on("status", onStatus);
    this.unwatch = () => {
      provider.messageHandlers[MessageType.sync] = original;
      doc.off("update", onUpdate);
      provider.off("status", onStatus);
    };
  }

  get status(): SaveStatus {
    return this.current;
  }

  /** Client ids this person wrote with on this device (the current one included). */
  get ownClients(): number[] {
    return Array.from(this.own);
  }

  /** The server's committed state vector as last confirmed (encoded), or null. */
  get lastServerState(): Uint8Array | null {
    return this.serverState;
  }

  /**
   * Adds what the device's copy remembered: the client ids of earlier visits and the server's
   * state vector as last confirmed (unless this connection has heard newer from the server).
   */
  restore(ownClients: Iterable<number>, lastServerState: Uint8Array | null): void {
    for (const client of ownClients) this.own.add(client);
    this.serverState ??= lastServerState;
    this.dispatch({ type: "pending", pending: this.count() });
  }

  dispatch(event: SaveEvent): void {
    const next = nextSaveStatus(this.current, event);
    if (next === this.current) return;
    this.current = next;
    this.onChange(next);
  }

  destroy(): void {
    this.unwatch();
  }

  private count(): number {
    const server = this.serverState ? Y.decodeStateVector(this.serverState) : null;
    return unconfirmedChanges(this.provider.doc, this.own, server) + this.deletions;
  }

  private confirm(saved: Uint8Array): void {
    this.serverState = saved;
    this.deletions = 0;
    this.options.onServerState?.(saved);
    this.dispatch({ type: "confirmed", pending: this.count() });
  }
}

/**
 * The shown save state of a provider, reported on every change ("connecting" first).
 * Returns a function that stops watching.
 */
export function watchSaveState(provider: WebsocketProvider, onChange: (state: SaveState) => void, options?: SaveTrackerOptions): () => void {
  let shown: SaveState | null = null;
  const report = (status: SaveStatus) => {
    const state = saveStateOf(status);
    if (state !== shown) onChange((shown = state));
  };
  const tracker = new SaveTracker(provider, report, options);
  report(tracker.status);
  return () => tracker.destroy();
}
