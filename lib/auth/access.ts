/**
 * The one access check on a board, in one query: it exists → the person's role on it → whether
 * that role may perform the action. Pages, server actions and route handlers reach it through `session.ts`
 * (as an AccessError), the collaboration server through its admission (as a close code); both
 * ask here, so a socket and a page can never disagree about who may do what.
 */
import type { Database } from "@/lib/db";
import { can, type Action, type Role } from "./roles";

/** Why access was refused: an HTTP status, what went wrong, and a sentence a person can act on. */
export type AccessRefusal =
  | { status: 404; why: "no-board"; message: string }
  | { status: 403; why: "not-member" | "not-allowed"; message: string };

export type BoardAccess = { ok: true; role: Role } | ({ ok: false } & AccessRefusal);

/** `userId`'s role on `boardId` if that role may perform `action`, else why not. Reads only. */
export async function checkBoardAccess(
  database: Pick<Database, "members">,
  boardId: string,
  userId: string,
  action: Action,
): Promise<BoardAccess> {
  const access = await database.members.accessOf(boardId, userId);
  if (!access) return { ok: false, status: 404, why: "no-board", message: "This board does not exist." };
  if (access.deleted) {
    return { ok: false, status: 404, why: "no-board", message: "This board was deleted. Its owners can restore it from their board list." };
  }
  const { role } = access;
  if (!role) return { ok: false, status: 403, why: "not-member", message: "You are not a member of this board." };
  if (!can(role, action)) {
    return { ok: false, status: 403, why: "not-allowed", message: "Your role on this board does not allow that." };
  }
  return { ok: true, role };
}
