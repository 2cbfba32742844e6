import { describe, expect, it } from "vitest";
import type { Card, Pin } from "@/lib/board/schema";
import { pinsOutsideFilters } from "./pinFilters";
import { basemapNames, clusterIndex, countOf, marksAt, pinsOfMark, stackPins } from "./windowClusters";

const pin = (id: string, lng: number, lat: number, title = id): Pin => ({
  id,
  lng,
  lat,
  title,
  kind: "event",
  note: "",
  geoPrecision: "exact",
  createdBy: "me",
  createdAt: 0,
});
const card = (id: string, start: string, pinIds: string[]): Card => ({
  id,
  title: id,
  body: "",
  when: { start, precision: "day" },
  pinIds,
  areaIds: [],
  source: { title: "", url: "" },
  grade: { reliability: "F", credibility: 6 },
  tags: [],
  createdBy: "me",
  createdAt: 0,
});

/** 2,000 events over the Sahel, one pin each, a year apart in turn: 2018 in the north, 2023 in the south. */
function board() {
  const pins: Pin[] = [];
  const cards: Card[] = [];
  for (let i = 0; i < 2000; i++) {
    const year = 2018 + (i % 6);
    const lat = 20 - (year - 2018) * 1.5 + ((i * 7) % 100) / 100;
    const lng = -8 + ((i * 13) % 1000) / 100;
    pins.push(pin(`p${i}`, lng, lat));
    cards.push(card(`c${i}`, `${year}-0${1 + (i % 9)}-1${i % 10}`, [`p${i}`]));
  }
  return { pins, cards };
}

function marksInWindow(pins: Pin[], cards: Card[], window: { start: string; end: string } | null, zoom: number) {
  const outside = pinsOutsideFilters(cards, window);
  const inWindow = pins.filter((p) => !outside.has(p.id));
  const stacks = stackPins(inWindow);
  return { inWindow, marks: marksAt(stacks, clusterIndex(stacks), zoom) };
}

describe("clusters of the pins in the time window", () => {
  const { pins, cards } = board();

  it("count only the pins in the window, at every zoom", () => {
    for (const window of [null, { start: "2018-01-01", end: "2018-03-31" }, { start: "2023-10-01", end: "2023-12-31" }]) {
      for (const zoom of [3, 5, 8, 12, 16]) {
        const { inWindow, marks } = marksInWindow(pins, cards, window, zoom);
        expect(countOf(marks)).toBe(inWindow.length);
      }
    }
  });

  it("change with the window", () => {
    const early = marksInWindow(pins, cards, { start: "2018-01-01", end: "2018-03-31" }, 5);
    const late = marksInWindow(pins, cards, { start: "2023-01-01", end: "2023-03-31" }, 5);
    const all = marksInWindow(pins, cards, null, 5);
    expect(early.inWindow.length).toBeGreaterThan(0);
    expect(countOf(early.marks)).not.toBe(countOf(all.marks));
    const clusterCounts = (m: typeof early) => m.marks.features.filter((f) => f.properties.mark === "cluster").map((f) => f.properties.count);
    expect(clusterCounts(early)).not.toEqual(clusterCounts(late));
    // Early events are in the north, late ones in the south: the clusters move with the window.
    const meanLat = (m: typeof early) => m.marks.features.reduce((s, f) => s + f.geometry.coordinates[1] * f.properties.count, 0) / countOf(m.marks);
    expect(meanLat(early)).toBeGreaterThan(meanLat(late) + 5);
  });

  it("open a cluster to exactly the pins it counts", () => {
    const stacks = stackPins(pins);
    const index = clusterIndex(stacks);
    const cluster = marksAt(stacks, index, 4).features.find((f) => f.properties.mark === "cluster")!;
    expect(pinsOfMark(cluster.properties, stacks, index)).toHaveLength(cluster.properties.count);
  });
});

describe("pins at one place", () => {
  const timbuktu = Array.from({ length: 6 }, (_, i) => pin(`t${i}`, -3.0074, 16.7666, "Timbuktu"));
  const others = [pin("gao", -0.0417, 16.2717, "Gao"), pin("mopti", -4.1967, 14.4843, "Mopti")];

  it("stack with a count at every zoom, clustered or not", () => {
    const stacks = stackPins([...timbuktu, ...others]);
    expect(stacks).toHaveLength(3);
    for (const zoom of [2, 8, 14, 20]) {
      const flat = marksAt(stacks, null, zoom).features.find((f) => f.properties.group === "t0")!;
      expect(flat.properties).toMatchObject({ mark: "stack", count: 6, title: "Timbuktu" });
    }
    const clustered = marksAt(stacks, clusterIndex(stacks), 14).features.find((f) => f.properties.group === "t0")!;
    expect(clustered.properties).toMatchObject({ mark: "stack", count: 6 });
    expect(pinsOfMark(clustered.properties, stacks, null).map((p) => p.id)).toEqual(timbuktu.map((p) => p.id));
  });

  it("are not named again where the basemap prints the same name", () => {
    const named = basemapNames([
      { name: "TIMBUKTU", lng: -3.1, lat: 16.8 },
      { name: "Mopti", lng: -1, lat: 13 },
    ]);
    const marks = marksAt(stackPins([...timbuktu, ...others]), null, 6, named);
    const byTitle = Object.fromEntries(marks.features.map((f) => [f.properties.title, f.properties.named]));
    // Timbuktu's label is beside the stack; Mopti's is far from the Mopti pin.
    expect(byTitle).toEqual({ Timbuktu: 1, Gao: 0, Mopti: 0 });
  });
});
