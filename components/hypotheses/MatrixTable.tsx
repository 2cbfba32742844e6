"use client";
/**
 * The ACH matrix as a real table: one column per hypothesis (its score and rank in the header),
 * one row per evidence card (the row header selects the card on the board), one cell per pair.
 * The cells are a single tab stop with a roving focus: arrows, Home/End and PageUp/PageDown move,
 * letters rate (C, N, I; Shift+C and Shift+I for CC and II), Delete clears, Enter opens the
 * cell's details. Each change is announced in a live region.
 */
import { useRef, useState, type KeyboardEvent } from "react";
import { matrixKeyAction, type RatingKey } from "./matrixKeys";
import styles from "./hypotheses.module.css";

/** How each rating reads in words, for the screen reader and the legend. */
export const RATING_WORDS: Record<RatingKey, string> = {
  CC: "very consistent",
  C: "consistent",
  N: "neutral or not applicable",
  I: "inconsistent",
  II: "very inconsistent",
};

export interface MatrixColumn {
  id: string;
  title: string;
  /** The weighted inconsistency score, as printed. */
  score: string;
  /** 1 for the least inconsistent; unrated hypotheses rank last. */
  rank: number;
  /** Whether any cell of the column is rated (an unrated hypothesis has no standing yet). */
  rated: boolean;
  leading: boolean;
}

export interface MatrixRow {
  /** The card's id. */
  id: string;
  title: string;
  /** Date, grade and source of the card, in words. */
  meta: string;
  /** The diagnosticity, as printed. */
  diagnosticity: string;
  lowDiagnostic: boolean;
  selected: boolean;
}

export interface MatrixCell {
  rating: RatingKey | null;
  /** In the group view, when people disagree: who said what ("Ana: C, Ben: II"). */
  spread: string | null;
  /** Open review threads on the cell. */
  threads: number;
}

interface MatrixTableProps {
  caption: string;
  columns: readonly MatrixColumn[];
  rows: readonly MatrixRow[];
  cell(rowId: string, columnId: string): MatrixCell;
  /** Rates (or with null clears) a cell; absent when the cells are read-only (group view, viewers). */
  onRate?(rowId: string, columnId: string, rating: RatingKey | null): void;
  /** What a row shows after its header: the relevance control. */
  rowControls?(row: MatrixRow): React.ReactNode;
  onSelectRow(rowId: string): void;
  /** Opens the details of a cell (Enter, or a click). */
  onOpenCell(rowId: string, columnId: string): void;
}

export function MatrixTable({ caption, columns, rows, cell, onRate, rowControls, onSelectRow, onOpenCell }: MatrixTableProps) {
  const [active, setActive] = useState({ row: 0, col: 0 });
  const [announcement, setAnnouncement] = useState("");
  const table = useRef<HTMLTableElement>(null);
  const row = Math.min(active.row, Math.max(rows.length - 1, 0));
  const col = Math.min(active.col, Math.max(columns.length - 1, 0));

  const focusCell = (r: number, c: number) => {
    setActive({ row: r, col: c });
    table.current?.querySelector<HTMLElement>(`[data-cell="${r}:${c}"]`)?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLElement>, r: number, c: number) => {
    const rowId = rows[r].id;
    const columnId = columns[c].id;
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onOpenCell(rowId, columnId);
      return;
    }
    const action = matrixKeyAction(event, r, c, rows.length, columns.length);
    if (!action) return;
    event.preventDefault();
    if (action.kind === "move") return focusCell(action.row, action.col);
    const where = `${rows[r].title}, ${columns[c].title}`;
    if (!onRate) return setAnnouncement(`${where}: read only here`);
    const rating = action.kind === "rate" ? action.rating : null;
    onRate(rowId, columnId, rating);
    setAnnouncement(`${where}: ${rating ? `${rating}, ${RATING_WORDS[rating]}` : "cleared"}`);
  };

  return (
    <div className={styles.matrixWrap}>
      <table ref={table} className={styles.matrix} data-testid="ach-matrix">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <td />
            {columns.map((column) => (
              <th key={column.id} scope="col" data-testid="ach-column" data-hypothesis-id={column.id} data-leading={column.leading} data-rank={column.rank}>
                {column.title}
                <span className={styles.score} data-testid="ach-score">
                  {column.rated ? `Inconsistency ${column.score} · rank ${column.rank}${column.leading ? " · leading" : ""}` : "Not rated yet"}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((item, r) => (
            <tr key={item.id} data-testid="ach-row" data-card-id={item.id} data-low-diagnostic={item.lowDiagnostic}>
              <th scope="row" className={styles.rowHeader} data-selected={item.selected}>
                <button type="button" onClick={() => onSelectRow(item.id)}>
                  {item.title}
                </button>
                <span className={styles.rowMeta}>
                  <span>{item.meta}</span>
                  <span data-testid="ach-diagnosticity">Diagnosticity {item.diagnosticity}</span>
                  {item.lowDiagnostic && (
                    <span className={styles.lowDiagnostic} data-testid="ach-low-diagnostic">
                      Low diagnostic value
                    </span>
                  )}
                  {rowControls?.(item)}
                </span>
              </th>
              {columns.map((column, c) => {
                const value = cell(item.id, column.id);
                const isActive = r === row && c === col;
                return (
                  <td
                    key={column.id}
                    className={styles.cell}
                    tabIndex={isActive ? 0 : -1}
                    data-cell={`${r}:${c}`}
                    data-testid="ach-cell"
                    data-rating={value.rating ?? ""}
                    data-disagree={value.spread !== null}
                    aria-label={`${item.title}, ${column.title}: ${value.rating ? `${value.rating}, ${RATING_WORDS[value.rating]}` : "not rated"}${value.spread ? `; people disagree: ${value.spread}` : ""}`}
                    onFocus={() => setActive({ row: r, col: c })}
                    onClick={() => {
                      focusCell(r, c);
                      onOpenCell(item.id, column.id);
                    }}
                    onKeyDown={(event) => onKeyDown(event, r, c)}
                  >
                    <span data-testid="ach-rating">{value.rating ?? "–"}</span>
                    {value.spread && (
                      <span className={styles.spread} data-testid="ach-spread">
                        {value.spread}
                      </span>
                    )}
                    {value.threads > 0 && (
                      <span className={styles.cellThreads}>
                        {value.threads} open {value.threads === 1 ? "thread" : "threads"}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="sr-only" role="status" aria-live="polite" data-testid="ach-announcement">
        {announcement}
      </p>
    </div>
  );
}
