"use client";
/**
 * The hypotheses matrix as the panes read it: the hypotheses in order, everyone's ratings, and the
 * cards and claims the rows come from, each re-read once per change to its parts.
 */
import type * as Y from "yjs";
import { sameMap, useBoardValue } from "@/components/board/useBoardValue";
import { listCards, listClaims, listHypotheses, listRatings, narrativeClaimTexts, type RatingEntry } from "@/lib/board/model";
import type { Card, Claim, Hypothesis } from "@/lib/board/schema";

const HYPOTHESIS_PARTS = ["hypotheses"] as const;
const RATING_PARTS = ["ratings", "cards", "hypotheses"] as const;
const CARD_PARTS = ["cards", "pins"] as const;
const CLAIM_PARTS = ["claims", "pins", "cards", "hypotheses"] as const;
const NO_HYPOTHESES: Hypothesis[] = [];
const NO_RATINGS: RatingEntry[] = [];
const NO_CARDS: Card[] = [];
const NO_CLAIMS: Claim[] = [];
const TEXT_PARTS = ["narrative"] as const;
const NO_TEXTS = new Map<string, string>();

/** The board's hypotheses in their order. */
export function useHypotheses(doc: Y.Doc): Hypothesis[] {
  return useBoardValue(doc, HYPOTHESIS_PARTS, listHypotheses, NO_HYPOTHESES);
}

/** Every person's rating of every cell. */
export function useRatings(doc: Y.Doc): RatingEntry[] {
  return useBoardValue(doc, RATING_PARTS, listRatings, NO_RATINGS);
}

/** The board's cards (with their grade and relevance). */
export function useCards(doc: Y.Doc): Card[] {
  return useBoardValue(doc, CARD_PARTS, listCards, NO_CARDS);
}

/** The board's claims (with the hypothesis each supports). */
export function useClaims(doc: Y.Doc): Claim[] {
  return useBoardValue(doc, CLAIM_PARTS, listClaims, NO_CLAIMS);
}

/** The narrative's text of each claim, by claim id. */
export function useClaimTexts(doc: Y.Doc): Map<string, string> {
  return useBoardValue(doc, TEXT_PARTS, narrativeClaimTexts, NO_TEXTS, sameMap);
}
