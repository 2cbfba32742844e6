/**
 * The towns of the offline map, drawn from the gazetteer (`gazetteer.ts`): big cities from the
 * lowest zooms, towns over about 5,000 people from zoom 7, every place from zoom 9. The map never
 * holds all 168,000 places: its source gets the largest cities of the world, always, and the
 * largest places in and around the view, recomputed when the map stops moving, a few hundred at
 * most either way.
 */
import type { Feature, FeatureCollection, Point } from "geojson";
import type { Place } from "./gazetteer";

/** From each zoom on, places of at least this many people are drawn (0: every place). */
export const TOWN_DENSITY: ReadonlyArray<readonly [zoom: number, population: number]> = [
  [0, 3_000_000],
  [3, 1_000_000],
  [4, 300_000],
  [5, 100_000],
  [6, 20_000],
  [7, 5_000],
  [8, 2_000],
  [9, 0],
];

/** The fewest people a place needs to be drawn at `zoom`. */
export function townMinPopulation(zoom: number): number {
  let population = TOWN_DENSITY[0][1];
  for (const [from, min] of TOWN_DENSITY) if (zoom >= from) population = min;
  return population;
}

/** The first zoom at which a place of `population` is drawn. */
export function townMinZoom(population: number): number {
  return TOWN_DENSITY.find(([, min]) => population >= min)?.[0] ?? TOWN_DENSITY[TOWN_DENSITY.length - 1][0];
}

/** How many places the view adds at most, and how many of the world's largest cities are always there. */
export const VIEW_TOWNS = 300;
export const WORLD_CITIES = 150;

/** The view's box is widened by this share of its size on each side, so a short pan finds names already there. */
const MARGIN = 0.25;

export type Bounds = [[west: number, south: number], [east: number, north: number]];

const rankings = new WeakMap<readonly Place[], Place[]>();

/** Places largest first, sorted once per gazetteer: every selection then stops at its first small place. */
export function byPopulation(places: readonly Place[]): Place[] {
  let ranked = rankings.get(places);
  if (!ranked) rankings.set(places, (ranked = [...places].sort((a, b) => b.population - a.population)));
  return ranked;
}

/**
 * The places to draw for a view: the `WORLD_CITIES` largest anywhere, then the largest places
 * in and around `bounds` with enough people for `zoom`, up to `VIEW_TOWNS` of them.
 * `ranked` must be largest first (`byPopulation`).
 */
export function selectTowns(ranked: readonly Place[], bounds: Bounds, zoom: number): Place[] {
  const [[west, south], [east, north]] = bounds;
  const padLng = (east - west) * MARGIN;
  const padLat = (north - south) * MARGIN;
  const [w, e, s, n] = [west - padLng, east + padLng, south - padLat, north + padLat];
  const min = townMinPopulation(zoom);
  const chosen = ranked.slice(0, WORLD_CITIES);
  let inView = 0;
  for (let i = WORLD_CITIES; i < ranked.length && inView < VIEW_TOWNS; i++) {
    const place = ranked[i];
    if (place.population < min) break;
    // Longitudes past ±180 (a view across the antimeridian) are compared on both sides.
    const lngIn = (place.lng >= w && place.lng <= e) || place.lng + 360 <= e || place.lng - 360 >= w;
    if (!lngIn || place.lat < s || place.lat > n) continue;
    chosen.push(place);
    inView++;
  }
  return chosen;
}

export interface TownProperties {
  name: string;
  population: number;
  /** The zoom from which it is drawn: zooming out hides it before the next selection. */
  minzoom: number;
  /** 0 for the largest: the order in which labels claim their room. */
  rank: number;
}

export function townFeatures(towns: readonly Place[]): FeatureCollection<Point, TownProperties> {
  return {
    type: "FeatureCollection",
    features: towns.map(
      (place, rank): Feature<Point, TownProperties> => ({
        type: "Feature",
        geometry: { type: "Point", coordinates: [place.lng, place.lat] },
        properties: { name: place.name, population: place.population, minzoom: townMinZoom(place.population), rank },
      }),
    ),
  };
}
