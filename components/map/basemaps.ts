/**
 * The basemaps a person can switch between. The local one needs nothing; the Mapbox ones exist
 * only when a token was configured, so without one nothing ever asks Mapbox for anything. An
 * operator's own basemap (a PMTiles file this app serves, or a style of theirs; lib/basemap.ts)
 * is offered too, and shown first.
 */
import type { StyleSpecification } from "maplibre-gl";
import type { BasemapConfig } from "@/lib/basemap";
import { LOCAL_STYLE } from "./localStyle";
import { MAPBOX_TOKEN } from "./mapKit";
import { protomapsStyle, registerPmtilesProtocol } from "./protomapsStyle";

export interface Basemap {
  id: "local" | "pmtiles" | "custom" | "mapbox-streets" | "mapbox-satellite";
  label: string;
  renderer: "maplibre" | "mapbox";
  style: StyleSpecification | string;
}

const LOCAL: Basemap = { id: "local", label: "Local (offline)", renderer: "maplibre", style: LOCAL_STYLE };

const MAPBOX: Basemap[] = [
  { id: "mapbox-streets", label: "Mapbox streets", renderer: "mapbox", style: "mapbox://styles/mapbox/streets-v12" },
  { id: "mapbox-satellite", label: "Mapbox satellite", renderer: "mapbox", style: "mapbox://styles/mapbox/satellite-streets-v12" },
];

/** Without a configured basemap: the local one, and Mapbox's with a token. */
export const NO_OWN_BASEMAP: BasemapConfig = { pmtiles: null, styleUrl: null };

/** The basemaps on offer, the one to show first at the head. */
export function basemapsFor(config: BasemapConfig): Basemap[] {
  const own: Basemap[] = [];
  // An operator's style may read a file through `pmtiles://` too.
  if (config.styleUrl || config.pmtiles) registerPmtilesProtocol();
  if (config.styleUrl) own.push({ id: "custom", label: "Custom map", renderer: "maplibre", style: config.styleUrl });
  if (config.pmtiles) own.push({ id: "pmtiles", label: "Streets (offline)", renderer: "maplibre", style: protomapsStyle(config.pmtiles) });
  return [...own, LOCAL, ...(MAPBOX_TOKEN ? MAPBOX : [])];
}
