/** The expressions that style the map's pins by who selected them (the marks are `windowClusters.ts`). */
import type { ExpressionSpecification } from "maplibre-gl";

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

