/**
 * What the map draws for the pins in the time window, pure so it can be tested: pins at one place
 * become one stack with a count, and past `CLUSTER_FROM` pins the stacks are grouped into counted
 * clusters (supercluster) computed from the in-window pins only, so every count changes with the
 * window and the counts drawn always add up to the pins in it.
 */
import type { Feature, FeatureCollection, Point } from "geojson";
import Supercluster from "supercluster";
import type { Pin } from "@/lib/board/schema";
import { foldName } from "./gazetteer";

/** Pins closer than this (degrees, about 10 m) are at the same place: one stack, one count. */
const SAME_PLACE_DEGREES = 1e-4;

/** Nearby stacks group into one cluster within this many pixels, up to `CLUSTER_MAX_ZOOM`. */
export const CLUSTER_RADIUS_PX = 44;
export const CLUSTER_MAX_ZOOM = 11;

/** Pins drawn at one spot. `pins` is never empty; the first one names the stack. */
export interface PinStack {
  /** Stable for the place: the id of its first pin. */
  key: string;
  lng: number;
  lat: number;
  pins: Pin[];
}

/** A map feature's properties: one pin, a stack of pins at one place, or a cluster of stacks. */
export interface MarkProperties {
  /** The pin's id (for a stack, its first pin's; for a cluster, ""). */
  id: string;
  title: string;
  kind: Pin["kind"];
  precision: Pin["geoPrecision"];
  /** Pins this mark stands for: 1 for a pin, more for a stack or a cluster. */
  count: number;
  /** "pin", "stack" or "cluster". */
  mark: "pin" | "stack" | "cluster";
  /** The ids of a pin or stack as `|a|b|c|`, so a filter can ask whether it holds a pin; "" for a cluster. */
  ids: string;
  /** The stack's key (its first pin id), or the cluster's id as a string. */
  group: string;
  /** 1 when a basemap label already names this place: the title is not printed again. */
  named: 0 | 1;
}
export type MarkCollection = FeatureCollection<Point, MarkProperties>;

/** The place of a pin, worked out once per pin read (a window change re-stacks the same pins). */
const cells = new WeakMap<Pin, string>();
function cellOf(pin: Pin): string {
  let cell = cells.get(pin);
  if (cell === undefined) {
    cell = `${Math.round(pin.lng / SAME_PLACE_DEGREES)},${Math.round(pin.lat / SAME_PLACE_DEGREES)}`;
    cells.set(pin, cell);
  }
  return cell;
}

/** Pins at the same place (within `SAME_PLACE_DEGREES`), in the order of their first pin. */
export function stackPins(pins: readonly Pin[]): PinStack[] {
  const byCell = new Map<string, PinStack>();
  for (const pin of pins) {
    const cell = cellOf(pin);
    const stack = byCell.get(cell);
    if (stack) stack.pins.push(pin);
    else byCell.set(cell, { key: pin.id, lng: pin.lng, lat: pin.lat, pins: [pin] });
  }
  return [...byCell.values()];
}

interface StackPoint {
  key: string;
  count: number;
}
interface ClusterSum {
  count: number;
}

/** The stacks indexed for clustering; null when there are none. */
export type StackIndex = Supercluster<StackPoint, ClusterSum>;

export function clusterIndex(stacks: readonly PinStack[]): StackIndex | null {
  if (stacks.length === 0) return null;
  const index = new Supercluster<StackPoint, ClusterSum>({
    radius: CLUSTER_RADIUS_PX,
    maxZoom: CLUSTER_MAX_ZOOM,
    // maplibre's tiles are 512 pixels wide: the radius is in the map's own pixels.
    extent: 512,
    map: (props) => ({ count: props.count }),
    reduce: (sum, props) => {
      sum.count += props.count;
    },
  });
  index.load(
    stacks.map((stack) => ({
      type: "Feature" as const,
      geometry: { type: "Point" as const, coordinates: [stack.lng, stack.lat] },
      properties: { key: stack.key, count: stack.pins.length },
    })),
  );
  return index;
}

const WORLD: [number, number, number, number] = [-180, -85, 180, 85];

/** "1.2k" for 1,234, as map clusters usually say. */
export function abbreviateCount(count: number): string {
  if (count < 1000) return String(count);
  if (count < 10_000) return `${(Math.floor(count / 100) / 10).toString()}k`;
  return `${Math.round(count / 1000)}k`;
}

/**
 * The marks for one zoom level: clusters from `index` when there is one, otherwise every stack.
 * `named` says whether a basemap label already prints a stack's title at its place.
 */
export function marksAt(stacks: readonly PinStack[], index: StackIndex | null, zoom: number, named: (stack: PinStack) => boolean = () => false): MarkCollection {
  const byKey = index ? new Map(stacks.map((stack) => [stack.key, stack])) : null;
  const features: Array<Feature<Point, MarkProperties>> = [];
  const stackMark = (stack: PinStack): Feature<Point, MarkProperties> => {
    const [first] = stack.pins;
    const count = stack.pins.length;
    return {
      type: "Feature",
      geometry: { type: "Point", coordinates: [stack.lng, stack.lat] },
      properties: {
        id: first.id,
        title: first.title,
        kind: first.kind,
        precision: first.geoPrecision,
        count,
        mark: count > 1 ? "stack" : "pin",
        ids: `|${stack.pins.map((pin) => pin.id).join("|")}|`,
        group: stack.key,
        named: named(stack) ? 1 : 0,
      },
    };
  };
  if (!index || !byKey) {
    for (const stack of stacks) features.push(stackMark(stack));
    return { type: "FeatureCollection", features };
  }
  for (const found of index.getClusters(WORLD, Math.max(0, Math.floor(zoom)))) {
    const props = found.properties as Partial<Supercluster.ClusterProperties> & Partial<StackPoint> & Partial<ClusterSum>;
    if (props.cluster && typeof props.cluster_id === "number") {
      const count = props.count ?? props.point_count ?? 0;
      features.push({
        type: "Feature",
        geometry: { type: "Point", coordinates: found.geometry.coordinates },
        properties: { id: "", title: abbreviateCount(count), kind: "event", precision: "exact", count, mark: "cluster", ids: "", group: String(props.cluster_id), named: 0 },
      });
      continue;
    }
    const stack = props.key ? byKey.get(props.key) : undefined;
    if (stack) features.push(stackMark(stack));
  }
  return { type: "FeatureCollection", features };
}

/** The pins a mark stands for, or null when `index` does not know the cluster. */
export function pinsOfMark(mark: Pick<MarkProperties, "mark" | "group">, stacks: readonly PinStack[], index: StackIndex | null): Pin[] {
  if (mark.mark !== "cluster") return stacks.find((stack) => stack.key === mark.group)?.pins ?? [];
  if (!index) return [];
  const byKey = new Map(stacks.map((stack) => [stack.key, stack]));
  return index.getLeaves(Number(mark.group), Infinity).flatMap((leaf) => byKey.get(leaf.properties.key)?.pins ?? []);
}

/** The total of a collection's counts: the pins it draws. */
export function countOf(marks: MarkCollection): number {
  return marks.features.reduce((sum, feature) => sum + feature.properties.count, 0);
}

/** A name the basemap prints, at its place. */
export interface BasemapLabel {
  name: string;
  lng: number;
  lat: number;
}

/** How close (degrees) a basemap label must be to a pin to be naming the same place. */
const SAME_LABEL_DEGREES = 0.35;

/**
 * Whether a basemap label already prints this stack's title beside it ("Timbuktu" twice): the same
 * name, accents and case aside, within `SAME_LABEL_DEGREES`.
 */
export function basemapNames(labels: readonly BasemapLabel[]): (stack: PinStack) => boolean {
  const byName = new Map<string, BasemapLabel[]>();
  for (const label of labels) {
    const key = foldName(label.name);
    byName.set(key, [...(byName.get(key) ?? []), label]);
  }
  return (stack) =>
    (byName.get(foldName(stack.pins[0].title)) ?? []).some(
      (label) => Math.abs(label.lng - stack.lng) <= SAME_LABEL_DEGREES && Math.abs(label.lat - stack.lat) <= SAME_LABEL_DEGREES,
    );
}
