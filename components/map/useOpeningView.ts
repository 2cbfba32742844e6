"use client";
/**
 * Moves a board's map, once, to where it should open (`chooseOpeningView`) as soon as the stored
 * board has arrived: the map itself starts on the link's view or the world while it loads. A
 * camera request that came first (a followed presenter, a scene) is left where it put the map.
 */
import type { Map as MapInstance } from "maplibre-gl";
import { useEffect, useRef } from "react";
import type * as Y from "yjs";
import { readStartView } from "@/lib/board/model";
import type { Pin } from "@/lib/board/schema";
import type { ViewParam } from "./mapView";
import { chooseOpeningView, PIN_FIT, type OpeningView } from "./openingView";

/** Shows an opening view on the map: fits pins, jumps to a view. */
export function showOpeningView(map: MapInstance, view: OpeningView, duration = 0): void {
  if (view.kind === "pins") map.fitBounds(view.bounds, { ...PIN_FIT, duration });
  else map.easeTo({ center: [view.view.longitude, view.view.latitude], zoom: view.view.zoom, duration });
}

export function useOpeningView(map: MapInstance | null, options: { doc: Y.Doc; loading: boolean; pins: readonly Pin[]; link: ViewParam | null; moved: () => boolean }): void {
  const done = useRef(false);
  const { doc, loading, pins, link, moved } = options;
  useEffect(() => {
    if (done.current || !map || loading) return;
    done.current = true;
    if (link || moved()) return;
    showOpeningView(map, chooseOpeningView({ link, pins, startView: readStartView(doc) }));
  }, [map, loading, doc, pins, link, moved]);
}
