"use client";
/** The review threads on one claim, pin or card, and a box to start a new one. */
import { useState } from "react";
import { listThreads } from "@/lib/board/review";
import type { ReviewTarget } from "@/lib/board/schema";
import { CommentBox } from "./CommentBox";
import { reviewCalls } from "./reviewCalls";
import { useReview, useReviewValue } from "./ReviewContext";
import { ThreadView } from "./ThreadView";
import styles from "./Review.module.css";

export function TargetThreads({ target, noun }: { target: ReviewTarget; noun: string }) {
  const { boardId, canComment, loading } = useReview();
  const threads = useReviewValue(listThreads).filter((t) => t.target.kind === target.kind && t.target.id === target.id);
  const [starting, setStarting] = useState(false);
  const open = threads.filter((t) => t.status === "open").length;
  return (
    <section className={styles.targetThreads} aria-label={`Review threads on this ${noun}`} data-testid="target-threads">
      <h4 className={styles.subheading}>
        Review {threads.length > 0 && <span className={styles.count}>{open > 0 ? `${open} open` : "all resolved"}</span>}
      </h4>
      {threads.length === 0 && <p className={styles.empty}>{loading ? "Loading review…" : `No threads on this ${noun}.`}</p>}
      {threads.map((thread) => (
        <ThreadView key={thread.id} thread={thread} />
      ))}
      {canComment &&
        (starting ? (
          <CommentBox
            label={`New thread on this ${noun}`}
            submitLabel="Start thread"
            onSubmit={async (body, mentions) => {
              const problem = await reviewCalls.open(boardId, target, body, mentions);
              if (!problem) setStarting(false);
              return problem;
            }}
            onCancel={() => setStarting(false)}
          />
        ) : (
          <button type="button" className={styles.startThread} onClick={() => setStarting(true)}>
            New thread
          </button>
        ))}
    </section>
  );
}
