/**
 * Which areas the map draws and which it emphasises, from the document and the person's UI state.
 * Pure. An area is in the time window by the same `areaInWindow` (lib/board/dates.ts) the scenes
 * and the present mode follow, so every view agrees on what holds when.
 */
import type { Selection, TimeWindow } from "@/components/board/boardUi";
import { areaInWindow } from "@/lib/board/dates";
import type { Area, Card, Claim } from "@/lib/board/schema";

/** The areas that hold during the window; all of them without one. */
export function areasInWindow(areas: readonly Area[], window: TimeWindow | null): readonly Area[] {
  return window ? areas.filter((area) => areaInWindow(area, window)) : areas;
}

/**
 * Areas a selected card links to, or the cards a selected claim cites; with a scene's focus, the
 * areas of its cards as well.
 */
export function citedAreas(cards: readonly Card[], claims: readonly Claim[], selection: Selection, focusCardIds: readonly string[] = []): string[] {
  const byId = new Map(cards.map((card) => [card.id, card]));
  const cardIds = new Set(focusCardIds);
  if (selection?.kind === "card") cardIds.add(selection.id);
  if (selection?.kind === "claim") {
    const claim = claims.find((c) => c.id === selection.id);
    for (const ref of claim?.evidence ?? []) if (ref.kind === "card") cardIds.add(ref.id);
  }
  return [...new Set([...cardIds].flatMap((id) => byId.get(id)?.areaIds ?? []))];
}
