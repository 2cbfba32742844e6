/** Small geometry the map needs where a library would be heavier than the problem. */
import type { Feature, FeatureCollection, Position } from "geojson";
import type { ExpressionSpecification } from "maplibre-gl";

/** Ray casting over a polygon's rings (holes included): true when the point is inside. */
function inRings(point: Position, rings: Position[][]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > point[1] !== yj > point[1] && point[0] < ((xj - xi) * (point[1] - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}

function contains(area: Feature, point: Position): boolean {
  const { geometry } = area;
  if (geometry?.type === "Polygon") return inRings(point, geometry.coordinates);
  if (geometry?.type === "MultiPolygon") return geometry.coordinates.some((polygon) => inRings(point, polygon));
  return false;
}

/** The `name` of the region that holds the point, or null outside every region. */
export function regionAt(regions: FeatureCollection, point: Position): string | null {
  for (const area of regions.features) {
    const name = area.properties?.name;
    if (typeof name === "string" && contains(area, point)) return name;
  }
  return null;
}

/** Metres per pixel at zoom 0 on the equator for maplibre's 512-pixel tiles. */
const METRES_PER_PIXEL_Z0 = 78_271.517;

/**
 * A circle radius, in pixels, that covers `metres` on the ground at every zoom: doubling per zoom
 * level. Ignores latitude, which the Sahel can afford (cos 15° ≈ 0.97).
 */
export function groundRadius(metres: number): ExpressionSpecification {
  const atZero = metres / METRES_PER_PIXEL_Z0;
  return ["interpolate", ["exponential", 2], ["zoom"], 0, atZero, 22, atZero * 2 ** 22];
}

/** The smallest box holding every point, padded for a single point so it is not a zero-size box. */
export function boundsOf(points: ReadonlyArray<{ lng: number; lat: number }>): [[number, number], [number, number]] | null {
  if (points.length === 0) return null;
  let [west, south, east, north] = [180, 90, -180, -90];
  for (const { lng, lat } of points) {
    west = Math.min(west, lng);
    east = Math.max(east, lng);
    south = Math.min(south, lat);
    north = Math.max(north, lat);
  }
  const pad = points.length === 1 ? 0.5 : 0;
  return [
    [west - pad, south - pad],
    [east + pad, north + pad],
  ];
}
