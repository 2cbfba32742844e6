/**
 * Which pins the map emphasises or dims, derived from the document's cards and the person's UI
 * state (`boardUi.tsx`). Pure, so the timeline's rules for "when" are tested in one place.
 */
import type * as Y from "yjs";
import type { Selection, TimeWindow } from "@/components/board/boardUi";
import { getCard, getClaim } from "@/lib/board/model";
import type { Card, When } from "@/lib/board/schema";

const NO_IDS: string[] = [];

/** Pins a selected card or claim cites: a claim's own pins and those of its cards. */
export function citedPins(doc: Y.Doc, selection: Selection): string[] {
  if (selection?.kind === "card") return getCard(doc, selection.id)?.pinIds ?? NO_IDS;
  if (selection?.kind !== "claim") return NO_IDS;
  const claim = getClaim(doc, selection.id);
  if (!claim) return NO_IDS;
  return claim.evidence.flatMap((ref) => (ref.kind === "pin" ? [ref.id] : (getCard(doc, ref.id)?.pinIds ?? [])));
}

/** The last calendar day a card's date may stand for: "Feb 2019" runs to 28 Feb. */
export function lastDayOf(when: When): string {
  const end = when.end ?? when.start;
  if (when.precision === "year") return `${end.slice(0, 4)}-12-31`;
  if (when.precision === "month") {
    const [year, month] = end.split("-").map(Number);
    const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${end.slice(0, 7)}-${String(days).padStart(2, "0")}`;
  }
  return end;
}

/** True when the card's period and the window share at least one day. */
export function overlaps(when: When, window: TimeWindow): boolean {
  return when.start <= window.end && lastDayOf(when) >= window.start;
}

/**
 * Pins outside a time window: linked only to cards whose dates fall outside it. Pins no card cites
 * stay in view (they are places, not dated events), and so does every pin when there is no window.
 */
export function pinsOutsideWindow(cards: readonly Card[], window: TimeWindow | null): Set<string> {
  const outside = new Set<string>();
  if (!window) return outside;
  const inside = new Set<string>();
  for (const card of cards) {
    const target = overlaps(card.when, window) ? inside : outside;
    for (const pinId of card.pinIds) target.add(pinId);
  }
  for (const pinId of inside) outside.delete(pinId);
  return outside;
}
