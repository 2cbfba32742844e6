/**
 * The one place routes, server actions and pages learn who is asking and what they may do on a
 * board. The user and role always come from the session and the database, never from the client.
 */
import type { User } from "@/lib/db/users";
import { getDatabase } from "@/lib/db";
import { checkBoardAccess } from "./access";
import { auth, type SessionWithSignIn } from "./config";
import type { Action, Role } from "./roles";

/** Why a request was refused, with the HTTP status that says so. */
export class AccessError extends Error {
  constructor(
    readonly status: 401 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The signed-in person, or null: also when their account no longer exists, and when they signed
 * out everywhere after this session began.
 */
export async function currentUser(): Promise<User | null> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return null;
  return (await getDatabase()).users.forSession(id, (session as SessionWithSignIn).signedInAt ?? 0);
}

export async function requireUser(): Promise<User> {
  const user = await currentUser();
  if (!user) throw new AccessError(401, "Sign in to continue.");
  return user;
}

/** The person and their role on a board, if they may perform `action` there; throws AccessError otherwise. */
export async function requireBoardAccess(boardId: string, action: Action): Promise<{ user: User; role: Role }> {
  const user = await requireUser();
  const access = await checkBoardAccess(await getDatabase(), boardId, user.id, action);
  if (!access.ok) throw new AccessError(access.status, access.message);
  return { user, role: access.role };
}

/** A JSON error response for an AccessError (or rethrows anything else). */
export function accessErrorResponse(error: unknown): Response {
  if (error instanceof AccessError) return Response.json({ error: error.message }, { status: error.status });
  throw error;
}
