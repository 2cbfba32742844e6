/**
 * The one shape of a server action: parse the input with zod, take the person (and their role on
 * the board) from the session, count the call against the person's limit if it has one, do the
 * work, and answer `{ ok: true, …result }` or `{ ok: false, error }` with a sentence a person can
 * act on. Anything else thrown (a bug, Next's `redirect`) is not an answer and propagates.
 */
import { z } from "zod";
import { getDatabase, type Database } from "@/lib/db";
import type { User } from "@/lib/db/users";
import { sharedPersonLimiter } from "./rate-limit";
import type { Action, Role } from "./roles";
import { AccessError, requireBoardAccess, requireUser } from "./session";

/** What an action answers: its result, or an error a person can read. */
export type ActionResult<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

/** Thrown by a handler to refuse a valid request; the message is the answer's error as it is. */
export class ActionError extends Error {}

export interface ActionOptions {
  /**
   * The sentence for an error this action expects (a domain error, or a ZodError it words its
   * own way); undefined falls back to the defaults: an AccessError's or ActionError's message,
   * a ZodError's first issue.
   */
  describe?(error: unknown): string | undefined;
  /** A cap on how often one person may call it, checked after the access check, before the work. */
  limit?: ActionLimit;
}

/** At most `points` calls per person in `seconds`; beyond them the answer is `message` and when to try again. */
export interface ActionLimit {
  /** The counter's name: actions that name the same one share a person's allowance. */
  name: string;
  points: number;
  seconds: number;
  message: string;
}

/** Counts one call by `user` against `limit`; throws the ActionError that answers a call over it. */
async function checkLimit(limit: ActionLimit | undefined, user: User): Promise<void> {
  if (!limit) return;
  const waitMs = await sharedPersonLimiter(limit.name, limit.points, limit.seconds).take(user.id);
  if (waitMs > 0) {
    const seconds = Math.ceil(waitMs / 1000);
    throw new ActionError(`${limit.message} Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`);
  }
}

/** Who is asking, from the session, and the process-wide database. */
export interface UserContext {
  user: User;
  database: Database;
}

/** Who is asking and their role on the board named by the input's `boardId`. */
export interface BoardContext extends UserContext {
  role: Role;
}

function describeError(error: unknown): string | undefined {
  if (error instanceof AccessError || error instanceof ActionError) return error.message;
  if (error instanceof z.ZodError) return error.issues[0]?.message ?? "Invalid input";
  return undefined;
}

async function answer<T extends object>(work: () => Promise<T>, options: ActionOptions): Promise<ActionResult<T>> {
  try {
    return { ok: true, ...(await work()) };
  } catch (error) {
    const message = options.describe?.(error) ?? describeError(error);
    if (message === undefined) throw error;
    return { ok: false, error: message };
  }
}

/** An action for any signed-in person: input parsed with `schema`, then the session, then `handler`. */
export function userAction<S extends z.ZodType, T extends object>(
  schema: S,
  handler: (input: z.output<S>, context: UserContext) => Promise<T>,
  options: ActionOptions = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return (input) =>
    answer(async () => {
      const parsed = schema.parse(input);
      const user = await requireUser();
      await checkLimit(options.limit, user);
      return handler(parsed, { user, database: await getDatabase() });
    }, options);
}

/**
 * An action on one board: input parsed with `schema` (which names the board as `boardId`), then
 * the session, then the access check for `action` (fixed, or chosen from the parsed input), then
 * `handler`. The handler never runs for someone the permission table refuses.
 */
export function boardAction<S extends z.ZodType<{ boardId: string }>, T extends object>(
  schema: S,
  action: Action | ((input: z.output<S>) => Action),
  handler: (input: z.output<S>, context: BoardContext) => Promise<T>,
  options: ActionOptions = {},
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return (input) =>
    answer(async () => {
      const parsed = schema.parse(input);
      const { user, role } = await requireBoardAccess(parsed.boardId, typeof action === "function" ? action(parsed) : action);
      await checkLimit(options.limit, user);
      return handler(parsed, { user, role, database: await getDatabase() });
    }, options);
}
