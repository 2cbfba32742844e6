/**
 * Which pins the map emphasises or dims, derived from the document's cards and the person's UI
 * state (`boardUi.tsx`). Pure. Whether a card falls in the time window is decided by the same
 * `overlapsWindow` (lib/board/dates.ts), and whether it passes the card filter by the same
 * `matchesCardFilter`, that the timeline filters with, so the two never disagree.
 */
import type * as Y from "yjs";
import { isCardFilterActive, matchesCardFilter, type CardFilter, type Selection, type TimeWindow } from "@/components/board/boardUi";
import { overlapsWindow } from "@/lib/board/dates";
import { getCard, getClaim } from "@/lib/board/model";
import type { Card } from "@/lib/board/schema";

const NO_IDS: string[] = [];

/** Pins a selected card or claim cites: a claim's own pins and those of its cards. */
export function citedPins(doc: Y.Doc, selection: Selection): string[] {
  if (selection?.kind === "card") return getCard(doc, selection.id)?.pinIds ?? NO_IDS;
  if (selection?.kind !== "claim") return NO_IDS;
  const claim = getClaim(doc, selection.id);
  if (!claim) return NO_IDS;
  return claim.evidence.flatMap((ref) => (ref.kind === "pin" ? [ref.id] : (getCard(doc, ref.id)?.pinIds ?? [])));
}

/**
 * Pins the time window and the card filter leave out: linked only to cards outside the window or
 * not passing the filter. Pins no card cites stay in view (they are places, not dated events), and
 * so does every pin when there is neither window nor filter.
 */
export function pinsOutsideFilters(cards: readonly Card[], window: TimeWindow | null, filter: CardFilter | null = null): Set<string> {
  const outside = new Set<string>();
  if (!window && !isCardFilterActive(filter)) return outside;
  const inside = new Set<string>();
  for (const card of cards) {
    const target = (!window || overlapsWindow(card.when, window)) && matchesCardFilter(card, filter) ? inside : outside;
    for (const pinId of card.pinIds) target.add(pinId);
  }
  for (const pinId of inside) outside.delete(pinId);
  return outside;
}
