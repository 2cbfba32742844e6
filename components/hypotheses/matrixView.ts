/**
 * The hypotheses matrix as the panel shows it, from `analyse` (lib/board/ach.ts) over the rows
 * on screen: each hypothesis' weighted inconsistency score and rank, each row's diagnosticity,
 * and each cell as this person rated it ("My matrix") or as the group's consensus, with the
 * spread of ratings where people disagree ("Group").
 */
import { analyse, cardWeight, cellKey, type AchHypothesis, type RatingEntry } from "@/lib/board/ach";
import { formatWhen } from "@/lib/board/dates";
import type { Card, Rating, Relevance } from "@/lib/board/schema";
import type { MatrixColumn } from "./MatrixTable";

/** Whose ratings the matrix shows. */
export type MatrixMode = "mine" | "group";

export interface MatrixViewInput {
  hypotheses: readonly AchHypothesis[];
  /** The rows on screen, in order. */
  cards: readonly Card[];
  ratings: readonly RatingEntry[];
  userId: string;
  mode: MatrixMode;
  nameOf(userId: string): string;
}

export interface MatrixViewRow {
  card: Card;
  /** Date, grade, source and weight, in words. */
  meta: string;
  diagnosticity: string;
  lowDiagnostic: boolean;
}

export interface MatrixViewCell {
  rating: Rating | null;
  spread: string | null;
}

/** A score as printed: at most three decimals, no trailing zeros ("1.25", "0.5", "0"). */
export function formatScore(value: number): string {
  return String(Number(value.toFixed(3)));
}

/** The formula in a sentence, under the matrix. */
export const FORMULA =
  "Score: the sum over cards of relevance (low 0.5, medium 1, high 2) × Admiralty weight (MISP values: (reliability + credibility) / 200) × inconsistency (I 1, II 2; CC, C and N 0). Lowest leads.";

export function matrixView({ hypotheses, cards, ratings, userId, mode, nameOf }: MatrixViewInput) {
  const analysis = analyse(
    { hypotheses: [...hypotheses], cards: [...cards], ratings: [...ratings] },
    mode === "mine" ? { kind: "person", userId } : { kind: "group" },
  );
  const byHypothesis = new Map(analysis.scores.map((score) => [score.hypothesisId, score]));
  const byCard = new Map(analysis.rows.map((row) => [row.cardId, row]));
  const columns: MatrixColumn[] = hypotheses.map((hypothesis) => {
    const score = byHypothesis.get(hypothesis.id)!;
    return { id: hypothesis.id, title: hypothesis.title, score: formatScore(score.score), rank: score.rank, rated: score.rated > 0, leading: score.leading };
  });
  const rows: MatrixViewRow[] = cards.map((card) => {
    const row = byCard.get(card.id)!;
    return {
      card,
      meta: `${formatWhen(card.when)} · ${card.grade.reliability}${card.grade.credibility} · weight ${formatScore(cardWeight(card))}`,
      diagnosticity: formatScore(row.weighted),
      lowDiagnostic: row.lowDiagnostic,
    };
  });
  return {
    /** The analysis behind the view, for the CSV. */
    analysis,
    columns,
    rows,
    formula: FORMULA,
    /** Sort key of "Sort by diagnosticity": the weighted diagnosticity. */
    diagnosticityOf: (cardId: string) => byCard.get(cardId)?.weighted ?? 0,
    relevanceOf: (cardId: string): Relevance => cards.find((card) => card.id === cardId)?.relevance ?? "medium",
    cell(cardId: string, hypothesisId: string): MatrixViewCell {
      const key = cellKey(cardId, hypothesisId);
      const group = analysis.cells.get(key);
      const spread =
        mode === "group" && group?.disagreement
          ? group.ratings
              .map(({ userId: who, rating }) => ({ name: nameOf(who), rating }))
              .sort((a, b) => a.name.localeCompare(b.name))
              .map(({ name, rating }) => `${name}: ${rating}`)
              .join(", ")
          : null;
      return { rating: analysis.matrix.get(key) ?? null, spread };
    },
    /** Everyone's rating of a cell, by name. */
    ratingsOf(cardId: string, hypothesisId: string): Array<{ userId: string; rating: Rating }> {
      const group = analysis.cells.get(cellKey(cardId, hypothesisId));
      return [...(group?.ratings ?? [])].sort((a, b) => nameOf(a.userId).localeCompare(nameOf(b.userId)));
    },
  };
}
