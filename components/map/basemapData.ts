import type { FeatureCollection, MultiLineString, Point } from "geojson";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import { labelPoints } from "./labelPoints";

/** Static files of the basemap, served from this origin (see `localStyle.ts` for their origin). */
const COUNTRIES_TOPOJSON_PATH = "/map/countries-50m.json";
const MALI_REGIONS_PATH = "/map/mali-regions.geojson";

/** What fills the basemap's sources, keyed like `BASEMAP_SOURCE`. */
export interface BasemapData {
  countries: FeatureCollection;
  /** The borders between countries, each drawn once; coastlines are the fill's edge. */
  borders: MultiLineString;
  countryLabels: FeatureCollection<Point>;
  regions: FeatureCollection;
  regionLabels: FeatureCollection<Point>;
}

type CountriesTopology = Topology<{ countries: GeometryCollection<{ name: string }> }>;

let pending: Promise<BasemapData> | null = null;

/**
 * Fetches and converts the basemap data once per page: every map on the page, and every remount,
 * shares the result. A failure is not cached, so the next mount tries again.
 */
export function loadBasemapData(): Promise<BasemapData> {
  pending ??= fetchBasemapData().catch((error: unknown) => {
    pending = null;
    throw error;
  });
  return pending;
}

async function fetchBasemapData(): Promise<BasemapData> {
  const [topology, regions] = await Promise.all([
    fetchJson<CountriesTopology>(COUNTRIES_TOPOJSON_PATH, "the country outlines"),
    fetchJson<FeatureCollection>(MALI_REGIONS_PATH, "the regions of Mali"),
  ]);
  const countryObject = topology.objects.countries;
  const countries = feature(topology, countryObject);
  return {
    countries,
    borders: mesh(topology, countryObject, (a, b) => a !== b),
    countryLabels: labelPoints(countries),
    regions,
    regionLabels: labelPoints(regions),
  };
}

async function fetchJson<T>(path: string, what: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`Could not load ${what} (HTTP ${response.status}).`);
  return (await response.json()) as T;
}
