import { describe, expect, it } from "vitest";
import { LIKELIHOODS, type Area, type Card, type Claim } from "@/lib/board/schema";
import { areasInWindow, citedAreas } from "./areaFilters";

const area = (id: string, validFrom?: Area["validFrom"], validTo?: Area["validTo"]): Area => ({
  id,
  title: id,
  kind: "operation",
  note: "",
  geometry: { type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
  ...(validFrom ? { validFrom } : {}),
  ...(validTo ? { validTo } : {}),
  createdBy: "me",
  createdAt: 0,
});

const card = (id: string, areaIds: string[]): Card => ({
  id,
  title: id,
  body: "",
  when: { start: "2018-05-01", precision: "day" },
  pinIds: [],
  areaIds,
  source: { title: "", url: "" },
  grade: { reliability: "F", credibility: 6 },
  tags: [],
  createdBy: "me",
  createdAt: 0,
});

describe("areasInWindow", () => {
  const year2018 = { start: "2018-01-01", precision: "year" } as const;
  const areas = [area("always"), area("in2018", year2018, year2018), area("since2020", { start: "2020-01-01", precision: "year" })];

  it("keeps every area without a window", () => {
    expect(areasInWindow(areas, null)).toBe(areas);
  });

  it("keeps the areas holding during the window, open bounds included", () => {
    expect(areasInWindow(areas, { start: "2021-01-01", end: "2021-12-31" }).map((a) => a.id)).toEqual(["always", "since2020"]);
    expect(areasInWindow(areas, { start: "2018-06-01", end: "2018-06-30" }).map((a) => a.id)).toEqual(["always", "in2018"]);
  });
});

describe("citedAreas", () => {
  const cards = [card("c1", ["a1"]), card("c2", ["a2", "a1"]), card("c3", [])];
  const claims: Claim[] = [
    {
      id: "k1",
      likelihood: LIKELIHOODS[0],
      confidence: "moderate",
      evidence: [
        { kind: "card", id: "c2" },
        { kind: "pin", id: "p1" },
      ],
    },
  ];

  it("gives the areas of a selected card, of a selected claim's cards, and of a scene's cards", () => {
    expect(citedAreas(cards, claims, { kind: "card", id: "c1" })).toEqual(["a1"]);
    expect(citedAreas(cards, claims, { kind: "claim", id: "k1" })).toEqual(["a2", "a1"]);
    expect(citedAreas(cards, claims, null, ["c1", "c3"])).toEqual(["a1"]);
    expect(citedAreas(cards, claims, { kind: "pin", id: "p1" })).toEqual([]);
  });
});
