/**
 * The basemaps a person can switch between. The local one needs nothing; the Mapbox ones exist
 * only when a token was configured, so without one nothing ever asks Mapbox for anything.
 */
import type { StyleSpecification } from "maplibre-gl";
import { LOCAL_STYLE } from "./localStyle";
import { MAPBOX_TOKEN } from "./mapKit";

export interface Basemap {
  id: "local" | "mapbox-streets" | "mapbox-satellite";
  label: string;
  renderer: "maplibre" | "mapbox";
  style: StyleSpecification | string;
}

const LOCAL: Basemap = { id: "local", label: "Local (offline)", renderer: "maplibre", style: LOCAL_STYLE };

const MAPBOX: Basemap[] = [
  { id: "mapbox-streets", label: "Mapbox streets", renderer: "mapbox", style: "mapbox://styles/mapbox/streets-v12" },
  { id: "mapbox-satellite", label: "Mapbox satellite", renderer: "mapbox", style: "mapbox://styles/mapbox/satellite-streets-v12" },
];

export const BASEMAPS: readonly Basemap[] = MAPBOX_TOKEN ? [LOCAL, ...MAPBOX] : [LOCAL];
