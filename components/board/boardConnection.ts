/**
 * One live connection per open room (a board, or its review room) in this tab, shared by every
 * component that uses it and closed shortly after the last one lets go (so React's remounts do
 * not reconnect).
 *
 * Before every (re)connect it fetches a fresh collab ticket; the ticket's answer also says the
 * person's current role, so a demoted editor loses edit rights without a reload, and a removed
 * member is told they no longer have access.
 */
import { WebsocketProvider } from "y-websocket";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import type { Role } from "@/lib/auth/roles";
import { PresenceUserSchema } from "@/lib/collab/presence";
import { COLLAB_PATH, CloseCode, clientProtocols, reviewRoomName } from "@/lib/collab/protocol";
import { watchSaveState, type SaveState } from "@/lib/collab/save-state";
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
}

const NO_ACCESS = "You no longer have access to this board.";
const TICKET_REFUSALS: Record<number, string> = {
  401: "Your session has expired. Sign in again.",
  403: NO_ACCESS,
  404: "This board does not exist.",
};

/** How long an unused connection stays open, so a remount reuses it. */
const RELEASE_DELAY_MS = 1_000;
const MAX_BACKOFF_MS = 5_000;

interface Entry {
  snapshot: BoardConnection;
  listeners: Set<() => void>;
  release: ReturnType<typeof setTimeout> | null;
  destroy(): void;
}

const entries = new Map<string, Entry>();

/** Opens `room` (the board's own room or its review room) with tickets for `boardId`. */
function open(boardId: string, room: string): Entry {
  const doc = new Y.Doc();
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const provider = new WebsocketProvider(`${scheme}://${window.location.host}${COLLAB_PATH}`, room, doc, {
    connect: false,
  });
  let destroyed = false;
  let failures = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;

  const entry: Entry = {
    snapshot: { doc, awareness: provider.awareness, loading: true, saveState: "offline", role: null, present: [], refused: null },
    listeners: new Set(),
    release: null,
    destroy: () => {
      destroyed = true;
      if (retry) clearTimeout(retry);
      stopWatching();
      provider.destroy();
      doc.destroy();
    },
  };
  const update = (patch: Partial<BoardConnection>) => {
    entry.snapshot = { ...entry.snapshot, ...patch };
    for (const listener of entry.listeners) listener();
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
    if (response.status === 404) {
      // No such board, or it was deleted: the server's answer says which.
      const answer = (await response.json().catch(() => null)) as { error?: unknown } | null;
      return update({ refused: typeof answer?.error === "string" ? answer.error : TICKET_REFUSALS[404] });
    }
    if (TICKET_REFUSALS[response.status]) return update({ refused: TICKET_REFUSALS[response.status] });
    if (!response.ok) return scheduleConnect();
    const { ticket, role } = (await response.json()) as { ticket: string; role: Role };
    if (destroyed) return;
    if (role !== entry.snapshot.role) update({ role });
    provider.protocols = clientProtocols(ticket);
    provider.connect();
  };
  const scheduleConnect = (delay = Math.min(200 * 2 ** failures++, MAX_BACKOFF_MS)) => {
    if (!destroyed && !retry) retry = setTimeout(connect, delay);
  };

  sendOnlyOwnAwareness(provider);
  provider.on("connection-close", (event: CloseEvent | null) => {
    // Every reconnect goes through `connect` for a fresh ticket, never the provider's own timer.
    provider.shouldConnect = false;
    if (destroyed) return;
    if (event?.code === CloseCode.notFound) return update({ refused: TICKET_REFUSALS[404] });
    // Saved by a newer version of the app: reconnecting would be refused again; the reason says why.
    if (event?.code === CloseCode.boardTooNew) return update({ refused: event.reason || "This board was saved by a newer version of Situation Board." });
    // A changed role reconnects at once; the ticket answer then says what the new rights are.
    scheduleConnect(event?.code === CloseCode.forbidden ? 0 : undefined);
  });
  provider.on("sync", (synced: boolean) => {
    if (!synced) return;
    failures = 0;
    if (entry.snapshot.loading) update({ loading: false });
  });
  const stopWatching = watchSaveState(provider, (saveState) => update({ saveState }));
  provider.awareness.on("change", () => update({ present: peopleIn(provider.awareness) }));
  void connect();
  return entry;
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
