import type { ExpressionSpecification, FilterSpecification } from "maplibre-gl";
import { useMemo } from "react";
import { AREA_KINDS, type Area } from "@/lib/board/schema";
import { AREA_COLOR, FRONT_DASH } from "./areaStyle";
import { LABEL_FONT } from "./localStyle";
import { useMapKit } from "./mapKit";

/** The layer a click on an area's outline or a route hits: wide and invisible, so it is easy to hit. */
export const AREA_HIT_LAYER = "area-hit";

/** Past this many areas their titles wait for a closer zoom: placing them all on every frame slows panning. */
const LABEL_ALL_UP_TO = 50;
const LABELS_FROM_ZOOM_WHEN_MANY = 6;

interface AreaLayerProps {
  /** The areas in the time window, the one being reshaped left out (the drawing tool shows it). */
  areas: readonly Area[];
  /** Areas of the card or claim selected elsewhere, or of a scene's focus. */
  highlighted: readonly string[];
  selectedId: string | null;
}

const kindColor = ["match", ["get", "kind"], ...AREA_KINDS.flatMap((kind) => [kind, AREA_COLOR[kind]]), "#6b7280"] as unknown as ExpressionSpecification;
const isPolygon: FilterSpecification = ["==", ["geometry-type"], "Polygon"];
const isLine: FilterSpecification = ["==", ["geometry-type"], "LineString"];
const idIn = (ids: readonly string[]): FilterSpecification => ["in", ["get", "id"], ["literal", [...ids]]];

/**
 * The board's areas and routes as one GeoJSON source: polygons filled faintly under their
 * outline, lines solid (routes) or dashed (front lines), each named by its title, a glow under
 * those a selected card links to. Plain Source/Layer, so both renderers draw it.
 */
export function AreaLayer({ areas, highlighted, selectedId }: AreaLayerProps) {
  const { Source, Layer } = useMapKit();
  const labelsFrom = areas.length > LABEL_ALL_UP_TO ? LABELS_FROM_ZOOM_WHEN_MANY : 0;
  const data = useMemo(
    (): GeoJSON.FeatureCollection => ({
      type: "FeatureCollection",
      features: areas.map((area) => ({ type: "Feature", properties: { id: area.id, title: area.title, kind: area.kind }, geometry: area.geometry })),
    }),
    [areas],
  );
  return (
    <Source id="areas" type="geojson" data={data}>
      <Layer id="area-fill" type="fill" filter={isPolygon} paint={{ "fill-color": kindColor, "fill-opacity": 0.12 }} />
      <Layer
        id="area-highlight"
        type="line"
        filter={idIn(highlighted)}
        paint={{ "line-color": "#facc15", "line-width": 9, "line-opacity": 0.6, "line-blur": 1 }}
      />
      <Layer id="area-selected" type="line" filter={idIn(selectedId ? [selectedId] : [])} paint={{ "line-color": "#1f2933", "line-width": 6, "line-opacity": 0.35 }} />
      <Layer
        id="area-outline"
        type="line"
        filter={["!=", ["get", "kind"], "front"]}
        layout={{ "line-join": "round", "line-cap": "round" }}
        paint={{ "line-color": kindColor, "line-width": ["case", isLine, 3, 2] as unknown as ExpressionSpecification }}
      />
      <Layer
        id="area-front"
        type="line"
        filter={["==", ["get", "kind"], "front"]}
        layout={{ "line-join": "round" }}
        paint={{ "line-color": kindColor, "line-width": 3, "line-dasharray": FRONT_DASH }}
      />
      <Layer id={AREA_HIT_LAYER} type="line" paint={{ "line-color": "#000000", "line-width": 12, "line-opacity": 0.01 }} />
      <Layer
        id="area-labels"
        type="symbol"
        filter={isPolygon}
        minzoom={labelsFrom}
        layout={{ "text-field": ["get", "title"], "text-font": LABEL_FONT, "text-size": 12, "text-max-width": 10 }}
        paint={{ "text-color": kindColor, "text-halo-color": "#ffffff", "text-halo-width": 1.5 }}
      />
      <Layer
        id="area-line-labels"
        type="symbol"
        filter={isLine}
        minzoom={labelsFrom}
        layout={{ "symbol-placement": "line", "text-field": ["get", "title"], "text-font": LABEL_FONT, "text-size": 12, "text-offset": [0, -0.9] }}
        paint={{ "text-color": kindColor, "text-halo-color": "#ffffff", "text-halo-width": 1.5 }}
      />
    </Source>
  );
}
