/** Which cards the timeline highlights for what a person selected or points at elsewhere. */
import type { Selection } from "@/components/board/boardUi";
import type { Claim } from "@/lib/board/schema";
import type { TimelineEntry } from "./useTimeline";

/**
 * What the pointer rests on wins over the selection. A pin: the cards linked to it. A claim: the
 * cards it cites and the cards of the pins it cites. A hovered card (a mention chip): that card.
 */
export function citedCards(entries: readonly TimelineEntry[], claims: readonly Claim[], hover: Selection, selection: Selection): Set<string> {
  const focus = hover ?? selection;
  if (!focus) return new Set();
  if (focus.kind === "card") return new Set(hover ? [focus.id] : []);
  if (focus.kind === "pin") return new Set(entries.filter((e) => e.card.pinIds.includes(focus.id)).map((e) => e.card.id));
  const claim = claims.find((c) => c.id === focus.id);
  if (!claim) return new Set();
  const cardIds = claim.evidence.filter((ref) => ref.kind === "card").map((ref) => ref.id);
  const pinIds = new Set(claim.evidence.filter((ref) => ref.kind === "pin").map((ref) => ref.id));
  for (const entry of entries) if (entry.card.pinIds.some((id) => pinIds.has(id))) cardIds.push(entry.card.id);
  return new Set(cardIds);
}
