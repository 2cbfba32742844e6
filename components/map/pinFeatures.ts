/** The pins as map data: one GeoJSON FeatureCollection, and the expressions that style it. */
import type { Feature, FeatureCollection, Point } from "geojson";
import type { ExpressionSpecification } from "maplibre-gl";
import type { Pin } from "@/lib/board/schema";

export interface PinProperties {
  id: string;
  title: string;
  kind: Pin["kind"];
  precision: Pin["geoPrecision"];
  /** 1 when a time window leaves this pin out: drawn faded, still clickable. */
  dim: 0 | 1;
}
export type PinCollection = FeatureCollection<Point, PinProperties>;

/**
 * Pins as one FeatureCollection (the map draws them as one source, never a DOM node each); the
 * map uses it for the faint pins outside the time window.
 */
export function pinsToCollection(pins: readonly Pin[], dimmed: ReadonlySet<string>): PinCollection {
  return {
    type: "FeatureCollection",
    features: pins.map(
      (pin): Feature<Point, PinProperties> => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [pin.lng, pin.lat] },
        properties: { id: pin.id, title: pin.title, kind: pin.kind, precision: pin.geoPrecision, dim: dimmed.has(pin.id) ? 1 : 0 },
      }),
    ),
  };
}

/** Whose selection outlines which pin: one ring per person, in their colour. */
export interface PinRing {
  pinId: string;
  color: string;
}

/**
 * A ring colour per pin, the first ring of a pin winning (two people may select the same pin). A
 * mark holds a pin when its `ids` (`|a|b|`) name it, so a pin inside a stack gets its ring too.
 */
export function ringColorByPin(rings: readonly PinRing[]): ExpressionSpecification | string {
  const arms = new Map<string, string>();
  for (const ring of rings) if (!arms.has(ring.pinId)) arms.set(ring.pinId, ring.color);
  if (arms.size === 0) return "#000000";
  const cases = [...arms].flatMap(([pinId, color]) => [["in", `|${pinId}|`, ["get", "ids"]], color]);
  // The spec's tuple type cannot express a case with a variable number of arms.
  return ["case", ...cases, "#000000"] as unknown as ExpressionSpecification;
}

