/**
 * One live connection per open room (a board, or its review room) in this tab, shared by every
 * component that uses it and closed shortly after the last one lets go (so React's remounts do
 * not reconnect).
 *
 * Before every (re)connect it fetches a fresh collab ticket; the ticket's answer also says the
 * person's current role, so a demoted editor loses edit rights without a reload, and a removed
 * member is told they no longer have access, and the board's size limits.
 *
 * What it sends goes in parts the server accepts (MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS), a full
 * offline sync included. When the server refuses a change (too large, board full, broken
 * structure, another person's client id) the tab never sends it again: it tells the person once
 * ("Not saved — why"), replaces its document with a fresh one from the server, takes back what
 * the server had accepted of that change, and carries on; after MAX_REFUSALS_IN_A_ROW refusals
 * with nothing saved between, it stops and asks for a reload rather than loop.
 */
import { WebsocketProvider } from "y-websocket";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import type { Role } from "@/lib/auth/roles";
import { PresenceUserSchema } from "@/lib/collab/presence";
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
import { watchSaveState, type SaveState } from "@/lib/collab/save-state";
import { MessageType, encodeSyncStep2, encodeUpdate, readSavedState, splitUpdate } from "@/lib/collab/wire";
import type { BoardUser } from "./types";

/** What the board shows about its connection; replaced (never mutated) on every change. */
export interface BoardConnection {
  doc: Y.Doc;
  awareness: Awareness;
  /** True until the stored board has arrived from the server. */
  loading: boolean;
  saveState: SaveState;
  /** The role the server granted on the last connect (null before the first ticket). */
  role: Role | null;
  /** People on the board right now (one entry per person, however many tabs). */
  present: BoardUser[];
  /** Set when the server refused the connection for good. */
  refused: string | null;
  /**
   * Set when the server refused a change made in this tab (too large, board full, broken
   * structure): why, in words. The change was taken back and the board reloaded from the server;
   * cleared once a later change is saved.
   */
  notSaved: string | null;
  /** The board's size limits, as the server enforces them (from the ticket; null before it). */
  limits: BoardLimits | null;
}

const NO_ACCESS = "You no longer have access to this board.";
const TICKET_REFUSALS: Record<number, string> = {
  401: "Your session has expired. Sign in again.",
  403: NO_ACCESS,
  404: "This board does not exist.",
};

/** Why a change was refused, when the server's close gave no reason. */
const CHANGE_REFUSALS: Record<number, string> = {
  [CloseCode.tooLarge]: "this change is too large to save at once",
  [CloseCode.invalidStructure]: "this change breaks the board's structure",
  [CloseCode.foreignClientId]: "this change was written under another person's identity",
  [CloseCode.boardFull]: "this board is full",
};

/** Refused changes in a row (with nothing saved between) after which the tab stops reconnecting. */
const MAX_REFUSALS_IN_A_ROW = 3;

/** How long an unused connection stays open, so a remount reuses it. */
const RELEASE_DELAY_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;

/** Every update this client sends is cut into parts the server accepts (see MAX_UPDATE_BYTES). */
const PART_LIMITS = { maxBytes: MAX_UPDATE_BYTES, maxStructs: MAX_UPDATE_STRUCTS };

/** Origin of the transaction that takes back what the server had accepted of a refused change. */
const ROLLBACK = Symbol("rollback");

/** Follows the save of one change (an import): how far the server has committed it, or why not. */
export interface SaveTracker {
  /** The fraction of the change the server has committed, from 0 to 1. */
  progress(fraction: number): void;
  saved(): void;
  /** The server refused it: nothing of it is kept (what it had accepted is taken back). */
  failed(reason: string): void;
}

interface Tracked {
  from: number;
  to: number;
  tracker: SaveTracker;
}

/** One document and the provider that syncs it; replaced whole when the server refuses a change. */
interface Session {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Per client, the clock that this socket has sent (or the server has) up to; null before the first answer to the server's step 1. */
  sent: Map<number, number> | null;
  /** The server's committed clock for this document's own client id. */
  savedClock: number;
  /** This tab's own transactions not yet known to be committed, as clock ranges of the own client id. */
  unsaved: Array<{ from: number; to: number }>;
  trackers: Set<Tracked>;
  /** A local change was made since the last refusal (it clears `notSaved` once saved). */
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

/** Opens `room` (the board's own room or its review room) with tickets for `boardId`. */
function open(boardId: string, room: string): Entry {
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const url = `${scheme}://${window.location.host}${COLLAB_PATH}`;
  let destroyed = false;
  let failures = 0;
  let refusalsInARow = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  /** After a refusal: what the replaced document held, to take back and to report once the new one has synced. */
  let recovery: { client: number; unsaved: Session["unsaved"]; trackers: Set<Tracked>; reason: string } | null = null;
  /** The current session (set below, once `start` exists); callbacks of a replaced one are ignored. */
  let session = undefined as unknown as Session;

  const entry: Entry = {
    snapshot: null as unknown as BoardConnection,
    listeners: new Set(),
    release: null,
    destroy: () => {
      destroyed = true;
      if (retry) clearTimeout(retry);
      session.stop();
    },
  };
  const update = (patch: Partial<BoardConnection>) => {
    entry.snapshot = { ...entry.snapshot, ...patch };
    for (const listener of entry.listeners) listener();
  };

  /** A new document and provider for the room; not connected yet. */
  const start = (): Session => {
    const doc = new Y.Doc();
    // No BroadcastChannel: the server is the one hub, and a change it refused must not come back from another tab.
    const provider = new WebsocketProvider(url, room, doc, { connect: false, disableBc: true });
    const s: Session = { doc, provider, sent: null, savedClock: 0, unsaved: [], trackers: new Set(), editedSinceRefusal: false, stop: () => undefined };
    sendInParts(s);
    sendOnlyOwnAwareness(provider);
    provider.on("connection-close", (event: CloseEvent | null) => onClose(s, event));
    provider.on("status", () => (s.sent = null));
    provider.on("sync", (synced: boolean) => {
      if (!synced || s !== session) return;
      failures = 0;
      if (recovery) recover(s);
      if (entry.snapshot.loading) update({ loading: false });
    });
    doc.on("afterTransaction", (transaction: Y.Transaction) => {
      if (transaction.origin === provider) return;
      const from = transaction.beforeState.get(doc.clientID) ?? 0;
      const to = transaction.afterState.get(doc.clientID) ?? 0;
      if (to > from) s.unsaved.push({ from, to });
      if (transaction.origin !== ROLLBACK && (to > from || transaction.deleteSet.clients.size > 0)) s.editedSinceRefusal = true;
    });
    const stopWatching = watchSaveState(provider, (saveState) => {
      if (s !== session) return;
      if (saveState === "saved" && entry.snapshot.notSaved && s.editedSinceRefusal) {
        refusalsInARow = 0;
        return update({ saveState, notSaved: null });
      }
      update({ saveState });
    });
    provider.awareness.on("change", () => s === session && update({ present: peopleIn(provider.awareness) }));
    s.stop = () => {
      stopWatching();
      provider.destroy();
      doc.destroy();
    };
    return s;
  };

  /** Fetches a ticket, then opens the socket with it; retries with backoff while unreachable. */
  const connect = async () => {
    retry = null;
    if (destroyed) return;
    let response: Response;
    try {
      response = await fetch(`/api/boards/${encodeURIComponent(boardId)}/ticket`, { method: "POST" });
    } catch {
      return scheduleConnect();
    }
    if (destroyed) return;
    if (TICKET_REFUSALS[response.status]) return update({ refused: TICKET_REFUSALS[response.status] });
    if (!response.ok) return scheduleConnect();
    const { ticket, role, limits } = (await response.json()) as { ticket: string; role: Role; limits?: BoardLimits };
    if (destroyed) return;
    if (role !== entry.snapshot.role) update({ role });
    if (limits && (limits.maxBytes !== entry.snapshot.limits?.maxBytes || limits.maxItems !== entry.snapshot.limits?.maxItems)) update({ limits });
    session.provider.protocols = clientProtocols(ticket);
    session.provider.connect();
  };
  const scheduleConnect = (delay = Math.min(200 * 2 ** failures++, MAX_BACKOFF_MS)) => {
    if (!destroyed && !retry) retry = setTimeout(connect, delay);
  };

  const onClose = (s: Session, event: CloseEvent | null) => {
    // Every reconnect goes through `connect` for a fresh ticket, never the provider's own timer.
    s.provider.shouldConnect = false;
    if (destroyed || s !== session) return;
    if (event?.code === CloseCode.notFound) return update({ refused: TICKET_REFUSALS[404] });
    // Saved by a newer version of the app: reconnecting would be refused again; the reason says why.
    if (event?.code === CloseCode.boardTooNew) return update({ refused: event.reason || "This board was saved by a newer version of Situation Board." });
    if (event && REFUSED_CHANGE_CODES.has(event.code)) return refuseChange(event.reason || CHANGE_REFUSALS[event.code]);
    // A changed role reconnects at once; the ticket answer then says what the new rights are.
    scheduleConnect(event?.code === CloseCode.forbidden ? 0 : undefined);
  };

  /**
   * The server refused a change this document holds: sending the document again would be refused
   * again, so it is replaced by a fresh one loaded from the server (which holds everything the
   * server accepted), where what the server had accepted of the refused change is taken back.
   * The person is told once; their later edits go to the new document and are saved as usual.
   */
  const refuseChange = (reason: string) => {
    const old = session;
    refusalsInARow += 1;
    const told = reason.charAt(0).toUpperCase() + reason.slice(1);
    if (refusalsInARow > MAX_REFUSALS_IN_A_ROW) {
      for (const { tracker } of old.trackers) tracker.failed(reason);
      return update({ refused: `${told}. Reload the page to go on.` });
    }
    recovery = { client: old.doc.clientID, unsaved: old.unsaved, trackers: old.trackers, reason };
    session = start();
    sessions.set(session.doc, { session, entry });
    old.stop();
    update({ doc: session.doc, awareness: session.provider.awareness, loading: true, saveState: "offline", present: [], notSaved: told });
    scheduleConnect(0);
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
    if (later > 0 && entry.snapshot.notSaved) update({ notSaved: `${entry.snapshot.notSaved}. Your later changes in this tab were not saved either` });
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
    saveState: "offline",
    role: null,
    present: [],
    refused: null,
    notSaved: null,
    limits: null,
  };
  void connect();
  return entry;
}

/**
 * What this client sends goes in parts the server accepts (MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS):
 * each local change as it happens, and the answer to the server's sync step 1 (on connect, and
 * the "saved" signal after each commit) — which leaves out what this socket has already sent, so
 * a large import in flight is not sent again with every commit.
 */
function sendInParts(s: Session): void {
  const { doc, provider } = s;
  const send = (message: Uint8Array) => {
    const ws = provider.ws;
    if (provider.wsconnected && ws && ws.readyState === ws.OPEN) ws.send(message);
  };
  doc.off("update", provider._updateHandler);
  provider._updateHandler = (update: Uint8Array, origin: unknown) => {
    if (origin === provider || !provider.wsconnected) return; // sent again in the answer to the next step 1
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
export function trackSave(doc: Y.Doc, write: () => void, tracker: SaveTracker): () => void {
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

/** Subscribes to a board's connection, opening it if needed; returns the unsubscribe function. */
export function subscribeBoard(boardId: string, listener: () => void): () => void {
  return subscribeRoom(boardId, boardId, listener);
}

/** The current snapshot of a board's connection, or null before anyone subscribed. */
export function boardSnapshot(boardId: string): BoardConnection | null {
  return entries.get(boardId)?.snapshot ?? null;
}

/**
 * Subscribes to the board's review room: a read-only connection (the server writes it on behalf of
 * the review actions) opened with the same per-board tickets as the board room.
 */
export function subscribeReview(boardId: string, listener: () => void): () => void {
  return subscribeRoom(boardId, reviewRoomName(boardId), listener);
}

export function reviewSnapshot(boardId: string): BoardConnection | null {
  return entries.get(reviewRoomName(boardId))?.snapshot ?? null;
}

function subscribeRoom(boardId: string, room: string, listener: () => void): () => void {
  let entry = entries.get(room);
  if (!entry) entries.set(room, (entry = open(boardId, room)));
  if (entry.release) clearTimeout(entry.release);
  entry.release = null;
  entry.listeners.add(listener);
  const subscribed = entry;
  return () => {
    subscribed.listeners.delete(listener);
    if (subscribed.listeners.size > 0) return;
    subscribed.release = setTimeout(() => {
      entries.delete(room);
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
