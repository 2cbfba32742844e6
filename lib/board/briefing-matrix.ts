/**
 * The hypotheses matrix as a briefing prints it: the group's consensus over every card someone
 * rated, each hypothesis' weighted inconsistency score and rank, the leading hypotheses, the most
 * diagnostic evidence, and how many cells people still disagree on. Pure, from `analyse`
 * (ach.ts), so the print page and the Markdown export say the same.
 */
import { analyse, cellKey, summariseMatrix, type AchInput } from "./ach";
import type { Rating } from "./schema";

/** How many of the most diagnostic cards the briefing names. */
const MOST_DIAGNOSTIC = 3;

export interface BriefingHypothesis {
  id: string;
  title: string;
  /** "H2": its place in the board's order. */
  label: string;
  score: number;
  rank: number;
  leading: boolean;
}

export interface BriefingMatrixRow {
  cardId: string;
  title: string;
  grade: string;
  relevance: string;
  /** The group's consensus per hypothesis, in the board's order; null where nobody rated. */
  cells: Array<Rating | null>;
  /** Cells where people disagree, in the board's order of hypotheses. */
  disagreements: boolean[];
  diagnosticity: number;
  lowDiagnostic: boolean;
}

export interface BriefingMatrix {
  /** In the board's order. */
  hypotheses: BriefingHypothesis[];
  /** Every card anyone rated, in date order. */
  rows: BriefingMatrixRow[];
  /** Titles of the leading hypotheses (ties included); empty before anything is rated. */
  leading: string[];
  /** Titles of the most diagnostic cards, most first (only rows that tell hypotheses apart). */
  mostDiagnostic: string[];
  /** Cells on which people disagree. */
  disagreements: number;
}

/** The briefing's matrix; null when the board has no hypotheses. */
export function briefingMatrix(input: AchInput | undefined): BriefingMatrix | null {
  if (!input || input.hypotheses.length === 0) return null;
  const rated = new Set(input.ratings.map((rating) => rating.cardId));
  const cards = input.cards.filter((card) => rated.has(card.id));
  const analysis = analyse({ ...input, cards }, { kind: "group" });
  const scores = new Map(analysis.scores.map((score) => [score.hypothesisId, score]));
  const rows = new Map(analysis.rows.map((row) => [row.cardId, row]));
  const summary = summariseMatrix(analysis, MOST_DIAGNOSTIC);
  return {
    hypotheses: input.hypotheses.map((hypothesis, index) => {
      const score = scores.get(hypothesis.id)!;
      return { id: hypothesis.id, title: hypothesis.title, label: `H${index + 1}`, score: score.score, rank: score.rank, leading: score.leading };
    }),
    rows: cards.map((card) => ({
      cardId: card.id,
      title: card.title,
      grade: `${card.grade.reliability}${card.grade.credibility}`,
      relevance: card.relevance ?? "medium",
      cells: input.hypotheses.map((h) => analysis.matrix.get(cellKey(card.id, h.id)) ?? null),
      disagreements: input.hypotheses.map((h) => analysis.cells.get(cellKey(card.id, h.id))?.disagreement ?? false),
      diagnosticity: rows.get(card.id)!.weighted,
      lowDiagnostic: rows.get(card.id)!.lowDiagnostic,
    })),
    leading: summary.leading.map((hypothesis) => hypothesis.title),
    mostDiagnostic: summary.mostDiagnostic.map(({ card }) => card.title),
    disagreements: summary.disagreements,
  };
}
