/**
 * How the review server actions reach the review room, which only the collaboration server
 * writes. A request travels as plain data — what was asked and who asked, taken from the
 * session — and the collaboration server applies it with its own Yjs: nothing of Yjs crosses
 * from Next's bundle into the server, and Next's bundle never imports the server.
 */
import type { ReviewRequest } from "@/lib/board/review-requests";
import type { ReviewAuthor } from "@/lib/board/schema";
import { processSlot } from "@/lib/singleton";

/** One review request on a board, with its author from the session. */
export interface ReviewCommand {
  boardId: string;
  request: ReviewRequest;
  author: ReviewAuthor;
}

/** Applied and stored, or refused with a message for the person. */
export type ReviewCommandResult = { ok: true } | { ok: false; error: string };

/** Applies a command to the board's review room and resolves once the change is durable. */
export type ReviewCommandHandler = (command: ReviewCommand) => Promise<ReviewCommandResult>;

// Process-wide: Next bundles the server actions apart from the server that registers itself.
const registered = processSlot<ReviewCommandHandler>("review-commands");

/** Makes `handler` the process-wide one; returns a function that withdraws it (if still current). */
export function handleReviewCommands(handler: ReviewCommandHandler): () => void {
  registered.set(handler);
  return () => {
    if (registered.get() === handler) registered.clear();
  };
}

/**
 * Sends a command to the collaboration server of this process. Rejects when none runs here
 * (nothing is then written anywhere).
 */
export function sendReviewCommand(command: ReviewCommand): Promise<ReviewCommandResult> {
  const handler = registered.get();
  if (!handler) return Promise.reject(new Error("No collaboration server runs in this process"));
  return handler(command);
}
