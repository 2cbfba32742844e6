/**
 * The one place routes, server actions and pages learn who is asking and what they may do on a
 * board. The user and role always come from the session and the database, never from the client.
 */
import type { User } from "@/lib/db/users";
import { getDatabase } from "@/lib/db";
import { auth } from "./config";
import { can, type Action, type Role } from "./roles";

/** Why a request was refused, with the HTTP status that says so. */
export class AccessError extends Error {
  constructor(
    readonly status: 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** The signed-in person, or null (also when their account no longer exists). */
export async function currentUser(): Promise<User | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return (await getDatabase()).users.get(id);
}

export async function requireUser(): Promise<User> {
  const user = await currentUser();
  if (!user) throw new AccessError(401, "Sign in to continue.");
  return user;
}

/** The person and their role on a board, if they may perform `action` there; throws AccessError otherwise. */
export async function requireBoardAccess(boardId: string, action: Action): Promise<{ user: User; role: Role }> {
  const user = await requireUser();
  const database = await getDatabase();
  if (!(await database.boards.exists(boardId))) throw new AccessError(404, "This board does not exist.");
  const role = await database.members.roleOf(boardId, user.id);
  if (!role) throw new AccessError(403, "You are not a member of this board.");
  if (!can(role, action)) throw new AccessError(403, "Your role on this board does not allow that.");
  return { user, role };
}

/** A JSON error response for an AccessError (or rethrows anything else). */
export function accessErrorResponse(error: unknown): Response {
  if (error instanceof AccessError) return Response.json({ error: error.message }, { status: error.status });
  throw error;
}
