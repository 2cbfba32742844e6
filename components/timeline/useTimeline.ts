import { useMemo } from "react";
import type * as Y from "yjs";
import { useBoardValue } from "@/components/board/useBoardValue";
import { listCards, listPins } from "@/lib/board/model";
import type { Card, Pin } from "@/lib/board/schema";

/** A card as the timeline shows it: with the pins it is linked to that still exist. */
export interface TimelineEntry {
  card: Card;
  pins: Pin[];
}

/** What the server renders: no cards, so hydration never depends on what the client has loaded. */
const NO_CARDS: Card[] = [];
const NO_PINS: Pin[] = [];
const CARD_PARTS = ["cards", "pins"] as const;
const PIN_PARTS = ["pins"] as const;

/**
 * The board's cards in chronological order with their pins, live; a renamed pin renames its chips.
 * Built from the same reads of cards and pins as the map's (`useBoardValue` shares them), so a
 * board of 10,000 events is read once per change, not once per pane.
 */
export function useTimeline(doc: Y.Doc): TimelineEntry[] {
  const cards = useBoardValue(doc, CARD_PARTS, listCards, NO_CARDS);
  const pins = useBoardValue(doc, PIN_PARTS, listPins, NO_PINS);
  return useMemo(() => {
    const byId = new Map(pins.map((pin) => [pin.id, pin]));
    return cards.map((card) => ({ card, pins: card.pinIds.flatMap((id) => byId.get(id) ?? []) }));
  }, [cards, pins]);
}
