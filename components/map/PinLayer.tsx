import type { ExpressionSpecification, FilterSpecification } from "maplibre-gl";
import { useMemo } from "react";
import type { ChangeMarks } from "@/components/board/boardUi";
import type { Pin } from "@/lib/board/schema";
import { groundRadius } from "./geo";
import { ringColorByPin, type PinRing } from "./pinFeatures";
import { LABEL_FONT } from "./localStyle";
import { useMapKit } from "./mapKit";
import { PIN_COLOR, SYMBOL_PREFIX } from "./pinSymbols";
import type { MarkCollection } from "./windowClusters";

/** Layers whose features a click, hover or drag hits. */
export const PIN_HIT_LAYER = "pin-hit";
export const CLUSTER_LAYER = "pin-clusters";
export const GHOST_LAYER = "pin-ghosts";

/** Past this many pins the map groups nearby ones into counted clusters. */
export const CLUSTER_FROM = 300;

/** On a board with many pins, titles show from this zoom on (a few towns across). */
const LABELS_FROM_ZOOM_WHEN_MANY = 7;

/** How far a pin of "near" precision may be from its point: a town and its outskirts. */
export const NEAR_RADIUS_METRES = 25_000;

interface PinLayerProps {
  /** The pins in the time window: single pins, stacks of pins at one place, clusters. */
  marks: MarkCollection;
  /** Pins outside the time window (one mark per place), drawn faint; empty when they are hidden or there is no window. */
  ghosts: MarkCollection;
  /** Whether the board has many pins: titles then wait for a closer zoom. */
  many: boolean;
  /** This person's selection and other people's, each in that person's colour. */
  rings: readonly PinRing[];
  /** Pins of the card or claim selected elsewhere on the board. */
  highlighted: readonly string[];
  /** What changed since a version: new pins ringed, moved pins with a ghost at their old place. */
  changes?: ChangeMarks | null;
  /** Every pin, for drawing a moved pin's path from its old place. */
  pins?: readonly Pin[];
}

const NO_FEATURES: GeoJSON.FeatureCollection = { type: "FeatureCollection", features: [] };

/** A moved pin's old place (a point) and the way to where it is now (a line). */
function movedFeatures(changes: ChangeMarks | null | undefined, pins: readonly Pin[] = []): GeoJSON.FeatureCollection {
  if (!changes || changes.movedPins.length === 0) return NO_FEATURES;
  const byId = new Map(pins.map((pin) => [pin.id, pin]));
  const features: GeoJSON.Feature[] = [];
  for (const { id, from } of changes.movedPins) {
    features.push({ type: "Feature", properties: { id }, geometry: { type: "Point", coordinates: [from.lng, from.lat] } });
    const pin = byId.get(id);
    if (pin) features.push({ type: "Feature", properties: { id }, geometry: { type: "LineString", coordinates: [[from.lng, from.lat], [pin.lng, pin.lat]] } });
  }
  return { type: "FeatureCollection", features };
}

const kindColor: ExpressionSpecification = [
  "match",
  ["get", "kind"],
  "event",
  PIN_COLOR.event,
  "place",
  PIN_COLOR.place,
  "actor",
  PIN_COLOR.actor,
  "#6b7280",
];
const notCluster: ExpressionSpecification = ["!=", ["get", "mark"], "cluster"];
const isCluster: ExpressionSpecification = ["==", ["get", "mark"], "cluster"];
/** Marks holding one of `ids` (a pin, or a stack with it among its pins). */
const holdsAny = (ids: readonly string[]): FilterSpecification =>
  ids.length === 0 ? ["==", ["get", "mark"], "none"] : ["any", ...ids.map((id): ExpressionSpecification => ["in", `|${id}|`, ["get", "ids"]])];

/**
 * The pins: faint pins outside the time window, precision halos, rings for selections and
 * highlights, a symbol per kind with a count for pins at one place, titles, clusters. Clusters and
 * stacks are computed beforehand (`windowClusters.ts`) from the pins in the window, so the source
 * is a plain one and every count follows the window.
 */
export function PinLayer({ marks, ghosts, many, rings, highlighted, changes, pins }: PinLayerProps) {
  const { Source, Layer } = useMapKit();
  const ringColor = ringColorByPin(rings);
  const moved = useMemo(() => movedFeatures(changes, pins), [changes, pins]);
  const changed = useMemo(() => [...(changes?.newPins ?? []), ...(changes?.movedPins.map((m) => m.id) ?? [])], [changes]);
  return (
    <>
      <Source id="pin-moved-from" type="geojson" data={moved}>
        <Layer id="pin-moved-path" type="line" filter={["==", ["geometry-type"], "LineString"]} paint={{ "line-color": "#0f766e", "line-width": 1.5, "line-dasharray": [2, 2] }} />
        <Layer
          id="pin-moved-ghost"
          type="circle"
          filter={["==", ["geometry-type"], "Point"]}
          paint={{ "circle-radius": 7, "circle-color": "rgba(15,118,110,0.15)", "circle-stroke-color": "#0f766e", "circle-stroke-width": 1.5 }}
        />
      </Source>
      {/* Always mounted, so the faint pins stay under the others whenever a window comes. */}
      <Source id="pin-ghosts" type="geojson" data={ghosts}>
        <Layer
          id={GHOST_LAYER}
          type="circle"
          paint={{
            "circle-radius": ["interpolate", ["linear"], ["zoom"], 3, 2, 10, 4.5],
            "circle-color": kindColor,
            "circle-opacity": 0.28,
          }}
        />
      </Source>
      <Source id="pins" type="geojson" data={marks}>
        <Layer
          id="pin-near-halo"
          type="circle"
          filter={["all", notCluster, ["==", ["get", "precision"], "near"]]}
          paint={{
            "circle-radius": groundRadius(NEAR_RADIUS_METRES),
            "circle-color": kindColor,
            "circle-opacity": 0.12,
            "circle-stroke-color": kindColor,
            "circle-stroke-width": 1,
            "circle-stroke-opacity": 0.5,
          }}
        />
        <Layer
          id="pin-highlight"
          type="circle"
          filter={holdsAny(highlighted)}
          paint={{ "circle-radius": 16, "circle-color": "#facc15", "circle-opacity": 0.55, "circle-blur": 0.3 }}
        />
        <Layer
          id="pin-rings"
          type="circle"
          filter={holdsAny(rings.map((r) => r.pinId))}
          paint={{ "circle-radius": 13, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": ringColor, "circle-stroke-width": 3 }}
        />
        <Layer
          id="pin-changed"
          type="circle"
          filter={holdsAny(changed)}
          paint={{ "circle-radius": 15, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": "#0f766e", "circle-stroke-width": 3 }}
        />
        <Layer id={PIN_HIT_LAYER} type="circle" filter={notCluster} paint={{ "circle-radius": 10, "circle-color": kindColor, "circle-opacity": 0.01 }} />
        <Layer
          id="pin-symbols"
          type="symbol"
          filter={notCluster}
          layout={{ "icon-image": ["concat", SYMBOL_PREFIX, ["get", "kind"]], "icon-allow-overlap": true, "icon-ignore-placement": true }}
        />
        <Layer
          id="pin-labels"
          type="symbol"
          // A place the basemap already names is not named twice.
          filter={["all", notCluster, ["==", ["get", "named"], 0]]}
          // Placing thousands of labels on every frame is what makes a big board slow to pan.
          minzoom={many ? LABELS_FROM_ZOOM_WHEN_MANY : 0}
          layout={{
            "text-field": ["get", "title"],
            "text-font": LABEL_FONT,
            "text-size": 12,
            "text-max-width": 12,
            "text-variable-anchor": ["left", "right", "top", "bottom"],
            "text-radial-offset": 1.1,
            "text-justify": "auto",
          }}
          paint={{ "text-color": "#1f2933", "text-halo-color": "#ffffff", "text-halo-width": 1.5 }}
        />
        <Layer
          id="pin-stack-badges"
          type="circle"
          filter={["==", ["get", "mark"], "stack"]}
          paint={{
            "circle-radius": 8,
            "circle-color": "#1f2933",
            "circle-translate": [9, -9],
            "circle-stroke-color": "#ffffff",
            "circle-stroke-width": 1.5,
          }}
        />
        <Layer
          id="pin-stack-counts"
          type="symbol"
          filter={["==", ["get", "mark"], "stack"]}
          layout={{
            "text-field": ["to-string", ["get", "count"]],
            "text-font": LABEL_FONT,
            "text-size": 10,
            "text-allow-overlap": true,
            "text-ignore-placement": true,
          }}
          paint={{ "text-color": "#ffffff", "text-translate": [9, -9] }}
        />
        <Layer
          id={CLUSTER_LAYER}
          type="circle"
          filter={isCluster}
          paint={{
            "circle-color": "#334155",
            "circle-opacity": 0.85,
            "circle-radius": ["step", ["get", "count"], 13, 50, 17, 500, 22],
            "circle-stroke-color": "#ffffff",
            "circle-stroke-width": 2,
          }}
        />
        <Layer
          id="pin-cluster-counts"
          type="symbol"
          filter={isCluster}
          layout={{ "text-field": ["get", "title"], "text-font": LABEL_FONT, "text-size": 12, "text-allow-overlap": true }}
          paint={{ "text-color": "#ffffff" }}
        />
      </Source>
    </>
  );
}
