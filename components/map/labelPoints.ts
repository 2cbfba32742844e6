import type { Feature, FeatureCollection, Point, Polygon, Position } from "geojson";

/**
 * One label point per area feature. maplibre would place polygon labels itself, but it does so
 * per tile, so an area spanning several tiles is labelled several times; a point source is not.
 * Features without a polygon or without the `name` property are skipped.
 */
export function labelPoints(areas: FeatureCollection): FeatureCollection<Point, { name: string }> {
  const features: Array<Feature<Point, { name: string }>> = [];
  for (const area of areas.features) {
    const name = area.properties?.name;
    const polygon = largestPolygon(area);
    if (typeof name !== "string" || !polygon) continue;
    const point = widestInteriorPoint(polygon);
    if (point) features.push({ type: "Feature", geometry: { type: "Point", coordinates: point }, properties: { name } });
  }
  return { type: "FeatureCollection", features };
}

function largestPolygon(area: Feature): Polygon["coordinates"] | null {
  const { geometry } = area;
  if (geometry?.type === "Polygon") return geometry.coordinates;
  if (geometry?.type !== "MultiPolygon") return null;
  let best: Polygon["coordinates"] | null = null;
  let bestArea = -1;
  for (const polygon of geometry.coordinates) {
    const size = Math.abs(ringArea(polygon[0] ?? []));
    if (size > bestArea) [best, bestArea] = [polygon, size];
  }
  return best;
}

function ringArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  }
  return sum / 2;
}

const SCANLINES = 9;

/**
 * The middle of the widest horizontal stretch inside the polygon (holes excluded), looked for on a
 * few latitudes around its middle: always inside, even for a concave or holed shape, and where a
 * horizontal label has the most room.
 */
function widestInteriorPoint(polygon: Polygon["coordinates"]): Position | null {
  const outer = polygon[0];
  if (!outer || outer.length < 4) return null;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [, y] of outer) [minY, maxY] = [Math.min(minY, y), Math.max(maxY, y)];

  let best: Position | null = null;
  let bestWidth = -1;
  for (let i = 0; i < SCANLINES; i++) {
    // From the middle outwards, between 20 % and 80 % of the height; ties keep the central one.
    const offset = Math.ceil(i / 2) * (i % 2 === 0 ? 1 : -1);
    const y = minY + (maxY - minY) * (0.5 + (0.3 * offset) / Math.floor(SCANLINES / 2));
    const crossings = polygon.flatMap((ring) => crossingsAt(ring, y)).sort((a, b) => a - b);
    for (let k = 0; k + 1 < crossings.length; k += 2) {
      const width = crossings[k + 1] - crossings[k];
      if (width > bestWidth) [best, bestWidth] = [[(crossings[k] + crossings[k + 1]) / 2, y], width];
    }
  }
  return best;
}

/** Longitudes where the ring's edges cross latitude `y` (half-open, so a vertex counts once). */
function crossingsAt(ring: Position[], y: number): number[] {
  const xs: number[] = [];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [x1, y1] = ring[j];
    const [x2, y2] = ring[i];
    if (y1 > y !== y2 > y) xs.push(x1 + ((y - y1) / (y2 - y1)) * (x2 - x1));
  }
  return xs;
}
