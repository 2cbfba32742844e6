/**
 * Where a board's map opens: a link's view wins; else the board's pins, all in sight; else the
 * start view an owner or editor set for the board; else the whole world. One pure choice, made
 * once the board has loaded, so a new board opens where its evidence is rather than on a fixed
 * country.
 */
import type { StartView } from "@/lib/board/schema";
import { boundsOf } from "./geo";
import type { ViewParam } from "./mapView";

export type OpeningView =
  | { kind: "link"; view: ViewParam }
  | { kind: "pins"; bounds: [[number, number], [number, number]] }
  | { kind: "start"; view: ViewParam }
  | { kind: "world"; view: ViewParam };

/** The whole inhabited world in a pane of ordinary size. */
export const WORLD_VIEW: ViewParam = { longitude: 10, latitude: 20, zoom: 1.3 };
/** Pins are fitted with this margin (pixels), and never closer than this zoom: a single pin opens on its town, not its street. */
export const PIN_FIT = { padding: 48, maxZoom: 9 } as const;

export function chooseOpeningView(options: {
  link: ViewParam | null;
  pins: ReadonlyArray<{ lng: number; lat: number }>;
  startView: StartView | null;
}): OpeningView {
  if (options.link) return { kind: "link", view: options.link };
  const bounds = boundsOf(options.pins);
  if (bounds) return { kind: "pins", bounds };
  const start = options.startView;
  if (start) return { kind: "start", view: { longitude: start.lng, latitude: start.lat, zoom: start.zoom } };
  return { kind: "world", view: WORLD_VIEW };
}
