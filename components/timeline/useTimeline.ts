import type * as Y from "yjs";
import { useBoardValue } from "@/components/board/useBoardValue";
import { getPin, listCards } from "@/lib/board/model";
import type { Card, Pin } from "@/lib/board/schema";

/** A card as the timeline shows it: with the pins it is linked to that still exist. */
export interface TimelineEntry {
  card: Card;
  pins: Pin[];
}

function readTimeline(doc: Y.Doc): TimelineEntry[] {
  return listCards(doc).map((card) => ({
    card,
    pins: card.pinIds.map((id) => getPin(doc, id)).filter((pin): pin is Pin => pin !== null),
  }));
}

/** What the server renders: no cards, so hydration never depends on what the client has loaded. */
const NO_ENTRIES: TimelineEntry[] = [];
const TIMELINE_PARTS = ["cards", "pins"] as const;

/** The board's cards in chronological order with their pins, live; a renamed pin renames its chips. */
export function useTimeline(doc: Y.Doc): TimelineEntry[] {
  return useBoardValue(doc, TIMELINE_PARTS, readTimeline, NO_ENTRIES);
}
