"use client";
/**
 * What needs attention on a board: open threads (not orphaned), disputed claims, orphaned threads,
 * with a label for each target. Shared by the header's counter and the review panel.
 */
import { useMemo } from "react";
import type * as Y from "yjs";
import { sameMap, useBoardValue } from "@/components/board/useBoardValue";
import { listCards, listPins, narrativeClaimTexts } from "@/lib/board/model";
import { claimReviewStatuses, listThreads, orphanedThreads } from "@/lib/board/review";
import type { ReviewTarget, Thread } from "@/lib/board/schema";
import { useReview, useReviewValue } from "./ReviewContext";

const CLAIM_PARTS = ["narrative", "claims"] as const;
const ITEM_PARTS = ["pins", "cards"] as const;
const NO_TEXTS = new Map<string, string>();
const NO_TITLES = new Map<string, string>();

/** "pin:<id>" → title, "card:<id>" → title, for thread headings. */
function readTitles(doc: Y.Doc): Map<string, string> {
  const titles = new Map<string, string>();
  for (const pin of listPins(doc)) titles.set(`pin:${pin.id}`, pin.title);
  for (const card of listCards(doc)) titles.set(`card:${card.id}`, card.title);
  return titles;
}

export interface ReviewAttention {
  open: Thread[];
  resolved: Thread[];
  orphaned: Thread[];
  disputedClaims: string[];
  /** What a thread is about, in words. */
  label(target: ReviewTarget): string;
}

export function useReviewAttention(boardDoc: Y.Doc): ReviewAttention {
  const { doc: reviewDoc } = useReview();
  const threads = useReviewValue(listThreads);
  const statuses = useReviewValue(claimReviewStatuses);
  const claimTexts = useBoardValue(boardDoc, CLAIM_PARTS, narrativeClaimTexts, NO_TEXTS, sameMap);
  const titles = useBoardValue(boardDoc, ITEM_PARTS, readTitles, NO_TITLES);
  return useMemo(() => {
    // `threads`, `claimTexts` and `titles` change whenever what orphanedThreads reads does.
    const orphanIds = new Set(threads.length && claimTexts && titles ? orphanedThreads(reviewDoc, boardDoc).map((t) => t.id) : []);
    const live = threads.filter((t) => !orphanIds.has(t.id));
    return {
      open: live.filter((t) => t.status === "open"),
      resolved: live.filter((t) => t.status === "resolved"),
      orphaned: threads.filter((t) => orphanIds.has(t.id)),
      disputedClaims: [...claimTexts.keys()].filter((id) => (statuses.get(id)?.verdicts.dispute ?? 0) > 0),
      label: ({ kind, id }) =>
        kind === "claim"
          ? claimTexts.has(id)
            ? `Claim: “${claimTexts.get(id)}”`
            : "A claim no longer in the text"
          : `${kind === "pin" ? "Pin" : "Card"}: ${titles.get(`${kind}:${id}`) ?? "deleted"}`,
    };
  }, [threads, statuses, claimTexts, titles, reviewDoc, boardDoc]);
}
