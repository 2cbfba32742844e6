"use client";
/** What the map draws, derived from the document and the person's UI state (`boardUi.tsx`). */
import { useMemo } from "react";
import type * as Y from "yjs";
import { useBoardUi } from "@/components/board/boardUi";
import { useBoardValue } from "@/components/board/useBoardValue";
import { listCards, listClaims } from "@/lib/board/model";
import type { Card, Claim } from "@/lib/board/schema";
import { pinsToCollection } from "./pinFeatures";
import { citedPins, pinsOutsideWindow } from "./pinFilters";
import { usePins } from "./usePins";

const CARD_PARTS = ["cards", "pins"] as const;
const CLAIM_PARTS = ["claims"] as const;
const NO_CARDS: Card[] = [];
const NO_CLAIMS: Claim[] = [];

export function useMapData(doc: Y.Doc) {
  const pins = usePins(doc);
  const cards = useBoardValue(doc, CARD_PARTS, listCards, NO_CARDS);
  const selection = useBoardUi((ui) => ui.selection);
  const hover = useBoardUi((ui) => ui.hover);
  const timeWindow = useBoardUi((ui) => ui.timeWindow);
  const focus = useBoardUi((ui) => ui.focus);

  const dimmed = useMemo(() => pinsOutsideWindow(cards, timeWindow), [cards, timeWindow]);
  const data = useMemo(() => pinsToCollection(pins, dimmed), [pins, dimmed]);
  // `cards` changes whenever a card's links do, so the highlight follows them. What the pointer
  // rests on elsewhere (a claim, a mention chip) wins over the selection while it rests there;
  // a scene's focus adds its pins and the pins of its cards.
  const claims = useBoardValue(doc, CLAIM_PARTS, listClaims, NO_CLAIMS);
  const highlighted = useMemo(() => {
    const cited = hover?.kind === "pin" ? [hover.id] : citedPins(doc, cards && claims && (hover ?? selection));
    if (!focus) return cited;
    const ofCards = focus.cardIds.flatMap((id) => cards.find((card) => card.id === id)?.pinIds ?? []);
    return [...new Set([...cited, ...focus.pinIds, ...ofCards])];
  }, [doc, cards, claims, hover, selection, focus]);
  const selectedPinId = selection?.kind === "pin" ? selection.id : null;

  return {
    pins,
    data,
    highlighted,
    selectedPinId,
    selectedPin: pins.find((pin) => pin.id === selectedPinId) ?? null,
    dimming: timeWindow !== null,
    dimmedCount: dimmed.size,
  };
}
