/**
 * How each kind of area or route looks, shared by the map layers, the legend and the list of
 * areas: one colour per kind, polygons filled faintly under a solid outline, front lines dashed so
 * they differ from routes by more than colour.
 */
import type { AreaKind } from "@/lib/board/schema";

/** Hex colours (`#rrggbb`): the drawing tool takes no other form. */
export const AREA_COLOR: Record<AreaKind, `#${string}`> = {
  operation: "#b45309",
  control: "#0e7490",
  route: "#4d7c0f",
  front: "#be123c",
};

/** Dashes of a front line, in line widths (the map's `line-dasharray`). */
export const FRONT_DASH = [2.5, 1.5];

