"use client";
/** The header's count of what awaits review: open threads and disputed claims; opens the review panel. */
import type * as Y from "yjs";
import { useBoardUiActions } from "@/components/board/boardUi";
import { useReviewAttention } from "./useReviewAttention";
import styles from "./Review.module.css";

export function ReviewAttentionButton({ doc }: { doc: Y.Doc }) {
  const { open, disputedClaims } = useReviewAttention(doc);
  const { showNarrativePanel } = useBoardUiActions();
  const busy = open.length + disputedClaims.length > 0;
  return (
    <button
      type="button"
      className={styles.attention}
      data-testid="review-attention"
      data-open-threads={open.length}
      data-disputed={disputedClaims.length}
      data-busy={busy || undefined}
      onClick={() => showNarrativePanel("review")}
    >
      {/* The name is the visible words with the nouns a glance does not need: "Review: 2 open threads, 1 disputed claim". */}
      <span className="sr-only">Review: </span>
      <span>{open.length} open</span>
      <span className="sr-only"> {open.length === 1 ? "thread" : "threads"},</span>
      <span aria-hidden> · </span>
      <span>{disputedClaims.length} disputed</span>
      <span className="sr-only"> {disputedClaims.length === 1 ? "claim" : "claims"}</span>
    </button>
  );
}
