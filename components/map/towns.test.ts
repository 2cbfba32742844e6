import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseGazetteer, type Place } from "./gazetteer";
import { byPopulation, selectTowns, townFeatures, townMinPopulation, townMinZoom, VIEW_TOWNS, WORLD_CITIES, type Bounds } from "./towns";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const ranked = byPopulation(parseGazetteer(fs.readFileSync(path.resolve(here, "../../public/map/gazetteer.tsv"), "utf8")));
const MALI: Bounds = [[-12, 10], [5, 25]];
/** Northern Mali from Timbuktu to Kidal, as zoom 7 shows it. */
const NORTH_MALI: Bounds = [[-3.5, 15.5], [2, 19]];
/** Around Gao, and around Aguelhok, as a zoom of about 9 shows them. */
const NEAR_GAO: Bounds = [[-0.4, 16.0], [0.3, 16.5]];
const NEAR_AGUELHOK: Bounds = [[0.6, 19.3], [1.1, 19.6]];
const names = (towns: Place[]) => towns.map((town) => town.name);

describe("the towns of the offline map", () => {
  it("draws big cities from low zooms, towns over 5,000 from zoom 7, every place from zoom 9", () => {
    expect(townMinPopulation(2)).toBeGreaterThanOrEqual(1_000_000);
    expect(townMinPopulation(7)).toBe(5_000);
    expect(townMinPopulation(7.9)).toBe(5_000);
    expect(townMinPopulation(9)).toBe(0);
    expect(townMinZoom(1_300_000)).toBeLessThanOrEqual(3);
    expect(townMinZoom(12_000)).toBe(7);
    expect(townMinZoom(0)).toBe(9);
  });

  it("shows Mali's capital at a country's zoom and its towns closer in, largest first", () => {
    const country = selectTowns(ranked, MALI, 5).slice(WORLD_CITIES);
    expect(names(country)).toContain("Bamako");
    expect(names(country)).not.toContain("Kidal");
    expect(country.every((town) => town.population >= 100_000)).toBe(true);

    const region = names(selectTowns(ranked, NORTH_MALI, 7).slice(WORLD_CITIES));
    expect(region).toEqual(expect.arrayContaining(["Gao", "Timbuktu", "Kidal"]));
    expect(region.indexOf("Gao")).toBeLessThan(region.indexOf("Kidal"));
  });

  it("shows every place, even one of unknown size, close in", () => {
    const close = selectTowns(ranked, NEAR_AGUELHOK, 9.5).slice(WORLD_CITIES);
    expect(close).toEqual([expect.objectContaining({ name: "Aguelhok", population: 0 })]);
    expect(selectTowns(ranked, NEAR_AGUELHOK, 8.5).slice(WORLD_CITIES)).toEqual([]);
  });

  it("never holds more than the world's largest cities and a bounded share of the view", () => {
    const world = selectTowns(ranked, [[-180, -85], [180, 85]], 9);
    expect(world.length).toBe(WORLD_CITIES + VIEW_TOWNS);
    expect(names(world.slice(0, WORLD_CITIES))).toContain("Shanghai");
    expect(selectTowns(ranked, NEAR_GAO, 2).length).toBe(WORLD_CITIES);
  });

  it("gives each town the zoom it appears at and its rank", () => {
    const [gao] = selectTowns(ranked, NEAR_GAO, 9.5).filter((town) => town.name === "Gao");
    const { features } = townFeatures([gao]);
    expect(features[0]).toMatchObject({ geometry: { coordinates: [gao.lng, gao.lat] }, properties: { name: "Gao", minzoom: 6, rank: 0 } });
  });
});
