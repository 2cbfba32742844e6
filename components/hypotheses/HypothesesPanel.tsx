"use client";
/**
 * The board's competing hypotheses and their matrix (Heuer's Analysis of Competing Hypotheses)
 * on the board's own evidence cards, co-edited live. Editors add and order hypotheses; every
 * analyst rates the cells in their own matrix; the group view shows the consensus and marks the
 * cells where people disagree, so the team discusses those; reviewers open threads on a cell or a
 * hypothesis. Rows select their card on the timeline and its pins on the map.
 */
import { useCallback, useEffect, useMemo, useState } from "react";
import type * as Y from "yjs";
import { useBoardUi, useBoardUiActions } from "@/components/board/boardUi";
import { useReview, useReviewValue } from "@/components/review/ReviewContext";
import { TargetThreads } from "@/components/review/TargetThreads";
import { useUndo } from "@/components/timeline/useUndo";
import { download } from "@/components/ui/download";
import { useCloseOnEscape } from "@/components/ui/useCloseOnEscape";
import { can, type Role } from "@/lib/auth/roles";
import { readMeta, setRating, setRelevance } from "@/lib/board/model";
import { matrixCsv } from "@/lib/export/hypotheses";
import { listThreads } from "@/lib/board/review";
import { RELEVANCES, cellTargetId, type Relevance } from "@/lib/board/schema";
import { HypothesisList } from "./HypothesisList";
import { MatrixTable, RATING_WORDS, type MatrixCell, type MatrixRow } from "./MatrixTable";
import { matrixRows, tagsOf, type RowScope } from "./matrixRows";
import { matrixView, type MatrixMode } from "./matrixView";
import { useCards, useClaims, useClaimTexts, useHypotheses, useRatings } from "./useAch";
import styles from "./hypotheses.module.css";

const UNDO_PARTS = ["hypotheses", "ratings", "claims"] as const;

interface HypothesesPanelProps {
  doc: Y.Doc;
  boardId: string;
  me: { id: string; name: string };
  role: Role;
  loading: boolean;
  onClose(): void;
}

export function HypothesesPanel({ doc, me, role, loading, onClose }: HypothesesPanelProps) {
  const canEdit = can(role, "board:edit") && !loading;
  const { origin, undo } = useUndo(doc, UNDO_PARTS);
  const hypotheses = useHypotheses(doc);
  const ratings = useRatings(doc);
  const cards = useCards(doc);
  const claims = useClaims(doc);
  const claimTexts = useClaimTexts(doc);
  const review = useReview();
  const threads = useReviewValue(listThreads);
  const timeWindow = useBoardUi((state) => state.timeWindow);
  const selection = useBoardUi((state) => state.selection);
  const ui = useBoardUiActions();
  const [mode, setMode] = useState<MatrixMode>("mine");
  const [scope, setScope] = useState<RowScope>("cited");
  const [tags, setTags] = useState<string[]>([]);
  const [byDiagnosticity, setByDiagnosticity] = useState(false);
  const [openCell, setOpenCell] = useState<{ cardId: string; hypothesisId: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useCloseOnEscape(onClose);
  const { loadPeople } = review;
  useEffect(() => loadPeople(), [loadPeople]);

  const names = useMemo(() => new Map([...review.people.map((p) => [p.id, p.name] as const), [me.id, me.name]]), [review.people, me.id, me.name]);
  const nameOf = useCallback((userId: string) => names.get(userId) ?? "Another analyst", [names]);
  const rowCards = useMemo(() => matrixRows(cards, claims, { scope, timeWindow, tags }), [cards, claims, scope, timeWindow, tags]);
  const view = useMemo(
    () => matrixView({ hypotheses, cards: rowCards, ratings, userId: me.id, mode, nameOf }),
    [hypotheses, rowCards, ratings, me.id, mode, nameOf],
  );
  const openThreads = useMemo(() => {
    const counts = new Map<string, number>();
    for (const thread of threads) {
      if (thread.status !== "open") continue;
      const key = `${thread.target.kind}:${thread.target.id}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  }, [threads]);

  const attempt = (action: () => void) => {
    try {
      action();
      setError(null);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    }
  };

  const rows: MatrixRow[] = view.rows.map((row) => ({
    id: row.card.id,
    title: row.card.title,
    meta: row.meta,
    diagnosticity: row.diagnosticity,
    lowDiagnostic: row.lowDiagnostic,
    selected: selection?.kind === "card" && selection.id === row.card.id,
  }));
  const sortedRows = byDiagnosticity ? [...rows].sort((a, b) => view.diagnosticityOf(b.id) - view.diagnosticityOf(a.id)) : rows;
  const cell = (cardId: string, hypothesisId: string): MatrixCell => ({
    ...view.cell(cardId, hypothesisId),
    threads: openThreads.get(`cell:${cellTargetId(cardId, hypothesisId)}`) ?? 0,
  });
  const standing = new Map(view.columns.map((column) => [column.id, column]));
  const allTags = tagsOf(cards);
  const opened = openCell && view.rows.find((row) => row.card.id === openCell.cardId);
  const openedHypothesis = openCell && hypotheses.find((h) => h.id === openCell.hypothesisId);

  return (
    <aside className={styles.panel} role="dialog" aria-modal="false" aria-label="Hypotheses" data-testid="hypotheses-panel">
      <div className={styles.panelHeader}>
        <h2>Hypotheses</h2>
        <div className={styles.segmented} role="group" aria-label="Whose ratings">
          <button type="button" aria-pressed={mode === "mine"} onClick={() => setMode("mine")}>
            My matrix
          </button>
          <button type="button" aria-pressed={mode === "group"} onClick={() => setMode("group")}>
            Group
          </button>
        </div>
        <button
          type="button"
          disabled={hypotheses.length === 0}
          onClick={() => download(`${readMeta(doc).title} - hypotheses.csv`, "text/csv;charset=utf-8", matrixCsv(view.analysis))}
        >
          Download CSV
        </button>
        <button type="button" className={styles.close} onClick={onClose} aria-label="Close hypotheses">
          ×
        </button>
      </div>
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
      <div className={styles.layout}>
        <HypothesisList
          doc={doc}
          hypotheses={hypotheses}
          standing={standing}
          canEdit={canEdit}
          claims={claims}
          claimText={(id) => claimTexts.get(id) ?? "(not in the text)"}
          author={me.name}
          origin={origin}
          onUndo={undo}
          attempt={attempt}
        />
        <section aria-label="Matrix">
          <div className={styles.toolbar}>
            <div className={styles.segmented} role="group" aria-label="Rows">
              <button type="button" aria-pressed={scope === "cited"} onClick={() => setScope("cited")}>
                Cited cards
              </button>
              <button type="button" aria-pressed={scope === "all"} onClick={() => setScope("all")}>
                All cards
              </button>
            </div>
            <label>
              <input type="checkbox" checked={byDiagnosticity} onChange={(e) => setByDiagnosticity(e.target.checked)} /> Sort by diagnosticity
            </label>
            {allTags.length > 0 && (
              <fieldset className={styles.tags}>
                <legend className="sr-only">Only cards tagged</legend>
                <span aria-hidden>Tags:</span>
                {allTags.map((tag) => (
                  <label key={tag}>
                    <input
                      type="checkbox"
                      checked={tags.includes(tag)}
                      onChange={(e) => setTags((current) => (e.target.checked ? [...current, tag] : current.filter((t) => t !== tag)))}
                    />
                    {tag}
                  </label>
                ))}
              </fieldset>
            )}
            {timeWindow && (
              <span className={styles.hint}>
                Within the time window {timeWindow.start} to {timeWindow.end}
              </span>
            )}
          </div>
          {hypotheses.length === 0 ? (
            <p className={styles.hint}>Add hypotheses to rate the evidence against them.</p>
          ) : rows.length === 0 ? (
            <p className={styles.hint}>
              {scope === "cited" ? "No card is cited by a claim (within these filters). Show all cards to rate them." : "No cards within these filters."}
            </p>
          ) : (
            <MatrixTable
              caption={
                mode === "mine"
                  ? `Your ratings: ${rows.length} ${rows.length === 1 ? "card" : "cards"} against ${hypotheses.length} hypotheses`
                  : `Group consensus: ${rows.length} ${rows.length === 1 ? "card" : "cards"} against ${hypotheses.length} hypotheses`
              }
              columns={view.columns}
              rows={sortedRows}
              cell={cell}
              onRate={
                mode === "mine" && canEdit
                  ? (cardId, hypothesisId, rating) => attempt(() => setRating(doc, { cardId, hypothesisId, userId: me.id }, rating, origin))
                  : undefined
              }
              rowControls={(row) => (
                <select
                  className={styles.relevance}
                  aria-label={`Relevance of ${row.title}`}
                  value={view.relevanceOf(row.id)}
                  disabled={!canEdit}
                  onChange={(e) => attempt(() => setRelevance(doc, row.id, e.target.value as Relevance, origin))}
                >
                  {RELEVANCES.map((level) => (
                    <option key={level} value={level}>
                      {level} relevance
                    </option>
                  ))}
                </select>
              )}
              onSelectRow={(cardId) => ui.select({ kind: "card", id: cardId })}
              onOpenCell={(cardId, hypothesisId) => setOpenCell({ cardId, hypothesisId })}
            />
          )}
          <p className={styles.legend}>
            {Object.entries(RATING_WORDS)
              .map(([key, words]) => `${key} ${words}`)
              .join(" · ")}
            . {view.formula}
          </p>
          {opened && openedHypothesis && (
            <section className={styles.review} aria-label="Cell details" data-testid="ach-cell-details">
              <h3>
                {opened.card.title} × {openedHypothesis.title}
              </h3>
              <ul>
                {view.ratingsOf(opened.card.id, openedHypothesis.id).map((entry) => (
                  <li key={entry.userId}>
                    {nameOf(entry.userId)}: {entry.rating} ({RATING_WORDS[entry.rating]})
                  </li>
                ))}
              </ul>
              <TargetThreads target={{ kind: "cell", id: cellTargetId(opened.card.id, openedHypothesis.id) }} noun="cell" />
            </section>
          )}
        </section>
      </div>
    </aside>
  );
}
