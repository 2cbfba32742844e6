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
 * network reconnects at once (lib/collab/reconnect.ts has the timing).
 */
import { WebsocketProvider } from "y-websocket";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { can, type Role } from "@/lib/auth/roles";
import { openLocalStore, type LocalStore } from "@/lib/collab/local-store";
import { PresenceUserSchema } from "@/lib/collab/presence";
import { forgetOfflinePage } from "@/lib/collab/offline-pages";
import { COLLAB_PATH, CloseCode, REFUSED_CHANGE_CODES, clientProtocols, reviewRoomName, type BoardLimits } from "@/lib/collab/protocol";
import { HEARTBEAT, heartbeat, retryDelay } from "@/lib/collab/reconnect";
import { SaveTracker, losesChangesOnClose, saveStateOf, type SaveState, type SaveStatus } from "@/lib/collab/save-state";
import { encodeQueryAwareness, encodeSyncStep1 } from "@/lib/collab/wire";
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

interface Entry {
  snapshot: BoardConnection;
  listeners: Set<() => void>;
  release: ReturnType<typeof setTimeout> | null;
  destroy(): void;
}

const entries = new Map<string, Entry>();

/** Opens `room` (the board's own room or its review room) for `userId` with tickets for `boardId`. */
function open(boardId: string, room: string, userId: string): Entry {
  const doc = new Y.Doc();
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const provider = new WebsocketProvider(`${scheme}://${window.location.host}${COLLAB_PATH}`, room, doc, {
    connect: false,
  });
  let destroyed = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let store: LocalStore | null = null;
  let lastProbeAt = 0;

  const tracker = new SaveTracker(provider, (save) => update({ save, saveState: saveStateOf(save) }), {
    onServerState: (stateVector) => store?.setServerState(stateVector),
  });
  const discardLocalCopy = async () => {
    const kept = store;
    store = null;
    await Promise.all([kept?.clear(), room === boardId && forgetOfflinePage(userId, `/boards/${boardId}`)]);
  };
  const entry: Entry = {
    snapshot: {
      doc,
      awareness: provider.awareness,
      loading: true,
      save: tracker.status,
      saveState: saveStateOf(tracker.status),
      role: null,
      present: [],
      refused: null,
      unsaved: null,
      exportUnsaved: () => exportUnsaved(boardId, doc, tracker),
      discardLocalCopy,
    },
    listeners: new Set(),
    release: null,
    destroy: () => {
      destroyed = true;
      if (retry) clearTimeout(retry);
      clearInterval(watch);
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("beforeunload", onBeforeUnload);
      tracker.destroy();
      provider.destroy();
      void store?.close();
      doc.destroy();
    },
  };
  const update = (patch: Partial<BoardConnection>) => {
    entry.snapshot = { ...entry.snapshot, ...patch };
    for (const listener of entry.listeners) listener();
  };

  /** Refused for good: nothing more is sent; unsaved changes are kept for the person to export. */
  const refuse = (reason: string) => {
    if (retry) clearTimeout(retry);
    retry = null;
    destroyed = true; // no further attempts; `destroy` still releases the rest
    provider.disconnect();
    const unsaved = tracker.status.pending > 0 ? listUnsavedChanges(doc, tracker.ownClients, tracker.lastServerState) : null;
    const listed = unsaved?.length ? unsaved : null;
    update({ refused: reason, unsaved: listed });
    // A copy with nothing unsaved in it is of no use to someone who may not open the board.
    if (!listed && reason !== TICKET_REFUSALS[401]) void discardLocalCopy();
  };

  /** Fetches a ticket, then opens the socket with it; retries while the server is unreachable. */
  const connect = async () => {
    retry = null;
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
    let answer: { ticket: string; role: Role };
    try {
      answer = (await response.json()) as { ticket: string; role: Role };
    } catch {
      return lost();
    }
    if (destroyed || provider.ws) return;
    const { ticket, role } = answer;
    if (role !== entry.snapshot.role) update({ role });
    tracker.dispatch({ type: "notSaved", reason: can(role, "board:edit") || room !== boardId ? null : readOnlyRefusal() });
    provider.protocols = clientProtocols(ticket);
    provider.connect();
  };
  const readOnlyRefusal = () => (tracker.status.pending > 0 ? READ_ONLY_NOW : null);
  /** The attempt failed or the connection closed: offline until the next attempt succeeds. */
  const lost = () => {
    tracker.dispatch({ type: "closed" });
    scheduleConnect();
  };
  const scheduleConnect = (delay = retryDelay(failures++, navigator.onLine, Math.random())) => {
    if (destroyed || retry || delay === null) return;
    retry = setTimeout(connect, delay);
  };

  sendOnlyOwnAwareness(provider);
  provider.on("connection-close", (event: CloseEvent | null) => {
    // Every reconnect goes through `connect` for a fresh ticket, never the provider's own timer.
    provider.shouldConnect = false;
    if (destroyed) return;
    tracker.dispatch({ type: "closed" });
    if (event?.code === CloseCode.notFound) return refuse(TICKET_REFUSALS[404]);
    // Saved by a newer version of the app: reconnecting would be refused again; the reason says why.
    if (event?.code === CloseCode.boardTooNew) return refuse(event.reason || "This board was saved by a newer version of Situation Board.");
    // A refused change would be refused again: stop and say why, never reconnect in a loop.
    if (event && REFUSED_CHANGE_CODES.has(event.code)) return refuse(`Not saved — ${event.reason || "the server refused a change"}`);
    // A changed role reconnects at once; the ticket answer then says what the new rights are.
    scheduleConnect(event?.code === CloseCode.forbidden ? 0 : undefined);
  });
  provider.on("status", ({ status }: { status: string }) => {
    if (status === "connected") lastProbeAt = 0;
  });
  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    failures = 0;
    if (entry.snapshot.loading) update({ loading: false });
  });
  provider.awareness.on("change", () => update({ present: peopleIn(provider.awareness) }));

  // A silent connection is probed, then closed as dead; the browser's own word is taken at once.
  const watch = setInterval(() => {
    if (destroyed || !provider.wsconnected || !provider.ws) return;
    const now = Date.now();
    const action = heartbeat(now, provider.wsLastMessageReceived, lastProbeAt);
    if (action === "dead") provider.disconnect();
    else if (action === "probe") {
      lastProbeAt = now;
      // The server answers an awareness query with the room's states, ours among them (a few
      // hundred bytes in the small quiet rooms that get probed); without a state of our own
      // (the review room, a briefing) it answers sync step 1 instead.
      const withState = provider.awareness.getLocalState() !== null;
      provider.ws.send(withState ? encodeQueryAwareness() : encodeSyncStep1(Y.encodeStateVector(doc)));
    }
  }, HEARTBEAT.checkEveryMs);
  const onOffline = () => {
    if (destroyed) return;
    if (retry) clearTimeout(retry);
    retry = null;
    if (provider.ws) provider.disconnect();
    else tracker.dispatch({ type: "closed" });
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
    if (losesChangesOnClose(tracker.status)) event.preventDefault();
  };
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", onOffline);
  window.addEventListener("beforeunload", onBeforeUnload);

  // The device's copy first (a board opened before shows at once, online or not), then the server.
  void openLocalStore(userId, room, doc).then((opened) => {
    if (destroyed) return void opened?.close();
    store = opened;
    if (opened) {
      tracker.restore(opened.ownClients, opened.lastServerState);
      if (opened.hadContent && entry.snapshot.loading) update({ loading: false });
    } else tracker.dispatch({ type: "durable", durable: false });
    void connect();
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

/** Makes a change with `write` and reports to `tracker` once it is saved. */
export function trackSave(_doc: Y.Doc, write: () => void, tracker: ChangeTracker): () => void {
  write();
  tracker.saved();
  return () => undefined;
}

/** The size limits of the board whose document this is, once its ticket has said them. */
export function boardLimitsOf(_doc: Y.Doc): BoardLimits | null {
  return null;
}
