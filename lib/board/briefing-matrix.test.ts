/** The briefing's hypotheses page, against hand-computed scores. */
import { describe, expect, it } from "vitest";
import type { AchInput } from "./ach";
import { briefingMarkdown, buildBriefing } from "./briefing";
import { briefingMatrix } from "./briefing-matrix";

const grade = (reliability: "A" | "C" | "F", credibility: 1 | 3 | 6) => ({ reliability, credibility });

/** Three cards, two hypotheses, two analysts (u1, u2). */
const input: AchInput = {
  hypotheses: [
    { id: "h1", title: "Shifting south" },
    { id: "h2", title: "Pushed out of the north" },
  ],
  cards: [
    { id: "k1", title: "Convoy", grade: grade("A", 1), relevance: "high" }, // weight 2 × 1 = 2
    { id: "k2", title: "Checkpoint", grade: grade("C", 3) }, // weight 1 × 0.5 = 0.5
    { id: "k3", title: "Unrated", grade: grade("F", 6) },
  ],
  ratings: [
    { cardId: "k1", hypothesisId: "h1", userId: "u1", rating: "C" },
    { cardId: "k1", hypothesisId: "h2", userId: "u1", rating: "II" },
    { cardId: "k1", hypothesisId: "h2", userId: "u2", rating: "II" },
    { cardId: "k2", hypothesisId: "h1", userId: "u1", rating: "I" },
    { cardId: "k2", hypothesisId: "h1", userId: "u2", rating: "CC" },
    { cardId: "k2", hypothesisId: "h2", userId: "u1", rating: "I" },
  ],
};

describe("briefingMatrix", () => {
  it("is absent without hypotheses", () => {
    expect(briefingMatrix(undefined)).toBeNull();
    expect(briefingMatrix({ ...input, hypotheses: [] })).toBeNull();
  });

  it("scores the group's consensus over the rated cards, names the leader and the most diagnostic card", () => {
    const matrix = briefingMatrix(input)!;
    // h1: k1 C (0) + k2 consensus of I and CC (their mean, rounded toward neutral: N, 0) = 0.
    // h2: k1 II (2) × 2 + k2 I (1) × 0.5 = 4.5.
    expect(matrix.hypotheses).toEqual([
      { id: "h1", title: "Shifting south", label: "H1", score: 0, rank: 1, leading: true },
      { id: "h2", title: "Pushed out of the north", label: "H2", score: 4.5, rank: 2, leading: false },
    ]);
    expect(matrix.leading).toEqual(["Shifting south"]);
    expect(matrix.rows.map((row) => row.title)).toEqual(["Convoy", "Checkpoint"]);
    expect(matrix.rows[0]).toMatchObject({ cells: ["C", "II"], disagreements: [false, false], diagnosticity: 4, lowDiagnostic: false });
    // Diagnosticity: max − min inconsistency × weight; k1 (0 and 2) × 2 = 4, k2 (0 and 1) × 0.5 = 0.5.
    expect(matrix.rows[1]).toMatchObject({ cells: ["N", "I"], disagreements: [true, false], diagnosticity: 0.5, lowDiagnostic: false });
    expect(matrix.mostDiagnostic).toEqual(["Convoy", "Checkpoint"]);
    expect(matrix.disagreements).toBe(1);
  });

  it("prints in the Markdown briefing", () => {
    const briefing = buildBriefing({ meta: { title: "T", question: "" }, pins: [], cards: [], claims: [], scenes: [], narrative: { type: "doc", content: [] }, ach: input });
    const markdown = briefingMarkdown(briefing);
    expect(markdown).toContain("## Competing hypotheses\n\n- H1. Shifting south: inconsistency 0, rank 1 (leading)\n- H2. Pushed out of the north: inconsistency 4.5, rank 2\n");
    expect(markdown).toContain("Leading: Shifting south");
    expect(markdown).toContain("Most diagnostic evidence: Convoy; Checkpoint");
    expect(markdown).toContain("| Card | H1 | H2 |\n|---|---|---|\n| Convoy (A1, high) | C | II |\n| Checkpoint (C3, medium) | N* | I |\n");
  });
});
