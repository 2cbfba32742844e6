/**
 * The collaboration protocol contract shared by the browser client and the server:
 * where the socket lives, how rooms are named, how a connection is closed and why,
 * and the limits every connection is held to. Nothing else names these values.
 */

/** Path prefix upgraded to the collaboration server; the room name follows it. */
export const COLLAB_PATH = "/collab";

/** Subprotocol the server answers with; clients offer it alongside their ticket. */
export const SUBPROTOCOL = "sb.v1";

/**
 * Offered by clients that read the "saved" signal (the server's committed state vector, sent as a
 * sync step 1 after each commit: lib/collab/save-state.ts). Only they are sent it: a stock
 * y-websocket client takes every step 1 for a sync request and answers with everything the
 * committed state lacks, its colleagues' uncommitted edits included, after every commit.
 */
export const SAVED_PROTOCOL = "sb.saved";

/** Subprotocol prefix that carries the collab ticket (`ticket.<jwt>`), never a URL. */
export const TICKET_PROTOCOL_PREFIX = "ticket.";

/** Suffix of the review room that sits beside each board room. */
export const REVIEW_ROOM_SUFFIX = ".review";

/** Ids of everything stored (entries of a board, users, comments): URL-safe, 1–64 characters. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Board ids are URL-safe random strings of at least 6 characters; anything else is not a room. */
export const BOARD_ID_PATTERN = /^[A-Za-z0-9_-]{6,64}$/;

/** Close codes sent by the server; each says what the client should do next. */
export const CloseCode = {
  /** The server is shutting down; reconnect later. */
  goingAway: 1001,
  /** A message could not be decoded as the y-websocket protocol. */
  malformed: 4400,
  /** No ticket, a bad signature or an expired ticket. */
  unauthorized: 4401,
  /** The role does not allow this, or it changed; fetch a new ticket. */
  forbidden: 4403,
  /** No such board (or room name). */
  notFound: 4404,
  /**
   * An update carried changes under a Yjs client id that another person owns on this board
   * (lib/collab/rules.ts, server/client-ids.ts); nothing of it was applied or stored. Sending it
   * again is refused again: the tab's document must be dropped (a reload gets a new client id).
   */
  foreignClientId: 4409,
  /**
   * An update built on changes this server does not have yet (another instance's, still on their
   * way, or the client's own, sent ahead of its sync); nothing of it was applied. Reconnect: the
   * sync sends it again, checkable by then. A "try again" code (45xx): y-websocket's provider
   * stops reconnecting after any code from 4400 to 4499.
   */
  missingDependencies: 4512,
  /** A message exceeded MAX_MESSAGE_BYTES, or an update MAX_UPDATE_BYTES / MAX_UPDATE_STRUCTS. */
  tooLarge: 4413,
  /**
   * An update would break the board's structure (lib/collab/rules.ts: unknown root, a value of
   * the wrong type, narrative content outside the editor's schema, nesting too deep); nothing
   * of it was applied or stored. Sending it again is refused again: a reload reads the board as
   * stored.
   */
  invalidStructure: 4422,
  /** The board was saved by a newer version of the app; this server does not edit it. */
  boardTooNew: 4426,
  /** Too many messages too fast. */
  rateLimited: 4429,
  /** The board could not be loaded from storage; nothing was created in its place. */
  unavailable: 4503,
  /** The update would take the board past its size limit (BOARD_MAX_BYTES / BOARD_MAX_ITEMS); nothing of it was applied. */
  boardFull: 4507,
} as const;

/**
 * Close codes that refuse a change the client holds: reconnecting would send it again and be
 * refused again, so a client must drop that change first (components/board/boardConnection.ts).
 */
export const REFUSED_CHANGE_CODES: ReadonlySet<number> = new Set([
  CloseCode.tooLarge,
  CloseCode.invalidStructure,
  CloseCode.foreignClientId,
  CloseCode.boardFull,
]);

export type CloseCodeValue = (typeof CloseCode)[keyof typeof CloseCode];

/** The reasons sent with the refusals of a document update, as a page may show them. */
export const CloseReason = {
  foreignClientId: "This change was written under another person's identity",
  invalidStructure: "This change breaks the board's structure",
  missingDependencies: "This change builds on changes the server does not have yet",
} as const;

/**
 * Deepest nesting of narrative elements a board accepts (a blockquote in a list item in a
 * blockquote… counts one per element); an update nesting deeper is refused with 4422.
 */
export const MAX_NARRATIVE_DEPTH = 64;

/**
 * Largest message a client may send: twice the largest update (MAX_UPDATE_BYTES, below), room for
 * any part our client sends and its framing. A full offline sync of a big board travels in parts,
 * so nothing legitimate needs more, and a larger frame is refused (4413) before it is buffered whole.
 */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Largest update (the payload of a sync update or step 2) the server applies in one piece, and the
 * most structs (Yjs items) it may hold, so that no single update holds the event loop for more
 * than ~100 ms. What one update costs grows with its structs far more than with its bytes
 * (`npm run bench:update-cost`, docs/PERFORMANCE.md): decode + validate + apply + encode of
 * 512 KiB of small map keys (33,000 structs) took 265 ms on the 2-core machine under load,
 * 10,000 structs of imported events about 55 ms, while 8 MB of one long text took 27 ms. The bytes
 * are checked before anything is decoded (decoding 512 KiB of the densest shape costs ≤ 75 ms),
 * the structs from the decode the server does anyway, before anything is applied.
 * Larger changes travel as several updates: our client splits what it sends (splitUpdate in
 * wire.ts), a full offline sync (sync step 2) included, so a board of any size under its limit
 * syncs in parts. Beyond either limit: CloseCode.tooLarge.
 */
export const MAX_UPDATE_BYTES = 512 * 1024;
export const MAX_UPDATE_STRUCTS = 10_000;

/**
 * Default per-board limits (BOARD_MAX_BYTES, BOARD_MAX_ITEMS in lib/env.ts): a 10,000-event
 * ACLED import (200,000 structs; 8.8 MiB with 300-character notes, 63 MiB with 6 KB notes)
 * fits with room for the narrative, claims and a long history of edits.
 */
export const DEFAULT_BOARD_MAX_BYTES = 128 * 1024 * 1024;
export const DEFAULT_BOARD_MAX_ITEMS = 500_000;

/** A board's size limits, as the server enforces them and the browser checks before writing. */
export interface BoardLimits {
  maxBytes: number;
  maxItems: number;
}

/** Largest awareness state one client may hold (name, colour, cursor, selection). */
export const MAX_AWARENESS_STATE_BYTES = 4 * 1024;

/** Messages a connection may queue while its room is still loading from storage. */
export const MAX_MESSAGES_WHILE_LOADING = 256;

/** Per-connection message rate: a burst of this many messages (an import or a long offline session)… */
export const MESSAGE_BURST = 2_000;
/** …refilled at this many messages per second; beyond it the connection is closed with 4429. */
export const MESSAGES_PER_SECOND = 500;
/**
 * Document updates (sync update and step 2 messages) count against an allowance of their own: a
 * script or a stock client sends one message per transaction, 10,000 edits back to back are real
 * work, and each is already held to its own limits (bytes, structs, the board's size, one large
 * message per tick). Messages that only ask the server to work (sync step 1: an encoding of the
 * board each) or to relay (awareness) stay on the tighter allowance above.
 */
export const UPDATE_BURST = 20_000;
/** …refilled at this many updates per second; beyond it the connection is closed with 4429. */
export const UPDATES_PER_SECOND = 2_000;

/**
 * Grouped commits: a room commits at most once per window. An edit in a quiet room is committed
 * at once; the edits that follow within the window of that commit wait for its end and are
 * written in one transaction. Each commit costs an fsync and a round trip to the writer thread
 * whatever it holds, so a room of ten typists commits five times a second, not fifty, while a
 * lone edit is "Saved" as soon as the disk has it. Nothing waits on it but the "Saved" signal:
 * edits reach the others at once.
 */
export const COMMIT_WINDOW_MS = 200;

/**
 * A room that has committed back to back (edits arriving within every window) for
 * BUSY_COMMIT_AFTER_MS commits at most once per this window instead, until its edits pause for a
 * whole window: a board typed on without a break pays a fifth of the fsyncs, writer round trips
 * and "saved" messages, while "Saved" comes within a second of the last edit. The edits are safe
 * meanwhile in every writer's browser, which keeps what is not yet saved.
 */
export const BUSY_COMMIT_WINDOW_MS = 1_000;

/** How long a room commits back to back before its window widens to BUSY_COMMIT_WINDOW_MS. */
export const BUSY_COMMIT_AFTER_MS = 2_000;

/** A room whose update log grows past this many rows is compacted into a snapshot. */
export const COMPACT_AFTER_UPDATES = 500;

/** Kinds of room: the board itself, or its server-written review room. */
export type RoomKind = "board" | "review";

export interface RoomName {
  boardId: string;
  kind: RoomKind;
  /** The full room name as it appears in the URL and in storage. */
  name: string;
}

/** True for strings that can be board ids. */
export function isBoardId(value: string): boolean {
  return BOARD_ID_PATTERN.test(value);
}

/** Parses `<boardId>` or `<boardId>.review`; null for anything else. */
export function parseRoomName(name: string): RoomName | null {
  const kind: RoomKind = name.endsWith(REVIEW_ROOM_SUFFIX) ? "review" : "board";
  const boardId = kind === "review" ? name.slice(0, -REVIEW_ROOM_SUFFIX.length) : name;
  return isBoardId(boardId) ? { boardId, kind, name } : null;
}

/** The review room that belongs to a board. */
export function reviewRoomName(boardId: string): string {
  return boardId + REVIEW_ROOM_SUFFIX;
}

/** The subprotocols a client offered, from the upgrade request's header. */
function offeredProtocols(header: string | string[] | undefined): string[] {
  return (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",").map((p) => p.trim());
}

/** The ticket a client offered in its WebSocket subprotocols, if any. */
export function ticketFromProtocols(header: string | string[] | undefined): string | null {
  const entry = offeredProtocols(header).find((p) => p.startsWith(TICKET_PROTOCOL_PREFIX));
  return entry ? entry.slice(TICKET_PROTOCOL_PREFIX.length) : null;
}

/** Whether a client offered SAVED_PROTOCOL: it is sent the "saved" signal. */
export function readsSaved(header: string | string[] | undefined): boolean {
  return offeredProtocols(header).includes(SAVED_PROTOCOL);
}

/**
 * The subprotocols a client offers: ours, its ticket and, for a client that reads the "saved"
 * signal (ours, and tests watching it), SAVED_PROTOCOL.
 */
export function clientProtocols(ticket: string, { saved = true }: { saved?: boolean } = {}): string[] {
  return saved ? [SUBPROTOCOL, SAVED_PROTOCOL, TICKET_PROTOCOL_PREFIX + ticket] : [SUBPROTOCOL, TICKET_PROTOCOL_PREFIX + ticket];
}

/** Extracts the room name from an upgrade request path such as `/collab/abc123`; null, never a throw, for anything else. */
export function roomFromPath(pathname: string): string | null {
  const prefix = COLLAB_PATH + "/";
  if (!pathname.startsWith(prefix)) return null;
  const rest = safeDecode(pathname.slice(prefix.length));
  return rest && !rest.includes("/") ? rest : null;
}

/** `decodeURIComponent`, or null for malformed percent-encoding (`%E0%A4%A`) instead of a URIError. */
function safeDecode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Sockets one person may hold open on one board, its review room included (each open tab holds
 * two), so one ticket cannot pin down the server's memory; the next is closed with 4429.
 */
export const MAX_SOCKETS_PER_PERSON_PER_BOARD = 16;

/**
 * Awareness client ids one connection may introduce (a tab has one; a few leave room to spare).
 * An awareness update may name at most these plus the clients its room already knows (a stock
 * client echoes every state it is sent); one naming more, or a connection introducing more, is
 * closed with CloseCode.tooLarge (4413) before its states are read.
 */
export const MAX_AWARENESS_CLIENTS_PER_CONNECTION = 4;

/**
 * How long an awareness client id stays its person's after it left: a tab that reconnects keeps
 * its id, and nobody else may speak for it meanwhile.
 */
export const AWARENESS_CLIENT_GRACE_MS = 10 * 60_000;
