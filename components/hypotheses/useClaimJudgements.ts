"use client";
/**
 * What the board says about each claim (lib/board/claim-risk.ts), live: at risk and why, single
 * source, and whether the hypothesis it supports still leads. Re-judged when the claims, their
 * evidence, the matrix or the review room change.
 */
import { useMemo } from "react";
import type * as Y from "yjs";
import { useBoardValue } from "@/components/board/useBoardValue";
import { useReviewValue } from "@/components/review/ReviewContext";
import { judgeClaims, readClaimRiskInput, type ClaimJudgement, type ClaimRiskInput } from "@/lib/board/claim-risk";
import { claimReviewStatuses, listThreads } from "@/lib/board/review";

const PARTS = ["claims", "cards", "pins", "hypotheses", "ratings"] as const;
const readBoard = (doc: Y.Doc) => readClaimRiskInput(doc, null);
const EMPTY: ClaimRiskInput = {
  claims: [],
  cards: [],
  pins: [],
  citedGrades: new Map(),
  reviewStatuses: new Map(),
  threads: [],
  ach: { hypotheses: [], cards: [], ratings: [] },
};

/** Each claim's judgement, by claim id. */
export function useClaimJudgements(doc: Y.Doc): Map<string, ClaimJudgement> {
  const board = useBoardValue(doc, PARTS, readBoard, EMPTY);
  const reviewStatuses = useReviewValue(claimReviewStatuses);
  const threads = useReviewValue(listThreads);
  return useMemo(() => judgeClaims({ ...board, reviewStatuses, threads }), [board, reviewStatuses, threads]);
}
