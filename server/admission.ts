/**
 * Who may open a collaboration socket, decided from the request alone before any document is
 * loaded: the Origin, the ticket offered as a subprotocol, the board, and the person's current
 * role on it, read from the database (the ticket carries none, so a role changed since it was
 * issued counts). Roles granted are remembered for a short while (RoleCache): a briefing's
 * audience joining at once, or a person's board and review sockets, cost one lookup, not one
 * each; every access change (lib/collab/access-events.ts) forgets them at once.
 */
import type { IncomingMessage } from "node:http";
import { checkBoardAccess, type AccessRefusal } from "@/lib/auth/access";
import { can, type Role } from "@/lib/auth/roles";
import { verifyTicket } from "@/lib/auth/ticket";
import { presenceOf, type PresenceUser } from "@/lib/collab/presence";
import type { AccessEvents } from "@/lib/collab/access-events";
import { CloseCode, ticketFromProtocols, type RoomName } from "@/lib/collab/protocol";
import type { Database } from "@/lib/db";

/** A connection's rights for its whole life (a change of role closes it with 4403). */
export interface Admission {
  user: PresenceUser;
  role: Role;
  readOnly: boolean;
  /** Whether the connection may announce a presentation in its awareness (`present`). */
  mayPresent?: boolean;
}

export type Refusal = { code: number; reason: string };

export type Admit = (request: IncomingMessage, room: RoomName) => Promise<Admission | Refusal>;

/** Close reasons are short phrases, not the sentences pages show for the same refusal. */
const CLOSE_REASONS: Record<AccessRefusal["why"], string> = {
  "no-board": "No such board",
  "not-member": "You are not a member of this board",
  "not-allowed": "Your role on this board does not allow that",
};

/**
 * How long a role read from the database is believed without reading it again. Access changes
 * made through the app reach every instance at once (they forget the role); this bounds the
 * belief when one is missed (another instance's Redis message lost while Redis was down).
 */
export const ROLE_CACHE_MS = 10_000;

/**
 * Roles that admitted someone, by board and person, until an access change on the board or
 * ROLE_CACHE_MS. Only granted roles are kept: a refusal is always read afresh, so access given
 * (an invitation accepted, a board restored) counts at once.
 */
export class RoleCache {
  private readonly boards = new Map<string, Map<string, { role: Role; at: number }>>();
  /** Access changes heard so far: a role read before the latest one is not kept (see `set`). */
  private changes = 0;

  constructor(private readonly maxAgeMs = ROLE_CACHE_MS) {}

  get(boardId: string, userId: string, now = Date.now()): Role | null {
    const entry = this.boards.get(boardId)?.get(userId);
    if (!entry) return null;
    if (now - entry.at < this.maxAgeMs) return entry.role;
    this.forget(boardId, userId);
    return null;
  }

  /** What `set` is given with a role read from now on: a later access change makes it stale. */
  get generation(): number {
    return this.changes;
  }

  /** Keeps a role read at `generation`, unless access changed since (the read may predate the change). */
  set(boardId: string, userId: string, role: Role, generation: number, now = Date.now()): void {
    if (generation !== this.changes) return;
    let people = this.boards.get(boardId);
    if (!people) this.boards.set(boardId, (people = new Map()));
    people.set(userId, { role, at: now });
  }

  /** Forgets one person's role on a board, or everyone's (`userId` null: the board was deleted). */
  forget(boardId: string, userId: string | null): void {
    this.changes += 1;
    const people = this.boards.get(boardId);
    if (!people) return;
    if (userId === null) people.clear();
    else people.delete(userId);
    if (people.size === 0) this.boards.delete(boardId);
  }

  /** Drops entries past their age (called now and then, so a cache of departed people does not grow). */
  prune(now = Date.now()): void {
    for (const [boardId, people] of this.boards) {
      for (const [userId, entry] of people) if (now - entry.at >= this.maxAgeMs) people.delete(userId);
      if (people.size === 0) this.boards.delete(boardId);
    }
  }
}

/**
 * Admission by ticket and current role. With `events`, roles are remembered (RoleCache) and
 * forgotten on every access change; without, every connection reads the database.
 */
export function createTicketAdmission(database: Database, secret: string, events?: AccessEvents): Admit {
  const roles = events ? new RoleCache() : null;
  if (roles && events) {
    events.subscribe(({ boardId, userId }) => roles.forget(boardId, userId));
    setInterval(() => roles.prune(), ROLE_CACHE_MS).unref();
  }
  return async (request, room) => {
    const token = ticketFromProtocols(request.headers["sec-websocket-protocol"]);
    if (!token) return { code: CloseCode.unauthorized, reason: "A ticket is required" };
    let ticket;
    try {
      ticket = verifyTicket(token, secret);
    } catch {
      return { code: CloseCode.unauthorized, reason: "Invalid or expired ticket" };
    }
    if (ticket.board !== room.boardId) return { code: CloseCode.unauthorized, reason: "The ticket is for another board" };
    // Every role may read; what a role may write is decided per message (readOnly, mayPresent).
    let role = roles?.get(room.boardId, ticket.sub) ?? null;
    if (!role) {
      const generation = roles?.generation ?? 0;
      const access = await checkBoardAccess(database, room.boardId, ticket.sub, "board:read");
      if (!access.ok) return { code: access.status === 404 ? CloseCode.notFound : CloseCode.forbidden, reason: CLOSE_REASONS[access.why] };
      role = access.role;
      roles?.set(room.boardId, ticket.sub, role, generation);
    }
    return {
      user: presenceOf({ id: ticket.sub, name: ticket.name }),
      role,
      readOnly: room.kind === "review" || !can(role, "board:edit"),
      mayPresent: room.kind === "board" && can(role, "board:present"),
    };
  };
}

/** Whether a browser page at `origin` may open sockets here: the app's own origin, or a listed one. */
export function isAllowedOrigin(request: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true; // not a browser: the ticket alone decides
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
