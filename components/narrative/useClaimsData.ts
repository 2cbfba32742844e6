"use client";
/** The board's claims as the narrative's panels show them: with their text, evidence titles and review status. */
import { useMemo } from "react";
import type * as Y from "yjs";
import { sameMap, useBoardValue } from "@/components/board/useBoardValue";
import { useReviewValue } from "@/components/review/ReviewContext";
import { listCards, listClaims, listPins, narrativeClaimTexts } from "@/lib/board/model";
import { claimReviewStatuses } from "@/lib/board/review";
import type { Card, Claim, EvidenceRef, Pin } from "@/lib/board/schema";

const TEXT_PARTS = ["narrative"] as const;
const CLAIM_PARTS = ["claims", "pins", "cards"] as const;
const PIN_PARTS = ["pins"] as const;
const CARD_PARTS = ["cards", "pins"] as const;
const NO_TEXTS = new Map<string, string>();
const NO_CLAIMS: Claim[] = [];
const NO_PINS: Pin[] = [];
const NO_CARDS: Card[] = [];

export function useClaimsData(doc: Y.Doc) {
  // A keystroke outside every claim leaves `texts` as it was, so nothing below is recomputed.
  const texts = useBoardValue(doc, TEXT_PARTS, narrativeClaimTexts, NO_TEXTS, sameMap);
  const claims = useBoardValue(doc, CLAIM_PARTS, listClaims, NO_CLAIMS);
  const pins = useBoardValue(doc, PIN_PARTS, listPins, NO_PINS);
  const cards = useBoardValue(doc, CARD_PARTS, listCards, NO_CARDS);
  const statuses = useReviewValue(claimReviewStatuses);
  // The titles of thousands of pins and cards are gathered when those change, never per keystroke.
  const titles = useMemo(() => {
    const byRef = new Map<string, string>();
    for (const pin of pins) byRef.set(`pin:${pin.id}`, pin.title);
    for (const card of cards) byRef.set(`card:${card.id}`, card.title);
    return byRef;
  }, [pins, cards]);
  return useMemo(() => {
    const byId = new Map(claims.map((claim) => [claim.id, claim]));
    return {
      texts,
      byId,
      pins,
      cards,
      statuses,
      /** Claims in the order they appear in the text. */
      inText: [...texts.keys()].flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])),
      /** Claims whose text was deleted (an undo may bring it back). */
      notInText: claims.filter((claim) => !texts.has(claim.id)),
      titleOf: (ref: EvidenceRef) => titles.get(`${ref.kind}:${ref.id}`) ?? "(deleted)",
    };
  }, [texts, claims, pins, cards, titles, statuses]);
}

export type ClaimsData = ReturnType<typeof useClaimsData>;
