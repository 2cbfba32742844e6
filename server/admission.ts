/**
 * Who may open a collaboration socket, decided from the request alone before any document is
 * loaded: the Origin, the ticket offered as a subprotocol, the board, and the person's current
 * role on it, read from the database (the ticket carries none, so a role changed since it was
 * issued counts).
 */
import type { IncomingMessage } from "node:http";
import { checkBoardAccess, type AccessRefusal } from "@/lib/auth/access";
import { can, type Role } from "@/lib/auth/roles";
import { verifyTicket } from "@/lib/auth/ticket";
import { presenceOf, type PresenceUser } from "@/lib/collab/presence";
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

export function createTicketAdmission(database: Database, secret: string): Admit {
  return async (request, room) => {
    const token = ticketFromProtocols(request.headers["sec-websocket-protocol"]);
    if (!token) return { code: CloseCode.unauthorized, reason: "A ticket is required" };
    let ticket;
    try {
      ticket = await verifyTicket(token, secret);
    } catch {
      return { code: CloseCode.unauthorized, reason: "Invalid or expired ticket" };
    }
    if (ticket.board !== room.boardId) return { code: CloseCode.unauthorized, reason: "The ticket is for another board" };
    // Every role may read; what a role may write is decided per message (readOnly, mayPresent).
    const access = await checkBoardAccess(database, room.boardId, ticket.sub, "board:read");
    if (!access.ok) return { code: access.status === 404 ? CloseCode.notFound : CloseCode.forbidden, reason: CLOSE_REASONS[access.why] };
    const { role } = access;
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
