"use client";
/** One review thread: its comments oldest first, a reply box, and resolve / reopen. */
import { useState } from "react";
import type { Thread } from "@/lib/board/schema";
import { LocalTime } from "@/components/ui/LocalTime";
import { CommentBox } from "./CommentBox";
import { reviewCalls } from "./reviewCalls";
import { useReview } from "./ReviewContext";
import styles from "./Review.module.css";

interface ThreadViewProps {
  thread: Thread;
  /** What the thread is about, shown in lists that mix targets. */
  heading?: React.ReactNode;
  orphaned?: boolean;
}

export function ThreadView({ thread, heading, orphaned }: ThreadViewProps) {
  const { boardId, canComment, me } = useReview();
  const [replying, setReplying] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const resolved = thread.status === "resolved";

  const setStatus = async () => {
    setError(await (resolved ? reviewCalls.reopen(boardId, thread.id) : reviewCalls.resolve(boardId, thread.id)));
  };

  return (
    <article
      className={styles.thread}
      data-testid="review-thread"
      data-thread-id={thread.id}
      data-status={thread.status}
      data-orphaned={orphaned || undefined}
      aria-label={`Thread by ${thread.comments[0]?.authorName ?? "someone"}`}
    >
      {heading && <header className={styles.threadHeading}>{heading}</header>}
      <p className={styles.threadStatus}>
        <span data-testid="thread-status">{resolved ? "Resolved" : "Open"}</span>
        {orphaned && <span className={styles.orphanTag}>Orphaned — its claim is no longer in the text</span>}
      </p>
      <ol className={styles.comments}>
        {thread.comments.map((comment) => (
          <li key={comment.id} className={styles.comment} data-testid="review-comment">
            <p className={styles.commentMeta}>
              <strong>{comment.authorName}</strong> <LocalTime at={comment.createdAt} />
              {comment.mentions.includes(me.id) && <span className={styles.mentionsYou}>mentions you</span>}
            </p>
            <p className={styles.commentBody}>{comment.body}</p>
          </li>
        ))}
      </ol>
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
      {canComment && (
        <div className={styles.threadActions}>
          {replying ? (
            <CommentBox
              label="Reply"
              submitLabel="Reply"
              placeholder="Reply… (@ to mention someone)"
              onSubmit={async (body, mentions) => {
                const problem = await reviewCalls.reply(boardId, thread.id, body, mentions);
                if (!problem) setReplying(false);
                return problem;
              }}
              onCancel={() => setReplying(false)}
            />
          ) : (
            <button type="button" onClick={() => setReplying(true)}>
              Reply
            </button>
          )}
          <button type="button" onClick={setStatus}>
            {resolved ? "Reopen" : "Resolve"}
          </button>
        </div>
      )}
    </article>
  );
}
