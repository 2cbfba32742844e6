"use client";
/** Reviewers' verdicts on a claim: everyone sees the counts; reviewers and owners give their own. */
import { useCallback, useState } from "react";
import type * as Y from "yjs";
import { verdictsFor } from "@/lib/board/review";
import { VERDICTS, type Verdict } from "@/lib/board/schema";
import { reviewCalls } from "./reviewCalls";
import { useReview, useReviewValue } from "./ReviewContext";
import styles from "./Review.module.css";

export const VERDICT_LABELS: Record<Verdict, string> = { agree: "Agree", dispute: "Dispute", "needs-source": "Needs source" };

export function VerdictButtons({ claimId }: { claimId: string }) {
  const { boardId, me, canVerdict } = useReview();
  const read = useCallback((doc: Y.Doc) => verdictsFor(doc, claimId), [claimId]);
  const verdicts = useReviewValue(read);
  const [error, setError] = useState<string | null>(null);
  const mine = verdicts[me.id] ?? null;
  const counts = (verdict: Verdict) => Object.values(verdicts).filter((v) => v === verdict).length;

  return (
    <div className={styles.verdicts} role="group" aria-label="Verdicts" data-testid="verdicts">
      {VERDICTS.map((verdict) => {
        const label = `${VERDICT_LABELS[verdict]} (${counts(verdict)})`;
        return canVerdict ? (
          <button
            key={verdict}
            type="button"
            className={styles.verdict}
            data-verdict={verdict}
            aria-pressed={mine === verdict}
            onClick={async () => setError(await reviewCalls.verdict(boardId, claimId, mine === verdict ? null : verdict))}
          >
            {label}
          </button>
        ) : (
          <span key={verdict} className={styles.verdict} data-verdict={verdict}>
            {label}
          </span>
        );
      })}
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
