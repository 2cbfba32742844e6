/**
 * The review actions as the review UI calls them: each resolves to an error a person can read, or
 * null once the change is written (it then arrives live through the review room).
 */
import {
  openReviewThread,
  reopenReviewThread,
  replyToThread,
  resolveReviewThread,
  setClaimVerdict,
  type ReviewResult,
} from "@/app/boards/[boardId]/review-actions";
import type { ReviewTarget, Verdict } from "@/lib/board/schema";

/** Review changes are made on the server: taken offline they are refused, never queued. */
export const REVIEW_OFFLINE = "You are offline. Review changes are made on the server: try again once you are back online.";

async function call(action: () => Promise<ReviewResult>): Promise<string | null> {
  if (typeof navigator !== "undefined" && !navigator.onLine) return REVIEW_OFFLINE;
  try {
    const result = await action();
    return result.ok ? null : result.error;
  } catch {
    return typeof navigator !== "undefined" && !navigator.onLine ? REVIEW_OFFLINE : "The server could not be reached. Try again.";
  }
}

export const reviewCalls = {
  open: (boardId: string, target: ReviewTarget, body: string, mentions: string[]) =>
    call(() => openReviewThread(boardId, { target, body, mentions })),
  reply: (boardId: string, threadId: string, body: string, mentions: string[]) =>
    call(() => replyToThread(boardId, threadId, { body, mentions })),
  resolve: (boardId: string, threadId: string) => call(() => resolveReviewThread(boardId, threadId)),
  reopen: (boardId: string, threadId: string) => call(() => reopenReviewThread(boardId, threadId)),
  verdict: (boardId: string, claimId: string, verdict: Verdict | null) => call(() => setClaimVerdict(boardId, claimId, verdict)),
};
