"use client";
/**
 * The card filter's controls, the same on the timeline and under the map: one choice per field a
 * card can be filtered by (tag, actor, event type), each offering the values the board's cards
 * carry; a field no card has is not offered unless it is in use. Both panes read and
 * write the one filter in `boardUi`, so filtering in one filters the other.
 */
import { useMemo } from "react";
import type { Card } from "@/lib/board/schema";
import { cardFilterFacets, useBoardUi, useBoardUiActions } from "./boardUi";

export function CardFilterControls({ cards, className }: { cards: readonly Card[]; className?: string }) {
  const filter = useBoardUi((s) => s.cardFilter);
  const { setCardFilter } = useBoardUiActions();
  const facets = useMemo(() => cardFilterFacets(cards), [cards]);
  return (
    <span className={className} role="group" aria-label="Card filter">
      {facets.filter((facet) => facet.values.length > 0 || filter?.[facet.key] !== undefined).map((facet) => (
        <label key={facet.key}>
          {facet.label}{" "}
          <select
            aria-label={`Filter by ${facet.label.toLowerCase()}`}
            value={filter?.[facet.key] ?? ""}
            onChange={(e) => {
              const next = { ...filter, [facet.key]: e.target.value || undefined };
              setCardFilter(Object.values(next).some((value) => value !== undefined) ? next : null);
            }}
          >
            <option value="">{facet.any}</option>
            {facet.values.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
      ))}
    </span>
  );
}
