/**
 * The style of a PMTiles basemap cut from Protomaps' OpenStreetMap build: `@protomaps/basemaps`'
 * light flavour over one vector source read through the `pmtiles://` protocol, which fetches byte
 * ranges of the file this app serves. Like the local style it names no `glyphs` (maplibre draws
 * label text from the browser's fonts, reading each `text-font` as a font family and its weight
 * from the name) and no `sprite`, so it sends no request beyond this origin.
 */
import { layers, namedFlavor } from "@protomaps/basemaps";
import type { LayerSpecification, StyleSpecification } from "maplibre-gl";
import { addProtocol } from "maplibre-gl";
import { Protocol } from "pmtiles";

/** The id of the basemap's vector source. */
export const PMTILES_SOURCE = "protomaps";

export const PROTOMAPS_ATTRIBUTION =
  '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> · <a href="https://protomaps.com">Protomaps</a>';

/** Layers that draw nothing but sprite icons (one-way arrows, road shields, points of interest). */
const ICON_LAYERS = new Set(["roads_oneway", "roads_shields", "pois"]);

let registered = false;

/** Lets maplibre read `pmtiles://` URLs; once per page, before the first such style loads. */
export function registerPmtilesProtocol(): void {
  if (registered) return;
  addProtocol("pmtiles", new Protocol().tile);
  registered = true;
}

/** Without a sprite, a layer's icons would each be "missing": dropped, their text kept. */
function withoutIcons(layer: LayerSpecification): LayerSpecification[] {
  if (ICON_LAYERS.has(layer.id)) return [];
  if (layer.type !== "symbol" || !layer.layout || !("icon-image" in layer.layout)) return [layer];
  const layout = Object.fromEntries(Object.entries(layer.layout).filter(([key]) => !key.startsWith("icon-")));
  return [{ ...layer, layout }];
}

/** The style for the PMTiles file at `url` (a path on this site). */
export function protomapsStyle(url: string): StyleSpecification {
  return {
    version: 8,
    name: "Streets (offline)",
    sources: {
      [PMTILES_SOURCE]: { type: "vector", url: `pmtiles://${url}`, attribution: PROTOMAPS_ATTRIBUTION },
    },
    layers: layers(PMTILES_SOURCE, namedFlavor("light"), { lang: "en" }).flatMap(withoutIcons),
  };
}
