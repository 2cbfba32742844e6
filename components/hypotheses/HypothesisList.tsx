"use client";
/**
 * The competing hypotheses of the board's question, in order: editors add, rename, describe,
 * reorder and delete them (each write carries the panel's undo origin); everyone sees each one's
 * score and rank as the matrix computes them.
 */
import { useState, type FormEvent } from "react";
import { TargetThreads } from "@/components/review/TargetThreads";
import type * as Y from "yjs";
import { addHypothesis, deleteHypothesis, moveHypothesis, updateHypothesis } from "@/lib/board/model";
import type { Claim, Hypothesis } from "@/lib/board/schema";
import styles from "./hypotheses.module.css";

interface HypothesisListProps {
  doc: Y.Doc;
  hypotheses: readonly Hypothesis[];
  /** Score and rank by hypothesis id, as printed in the list. */
  standing: ReadonlyMap<string, { score: string; rank: number; rated: boolean; leading: boolean }>;
  canEdit: boolean;
  /** The claims, for the review of the claims that support each hypothesis. */
  claims: readonly Claim[];
  /** The text of each claim in the narrative. */
  claimText(claimId: string): string;
  /** Who adds a hypothesis, as shown to people. */
  author: string;
  /** The origin of the panel's writes, so its Undo reverts only them. */
  origin: object;
  onUndo(): void;
  /** Errors from a write (a hypothesis deleted by someone else a moment ago, a bad title). */
  attempt(action: () => void): void;
}

export function HypothesisList({ doc, hypotheses, standing, canEdit, claims, claimText, author, origin, onUndo, attempt }: HypothesisListProps) {
  const [title, setTitle] = useState("");
  const [reviewing, setReviewing] = useState<string | null>(null);
  const add = (event: FormEvent) => {
    event.preventDefault();
    attempt(() => {
      addHypothesis(doc, { title }, author, origin);
      setTitle("");
    });
  };
  return (
    <section aria-label="Hypotheses" data-testid="hypothesis-list">
      {canEdit && (
        <form className={styles.add} onSubmit={add}>
          <input aria-label="New hypothesis" placeholder="A hypothesis that could answer the question" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          <button type="submit">Add</button>
        </form>
      )}
      {hypotheses.length === 0 && <p className={styles.hint}>{canEdit ? "No hypotheses yet. Add the rival answers to the board's question." : "No hypotheses yet."}</p>}
      <ol className={styles.list}>
        {hypotheses.map((hypothesis, index) => {
          const rank = standing.get(hypothesis.id);
          return (
            <li key={hypothesis.id} className={styles.hypothesis} data-testid="hypothesis" data-hypothesis-id={hypothesis.id} data-leading={rank?.leading ?? false}>
              <div className={styles.hypothesisHead}>
                <span aria-hidden>H{index + 1}</span>
                {canEdit ? (
                  <input
                    key={hypothesis.title}
                    aria-label={`Title of hypothesis ${index + 1}`}
                    defaultValue={hypothesis.title}
                    maxLength={200}
                    onBlur={(e) => e.target.value !== hypothesis.title && attempt(() => updateHypothesis(doc, hypothesis.id, { title: e.target.value }, origin))}
                    onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
                  />
                ) : (
                  <strong>{hypothesis.title}</strong>
                )}
              </div>
              {canEdit ? (
                <textarea
                  key={hypothesis.description}
                  aria-label={`Description of hypothesis ${index + 1}`}
                  placeholder="What would be true if this were so"
                  defaultValue={hypothesis.description}
                  rows={2}
                  onBlur={(e) => e.target.value !== hypothesis.description && attempt(() => updateHypothesis(doc, hypothesis.id, { description: e.target.value }, origin))}
                />
              ) : (
                hypothesis.description && <p className={styles.hint}>{hypothesis.description}</p>
              )}
              {rank?.rated && (
                <p className={styles.hint} data-testid="hypothesis-standing">
                  Inconsistency {rank.score} · rank {rank.rank}
                  {rank.leading ? " · leading" : ""}
                </p>
              )}
              <HypothesisReview
                hypothesisId={hypothesis.id}
                claims={claims.filter((claim) => claim.hypothesisId === hypothesis.id)}
                claimText={claimText}
                open={reviewing === hypothesis.id}
                onToggle={() => setReviewing((current) => (current === hypothesis.id ? null : hypothesis.id))}
              />
              {canEdit && (
                <div className={styles.actions}>
                  <button type="button" disabled={index === 0} onClick={() => attempt(() => moveHypothesis(doc, hypothesis.id, index - 1, origin))} aria-label={`Move ${hypothesis.title} up`}>
                    ↑
                  </button>
                  <button
                    type="button"
                    disabled={index === hypotheses.length - 1}
                    onClick={() => attempt(() => moveHypothesis(doc, hypothesis.id, index + 1, origin))}
                    aria-label={`Move ${hypothesis.title} down`}
                  >
                    ↓
                  </button>
                  <button type="button" onClick={() => attempt(() => deleteHypothesis(doc, hypothesis.id, origin))} aria-label={`Delete ${hypothesis.title}`}>
                    Delete
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ol>
      {canEdit && (
        <button type="button" onClick={onUndo}>
          Undo
        </button>
      )}
    </section>
  );
}

/** The review of a hypothesis: its own threads, then those of the claims that support it. */
function HypothesisReview({
  hypothesisId,
  claims,
  claimText,
  open,
  onToggle,
}: {
  hypothesisId: string;
  claims: readonly Claim[];
  claimText(id: string): string;
  open: boolean;
  onToggle(): void;
}) {
  return (
    <>
      <button type="button" aria-expanded={open} onClick={onToggle}>
        Review{claims.length > 0 && ` (with ${claims.length === 1 ? "1 supporting claim" : `${claims.length} supporting claims`})`}
      </button>
      {open && <TargetThreads target={{ kind: "hypothesis", id: hypothesisId }} noun="hypothesis" />}
      {open &&
        claims.map((claim) => (
          <div key={claim.id} className={styles.review}>
            <p className={styles.hint}>“{claimText(claim.id)}”</p>
            <TargetThreads target={{ kind: "claim", id: claim.id }} noun="claim" />
          </div>
        ))}
    </>
  );
}
