import { describe, expect, it } from "vitest";
import type { Card, Claim } from "@/lib/board/schema";
import { matrixRows, tagsOf } from "./matrixRows";

const card = (id: string, start: string, tags: string[] = []): Card => ({
  id,
  title: `Card ${id}`,
  body: "",
  when: { start, precision: "day" },
  pinIds: [],
  areaIds: [],
  source: { title: "", url: "" },
  grade: { reliability: "F", credibility: 6 },
  tags,
  createdBy: "Ana",
  createdAt: 0,
});

const claim = (...cardIds: string[]): Claim => ({
  id: `claim${cardIds.join("")}`,
  likelihood: "likely",
  confidence: "moderate",
  evidence: cardIds.map((id) => ({ kind: "card", id })),
});

const cards = [card("c3", "2019-05-01", ["JNIM"]), card("c1", "2019-01-10", ["ISGS"]), card("c2", "2019-03-02", ["JNIM", "attack"])];
const claims = [claim("c1", "c3")];

describe("matrixRows", () => {
  it("shows the cited cards by default, all on request, in date order", () => {
    expect(matrixRows(cards, claims, { scope: "cited", timeWindow: null, tags: [] }).map((c) => c.id)).toEqual(["c1", "c3"]);
    expect(matrixRows(cards, claims, { scope: "all", timeWindow: null, tags: [] }).map((c) => c.id)).toEqual(["c1", "c2", "c3"]);
    expect(matrixRows(cards, [], { scope: "cited", timeWindow: null, tags: [] })).toEqual([]);
  });

  it("keeps the cards within the time window and with one of the chosen tags", () => {
    const window = { start: "2019-02-01", end: "2019-12-31" };
    expect(matrixRows(cards, claims, { scope: "all", timeWindow: window, tags: [] }).map((c) => c.id)).toEqual(["c2", "c3"]);
    expect(matrixRows(cards, claims, { scope: "all", timeWindow: null, tags: ["JNIM"] }).map((c) => c.id)).toEqual(["c2", "c3"]);
    expect(matrixRows(cards, claims, { scope: "cited", timeWindow: window, tags: ["ISGS"] })).toEqual([]);
  });

  it("lists the tags once each, alphabetically", () => {
    expect(tagsOf(cards)).toEqual(["attack", "ISGS", "JNIM"]);
  });
});
