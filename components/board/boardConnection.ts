/**
 * One live connection per open room (a board, or its review room) in this tab, shared by every
 * component that uses it and closed shortly after the last one lets go (so React's remounts do
 * not reconnect).
 *
 * Each room is first loaded from this person's copy on the device (lib/collab/local-store.ts),
 * so a board opened before shows and takes edits without the network; edits are kept there and
 * sent once the server is reachable. Before every (re)connect it fetches a fresh collab ticket;
 * the ticket's answer also says the person's current role, so a demoted editor loses edit rights
 * without a reload (and is told when changes on this device can no longer be saved), and a
 * removed member is told they no longer have access, with their unsaved changes listed.
 *
 * A dead connection is noticed by a heartbeat and the browser's offline event; a returning
 * network reconnects at once (lib/collab/reconnect.ts has the timing). The ticket's answer also
 * says the board's size limits (`boardLimitsOf`, for the import's check before writing).
 *
 * What it sends goes in parts the server accepts (MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS), the full
 * sync of what was kept on the device included; `trackSave` follows one change (an import) until
 * the server's "saved" covers its last part. When the server refuses a change (too large, board
 * full, broken structure, another person's client id) the tab never sends it again: it tells the
 * person once ("Not saved — why", until a later change is saved), replaces its document with a
 * fresh one from the server, takes back what the server had accepted of that change, deletes the
 * device's copy and writes it anew from the fresh document (so a reload does not bring the change
 * back), and carries on; after MAX_REFUSALS_IN_A_ROW refusals with nothing saved between, it stops
 * and asks for a reload rather than loop.
 */
import { WebsocketProvider } from "y-websocket";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { can, type Role } from "@/lib/auth/roles";
import { openLocalStore, type LocalStore } from "@/lib/collab/local-store";
import { PresenceUserSchema } from "@/lib/collab/presence";
import { forgetOfflinePage } from "@/lib/collab/offline-pages";
import {
  COLLAB_PATH,
  CloseCode,
  MAX_UPDATE_BYTES,
  MAX_UPDATE_STRUCTS,
  REFUSED_CHANGE_CODES,
  clientProtocols,
  reviewRoomName,
  type BoardLimits,
} from "@/lib/collab/protocol";
import { HEARTBEAT, heartbeat, retryDelay, stalled } from "@/lib/collab/reconnect";
import { SaveTracker, losesChangesOnClose, saveStateOf, type SaveState, type SaveStatus } from "@/lib/collab/save-state";
import { MessageType, encodeQueryAwareness, encodeSyncStep1, encodeSyncStep2, encodeUpdate, readSavedState, splitUpdate } from "@/lib/collab/wire";
import { listUnsavedChanges, type UnsavedChange } from "@/lib/board/model/unsaved";
import type { BoardUser } from "./types";

/** What the board shows about its connection; replaced (never mutated) on every change. */
export interface BoardConnection {
  doc: Y.Doc;
  awareness: Awareness;
  /** True until the board has arrived, from this device's copy or from the server. */
  loading: boolean;
  /** Everything known about saving (the header's words come from `saveLabel`). */
  save: SaveStatus;
  saveState: SaveState;
  /** The role the server granted on the last connect (null before the first ticket). */
  role: Role | null;
  /** People on the board right now (one entry per person, however many tabs). */
  present: BoardUser[];
  /** Set when the server refused the connection for good. */
  refused: string | null;
  /**
   * When refused: this person's changes on this device that the server never confirmed, listed;
   * null when there are none.
   */
  unsaved: UnsavedChange[] | null;
  /** The unsaved changes as a file to keep (JSON with the Yjs update, base64). */
  exportUnsaved(): string;
  /** Removes this room's copy from the device (after a refusal, once the person has decided). */
  discardLocalCopy(): Promise<void>;
  /** The board's size limits, as the server enforces them (from the ticket; null before it). */
  limits: BoardLimits | null;
}

const NO_ACCESS = "You no longer have access to this board.";
const TICKET_REFUSALS: Record<number, string> = {
  401: "Your session has expired. Sign in again.",
  403: NO_ACCESS,
  404: "This board does not exist.",
};
/** Why a demoted editor's changes on this device stay there. */
export const READ_ONLY_NOW = "you can now only view this board, so the changes on this device cannot be saved";

/** How long a ticket request may take before the attempt counts as failed. */
const TICKET_TIMEOUT_MS = 5_000;
/** How long an unused connection stays open, so a remount reuses it. */
const RELEASE_DELAY_MS = 1_000;

/** Why a change was refused, when the server's close gave no reason. */
const CHANGE_REFUSALS: Record<number, string> = {
  [CloseCode.tooLarge]: "this change is too large to save at once",
  [CloseCode.invalidStructure]: "this change breaks the board's structure",
  [CloseCode.foreignClientId]: "this change was written under another person's identity",
  [CloseCode.boardFull]: "this board is full",
};

/** Refused changes in a row (with nothing saved between) after which the tab stops reconnecting. */
const MAX_REFUSALS_IN_A_ROW = 3;

/** Every update this client sends is cut into parts the server accepts (see MAX_UPDATE_BYTES). */
const PART_LIMITS = { maxBytes: MAX_UPDATE_BYTES, maxStructs: MAX_UPDATE_STRUCTS };

/** Origin of the transaction that takes back what the server had accepted of a refused change. */
const ROLLBACK = Symbol("rollback");

interface Tracked {
  from: number;
  to: number;
  tracker: ChangeTracker;
}

/**
 * One document, the provider that syncs it, its save state and its copy on the device; replaced
 * whole when the server refuses a change.
 */
interface Session {
  doc: Y.Doc;
  provider: WebsocketProvider;
  tracker: SaveTracker;
  /** The device's copy of this document; null while it opens, or when the browser keeps none. */
  store: LocalStore | null;
  /** Per client, the clock that this socket has sent (or the server has) up to; null before the first answer to the server's step 1. */
  sent: Map<number, number> | null;
  /** The server's committed clock for this document's own client id. */
  savedClock: number;
  /** This tab's own transactions not yet known to be committed, as clock ranges of the own client id. */
  unsaved: Array<{ from: number; to: number }>;
  trackers: Set<Tracked>;
  /** A local change was made since the last refusal (it clears the refusal once saved). */
  editedSinceRefusal: boolean;
  stop(): void;
}

interface Entry {
  snapshot: BoardConnection;
  listeners: Set<() => void>;
  release: ReturnType<typeof setTimeout> | null;
  destroy(): void;
}

const entries = new Map<string, Entry>();
/** The live session and entry of each document handed out, for trackSave and boardLimitsOf. */
const sessions = new WeakMap<Y.Doc, { session: Session; entry: Entry }>();

/** Opens `room` (the board's own room or its review room) for `userId` with tickets for `boardId`. */
function open(boardId: string, room: string, userId: string): Entry {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${window.location.host}${COLLAB_PATH}`;
  let destroyed = false;
  let failures = 0;
  let refusalsInARow = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let lastProbeAt = 0;
  /** The server sent awareness states on this connection, so it answers an awareness query. */
  let heardAwareness = false;
  /** Why the server refused the last change of this tab, as the save state says it; null once a later change is saved. */
  let changeRefusal: string | null = null;
  /** After a refusal: what the replaced document held, to take back and to report once the new one has synced. */
  let recovery: { client: number; unsaved: Session["unsaved"]; trackers: Set<Tracked>; reason: string } | null = null;
  /** The current session (set below, once `start` exists); callbacks of a replaced one are ignored. */
  let session = undefined as unknown as Session;

  const discardLocalCopy = async () => {
    const kept = session.store;
    session.store = null;
    await Promise.all([kept?.clear(), room === boardId && forgetOfflinePage(userId, `/boards/${boardId}`)]);
  };
  const entry: Entry = {
    snapshot: null as unknown as BoardConnection,
    listeners: new Set(),
    release: null,
    destroy: () => {
      destroyed = true;
      if (retry) clearTimeout(retry);
      clearInterval(watch);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("beforeunload", onBeforeUnload);
      session.stop();
    },
  };
  const update = (patch: Partial<BoardConnection>) => {
    entry.snapshot = { ...entry.snapshot, ...patch };
    for (const listener of entry.listeners) listener();
  };

  /** A new document and provider for the room, with its save tracker; not connected, no local copy yet. */
  const start = (): Session => {
    const doc = new Y.Doc();
    // No BroadcastChannel: the server is the one hub, and a change it refused must not come back from another tab.
    const provider = new WebsocketProvider(url, room, doc, { connect: false, disableBc: true });
    const s = { doc, provider, store: null, sent: null, savedClock: 0, unsaved: [], trackers: new Set(), editedSinceRefusal: false, stop: () => undefined } as unknown as Session;
    // Installed before the tracker: the tracker reads the server's "saved" after the answer in parts is sent.
    sendInParts(s);
    s.tracker = new SaveTracker(provider, (save) => s === session && onSave(s, save), {
      onServerState: (stateVector) => s.store?.setServerState(stateVector),
    });
    sendOnlyOwnAwareness(provider);
    provider.on("connection-close", (event: CloseEvent | null) => onClose(s, event));
    provider.on("status", ({ status }: { status: string }) => {
      s.sent = null;
      if (status === "connected") lastProbeAt = 0;
      heardAwareness = false;
    });
    provider.on("sync", (synced: boolean) => {
      if (!synced || s !== session) return;
      failures = 0;
      if (recovery) recover(s);
      if (entry.snapshot.loading) update({ loading: false });
    });
    doc.on("afterTransaction", (transaction: Y.Transaction) => {
      if (!transaction.local) return; // from the server or the device's copy
      const from = transaction.beforeState.get(doc.clientID) ?? 0;
      const to = transaction.afterState.get(doc.clientID) ?? 0;
      if (to > from) s.unsaved.push({ from, to });
      if (transaction.origin !== ROLLBACK && (to > from || transaction.deleteSet.clients.size > 0)) s.editedSinceRefusal = true;
    });
    provider.awareness.on("change", () => s === session && update({ present: peopleIn(provider.awareness) }));
    provider.awareness.on("update", (_changes: unknown, origin: unknown) => {
      if (origin === provider && s === session) heardAwareness = true;
    });
    s.stop = () => {
      s.tracker.destroy();
      provider.destroy();
      void s.store?.close();
      s.store = null;
      doc.destroy();
    };
    return s;
  };

  const onSave = (s: Session, save: SaveStatus) => {
    // A change made after a refusal and saved: the refusal is over.
    if (changeRefusal !== null && s.editedSinceRefusal && save.connection === "open" && save.confirmed && save.pending === 0) {
      changeRefusal = null;
      refusalsInARow = 0;
      return s.tracker.dispatch({ type: "notSaved", reason: null });
    }
    update({ save, saveState: saveStateOf(save) });
  };

  /** Loads the device's copy into the session's document and keeps it there; false when the session was replaced meanwhile. */
  const bindLocalStore = async (s: Session) => {
    const opened = await openLocalStore(userId, room, s.doc);
    if (destroyed || s !== session) {
      void opened?.close();
      return false;
    }
    s.store = opened;
    if (opened) {
      s.tracker.restore(opened.ownClients, opened.lastServerState);
      if (opened.hadContent && entry.snapshot.loading) update({ loading: false });
    } else s.tracker.dispatch({ type: "durable", durable: false });
    return true;
  };

  /**
   * Refused for good: nothing more is sent; unsaved changes are kept for the person to export.
   * `refusedCopy`: the device's copy holds changes the server refuses, so it is deleted (a reload
   * would only send them again); the tab still has them to export.
   */
  const refuse = (reason: string, refusedCopy = false) => {
    if (retry) clearTimeout(retry);
    retry = null;
    destroyed = true; // no further attempts; `destroy` still releases the rest
    session.provider.disconnect();
    const { doc, tracker } = session;
    const unsaved = tracker.status.pending > 0 ? listUnsavedChanges(doc, tracker.ownClients, tracker.lastServerState) : null;
    const listed = unsaved?.length ? unsaved : null;
    update({ refused: reason, unsaved: listed });
    // A copy with nothing unsaved in it is of no use to someone who may not open the board.
    if (refusedCopy) {
      void session.store?.clear();
      session.store = null;
    } else if (!listed && reason !== TICKET_REFUSALS[401]) void discardLocalCopy();
  };

  /** Fetches a ticket, then opens the socket with it; retries while the server is unreachable. */
  const connect = async () => {
    retry = null;
    const { provider, tracker } = session;
    if (destroyed || provider.ws) return;
    tracker.dispatch({ type: "connecting" });
    let response: Response;
    try {
      // A network that drops packets would hold the request for minutes: give up and retry.
      response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/ticket`, { method: "POST", signal: AbortSignal.timeout(TICKET_TIMEOUT_MS) });
    } catch {
      return lost();
    }
    if (destroyed) return;
    if (response.status === 404) {
      // No such board, or it was deleted: the server's answer says which.
      const answer = (await response.json().catch(() => null)) as { error?: unknown } | null;
      return refuse(typeof answer?.error === "string" ? answer.error : TICKET_REFUSALS[404]);
    }
    if (TICKET_REFUSALS[response.status]) return refuse(TICKET_REFUSALS[response.status]);
    if (!response.ok) return lost();
    let answer: { ticket: string; role: Role; limits?: BoardLimits };
    try {
      answer = (await response.json()) as { ticket: string; role: Role; limits?: BoardLimits };
    } catch {
      return lost();
    }
    if (destroyed || provider !== session.provider || provider.ws) return;
    const { ticket, role, limits } = answer;
    if (role !== entry.snapshot.role) update({ role });
    if (limits && (limits.maxBytes !== entry.snapshot.limits?.maxBytes || limits.maxItems !== entry.snapshot.limits?.maxItems)) update({ limits });
    const readOnly = can(role, "board:edit") || room !== boardId ? null : readOnlyRefusal();
    tracker.dispatch({ type: "notSaved", reason: readOnly ?? changeRefusal });
    provider.protocols = clientProtocols(ticket);
    provider.connect();
  };
  const readOnlyRefusal = () => (session.tracker.status.pending > 0 ? READ_ONLY_NOW : null);
  /** The attempt failed or the connection closed: offline until the next attempt succeeds. */
  const lost = () => {
    session.tracker.dispatch({ type: "closed" });
    scheduleConnect();
  };
  const scheduleConnect = (delay = retryDelay(failures++, navigator.onLine, Math.random())) => {
    if (destroyed || retry || delay === null) return;
    retry = setTimeout(connect, delay);
  };

  const onClose = (s: Session, event: CloseEvent | null) => {
    // Every reconnect goes through `connect` for a fresh ticket, never the provider's own timer.
    s.provider.shouldConnect = false;
    if (destroyed || s !== session) return;
    s.tracker.dispatch({ type: "closed" });
    if (event?.code === CloseCode.notFound) return refuse(TICKET_REFUSALS[404]);
    // Saved by a newer version of the app: reconnecting would be refused again; the reason says why.
    if (event?.code === CloseCode.boardTooNew) return refuse(event.reason || "This board was saved by a newer version of Situation Board.");
    if (event && REFUSED_CHANGE_CODES.has(event.code)) return refuseChange(event.reason || CHANGE_REFUSALS[event.code]);
    // A changed role reconnects at once; the ticket answer then says what the new rights are.
    scheduleConnect(event?.code === CloseCode.forbidden ? 0 : undefined);
  };

  /**
   * The server refused a change this document holds: sending the document again would be refused
   * again, so it is replaced by a fresh one loaded from the server (which holds everything the
   * server accepted), where what the server had accepted of the refused change is taken back.
   * The device's copy holds the refused change too: it is deleted and written anew from the fresh
   * document, so a reload does not bring the change back. The person is told once (the save
   * state); their later edits go to the new document and are saved as usual.
   */
  const refuseChange = (reason: string) => {
    const old = session;
    refusalsInARow += 1;
    const told = reason.charAt(0).toUpperCase() + reason.slice(1);
    if (refusalsInARow > MAX_REFUSALS_IN_A_ROW) {
      for (const { tracker } of old.trackers) tracker.failed(reason);
      return refuse(`Not saved — ${told}. Reload the page to go on.`, true);
    }
    recovery = { client: old.doc.clientID, unsaved: old.unsaved, trackers: old.trackers, reason };
    changeRefusal = told;
    const refusedCopy = old.store;
    old.store = null;
    const cleared = refusedCopy?.clear();
    const fresh = (session = start());
    sessions.set(fresh.doc, { session: fresh, entry });
    old.stop();
    fresh.tracker.dispatch({ type: "closed" });
    fresh.tracker.dispatch({ type: "notSaved", reason: told });
    update({ doc: fresh.doc, awareness: fresh.provider.awareness, loading: true, present: [], save: fresh.tracker.status, saveState: saveStateOf(fresh.tracker.status) });
    void (async () => {
      await cleared;
      if (await bindLocalStore(fresh)) void connect();
    })();
  };

  /** Once the new document has synced: takes back the accepted part of the refused change and settles the trackers. */
  const recover = (s: Session) => {
    const { client, unsaved, trackers, reason } = recovery!;
    recovery = null;
    const accepted = Y.getState(s.doc.store, client);
    const refused = unsaved.find((change) => change.from <= accepted && accepted < change.to);
    if (refused && accepted > refused.from) takeBack(s.doc, client, refused.from, accepted);
    // Changes made after the refused one build on it (Yjs orders a client's changes), so they cannot be kept either.
    const later = refused ? unsaved.filter((change) => change.from >= refused.to).length : 0;
    if (later > 0 && changeRefusal) {
      changeRefusal = `${changeRefusal}. Your later changes in this tab were not saved either`;
      s.tracker.dispatch({ type: "notSaved", reason: changeRefusal });
    }
    // Changes wholly accepted are kept; the refused one, and any after it, are not.
    for (const tracked of trackers) {
      if (tracked.to <= accepted) tracked.tracker.saved();
      else tracked.tracker.failed(reason);
    }
  };

  session = start();
  sessions.set(session.doc, { session, entry });
  entry.snapshot = {
    doc: session.doc,
    awareness: session.provider.awareness,
    loading: true,
    save: session.tracker.status,
    saveState: saveStateOf(session.tracker.status),
    role: null,
    present: [],
    refused: null,
    unsaved: null,
    limits: null,
    exportUnsaved: () => exportUnsaved(boardId, session.doc, session.tracker),
    discardLocalCopy,
  };

  // A silent connection is probed, then closed as dead; the browser's own word is taken at once.
  let lastCheckAt = Date.now();
  let resumedAt = 0;
  const watch = setInterval(() => {
    const now = Date.now();
    if (stalled(lastCheckAt, now)) resumedAt = now;
    lastCheckAt = now;
    const { provider, doc } = session;
    if (destroyed || !provider.wsconnected || !provider.ws) return;
    const action = heartbeat(now, Math.max(provider.wsLastMessageReceived, resumedAt), lastProbeAt);
    if (action === "dead") provider.disconnect();
    else if (action === "probe") {
      lastProbeAt = now;
      // The server answers an awareness query with the room's states, ours among them (a few
      // hundred bytes in the small quiet rooms that get probed), but says nothing in a room where
      // it keeps no state (the review room, a briefing): there it is asked for sync step 1.
      provider.ws.send(heardAwareness ? encodeQueryAwareness() : encodeSyncStep1(Y.encodeStateVector(doc)));
    }
  }, HEARTBEAT.checkEveryMs);
  const onOffline = () => {
    if (destroyed) return;
    if (retry) clearTimeout(retry);
    retry = null;
    if (session.provider.ws) session.provider.disconnect();
    else session.tracker.dispatch({ type: "closed" });
  };
  const onOnline = () => {
    if (destroyed) return;
    if (retry) clearTimeout(retry);
    retry = null;
    failures = 0;
    void connect();
  };
  // Changes held in this tab's memory only (no local copy) are lost with it: ask first.
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (losesChangesOnClose(session.tracker.status)) event.preventDefault();
  };
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", onOffline);
  window.addEventListener("beforeunload", onBeforeUnload);

  // The device's copy first (a board opened before shows at once, online or not), then the server.
  const first = session;
  void bindLocalStore(first).then((bound) => {
    if (bound) void connect();
  });
  return entry;
}

/** This person's unsaved changes of `doc` as a file: what they are in words, and the Yjs update. */
function exportUnsaved(boardId: string, doc: Y.Doc, tracker: SaveTracker): string {
  const server = tracker.lastServerState;
  const update = Y.encodeStateAsUpdate(doc, server ?? undefined);
  let binary = "";
  for (const byte of update) binary += String.fromCharCode(byte);
  return JSON.stringify(
    {
      board: boardId,
      exportedAt: new Date().toISOString(),
      changes: listUnsavedChanges(doc, tracker.ownClients, server).map(({ label }) => label),
      yjsUpdateBase64: btoa(binary),
    },
    null,
    2,
  );
}

/**
 * The stock provider re-sends every awareness change it receives, so each cursor move in a room
 * of N people costs N² messages. This client sends only its own state; the server relays it.
 */
function sendOnlyOwnAwareness(provider: WebsocketProvider): void {
  const awareness = provider.awareness;
  const relayAll = provider._awarenessUpdateHandler;
  awareness.off("update", relayAll);
  awareness.on("update", (changes: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    if (origin === provider) return; // received from the server: the server already relayed it
    const own = (list: number[]) => list.filter((client) => client === provider.doc.clientID);
    const mine = { added: own(changes.added), updated: own(changes.updated), removed: own(changes.removed) };
    if (mine.added.length + mine.updated.length + mine.removed.length > 0) relayAll(mine, origin);
  });
}

/** Subscribes `userId` to a board's connection, opening it if needed; returns the unsubscribe function. */
export function subscribeBoard(boardId: string, userId: string, listener: () => void): () => void {
  return subscribeRoom(boardId, boardId, userId, listener);
}

/** The current snapshot of a board's connection, or null before anyone subscribed. */
export function boardSnapshot(boardId: string, userId: string): BoardConnection | null {
  return entries.get(entryKey(userId, boardId))?.snapshot ?? null;
}

/**
 * Subscribes to the board's review room: a read-only connection (the server writes it on behalf of
 * the review actions) opened with the same per-board tickets as the board room.
 */
export function subscribeReview(boardId: string, userId: string, listener: () => void): () => void {
  return subscribeRoom(boardId, reviewRoomName(boardId), userId, listener);
}

export function reviewSnapshot(boardId: string, userId: string): BoardConnection | null {
  return entries.get(entryKey(userId, reviewRoomName(boardId)))?.snapshot ?? null;
}

const entryKey = (userId: string, room: string) => `${userId}\n${room}`;

function subscribeRoom(boardId: string, room: string, userId: string, listener: () => void): () => void {
  const key = entryKey(userId, room);
  let entry = entries.get(key);
  if (!entry) entries.set(key, (entry = open(boardId, room, userId)));
  if (entry.release) clearTimeout(entry.release);
  entry.release = null;
  entry.listeners.add(listener);
  const subscribed = entry;
  return () => {
    subscribed.listeners.delete(listener);
    if (subscribed.listeners.size > 0) return;
    subscribed.release = setTimeout(() => {
      entries.delete(key);
      subscribed.destroy();
    }, RELEASE_DELAY_MS);
  };
}

function peopleIn(awareness: Awareness): BoardUser[] {
  const byId = new Map<string, BoardUser>();
  for (const state of awareness.getStates().values()) {
    const user = PresenceUserSchema.safeParse((state as { user?: unknown }).user);
    if (user.success && user.data.name) byId.set(user.data.id, user.data);
  }
  return Array.from(byId.values()).sort((a, b) => a.name.localeCompare(b.name));
}

/** Follows one change until the server has saved it (see trackSave). */
export interface ChangeTracker {
  /** The fraction of the change the server has committed, from 0 to 1. */
  progress(fraction: number): void;
  saved(): void;
  /** The server refused it: nothing of it is kept (what it had accepted is taken back). */
  failed(reason: string): void;
}

/**
 * What this client sends goes in parts the server accepts (MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS):
 * each local change as it happens, and the answer to the server's sync step 1 (on connect, with
 * everything kept on the device since, and the "saved" signal after each commit) — which leaves
 * out what this socket has already sent, so a large import in flight is not sent again with every
 * commit. The session's SaveTracker, installed after this, reads the same "saved" message.
 */
function sendInParts(s: Session): void {
  const { doc, provider } = s;
  const send = (message: Uint8Array) => {
    const ws = provider.ws;
    if (provider.wsconnected && ws && ws.readyState === ws.OPEN) ws.send(message);
  };
  doc.off("update", provider._updateHandler);
  provider._updateHandler = (update: Uint8Array, origin: unknown) => {
    // Before this socket has answered the server's step 1, a change goes in that answer: sent
    // alone, it could reach the server ahead of what it builds on (changes made offline, in the
    // answer) and be refused as building on changes the server does not have (4512) — on a slow
    // link, again on every reconnection while the person types.
    if (origin === provider || !provider.wsconnected || !s.sent) return;
    for (const part of splitUpdate(update, PART_LIMITS)) send(encodeUpdate(part));
    if (s.sent) s.sent.set(doc.clientID, Y.getState(doc.store, doc.clientID));
  };
  doc.on("update", provider._updateHandler);

  const original = provider.messageHandlers[MessageType.sync];
  provider.messageHandlers[MessageType.sync] = (encoder, decoder, p, emitSynced, messageType) => {
    const serverState = readSavedState(decoder);
    if (!serverState) return original(encoder, decoder, p, emitSynced, messageType);
    const server = Y.decodeStateVector(serverState);
    noteSaved(s, server.get(doc.clientID) ?? 0);
    const known = new Map(server);
    for (const [client, clock] of s.sent ?? []) known.set(client, Math.max(clock, known.get(client) ?? 0));
    const current = Y.decodeStateVector(Y.encodeStateVector(doc));
    const hasNew = Array.from(current).some(([client, clock]) => clock > (known.get(client) ?? 0));
    // While connected, deletions went out as they happened: an answer with nothing new is not sent again.
    if (s.sent && !hasNew) return;
    const parts = splitUpdate(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(known)), PART_LIMITS);
    parts.forEach((part, i) => send(i === parts.length - 1 ? encodeSyncStep2(part) : encodeUpdate(part)));
    s.sent = current;
  };
}

/** The server has committed this document's own changes up to `clock`: settles what that covers. */
function noteSaved(s: Session, clock: number): void {
  s.savedClock = Math.max(s.savedClock, clock);
  s.unsaved = s.unsaved.filter((change) => change.to > s.savedClock);
  for (const tracked of Array.from(s.trackers)) {
    if (s.savedClock >= tracked.to) {
      s.trackers.delete(tracked);
      tracked.tracker.saved();
    } else {
      tracked.tracker.progress(Math.max(0, s.savedClock - tracked.from) / (tracked.to - tracked.from));
    }
  }
}

/** Deletes what `client` wrote in [from, to) (and, for maps and elements, what they hold). */
function takeBack(doc: Y.Doc, client: number, from: number, to: number): void {
  const structs = doc.store.clients.get(client) ?? [];
  doc.transact((transaction) => {
    for (const struct of structs) {
      if (struct instanceof Y.Item && !struct.deleted && struct.id.clock < to && struct.id.clock + struct.length > from) struct.delete(transaction);
    }
  }, ROLLBACK);
}

/**
 * Runs `write` (one transaction on a board's document) and follows its save: progress as the
 * server commits its parts, then saved, or failed with the reason when the server refused it
 * (what it had accepted is then taken back). Returns a function that stops following.
 */
export function trackSave(doc: Y.Doc, write: () => void, tracker: ChangeTracker): () => void {
  const live = sessions.get(doc);
  const from = Y.getState(doc.store, doc.clientID);
  write();
  const to = Y.getState(doc.store, doc.clientID);
  if (!live || to === from) {
    tracker.saved();
    return () => undefined;
  }
  const tracked: Tracked = { from, to, tracker };
  live.session.trackers.add(tracked);
  tracker.progress(0);
  return () => live.session.trackers.delete(tracked);
}

/** The size limits of the board whose document this is, once its ticket has said them. */
export function boardLimitsOf(doc: Y.Doc): BoardLimits | null {
  return sessions.get(doc)?.entry.snapshot.limits ?? null;
}
