/**
 * The evidence exports give back what was imported: the made-up ACLED sample, imported and
 * exported again, equals the sample in every ACLED column of every row; a card's date is never
 * claimed more precise than it is (the time_precision table); GeoJSON keeps every property.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { parseEventDate } from "@/lib/board/dates";
import { addArea, addCard, addPin, initBoard, linkCardToArea, listAreas, listCards, listPins, type ImportItem } from "@/lib/board/model";
import type { Area, When } from "@/lib/board/schema";
import { ACLED_COLUMNS, acledTimePrecision } from "@/lib/import/acled";
import { readAcledCsv } from "@/lib/import/csv";
import { readGeoJson } from "@/lib/import/geojson";
import { applyImport, type ImportReport } from "@/lib/import/report";
import { exportCsv, exportGeoJson } from "./evidence";

const here = path.dirname(fileURLToPath(import.meta.url));
const SAMPLE = fs.readFileSync(path.join(here, "../../public/samples/made-up-acled-sample.csv"), "utf8");

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: "Test", question: "" });
  return doc;
}

function imported(report: ImportReport<ImportItem>): Y.Doc {
  expect(report.fatal).toBeUndefined();
  expect(report.rejected).toEqual([]);
  const doc = board();
  expect(applyImport(doc, report, "all", "Analyst")).toEqual({ written: report.accepted.length });
  return doc;
}

const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: "greedy" });

describe("the made-up ACLED sample, imported and exported as CSV", () => {
  it("equals the sample in every ACLED column of every row", async () => {
    const doc = imported(await readAcledCsv(SAMPLE));
    const original = parse(SAMPLE);
    const exported = parse(exportCsv(doc));
    expect(exported.errors).toEqual([]);
    expect(exported.meta.fields?.slice(0, ACLED_COLUMNS.length)).toEqual([...ACLED_COLUMNS]);
    expect(exported.data).toHaveLength(original.data.length);
    const byId = new Map(exported.data.map((row) => [row.event_id_cnty, row]));
    const differences: string[] = [];
    for (const row of original.data) {
      const back = byId.get(row.event_id_cnty);
      if (!back) {
        differences.push(`${row.event_id_cnty}: missing`);
        continue;
      }
      for (const column of ACLED_COLUMNS) {
        // The sample writes its dates three ways (2018-11-02, 17 January 2018, 2-Jul-18); the
        // export writes each as YYYY-MM-DD: the same day is the same cell.
        const expected = column === "event_date" ? parseEventDate(row[column]) : row[column];
        if (back[column] !== expected) differences.push(`${row.event_id_cnty} ${column}: ${JSON.stringify(back[column])} instead of ${JSON.stringify(expected)}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it("keeps each row's fields on its card, fatalities as a number and not in the notes", async () => {
    const doc = imported(await readAcledCsv(SAMPLE));
    const card = listCards(doc).find((c) => c.event?.sourceId === "MLI9002")!;
    expect(card.body).not.toContain("Fatalities");
    expect(card.event).toEqual({
      sourceId: "MLI9002",
      sourceDate: "2018-07-02",
      disorderType: "Political violence",
      eventType: "Battles",
      subEventType: "Armed clash",
      actor1: { name: "JNIM: Group for Support of Islam and Muslims" },
      actor2: { name: "Military Forces" },
      inter1: "2",
      inter2: "1",
      fatalities: 2,
      iso: "466",
      region: "Western Africa",
      country: "Mali",
      admin1: "Tombouctou",
      admin2: "Tombouctou",
      sourceScale: "National",
      timestamp: "1700000000",
    });
    expect(card.when).toEqual({ start: "2018-07-01", precision: "month" });
  });

  it("writes back associated actors, an empty fatality count as unknown and columns ACLED does not have", async () => {
    const csv = [
      [...ACLED_COLUMNS, "reporter"].join(","),
      ACLED_COLUMNS.map((column) =>
        ({ event_id_cnty: "MLI1", event_date: "2020-03-14", time_precision: "1", actor1: "JNIM", assoc_actor_1: "Katiba Macina; Ansar Dine", latitude: "14.5", longitude: "-4.2", location: "Mopti" })[column as string] ?? "",
      ).join(",") + ",Desk 4",
    ].join("\n");
    const doc = imported(await readAcledCsv(csv));
    expect(listCards(doc)[0].event).toMatchObject({ actor1: { name: "JNIM", associated: ["Katiba Macina", "Ansar Dine"] }, extra: { reporter: "Desk 4" } });
    expect(listCards(doc)[0].event).not.toHaveProperty("fatalities");
    const [row] = parse(exportCsv(doc)).data;
    expect(row).toMatchObject({ event_id_cnty: "MLI1", assoc_actor_1: "Katiba Macina; Ansar Dine", fatalities: "", reporter: "Desk 4" });
  });

  it("refuses a row whose fatalities are not a count, or whose associated actors act with nobody", async () => {
    const header = ACLED_COLUMNS.join(",");
    const row = (fields: Record<string, string>) => ACLED_COLUMNS.map((column) => ({ event_date: "2020-03-14", latitude: "14.5", longitude: "-4.2", ...fields })[column as string] ?? "").join(",");
    const report = await readAcledCsv([header, row({ fatalities: "-2" }), row({ fatalities: "about 10" }), row({ assoc_actor_2: "Dozo" })].join("\n"));
    expect(report.accepted).toEqual([]);
    expect(report.rejected).toEqual([
      { row: 2, reason: 'fatalities must be a whole number of 0 or more, not "-2"' },
      { row: 3, reason: 'fatalities must be a whole number of 0 or more, not "about 10"' },
      { row: 4, reason: "assoc_actor_2 is set but actor2 is empty" },
    ]);
  });
});

describe("ACLED's time_precision of a card's date", () => {
  const table: Array<[string, When, string]> = [
    ["one day", { start: "2019-02-24", precision: "day" }, "1"],
    ["a week-wide approximate range", { start: "2019-02-21", end: "2019-02-27", precision: "approx" }, "2"],
    ["three days across a month's end", { start: "2019-02-27", end: "2019-03-01", precision: "day" }, "2"],
    ["a month", { start: "2019-02-01", precision: "month" }, "3"],
    ["eight days inside one month", { start: "2019-02-21", end: "2019-02-28", precision: "approx" }, "3"],
    ["late February (a range inside the month)", { start: "2019-02-01", end: "2019-02-28", precision: "approx" }, "3"],
    ["two weeks across a month's end", { start: "2019-01-25", end: "2019-02-07", precision: "approx" }, ""],
    ["two months", { start: "2019-01-01", end: "2019-02-01", precision: "month" }, ""],
    ["a year", { start: "2018-01-01", precision: "year" }, ""],
    ["fourteen months", { start: "2018-01-01", end: "2019-02-28", precision: "approx" }, ""],
    ["about one day, how far off unknown", { start: "2019-02-24", precision: "approx" }, ""],
  ];

  it.each(table)("is honest for %s", (_name, when, expected) => {
    expect(acledTimePrecision(when)).toBe(expected);
  });

  it("leaves a date vaguer than a month unclaimed and keeps its range in the board's columns, which import it back", async () => {
    const doc = board();
    for (const [name, when] of table) addCard(doc, { title: name, when }, "Analyst");
    const rows = parse(exportCsv(doc)).data;
    const year = rows.find((row) => row.title === "a year")!;
    expect(year).toMatchObject({ event_date: "2018-01-01", time_precision: "", when_start: "2018-01-01", when_end: "", when_precision: "year" });
    const fourteen = rows.find((row) => row.title === "fourteen months")!;
    expect(fourteen).toMatchObject({ time_precision: "", when_start: "2018-01-01", when_end: "2019-02-28", when_precision: "approx" });
    // Cards of the board itself have no source id: the row carries the board's id.
    expect(new Set(rows.map((row) => row.event_id_cnty))).toEqual(new Set(listCards(doc).map((card) => card.id)));
  });
});

describe("GeoJSON import and export", () => {
  const feature = (properties: unknown, coordinates: unknown = [-4.2, 14.5]) => ({ type: "Feature", geometry: { type: "Point", coordinates }, properties });
  const others = {
    reporter: "Desk 4",
    confidence_score: 0.75,
    verified: false,
    reviewed_by: null,
    sources: ["Sample Wire", "Made-up Radio"],
    analysis: { method: "triangulation", steps: 3 },
  };
  const acled = { event_id_cnty: "MLI77", event_date: "2020-03-14", time_precision: "2", event_type: "Battles", actor1: "JNIM", fatalities: 3, country: "Mali", location: "Mopti", tags: ["JNIM", "Mopti"] };

  it("keeps every property of a feature through an import and an export", () => {
    const doc = imported(readGeoJson(JSON.stringify({ type: "FeatureCollection", features: [feature({ ...acled, ...others })] })));
    const exported = JSON.parse(exportGeoJson(doc)) as { features: Array<{ geometry: { coordinates: number[] }; properties: Record<string, unknown> }> };
    expect(exported.features).toHaveLength(1);
    const [back] = exported.features;
    expect(back.geometry.coordinates).toEqual([-4.2, 14.5]);
    // Properties the board has no column for come back with their JSON values…
    for (const [name, value] of Object.entries(others)) expect(back.properties[name], name).toEqual(value);
    // …and ACLED's as the CSV writes them.
    expect(back.properties).toMatchObject({ event_id_cnty: "MLI77", event_date: "2020-03-14", time_precision: "2", event_type: "Battles", actor1: "JNIM", fatalities: "3", country: "Mali", location: "Mopti", tags: "JNIM;Mopti" });

    // The exported file imports back to the same card.
    const again = imported(readGeoJson(exportGeoJson(doc)));
    const [first, second] = [listCards(doc)[0], listCards(again)[0]];
    expect({ ...second, id: first.id, pinIds: first.pinIds, createdAt: first.createdAt, createdBy: first.createdBy }).toEqual(first);
  });

  it("refuses each bad feature with its number and why, and takes the good ones", () => {
    const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, i]));
    const report = readGeoJson(
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          feature(acled),
          feature(["not", "an", "object"]),
          feature({ ...acled, ...tooMany }),
          feature({ ...acled, fatalities: -1 }),
          feature({ ...acled, reporter: "x".repeat(2_001) }),
          feature(acled, [-4.2, "north"]),
          feature({ ...acled, admin2: "x".repeat(201) }),
          feature({ ...acled, actor1: "JNIM", assoc_actor_1: "x".repeat(301) }),
        ],
      }),
    );
    expect(report.accepted.map((entry) => entry.row)).toEqual([1]);
    expect(report.rejected).toEqual([
      { row: 2, reason: "the feature's properties are not an object" },
      { row: 3, reason: "event.extra: at most 50 other properties" },
      { row: 4, reason: 'fatalities must be a whole number of 0 or more, not "-1"' },
      { row: 5, reason: "reporter: a property of at most 2,000 characters" },
      { row: 6, reason: "latitude is not a number" },
      { row: 7, reason: "admin2: at most 200 characters" },
      { row: 8, reason: "assoc_actor_1: at most 300 characters" },
    ]);
  });
});

describe("the board's own cards and pins", () => {
  it("export a pin with no card as a point of its own", () => {
    const doc = board();
    addPin(doc, { title: "Mopti", lat: 14.5, lng: -4.2 }, "Analyst");
    const exported = JSON.parse(exportGeoJson(doc)) as { features: Array<{ properties: Record<string, unknown> }> };
    expect(exported.features.map((f) => f.properties.title)).toEqual(["Mopti"]);
  });
});

describe("areas and routes in GeoJSON", () => {
  function boardWithAreas(): Y.Doc {
    const doc = board();
    const gao = addPin(doc, { title: "Gao", lat: 16.27, lng: -0.04 }, "Analyst");
    const kidal = addPin(doc, { title: "Kidal", lat: 18.44, lng: 1.41 }, "Analyst");
    const convoy = addCard(doc, { title: "Convoy ambushed", when: { start: "2019-02-24", precision: "day" }, pinIds: [gao, kidal] }, "Analyst");
    const imported = addCard(doc, { title: "Raid", when: { start: "2018-05-01", precision: "month" }, pinIds: [gao], event: { sourceId: "MLI1234" } }, "Analyst");
    addCard(doc, { title: "Unlinked", when: { start: "2018-06-01", precision: "day" }, pinIds: [kidal] }, "Analyst");
    const route = addArea(
      doc,
      {
        title: "N16 Gao–Kidal",
        kind: "route",
        note: "Mined in places",
        geometry: { type: "LineString", coordinates: [[-0.04, 16.27], [0.9, 17.4], [1.41, 18.44]] },
        validFrom: { start: "2018-01-01", precision: "year" },
        validTo: { start: "2019-03-01", end: "2019-03-15", precision: "approx" },
      },
      "Analyst",
    );
    const held = addArea(doc, { title: "Held", kind: "control", geometry: { type: "Polygon", coordinates: [[[1, 18], [2, 18], [2, 19], [1, 18]]] } }, "Analyst");
    linkCardToArea(doc, convoy, route);
    linkCardToArea(doc, imported, route);
    linkCardToArea(doc, imported, held);
    return doc;
  }

  const areaView = (area: Area) => ({ title: area.title, kind: area.kind, note: area.note, geometry: area.geometry, validFrom: area.validFrom, validTo: area.validTo });

  it("exports each area as its line or polygon with its fields and the event ids of its cards", () => {
    const doc = boardWithAreas();
    const exported = JSON.parse(exportGeoJson(doc)) as { features: Array<{ geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }> };
    const route = exported.features.find((f) => f.geometry.type === "LineString")!;
    const convoy = listCards(doc).find((card) => card.title === "Convoy ambushed")!;
    expect(route.properties).toEqual({
      area_id: listAreas(doc)[0].id,
      title: "N16 Gao–Kidal",
      kind: "route",
      note: "Mined in places",
      validFrom: { start: "2018-01-01", precision: "year" },
      validTo: { start: "2019-03-01", end: "2019-03-15", precision: "approx" },
      event_ids: ["MLI1234", convoy.id],
    });
    expect(exported.features.filter((f) => f.geometry.type === "Polygon").map((f) => f.properties.title)).toEqual(["Held"]);
  });

  it("imports back to the same areas, linked to the same cards; a card at two pins stays one card", () => {
    const original = boardWithAreas();
    const copy = imported(readGeoJson(exportGeoJson(original)));
    const byTitle = <T extends { title: string }>(items: T[]) => [...items].sort((a, b) => a.title.localeCompare(b.title));
    expect(byTitle(listAreas(copy)).map(areaView)).toEqual(byTitle(listAreas(original)).map(areaView));
    const areaTitle = (id: string) => listAreas(copy).find((area) => area.id === id)?.title;
    const pinTitle = (id: string) => listPins(copy).find((pin) => pin.id === id)?.title;
    expect(byTitle(listCards(copy)).map((card) => [card.title, card.pinIds.map(pinTitle).sort(), card.areaIds.map(areaTitle).sort()])).toEqual([
      ["Convoy ambushed", ["Gao", "Kidal"], ["N16 Gao–Kidal"]],
      ["Raid", ["Gao"], ["Held", "N16 Gao–Kidal"]],
      ["Unlinked", ["Kidal"], []],
    ]);
  });
});
