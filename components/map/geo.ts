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

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** A ring's area on the sphere, in square metres (the spherical-excess sum that turf and d3 use). */
function ringArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lng1, lat1] = ring[i];
    const [lng2, lat2] = ring[i + 1];
    sum += rad(lng2 - lng1) * (2 + Math.sin(rad(lat1)) + Math.sin(rad(lat2)));
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** A line's length along great circles, in metres (haversine). */
function lineLength(line: readonly Position[]): number {
  let metres = 0;
  for (let i = 1; i < line.length; i++) {
    const [lng1, lat1] = line[i - 1];
    const [lng2, lat2] = line[i];
    const h = Math.sin(rad(lat2 - lat1) / 2) ** 2 + Math.cos(rad(lat1)) * Math.cos(rad(lat2)) * Math.sin(rad(lng2 - lng1) / 2) ** 2;
    metres += 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  return metres;
}

/** An area's or route's shape in words: "4 corners · about 12,400 km²", "5 points · about 420 km". */
export function describeShape(geometry: { type: "Polygon"; coordinates: Position[][] } | { type: "LineString"; coordinates: Position[] }): string {
  const round = (n: number) => Number(n.toPrecision(3)).toLocaleString("en");
  if (geometry.type === "Polygon") {
    const ring = geometry.coordinates[0];
    return `${ring.length - 1} corners · about ${round(ringArea(ring) / 1e6)} km²`;
  }
  return `${geometry.coordinates.length} points · about ${round(lineLength(geometry.coordinates) / 1000)} km`;
}

/**
 * Reads a place typed as "latitude, longitude" (a comma, a space or both between them), as a
 * person copies it from a gazetteer or a report; an error says what to type instead.
 */
export function parseLatLng(text: string): { lat: number; lng: number } | { error: string } {
  const parts = text.trim().split(/\s*[,;\s]\s*/).filter((part) => part !== "");
  const numbers = parts.map(Number);
  if (parts.length !== 2 || numbers.some((n) => !Number.isFinite(n))) {
    return { error: "Type the latitude and longitude as two numbers, like 14.5, -3.25." };
  }
  const [lat, lng] = numbers;
  if (lat < -90 || lat > 90) return { error: "The latitude (the first number) must be between -90 and 90." };
  if (lng < -180 || lng > 180) return { error: "The longitude (the second number) must be between -180 and 180." };
  return { lat, lng };
}

/** A shape as the corners panel types it: a polygon's corners (its closing repeat left out) or a line's points. */
type Shape = { type: "Polygon"; coordinates: Position[][] } | { type: "LineString"; coordinates: Position[] };

/** The positions of a shape as text, one "latitude, longitude" per line (what `parseShapeText` reads back). */
export function formatShapeText(geometry: Shape): string {
  const positions = geometry.type === "Polygon" ? geometry.coordinates[0].slice(0, -1) : geometry.coordinates;
  return positions.map(([lng, lat]) => `${lat}, ${lng}`).join("\n");
}

/**
 * Reads a shape typed as one "latitude, longitude" per line (blank lines skipped): at least three
 * corners for an area, whose ring is closed here (a last line repeating the first is taken as that
 * closing), at least two points for a route, and at most `maxPositions`. Errors name the line.
 */
export function parseShapeText(text: string, type: Shape["type"], maxPositions: number): { geometry: Shape } | { errors: string[] } {
  const errors: string[] = [];
  const positions: Position[] = [];
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const place = parseLatLng(line);
    if ("error" in place) errors.push(`Line ${index + 1}: ${place.error}`);
    else positions.push([place.lng, place.lat]);
  });
  if (errors.length > 0) return { errors };
  if (type === "Polygon") {
    const [first] = positions;
    const last = positions[positions.length - 1];
    if (positions.length > 1 && first[0] === last[0] && first[1] === last[1]) positions.pop();
    if (positions.length < 3) return { errors: [`An area needs at least three corners, one per line (${positions.length} typed).`] };
    if (positions.length + 1 > maxPositions) return { errors: [`An area has at most ${maxPositions - 1} corners.`] };
    return { geometry: { type, coordinates: [[...positions, [...positions[0]]]] } };
  }
  if (positions.length < 2) return { errors: [`A route needs at least two points, one per line (${positions.length} typed).`] };
  if (positions.length > maxPositions) return { errors: [`A route has at most ${maxPositions} points.`] };
  return { geometry: { type, coordinates: positions } };
}

/** The map's view as west, south, east, north (as `getBounds()` gives it: east may pass 180). */
export type ViewBounds = readonly [number, number, number, number];

/** Whether a point is in the view, also when the view crosses the antimeridian. */
export function inView(point: { lng: number; lat: number }, [west, south, east, north]: ViewBounds): boolean {
  if (point.lat < south || point.lat > north) return false;
  if (east - west >= 360) return true;
  // The point's longitude taken into [west, west + 360), to compare with an east beyond 180.
  const lng = ((((point.lng - west) % 360) + 360) % 360) + west;
  return lng <= east;
}
