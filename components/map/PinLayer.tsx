import type { ExpressionSpecification, FilterSpecification } from "maplibre-gl";
import { groundRadius } from "./geo";
import { colorById, type PinCollection, type PinRing } from "./pinFeatures";
import { LABEL_FONT } from "./localStyle";
import { useMapKit } from "./mapKit";
import { PIN_COLOR, SYMBOL_PREFIX } from "./pinSymbols";

/** Layers whose features a click, hover or drag hits. */
export const PIN_HIT_LAYER = "pin-hit";
export const CLUSTER_LAYER = "pin-clusters";

/** Past this many pins the map groups nearby ones into counted clusters. */
export const CLUSTER_FROM = 300;

/** On a board with many pins, titles show from this zoom on (a few towns across). */
const LABELS_FROM_ZOOM_WHEN_MANY = 7;

/** How far a pin of "near" precision may be from its point: a town and its outskirts. */
export const NEAR_RADIUS_METRES = 25_000;

interface PinLayerProps {
  data: PinCollection;
  clustered: boolean;
  /** This person's selection and other people's, each in that person's colour. */
  rings: readonly PinRing[];
  /** Pins of the card or claim selected elsewhere on the board. */
  highlighted: readonly string[];
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
const unclustered: ExpressionSpecification = ["!", ["has", "point_count"]];
const faded = (full: number, dim: number): ExpressionSpecification => ["case", ["==", ["get", "dim"], 1], dim, full];
const idIn = (ids: readonly string[]): FilterSpecification => ["all", unclustered, ["in", ["get", "id"], ["literal", ids]]];

/** The pins: precision halos, rings for selections and highlights, a symbol per kind, titles, clusters. */
export function PinLayer({ data, clustered, rings, highlighted }: PinLayerProps) {
  const { Source, Layer } = useMapKit();
  const many = data.features.length > CLUSTER_FROM;
  const ringColor = colorById(rings);
  return (
    // Clustering is a source option, so switching it rebuilds the source.
    <Source key={clustered ? "clustered" : "flat"} id="pins" type="geojson" data={data} cluster={clustered} clusterRadius={44} clusterMaxZoom={11}>
      <Layer
        id="pin-near-halo"
        type="circle"
        filter={["all", unclustered, ["==", ["get", "precision"], "near"]]}
        paint={{
          "circle-radius": groundRadius(NEAR_RADIUS_METRES),
          "circle-color": kindColor,
          "circle-opacity": faded(0.12, 0.04),
          "circle-stroke-color": kindColor,
          "circle-stroke-width": 1,
          "circle-stroke-opacity": faded(0.5, 0.15),
        }}
      />
      <Layer
        id="pin-highlight"
        type="circle"
        filter={idIn(highlighted)}
        paint={{ "circle-radius": 16, "circle-color": "#facc15", "circle-opacity": 0.55, "circle-blur": 0.3 }}
      />
      <Layer
        id="pin-rings"
        type="circle"
        filter={idIn(rings.map((r) => r.pinId))}
        paint={{ "circle-radius": 13, "circle-color": "rgba(0,0,0,0)", "circle-stroke-color": ringColor, "circle-stroke-width": 3 }}
      />
      <Layer
        id={PIN_HIT_LAYER}
        type="circle"
        filter={unclustered}
        paint={{ "circle-radius": 10, "circle-color": kindColor, "circle-opacity": 0.01 }}
      />
      <Layer
        id="pin-symbols"
        type="symbol"
        filter={unclustered}
        layout={{ "icon-image": ["concat", SYMBOL_PREFIX, ["get", "kind"]], "icon-allow-overlap": true, "icon-ignore-placement": true }}
        paint={{ "icon-opacity": faded(1, 0.3) }}
      />
      <Layer
        id="pin-labels"
        type="symbol"
        filter={unclustered}
        // Placing thousands of labels on every frame is what makes a big board slow to pan.
        minzoom={many ? LABELS_FROM_ZOOM_WHEN_MANY : 0}
        layout={{
          "text-field": ["get", "title"],
          "text-font": LABEL_FONT,
          "text-size": 12,
          "text-max-width": 12,
          "text-variable-anchor": ["left", "right", "top", "bottom"],
          "text-radial-offset": 0.9,
          "text-justify": "auto",
        }}
        paint={{ "text-opacity": faded(1, 0.35), "text-color": "#1f2933", "text-halo-color": "#ffffff", "text-halo-width": 1.5 }}
      />
      <Layer
        id={CLUSTER_LAYER}
        type="circle"
        filter={["has", "point_count"]}
        paint={{
          "circle-color": "#334155",
          "circle-opacity": 0.85,
          "circle-radius": ["step", ["get", "point_count"], 13, 50, 17, 500, 22],
          "circle-stroke-color": "#ffffff",
          "circle-stroke-width": 2,
        }}
      />
      <Layer
        id="pin-cluster-counts"
        type="symbol"
        filter={["has", "point_count"]}
        layout={{ "text-field": ["get", "point_count_abbreviated"], "text-font": LABEL_FONT, "text-size": 12, "text-allow-overlap": true }}
        paint={{ "text-color": "#ffffff" }}
      />
    </Source>
  );
}

