import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describePlace, foldName, parseGazetteer, searchPlaces } from "./gazetteer";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const sample = parseGazetteer(
  ["Kidal Airport\tML\tKidal\t1.4\t18.4", "Kidal\tML\tKidal\t1.409\t18.443", "Ségou\tML\tSégou\t-6.26\t13.43", "Bakidala\tXX\t\t0\t0", ""].join("\n"),
);

describe("gazetteer", () => {
  it("folds accents and case", () => {
    expect(foldName("  Ségou ")).toBe("segou");
  });

  it("ranks the exact name, then prefixes, then other matches", () => {
    expect(searchPlaces(sample, "kidal").map((p) => p.name)).toEqual(["Kidal", "Kidal Airport", "Bakidala"]);
    expect(searchPlaces(sample, "segou")[0]).toMatchObject({ name: "Ségou", lng: -6.26, lat: 13.43 });
    expect(searchPlaces(sample, "k")).toEqual([]);
  });

  it("describes a place with its region and country", () => {
    expect(describePlace(sample[1])).toBe("Kidal, Kidal, Mali");
  });

  it("ships a gazetteer that finds Kidal and Aguelhok", () => {
    const places = parseGazetteer(fs.readFileSync(path.resolve(here, "../../public/map/gazetteer.tsv"), "utf8"));
    expect(places.length).toBeGreaterThan(100_000);
    expect(searchPlaces(places, "Kidal")[0]).toMatchObject({ name: "Kidal", country: "ML" });
    expect(searchPlaces(places, "Aguelhok")[0]).toMatchObject({ name: "Aguelhok", country: "ML" });
  });
});
