"use client";
/**
 * Everything under review on the board: open threads, disputed claims, resolved threads and
 * threads whose claim, pin or card is gone (orphaned: kept, shown apart). Choosing a target
 * selects it on the board.
 */
import type * as Y from "yjs";
import { selectionOf, useBoardUiActions } from "@/components/board/boardUi";
import type { ReviewTarget, Thread } from "@/lib/board/schema";
import { useReview } from "./ReviewContext";
import { ThreadView } from "./ThreadView";
import { useReviewAttention } from "./useReviewAttention";
import styles from "./Review.module.css";

export function ReviewPanel({ doc }: { doc: Y.Doc }) {
  const { loading } = useReview();
  const attention = useReviewAttention(doc);
  const { select } = useBoardUiActions();
  const heading = (target: ReviewTarget, orphaned = false) => {
    const selection = selectionOf(target);
    return orphaned || !selection ? (
      <span>{attention.label(target)}</span>
    ) : (
      <button type="button" className={styles.targetLink} onClick={() => select(selection)}>
        {attention.label(target)}
      </button>
    );
  };
  const section = (title: string, threads: Thread[], orphaned = false) =>
    threads.length > 0 && (
      <section aria-label={title} className={styles.section}>
        <h4 className={styles.subheading}>
          {title} <span className={styles.count}>{threads.length}</span>
        </h4>
        {threads.map((thread) => (
          <ThreadView key={thread.id} thread={thread} heading={heading(thread.target, orphaned)} orphaned={orphaned} />
        ))}
      </section>
    );

  return (
    <div className={styles.panel} data-testid="review-panel">
      {attention.disputedClaims.length > 0 && (
        <section aria-label="Disputed claims" className={styles.section}>
          <h4 className={styles.subheading}>
            Disputed claims <span className={styles.count}>{attention.disputedClaims.length}</span>
          </h4>
          <ul className={styles.plainList}>
            {attention.disputedClaims.map((id) => (
              <li key={id} data-testid="disputed-claim">
                {heading({ kind: "claim", id })}
              </li>
            ))}
          </ul>
        </section>
      )}
      {section("Open threads", attention.open)}
      {section("Orphaned threads", attention.orphaned, true)}
      {section("Resolved threads", attention.resolved)}
      {attention.open.length + attention.resolved.length + attention.orphaned.length === 0 && (
        <p className={styles.empty}>{loading ? "Loading review…" : "No review threads yet. Open one from a claim, a pin or a card."}</p>
      )}
    </div>
  );
}
