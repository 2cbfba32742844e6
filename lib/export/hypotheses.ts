/**
 * The hypotheses matrix as CSV, for a spreadsheet or an annex: one column per hypothesis (in the
 * board's order), first the score rows — weighted inconsistency, Heuer's plain count, rank, which
 * leads — then one row per card, most diagnostic first, its cells holding the view's ratings (the
 * group's consensus, or one person's). Each card row says how it weighs, how diagnostic it is,
 * whether it is among the most diagnostic, and on which hypotheses people disagree. The formula is
 * written at the top of lib/board/ach.ts; cells a spreadsheet would run are neutralised.
 */
import Papa from "papaparse";
import { byDiagnosticity, cardWeight, cellKey, summariseMatrix, type AchAnalysis } from "@/lib/board/ach";
import { FORMULA_CELL } from "./formula-cells";

/** The fixed columns before the hypotheses' (their titles follow, in the board's order). */
export const MATRIX_COLUMNS = [
  "row",
  "card_id",
  "card",
  "grade",
  "relevance",
  "weight",
  "diagnosticity",
  "most_diagnostic",
  "disagreement_on",
] as const;

/** How many of the most diagnostic cards are marked in `most_diagnostic`. */
const MOST_DIAGNOSTIC = 3;

/** Numbers as a spreadsheet reads them: no trailing zeros, a dot for decimals. */
const number = (value: number) => String(Math.round(value * 1000) / 1000);

/** The matrix as a header and rows of cells (the CSV before it is written). */
export function matrixTable(analysis: AchAnalysis): { header: string[]; rows: string[][] } {
  const { hypotheses, cards } = analysis;
  const header = [...MATRIX_COLUMNS, ...hypotheses.map((h) => h.title)];
  const byHypothesis = new Map(analysis.scores.map((score) => [score.hypothesisId, score]));
  const blanks = MATRIX_COLUMNS.length - 1;
  const scoreRow = (name: string, cell: (id: string) => string) => [name, ...Array<string>(blanks).fill(""), ...hypotheses.map((h) => cell(h.id))];
  const rows = [
    scoreRow("weighted inconsistency", (id) => number(byHypothesis.get(id)!.score)),
    scoreRow("inconsistency count", (id) => String(byHypothesis.get(id)!.inconsistency)),
    scoreRow("rank", (id) => String(byHypothesis.get(id)!.rank)),
    scoreRow("leading", (id) => (byHypothesis.get(id)!.leading ? "yes" : "")),
  ];
  const cardsById = new Map(cards.map((card) => [card.id, card]));
  const titles = new Map(hypotheses.map((h) => [h.id, h.title]));
  const most = new Set(summariseMatrix(analysis, MOST_DIAGNOSTIC).mostDiagnostic.map(({ card }) => card.id));
  for (const row of byDiagnosticity(analysis.rows)) {
    const card = cardsById.get(row.cardId)!;
    const disputed = hypotheses.filter((h) => analysis.cells.get(cellKey(card.id, h.id))?.disagreement).map((h) => titles.get(h.id)!);
    rows.push([
      "evidence",
      card.id,
      card.title,
      `${card.grade.reliability}${card.grade.credibility}`,
      card.relevance ?? "medium",
      number(cardWeight(card)),
      row.rated === 0 ? "" : row.lowDiagnostic ? `${row.diagnosticity} (low)` : String(row.diagnosticity),
      most.has(card.id) ? "yes" : "",
      disputed.join("; "),
      ...hypotheses.map((h) => analysis.matrix.get(cellKey(card.id, h.id)) ?? ""),
    ]);
  }
  return { header, rows };
}

/** The matrix as CSV text (see the top of this file). */
export function matrixCsv(analysis: AchAnalysis): string {
  const { header, rows } = matrixTable(analysis);
  return Papa.unparse({ fields: header, data: rows }, { newline: "\n", escapeFormulae: FORMULA_CELL });
}
