/**
 * Which cards are the rows of the hypotheses matrix: by default the cards cited by any claim (the
 * evidence the judgements rest on), or all of them; then only those within the board's time
 * window and, when tags are chosen, those carrying one of them. Rows keep the timeline's order
 * (by date, then title). Pure, so the filters can be tested without a board.
 */
import { overlapsWindow } from "@/lib/board/dates";
import type { Card, Claim } from "@/lib/board/schema";

/** Which cards the matrix starts from. */
export type RowScope = "cited" | "all";

export interface RowFilter {
  scope: RowScope;
  /** The board's time window (boardUi), or null for every date. */
  timeWindow: { start: string; end: string } | null;
  /** Cards carrying any of these tags; empty for every card. */
  tags: readonly string[];
}

/** The cards the matrix shows as rows, in date order. */
export function matrixRows(cards: readonly Card[], claims: readonly Claim[], filter: RowFilter): Card[] {
  const cited = new Set(claims.flatMap((claim) => claim.evidence.filter((ref) => ref.kind === "card").map((ref) => ref.id)));
  const tags = new Set(filter.tags);
  return cards
    .filter((card) => filter.scope === "all" || cited.has(card.id))
    .filter((card) => !filter.timeWindow || overlapsWindow(card.when, filter.timeWindow))
    .filter((card) => tags.size === 0 || card.tags.some((tag) => tags.has(tag)))
    .sort((a, b) => (a.when.start < b.when.start ? -1 : a.when.start > b.when.start ? 1 : a.title.localeCompare(b.title)));
}

/** Every tag of the cards, alphabetically, for the tag filter. */
export function tagsOf(cards: readonly Card[]): string[] {
  return [...new Set(cards.flatMap((card) => card.tags))].sort((a, b) => a.localeCompare(b));
}
