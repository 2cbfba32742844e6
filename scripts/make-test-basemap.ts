/**
 * A small PMTiles basemap around Gao (Mali) with the layers and properties of Protomaps' basemap
 * schema (earth, water, roads, boundaries, places), so `@protomaps/basemaps`' style draws real
 * layers from it. Hand-drawn approximations, for tests only: a few kilobytes instead of a regional
 * extract's hundreds of megabytes.
 *
 *   npx tsx scripts/make-test-basemap.ts <out.pmtiles>
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Feature, FeatureCollection, Geometry } from "geojson";
import { writePmtiles } from "./pmtiles-writer";

/** The box the tiles cover: west, south, east, north. */
export const TEST_BASEMAP_BOUNDS: [number, number, number, number] = [-6, 11, 6, 21];
export const TEST_BASEMAP_MAX_ZOOM = 8;
/** The layers it has, as Protomaps names them. */
export const TEST_BASEMAP_LAYERS = ["earth", "water", "roads", "boundaries", "places"] as const;

const collection = (...features: Array<[Geometry, Record<string, string | number>]>): FeatureCollection => ({
  type: "FeatureCollection",
  features: features.map(([geometry, properties]): Feature => ({ type: "Feature", geometry, properties })),
});

const [west, south, east, north] = TEST_BASEMAP_BOUNDS;
/** The Niger from Bourem past Gao to Ansongo. */
const NIGER: Array<[number, number]> = [
  [-0.35, 16.95],
  [-0.2, 16.6],
  [-0.05, 16.28],
  [0.2, 15.95],
  [0.5, 15.66],
];

export function testBasemap(): Buffer {
  return writePmtiles({
    minZoom: 0,
    maxZoom: TEST_BASEMAP_MAX_ZOOM,
    bounds: TEST_BASEMAP_BOUNDS,
    metadata: { name: "Gao test basemap", attribution: "Made-up test data in the Protomaps basemap schema" },
    layers: {
      earth: collection([{ type: "Polygon", coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] }, { kind: "earth" }]),
      water: collection(
        // The river's bed as an area (wider than life, to be seen at regional zooms) and its line.
        [{ type: "Polygon", coordinates: [[...NIGER.map(([lng, lat]): [number, number] => [lng - 0.06, lat]), ...[...NIGER].reverse().map(([lng, lat]): [number, number] => [lng + 0.06, lat]), [NIGER[0][0] - 0.06, NIGER[0][1]]]] }, { kind: "water", min_zoom: 0 }],
        [{ type: "LineString", coordinates: NIGER }, { kind: "river", name: "Niger", min_zoom: 0 }],
      ),
      roads: collection(
        [{ type: "LineString", coordinates: [[-0.04, 16.27], [-0.25, 16.62], [-0.35, 16.95]] }, { kind: "major_road", ref: "RN18", min_zoom: 0 }],
        [{ type: "LineString", coordinates: [[-0.04, 16.27], [0.25, 15.95], [0.5, 15.66]] }, { kind: "highway", ref: "RN17", min_zoom: 0 }],
      ),
      boundaries: collection([{ type: "LineString", coordinates: [[0.2, 14.9], [1.3, 15.3], [3.0, 15.35], [4.2, 16.4]] }, { kind: "country", kind_detail: 2, min_zoom: 0 }]),
      places: collection(
        [{ type: "Point", coordinates: [-0.0444, 16.2666] }, { kind: "locality", name: "Gao", "name:en": "Gao", population_rank: 11, min_zoom: 4 }],
        [{ type: "Point", coordinates: [-0.345, 16.955] }, { kind: "locality", name: "Bourem", "name:en": "Bourem", population_rank: 8, min_zoom: 7 }],
        [{ type: "Point", coordinates: [0.502, 15.664] }, { kind: "locality", name: "Ansongo", "name:en": "Ansongo", population_rank: 8, min_zoom: 7 }],
        [{ type: "Point", coordinates: [-2.0, 17.2] }, { kind: "country", name: "Mali", "name:en": "Mali", population_rank: 12, min_zoom: 3 }],
      ),
    },
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out) {
    console.error("Usage: npx tsx scripts/make-test-basemap.ts <out.pmtiles>");
    process.exit(1);
  }
  fs.writeFileSync(out, testBasemap());
  console.log(`Wrote ${out}`);
}
