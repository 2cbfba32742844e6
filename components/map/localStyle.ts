/**
 * The offline basemap: a maplibre style that needs no token and sends no request beyond this
 * origin. Its sources start empty and `loadBasemapData` fills them from static files under
 * `public/map/`:
 *
 * - `countries-50m.json`: world-atlas 2.0.2 (Natural Earth 1:50m admin-0, public domain), copied
 *   unchanged from `node_modules/world-atlas`. TopoJSON is under half the size of the equivalent
 *   GeoJSON, and converting it in the browser also yields each border once.
 * - `mali-regions.geojson`: Natural Earth admin-1 regions of Mali (public domain).
 * - the towns (`TOWNS_SOURCE`): the gazetteer's places, a few hundred at a time (`towns.ts`),
 *   filled by `useLocalBasemap` as the view changes.
 *
 * The style has no `glyphs` URL on purpose: maplibre-gl (≥ 5.11) then draws label text itself
 * from the browser's fonts (TinySDF), reading `text-font` as a CSS font-family fallback list.
 */
import type { FeatureCollection } from "geojson";
import type { StyleSpecification } from "maplibre-gl";
import type { BasemapData } from "./basemapData";

/** Source ids of the basemap, one per field of the data that fills it. */
export const BASEMAP_SOURCE: Record<keyof BasemapData, string> = {
  countries: "countries",
  borders: "country-borders",
  countryLabels: "country-labels",
  regions: "mali-regions",
  regionLabels: "mali-region-labels",
};

/** The gazetteer's places near the view; not part of `BasemapData`, which is loaded once. */
export const TOWNS_SOURCE = "towns";

/** Local fonts for labels, most specific first; maplibre appends `sans-serif` itself. */
export const LABEL_FONT = ["system-ui", "Segoe UI", "Roboto", "Helvetica Neue", "Arial"];

export const NATURAL_EARTH_ATTRIBUTION = "© Natural Earth";

const EMPTY: FeatureCollection = { type: "FeatureCollection", features: [] };
const LAND = "#f6f4ef";

export const LOCAL_STYLE: StyleSpecification = {
  version: 8,
  name: "Situation Board offline",
  sources: Object.fromEntries(
    [...Object.values(BASEMAP_SOURCE), TOWNS_SOURCE].map((id) => [id, { type: "geojson", data: EMPTY }]),
  ),
  layers: [
    { id: "sea", type: "background", paint: { "background-color": "#d9e6f0" } },
    {
      id: "countries-fill",
      type: "fill",
      source: BASEMAP_SOURCE.countries,
      paint: { "fill-color": LAND, "fill-outline-color": "#c3ccd4" },
    },
    {
      id: "mali-regions-fill",
      type: "fill",
      source: BASEMAP_SOURCE.regions,
      paint: { "fill-color": "#efe4c8", "fill-opacity": 0.75 },
    },
    {
      id: "mali-regions-outline",
      type: "line",
      source: BASEMAP_SOURCE.regions,
      paint: { "line-color": "#b59a66", "line-width": 0.8, "line-dasharray": [3, 2] },
    },
    {
      id: "country-borders",
      type: "line",
      source: BASEMAP_SOURCE.borders,
      layout: { "line-join": "round" },
      paint: {
        "line-color": "#8f98a3",
        "line-width": ["interpolate", ["linear"], ["zoom"], 2, 0.6, 6, 1.4],
      },
    },
    {
      id: "town-dots",
      type: "circle",
      source: TOWNS_SOURCE,
      filter: [">=", ["zoom"], ["get", "minzoom"]],
      paint: {
        "circle-radius": ["step", ["get", "population"], 1.8, 100_000, 2.6, 1_000_000, 3.2],
        "circle-color": "#5b6470",
        "circle-stroke-color": LAND,
        "circle-stroke-width": 1,
      },
    },
    {
      id: "town-labels",
      type: "symbol",
      source: TOWNS_SOURCE,
      // A town shown from a lower zoom than the view's selection is dropped as the map zooms out.
      filter: [">=", ["zoom"], ["get", "minzoom"]],
      layout: {
        "text-field": ["get", "name"],
        "text-font": LABEL_FONT,
        "text-size": ["step", ["get", "population"], 11, 100_000, 12, 1_000_000, 13.5],
        "text-variable-anchor": ["left", "right", "top", "bottom"],
        "text-radial-offset": 0.5,
        "text-justify": "auto",
        "text-max-width": 9,
        // The largest claim their room first.
        "symbol-sort-key": ["get", "rank"],
      },
      paint: { "text-color": "#323a45", "text-halo-color": LAND, "text-halo-width": 1.4 },
    },
    {
      id: "country-labels",
      type: "symbol",
      source: BASEMAP_SOURCE.countryLabels,
      minzoom: 2.5,
      // Mali is labelled by its regions instead.
      filter: ["!=", ["get", "name"], "Mali"],
      layout: {
        "text-field": ["get", "name"],
        "text-font": LABEL_FONT,
        "text-size": 12,
        "text-max-width": 8,
      },
      paint: { "text-color": "#7b8591", "text-halo-color": LAND, "text-halo-width": 1.2 },
    },
    {
      id: "mali-region-labels",
      type: "symbol",
      source: BASEMAP_SOURCE.regionLabels,
      layout: {
        "text-field": ["get", "name"],
        "text-font": LABEL_FONT,
        "text-size": ["interpolate", ["linear"], ["zoom"], 4, 10, 8, 14],
        "text-transform": "uppercase",
        "text-letter-spacing": 0.08,
      },
      paint: { "text-color": "#8a6d3b", "text-halo-color": "#f6f1e4", "text-halo-width": 1.2 },
    },
  ],
};
