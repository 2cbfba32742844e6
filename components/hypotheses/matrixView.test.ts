import { describe, expect, it } from "vitest";
import type { RatingEntry } from "@/lib/board/ach";
import type { Card } from "@/lib/board/schema";
import { formatScore, matrixView } from "./matrixView";

const card = (id: string, reliability: Card["grade"]["reliability"], credibility: Card["grade"]["credibility"]): Card => ({
  id,
  title: `Card ${id}`,
  body: "",
  when: { start: "2019-03-02", precision: "day" },
  pinIds: [],
  areaIds: [],
  source: { title: "", url: "" },
  grade: { reliability, credibility },
  tags: [],
  createdBy: "Ana",
  createdAt: 0,
});

const hypotheses = [
  { id: "h1", title: "South" },
  { id: "h2", title: "North" },
];
const cards = [card("k1", "F", 6), card("k2", "A", 1)];
const ratings: RatingEntry[] = [
  { cardId: "k1", hypothesisId: "h1", userId: "ana", rating: "C" },
  { cardId: "k1", hypothesisId: "h1", userId: "ben", rating: "II" },
  { cardId: "k2", hypothesisId: "h1", userId: "ana", rating: "I" },
  { cardId: "k2", hypothesisId: "h2", userId: "ben", rating: "I" },
];
const names = new Map([
  ["ana", "Ana"],
  ["ben", "Ben"],
]);
const nameOf = (id: string) => names.get(id)!;

describe("matrixView", () => {
  it("shows this person's ratings and scores in My matrix", () => {
    const view = matrixView({ hypotheses, cards, ratings, userId: "ana", mode: "mine", nameOf });
    // South: k1 C (0) + k2 I (1) × A1 weight 1 = 1; North: nothing Ana rated, so no standing.
    expect(view.columns).toEqual([
      { id: "h1", title: "South", score: "1", rank: 1, rated: true, leading: true },
      { id: "h2", title: "North", score: "0", rank: 2, rated: false, leading: false },
    ]);
    expect(view.cell("k1", "h1")).toEqual({ rating: "C", spread: null });
    expect(view.cell("k2", "h2")).toEqual({ rating: null, spread: null });
    expect(view.rows[0].meta).toBe("2 Mar 2019 · F6 · weight 0.5");
  });

  it("shows the consensus in the group view and who said what where people disagree", () => {
    const view = matrixView({ hypotheses, cards, ratings, userId: "ana", mode: "group", nameOf });
    expect(view.cell("k1", "h1")).toEqual({ rating: "N", spread: "Ana: C, Ben: II" });
    expect(view.cell("k2", "h1")).toEqual({ rating: "I", spread: null });
    expect(view.ratingsOf("k1", "h1")).toEqual([
      { userId: "ana", rating: "C" },
      { userId: "ben", rating: "II" },
    ]);
    // Both hypotheses score 1 (k2 I × 1): they share rank 1 and both lead.
    expect(view.columns.map((c) => [c.score, c.rank, c.leading])).toEqual([
      ["1", 1, true],
      ["1", 1, true],
    ]);
  });

  it("prints scores with at most three decimals", () => {
    expect(formatScore(0.1 + 0.2)).toBe("0.3");
    expect(formatScore(2)).toBe("2");
    expect(formatScore(0.625)).toBe("0.625");
  });
});
