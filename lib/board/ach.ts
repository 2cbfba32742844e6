/**
 * Scoring of the hypotheses matrix (Richards J. Heuer Jr., "Psychology of Intelligence Analysis",
 * CIA 1999, chapter 8, Analysis of Competing Hypotheses): pure functions over plain data, and the
 * reader that gathers that data from a board document.
 *
 * The formula. Each cell (card × hypothesis) holds a rating; only inconsistency counts (Heuer:
 * the hypothesis with the least evidence against it is the most likely, consistency proves
 * little), so CC, C and N score 0, I scores 1 and II scores 2 (the values of PARC ACH 2.0).
 * Each card weighs
 *
 *     weight(card) = relevance(card) × admiralty(card.grade)
 *     relevance:    low 0.5 · medium 1 · high 2
 *     admiralty:    (reliability value + credibility value) / 200
 *
 * with the numerical values of the MISP taxonomy `admiralty-scale` (version 5): reliability
 * A 100, B 75, C 50, D 25, E 0, F (cannot be judged) 50; credibility 1 100, 2 75, 3 50, 4 25,
 * 5 0, 6 (cannot be judged) 50. So an A1 card weighs 1, a C3 or an ungraded F6 card 0.5, an E5
 * card 0 (unreliable and improbable: it moves nothing). The mean rather than the product keeps a
 * reliable source's doubtful report (A4, 0.625) above an unknown one's (F6, 0.5).
 *
 *     score(h) = Σ over cards of weight(card) × inconsistency(rating(card, h))
 *
 * An unrated cell counts 0. Hypotheses are ranked least inconsistent first; those sharing the
 * lowest score lead. A hypothesis nobody has rated on any card is not assessed yet: it ranks
 * last and never leads (its 0 says nothing), so none leads before anything is rated.
 *
 * Diagnosticity of a card (Heuer: evidence consistent with every hypothesis helps judge none):
 * how much its row separates the hypotheses' scores, max − min of its inconsistencies across the
 * hypotheses (0, 1 or 2), times its weight for sorting. A rated row whose inconsistencies are all
 * equal is flagged low-diagnostic. The row's `stepRange` tells how differently it rates on the
 * whole scale (CC +2 … II −2), consistency included.
 *
 * The group's matrix: per cell, the consensus is the median of everyone's ratings on that scale
 * (with an even number, the mean of the two middle ones rounded toward neutral: C and I give N,
 * CC and C give C); people disagree on a cell when their
 * ratings lie two or more steps apart or on opposite sides of neutral.
 */
import type * as Y from "yjs";
import { listCards, listHypotheses, listRatings, type RatingEntry } from "./model";
import type { Card, Grade, Hypothesis, Rating, Relevance } from "./schema";

export type { RatingEntry } from "./model";

/** How much a rating counts against a hypothesis: only inconsistency counts (Heuer; PARC ACH). */
export const INCONSISTENCY: Readonly<Record<Rating, number>> = { CC: 0, C: 0, N: 0, I: 1, II: 2 };

/** Each rating on one signed scale, for medians and spreads: very consistent +2 … very inconsistent −2. */
export const RATING_STEPS: Readonly<Record<Rating, number>> = { CC: 2, C: 1, N: 0, I: -1, II: -2 };

/** Weight of a card's relevance to the question. */
export const RELEVANCE_WEIGHTS: Readonly<Record<Relevance, number>> = { low: 0.5, medium: 1, high: 2 };

/** MISP taxonomy `admiralty-scale`, `source-reliability` numerical values. */
export const RELIABILITY_VALUES: Readonly<Record<Grade["reliability"], number>> = { A: 100, B: 75, C: 50, D: 25, E: 0, F: 50 };

/** MISP taxonomy `admiralty-scale`, `information-credibility` numerical values. */
export const CREDIBILITY_VALUES: Readonly<Record<Grade["credibility"], number>> = { 1: 100, 2: 75, 3: 50, 4: 25, 5: 0, 6: 50 };

/** Spread (in steps of RATING_STEPS) from which people are said to disagree on a cell. */
export const DISAGREEMENT_STEPS = 2;

/** What scoring needs of a card. */
export type AchCard = Pick<Card, "id" | "title" | "grade"> & { relevance?: Relevance };

/** What scoring needs of a hypothesis. */
export type AchHypothesis = Pick<Hypothesis, "id" | "title">;

/** Everything the matrix is computed from, as plain data. */
export interface AchInput {
  /** In the board's order. */
  hypotheses: AchHypothesis[];
  /** The rows, in the order they are shown (all of the board's cards when read by `readAch`). */
  cards: AchCard[];
  ratings: RatingEntry[];
}

/** One matrix: a rating per cell, keyed by `cellKey(cardId, hypothesisId)`. */
export type Matrix = ReadonlyMap<string, Rating>;

/** The key of a cell of a `Matrix`. */
export function cellKey(cardId: string, hypothesisId: string): string {
  return `${cardId}/${hypothesisId}`;
}

/** The weight of a card's Admiralty grade, 0 to 1: the mean of its two MISP values over 100. */
export function admiraltyWeight(grade: Grade): number {
  return (RELIABILITY_VALUES[grade.reliability] + CREDIBILITY_VALUES[grade.credibility]) / 200;
}

/** A card's weight in the scores: relevance (absent: medium) × Admiralty weight. */
export function cardWeight(card: AchCard): number {
  return RELEVANCE_WEIGHTS[card.relevance ?? "medium"] * admiraltyWeight(card.grade);
}

/** One person's matrix: their own ratings. */
export function personalMatrix(ratings: readonly RatingEntry[], userId: string): Matrix {
  const matrix = new Map<string, Rating>();
  for (const entry of ratings) if (entry.userId === userId) matrix.set(cellKey(entry.cardId, entry.hypothesisId), entry.rating);
  return matrix;
}

/** One cell of the group's matrix. */
export interface GroupCell {
  cardId: string;
  hypothesisId: string;
  /** The median rating (even count: the two middle ones' mean, rounded toward neutral). */
  consensus: Rating;
  /** Everyone's rating of the cell, by user id order. */
  ratings: Array<{ userId: string; rating: Rating }>;
  /** Steps between the most and the least consistent rating (0 to 4). */
  spread: number;
  /** True when ratings lie DISAGREEMENT_STEPS or more apart, or on opposite sides of neutral. */
  disagreement: boolean;
}

/** The group's matrix: each rated cell with its consensus and spread, keyed by `cellKey`. */
export function groupCells(ratings: readonly RatingEntry[]): Map<string, GroupCell> {
  const byCell = new Map<string, RatingEntry[]>();
  for (const entry of ratings) {
    const key = cellKey(entry.cardId, entry.hypothesisId);
    const list = byCell.get(key);
    if (list) list.push(entry);
    else byCell.set(key, [entry]);
  }
  const cells = new Map<string, GroupCell>();
  for (const [key, entries] of byCell) {
    const steps = entries.map((entry) => RATING_STEPS[entry.rating]);
    const max = Math.max(...steps);
    const min = Math.min(...steps);
    cells.set(key, {
      cardId: entries[0].cardId,
      hypothesisId: entries[0].hypothesisId,
      consensus: consensusOf(entries.map((entry) => entry.rating)),
      ratings: entries
        .map(({ userId, rating }) => ({ userId, rating }))
        .sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0)),
      spread: max - min,
      disagreement: max - min >= DISAGREEMENT_STEPS || (max > 0 && min < 0),
    });
  }
  return cells;
}

/** The median of some ratings; with an even number, the mean of the two middle ones rounded toward neutral. */
export function consensusOf(ratings: readonly Rating[]): Rating {
  if (ratings.length === 0) throw new Error("No ratings to take the consensus of");
  const steps = ratings.map((rating) => RATING_STEPS[rating]).sort((a, b) => a - b);
  const low = steps[Math.floor((steps.length - 1) / 2)];
  const high = steps[Math.ceil((steps.length - 1) / 2)];
  return STEP_RATINGS.get(Math.trunc((low + high) / 2) + 0)!;
}

const STEP_RATINGS = new Map<number, Rating>(Object.entries(RATING_STEPS).map(([rating, step]) => [step, rating as Rating]));

/** The group's matrix as ratings: each cell's consensus. */
export function groupMatrix(ratings: readonly RatingEntry[]): Matrix {
  return new Map(Array.from(groupCells(ratings), ([key, cell]) => [key, cell.consensus]));
}

/** A hypothesis' place in the ranking. */
export interface HypothesisScore {
  hypothesisId: string;
  title: string;
  /** Weighted inconsistency: Σ weight(card) × INCONSISTENCY[rating]. Lower is better. */
  score: number;
  /** Unweighted inconsistency: Σ INCONSISTENCY[rating] (Heuer's plain count, I 1, II 2). */
  inconsistency: number;
  /** Rated cells of its column (among the given cards). */
  rated: number;
  /** 1 for the least inconsistent; equal scores share a rank; unrated hypotheses share the last. */
  rank: number;
  /** True when it is rated and no rated hypothesis scores lower. */
  leading: boolean;
}

/**
 * Scores each hypothesis over `cards` with the ratings of `matrix` and ranks them, least
 * inconsistent first (equal scores: the unweighted count, then the board's order). A hypothesis
 * with no rated cell has not been assessed: it ranks after every rated one and never leads.
 */
export function scoreHypotheses(hypotheses: readonly AchHypothesis[], cards: readonly AchCard[], matrix: Matrix): HypothesisScore[] {
  const scores = hypotheses.map((hypothesis, position) => {
    let score = 0;
    let inconsistency = 0;
    let rated = 0;
    for (const card of cards) {
      const rating = matrix.get(cellKey(card.id, hypothesis.id));
      if (!rating) continue;
      rated += 1;
      inconsistency += INCONSISTENCY[rating];
      score += cardWeight(card) * INCONSISTENCY[rating];
    }
    return { hypothesisId: hypothesis.id, title: hypothesis.title, score: round(score), inconsistency, rated, position };
  });
  const unrated = (s: { rated: number }) => (s.rated === 0 ? 1 : 0);
  scores.sort((a, b) => unrated(a) - unrated(b) || a.score - b.score || a.inconsistency - b.inconsistency || a.position - b.position);
  const assessed = scores.filter((s) => s.rated > 0);
  const best = assessed[0]?.score;
  return scores.map(({ hypothesisId, title, score, inconsistency, rated }) => ({
    hypothesisId,
    title,
    score,
    inconsistency,
    rated,
    rank: rated === 0 ? assessed.length + 1 : 1 + assessed.filter((other) => other.score < score).length,
    leading: rated > 0 && score === best,
  }));
}

/** Scores are sums of products of halves and quarters: rounding to 1e-9 makes equal sums compare equal. */
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** How much one card's row tells the hypotheses apart. */
export interface RowDiagnosticity {
  cardId: string;
  /** Max − min of the row's inconsistencies across the hypotheses (unrated: 0), 0 to 2. */
  diagnosticity: number;
  /** `diagnosticity` × the card's weight: what sorting by diagnosticity uses. */
  weighted: number;
  /** Max − min of the row's rated cells on the CC +2 … II −2 scale (0 with fewer than one rated). */
  stepRange: number;
  /** Rated cells in the row. */
  rated: number;
  /** True when the row is rated and rates alike across the hypotheses (diagnosticity 0). */
  lowDiagnostic: boolean;
}

/** The diagnosticity of each card's row, in the order of `cards`. */
export function rowDiagnosticity(hypotheses: readonly AchHypothesis[], cards: readonly AchCard[], matrix: Matrix): RowDiagnosticity[] {
  return cards.map((card) => {
    const ratings = hypotheses.map((h) => matrix.get(cellKey(card.id, h.id)));
    const counts = ratings.map((rating) => (rating ? INCONSISTENCY[rating] : 0));
    const steps = ratings.flatMap((rating) => (rating ? [RATING_STEPS[rating]] : []));
    const diagnosticity = counts.length > 0 ? Math.max(...counts) - Math.min(...counts) : 0;
    return {
      cardId: card.id,
      diagnosticity,
      weighted: round(diagnosticity * cardWeight(card)),
      stepRange: steps.length > 0 ? Math.max(...steps) - Math.min(...steps) : 0,
      rated: steps.length,
      lowDiagnostic: steps.length > 0 && diagnosticity === 0,
    };
  });
}

/** Rows most diagnostic first (weighted, then unweighted, then step range); the order of `cards` breaks ties. */
export function byDiagnosticity(rows: readonly RowDiagnosticity[]): RowDiagnosticity[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => b.row.weighted - a.row.weighted || b.row.diagnosticity - a.row.diagnosticity || b.row.stepRange - a.row.stepRange || a.index - b.index)
    .map(({ row }) => row);
}

/** Whose matrix to compute: the group's consensus or one person's own ratings. */
export type MatrixView = { kind: "group" } | { kind: "person"; userId: string };

/** The whole matrix of one view, ready to show. */
export interface AchAnalysis {
  hypotheses: AchHypothesis[];
  cards: AchCard[];
  /** The view's rating of each rated cell. */
  matrix: Matrix;
  /** Every rated cell with everyone's ratings, consensus and spread (whatever the view). */
  cells: Map<string, GroupCell>;
  /** Ranked, least inconsistent first. */
  scores: HypothesisScore[];
  /** Per card, in the order of `cards`. */
  rows: RowDiagnosticity[];
  /** Ids of the hypotheses that lead (tied ones included); empty before anything is rated. */
  leading: string[];
  /** Cells where people disagree, keyed by `cellKey`. */
  disagreements: string[];
}

/** Computes the matrix of `view` over `input`. */
export function analyse(input: AchInput, view: MatrixView = { kind: "group" }): AchAnalysis {
  const cardIds = new Set(input.cards.map((card) => card.id));
  const hypothesisIds = new Set(input.hypotheses.map((h) => h.id));
  const ratings = input.ratings.filter((r) => cardIds.has(r.cardId) && hypothesisIds.has(r.hypothesisId));
  const cells = groupCells(ratings);
  const matrix = view.kind === "group" ? groupMatrix(ratings) : personalMatrix(ratings, view.userId);
  const scores = scoreHypotheses(input.hypotheses, input.cards, matrix);
  return {
    hypotheses: input.hypotheses,
    cards: input.cards,
    matrix,
    cells,
    scores,
    rows: rowDiagnosticity(input.hypotheses, input.cards, matrix),
    leading: scores.filter((s) => s.leading).map((s) => s.hypothesisId),
    disagreements: Array.from(cells).flatMap(([key, cell]) => (cell.disagreement ? [key] : [])),
  };
}

/** What a briefing says of a matrix: who leads, the ranking, and the evidence that tells the hypotheses apart. */
export interface MatrixSummary {
  /** The leading hypotheses (ties included); empty before anything is rated. */
  leading: AchHypothesis[];
  /** Every hypothesis, least inconsistent first. */
  scores: HypothesisScore[];
  /** Up to `top` cards that separate the scores most (weighted diagnosticity above 0), most first. */
  mostDiagnostic: Array<{ card: AchCard; row: RowDiagnosticity }>;
  /** How many rated cells people disagree on. */
  disagreements: number;
}

/** The briefing's view of an analysis: leaders, ranking and the `top` most diagnostic cards. */
export function summariseMatrix(analysis: AchAnalysis, top = 3): MatrixSummary {
  const cards = new Map(analysis.cards.map((card) => [card.id, card]));
  const hypotheses = new Map(analysis.hypotheses.map((h) => [h.id, h]));
  return {
    leading: analysis.leading.map((id) => hypotheses.get(id)!),
    scores: analysis.scores,
    mostDiagnostic: byDiagnosticity(analysis.rows)
      .filter((row) => row.weighted > 0)
      .slice(0, top)
      .map((row) => ({ card: cards.get(row.cardId)!, row })),
    disagreements: analysis.disagreements.length,
  };
}

/**
 * The matrix's data as the board holds it now: hypotheses in order, every card (chronological,
 * relevance filled in), every live rating. Whole hypotheses and cards, so a view can filter rows
 * by date or tag and pass the rest to `analyse`.
 */
export function readAch(doc: Y.Doc): { hypotheses: Hypothesis[]; cards: Array<Card & { relevance: Relevance }>; ratings: RatingEntry[] } {
  return {
    hypotheses: listHypotheses(doc),
    cards: listCards(doc).map((card) => ({ ...card, relevance: card.relevance ?? "medium" })),
    ratings: listRatings(doc),
  };
}
