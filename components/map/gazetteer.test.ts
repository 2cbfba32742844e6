import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { describePlace, foldName, parseGazetteer, searchPlaces, type NearArea } from "./gazetteer";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const sample = parseGazetteer(
  [
    "Kidal Airport\tML\tKidal\t1.4\t18.4\t\t",
    "Kidal\tML\tKidal\t1.409\t18.443\t12000\tKintal",
    "Ségou\tML\tSégou\t-6.26\t13.43\t130000\tSegu",
    "Bakidala\tXX\t\t0\t0",
    "Akintala\tXX\t\t0\t0\t\t",
    "",
  ].join("\n"),
);

const names = (matches: ReturnType<typeof searchPlaces>) => matches.map((m) => `${m.place.name}, ${m.place.country}`);

describe("gazetteer", () => {
  it("folds accents and case", () => {
    expect(foldName("  Ségou ")).toBe("segou");
  });

  it("reads population and alternate names, and old lines without them", () => {
    expect(sample[1]).toMatchObject({ name: "Kidal", population: 12000, alternates: "Kintal" });
    expect(sample[3]).toMatchObject({ name: "Bakidala", population: 0, alternates: "" });
  });

  it("ranks the exact name, then prefixes, then other matches", () => {
    expect(names(searchPlaces(sample, "kidal"))).toEqual(["Kidal, ML", "Kidal Airport, ML", "Bakidala, XX"]);
    expect(searchPlaces(sample, "segou")[0].place).toMatchObject({ name: "Ségou", lng: -6.26, lat: 13.43 });
    expect(searchPlaces(sample, "k")).toEqual([]);
  });

  it("finds a place by an alternate name, just below the same match on a place's own name", () => {
    expect(searchPlaces(sample, "kintal")[0]).toEqual({ place: sample[1], alias: "Kintal" });
    // "Akintala" contains the query in its own name; Kidal is found by its alternate name's prefix.
    expect(searchPlaces(sample, "kinta").map((m) => [m.place.name, m.alias])).toEqual([
      ["Kidal", "Kintal"],
      ["Akintala", null],
    ]);
    expect(searchPlaces(sample, "SEGU")[0]).toMatchObject({ place: { name: "Ségou" }, alias: "Segu" });
  });

  it("puts places near the board first, then the more populous", () => {
    const places = parseGazetteer(["Hombori\tML\tMopti\t-1.7\t15.28\t2000\t", "Hombori\tXX\t\t100\t10\t90000\t"].join("\n"));
    expect(searchPlaces(places, "hombori")[0].place.country).toBe("XX");
    expect(searchPlaces(places, "hombori", { near: [[[-4, 14], [0, 17]]] })[0].place.country).toBe("ML");
  });

  it("describes a place with its region and country", () => {
    expect(describePlace(sample[1])).toBe("Kidal, Kidal, Mali");
  });

  describe("the shipped gazetteer", () => {
    const places = parseGazetteer(fs.readFileSync(path.resolve(here, "../../public/map/gazetteer.tsv"), "utf8"));
    /** Pins at Bamako and Kidal, and the map on Mali and its neighbours. */
    const nearMali: NearArea[] = [
      [[-8, 12.6], [1.4, 18.4]],
      [[-12, 10], [5, 25]],
    ];
    const first = (query: string, near: NearArea[] = []) => {
      const [match] = searchPlaces(places, query, { near });
      return { name: match.place.name, region: match.place.region, country: match.place.country, alias: match.alias };
    };

    it("holds every populated place, with population and alternate names", () => {
      expect(places.length).toBeGreaterThan(100_000);
      expect(first("Kidal")).toMatchObject({ name: "Kidal", country: "ML" });
      expect(first("Aguelhok")).toMatchObject({ name: "Aguelhok", country: "ML" });
    });

    it("offers Gao in Mali before Gao in Burkina Faso, near Mali or with nothing to go by", () => {
      expect(first("Gao", nearMali)).toEqual({ name: "Gao", region: "Gao", country: "ML", alias: null });
      expect(first("Gao")).toEqual({ name: "Gao", region: "Gao", country: "ML", alias: null });
      expect(names(searchPlaces(places, "gao"))).toContain("Gao, BF");
    });

    it("finds Timbuktu by the name the map prints and by its English name, accents folded", () => {
      expect(first("Tombouctou", nearMali)).toEqual({ name: "Timbuktu", region: "Tombouctou", country: "ML", alias: "Tombouctou" });
      expect(first("Tombouctou")).toMatchObject({ name: "Timbuktu", country: "ML" });
      expect(first("Timbuktu")).toMatchObject({ name: "Timbuktu", country: "ML", alias: null });
      expect(first("SÉGOU", nearMali)).toMatchObject({ name: "Ségou", country: "ML" });
      expect(first("Tombouctóu")).toMatchObject({ name: "Timbuktu", country: "ML" });
    });
  });
});
