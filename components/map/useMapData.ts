"use client";
/** What the map draws, derived from the document and the person's UI state (`boardUi.tsx`). */
import { useMemo } from "react";
import type * as Y from "yjs";
import { useBoardUi } from "@/components/board/boardUi";
import { useBoardValue } from "@/components/board/useBoardValue";
import { listCards } from "@/lib/board/model";
import type { Card } from "@/lib/board/schema";
import { pinsToCollection } from "./pinFeatures";
import { citedPins, pinsOutsideWindow } from "./pinFilters";
import { usePins } from "./usePins";

const CARD_PARTS = ["cards", "pins"] as const;
const NO_CARDS: Card[] = [];

export function useMapData(doc: Y.Doc) {
  const pins = usePins(doc);
  const cards = useBoardValue(doc, CARD_PARTS, listCards, NO_CARDS);
  const selection = useBoardUi((ui) => ui.selection);
  const timeWindow = useBoardUi((ui) => ui.timeWindow);
  const focus = useBoardUi((ui) => ui.focus);

  const dimmed = useMemo(() => pinsOutsideWindow(cards, timeWindow), [cards, timeWindow]);
  const data = useMemo(() => pinsToCollection(pins, dimmed), [pins, dimmed]);
  // `cards` changes whenever a card's links do, so the highlight follows them. A scene's focus
  // highlights its pins and the pins of its cards.
  const highlighted = useMemo(() => {
    const cited = citedPins(doc, cards && selection);
    if (!focus) return cited;
    const ofCards = focus.cardIds.flatMap((id) => cards.find((card) => card.id === id)?.pinIds ?? []);
    return [...new Set([...cited, ...focus.pinIds, ...ofCards])];
  }, [doc, cards, selection, focus]);
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
