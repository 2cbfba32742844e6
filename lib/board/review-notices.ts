/**
 * Who hears of a review change, and what: people mentioned in a comment, the people in a thread
 * someone replied to, the author of a claim that got a verdict, and that author again when the
 * claim comes under dispute ("at risk"). Pure: the review writer computes them from the review
 * document around the change and stores them.
 */
import type * as Y from "yjs";
import type { ReviewRequest } from "./review-requests";
import { claimReviewStatuses, listThreads, type ClaimReviewStatus } from "./review";
import type { ReviewAuthor, ReviewTarget, Verdict } from "./schema";

export interface ReviewNotice {
  userId: string;
  kind: "mention" | "reply" | "verdict" | "at-risk";
  target: ReviewTarget;
  excerpt: string;
}

const VERDICT_WORDS: Record<Verdict, string> = { agree: "Agrees", dispute: "Disputes", "needs-source": "Needs a source" };

/** A claim is at risk while any reviewer disputes it or asks for a source. */
export function isAtRisk(status: ClaimReviewStatus | undefined): boolean {
  return !!status && status.verdicts.dispute + status.verdicts["needs-source"] > 0;
}

/**
 * Applies `change` to the review document `doc` and returns who should hear of it. `claimAuthor`
 * is the person who wrote the claim a verdict is about (null when unknown). Nobody hears of their
 * own doing, and each person hears once per change (a mention outranks a reply).
 */
export function applyWithNotices(
  doc: Y.Doc,
  request: ReviewRequest,
  actor: ReviewAuthor,
  change: (doc: Y.Doc) => void,
  claimAuthor: string | null = null,
): ReviewNotice[] {
  const thread = request.kind === "reply" ? listThreads(doc).find((t) => t.id === request.threadId) : undefined;
  const wasAtRisk = request.kind === "setVerdict" && isAtRisk(claimReviewStatuses(doc).get(request.claimId));
  change(doc);
  const notices = new Map<string, ReviewNotice>();
  const add = (userId: string, notice: Omit<ReviewNotice, "userId">) => {
    if (userId !== actor.id && !notices.has(userId)) notices.set(userId, { userId, ...notice });
  };
  switch (request.kind) {
    case "openThread":
      for (const id of request.mentions) add(id, { kind: "mention", target: request.target, excerpt: request.body });
      break;
    case "reply":
      if (!thread) break;
      for (const id of request.mentions) add(id, { kind: "mention", target: thread.target, excerpt: request.body });
      for (const comment of thread.comments) add(comment.authorId, { kind: "reply", target: thread.target, excerpt: request.body });
      break;
    case "setVerdict": {
      if (!claimAuthor || request.verdict === null) break;
      const target: ReviewTarget = { kind: "claim", id: request.claimId };
      const atRisk = isAtRisk(claimReviewStatuses(doc).get(request.claimId));
      if (atRisk && !wasAtRisk) add(claimAuthor, { kind: "at-risk", target, excerpt: VERDICT_WORDS[request.verdict] });
      else add(claimAuthor, { kind: "verdict", target, excerpt: VERDICT_WORDS[request.verdict] });
      break;
    }
    case "resolve":
    case "reopen":
      break;
  }
  return Array.from(notices.values());
}
