"use client";
/**
 * What needs attention on a board: open threads (not orphaned), disputed claims, orphaned threads,
 * with a label for each target. Shared by the header's counter and the review panel.
 */
import { useMemo } from "react";
import type * as Y from "yjs";
import { sameMap, useBoardValue } from "@/components/board/useBoardValue";
import { listCards, listHypotheses, listPins, narrativeClaimTexts } from "@/lib/board/model";
import { claimReviewStatuses, listThreads, orphanedThreads } from "@/lib/board/review";
import { parseCellTargetId, type Card, type Hypothesis, type Pin, type ReviewTarget, type Thread } from "@/lib/board/schema";
import { useReview, useReviewValue } from "./ReviewContext";

const CLAIM_PARTS = ["narrative", "claims"] as const;
const PIN_PARTS = ["pins"] as const;
const CARD_PARTS = ["cards", "pins"] as const;
const NO_TEXTS = new Map<string, string>();
const NO_PINS: Pin[] = [];
const NO_CARDS: Card[] = [];
const HYPOTHESIS_PARTS = ["hypotheses"] as const;
const NO_HYPOTHESES: Hypothesis[] = [];

export interface ReviewAttention {
  open: Thread[];
  resolved: Thread[];
  orphaned: Thread[];
  disputedClaims: string[];
  /** What a thread is about, in words. */
  label(target: ReviewTarget): string;
}

export function useReviewAttention(boardDoc: Y.Doc): ReviewAttention {
  const { doc: reviewDoc } = useReview();
  const threads = useReviewValue(listThreads);
  const statuses = useReviewValue(claimReviewStatuses);
  const claimTexts = useBoardValue(boardDoc, CLAIM_PARTS, narrativeClaimTexts, NO_TEXTS, sameMap);
  // The same reads of pins and cards as the panes' (`useBoardValue` shares them).
  const pins = useBoardValue(boardDoc, PIN_PARTS, listPins, NO_PINS);
  const cards = useBoardValue(boardDoc, CARD_PARTS, listCards, NO_CARDS);
  const hypotheses = useBoardValue(boardDoc, HYPOTHESIS_PARTS, listHypotheses, NO_HYPOTHESES);
  /** "pin:<id>", "card:<id>", "hypothesis:<id>" → title, for thread headings. */
  const titles = useMemo(() => {
    const byRef = new Map<string, string>();
    for (const pin of pins) byRef.set(`pin:${pin.id}`, pin.title);
    for (const card of cards) byRef.set(`card:${card.id}`, card.title);
    for (const hypothesis of hypotheses) byRef.set(`hypothesis:${hypothesis.id}`, hypothesis.title);
    return byRef;
  }, [pins, cards, hypotheses]);
  return useMemo(() => {
    // `threads`, `claimTexts` and `titles` change whenever what orphanedThreads reads does.
    const orphanIds = new Set(threads.length && claimTexts && titles ? orphanedThreads(reviewDoc, boardDoc).map((t) => t.id) : []);
    const live = threads.filter((t) => !orphanIds.has(t.id));
    return {
      open: live.filter((t) => t.status === "open"),
      resolved: live.filter((t) => t.status === "resolved"),
      orphaned: threads.filter((t) => orphanIds.has(t.id)),
      disputedClaims: [...claimTexts.keys()].filter((id) => (statuses.get(id)?.verdicts.dispute ?? 0) > 0),
      label: ({ kind, id }) => {
        if (kind === "claim") return claimTexts.has(id) ? `Claim: “${claimTexts.get(id)}”` : "A claim no longer in the text";
        if (kind === "cell") {
          const cell = parseCellTargetId(id);
          const card = cell && titles.get(`card:${cell.cardId}`);
          const hypothesis = cell && titles.get(`hypothesis:${cell.hypothesisId}`);
          return card && hypothesis ? `Cell: ${card} × ${hypothesis}` : "A cell no longer in the matrix";
        }
        return `${{ pin: "Pin", card: "Card", hypothesis: "Hypothesis" }[kind]}: ${titles.get(`${kind}:${id}`) ?? "deleted"}`;
      },
    };
  }, [threads, statuses, claimTexts, titles, reviewDoc, boardDoc]);
}
