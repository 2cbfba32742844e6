/**
 * The briefing's page on the competing hypotheses: each one's weighted inconsistency score and
 * rank, the leading hypothesis, the most diagnostic evidence, and the group's consensus matrix
 * with the cells people disagree on marked.
 */
import type { BriefingMatrix } from "@/lib/board/briefing-matrix";
import briefing from "@/components/present/briefing.module.css";
import styles from "./hypotheses.module.css";

export function BriefingMatrixPage({ title, matrix }: { title: string; matrix: BriefingMatrix }) {
  return (
    <article className={`${briefing.page} ${briefing.flowing}`} data-testid="briefing-hypotheses" aria-labelledby="briefing-hypotheses-title">
      <header className={briefing.pageHeader}>
        <span>{title}</span>
        <span>Competing hypotheses</span>
      </header>
      <h2 id="briefing-hypotheses-title">Competing hypotheses</h2>
      <ol>
        {matrix.hypotheses.map((h) => (
          <li key={h.id} data-testid="briefing-hypothesis" data-leading={h.leading}>
            <strong>{h.title}</strong> — inconsistency {h.score}, rank {h.rank}
            {h.leading ? " (leading)" : ""}
          </li>
        ))}
      </ol>
      <p data-testid="briefing-leading">{matrix.leading.length ? `Leading: ${matrix.leading.join("; ")}` : "Nothing is rated yet."}</p>
      {matrix.mostDiagnostic.length > 0 && <p data-testid="briefing-diagnostic">Most diagnostic evidence: {matrix.mostDiagnostic.join("; ")}</p>}
      {matrix.disagreements > 0 && (
        <p>
          Analysts disagree on {matrix.disagreements} {matrix.disagreements === 1 ? "cell" : "cells"} (marked *).
        </p>
      )}
      {matrix.rows.length > 0 && (
        <table className={styles.matrix}>
          <caption>Group consensus (CC very consistent … II very inconsistent)</caption>
          <thead>
            <tr>
              <th scope="col">Card</th>
              {matrix.hypotheses.map((h) => (
                <th key={h.id} scope="col">
                  {h.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.rows.map((row) => (
              <tr key={row.cardId}>
                <th scope="row" className={styles.rowHeader}>
                  {row.title} <span className={briefing.grade}>{row.grade}</span> {row.relevance} relevance
                  {row.lowDiagnostic ? " · low diagnostic value" : ""}
                </th>
                {row.cells.map((cell, index) => (
                  <td key={index} className={styles.cell} data-rating={cell ?? ""}>
                    {cell ?? "–"}
                    {row.disagreements[index] ? "*" : ""}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </article>
  );
}
