/**
 * The scoring of the hypotheses matrix against cases computed by hand from the formula at the top
 * of ach.ts: weights, weighted inconsistency, ranking, diagnosticity, the group's consensus and
 * where people disagree; and the reader over a real board document.
 */
import { describe, expect, it } from "vitest";
import {
  admiraltyWeight,
  analyse,
  byDiagnosticity,
  cardWeight,
  cellKey,
  consensusOf,
  groupCells,
  groupMatrix,
  personalMatrix,
  readAch,
  rowDiagnosticity,
  scoreHypotheses,
  type AchCard,
  type AchHypothesis,
  type RatingEntry,
} from "./ach";
import * as Y from "yjs";
import { addCard, addHypothesis, deleteCard, deleteHypothesis, initBoard, setRating, setRelevance, updateCard } from "./model";
import { AUTHOR, cardInput, freezeClock, newBoard } from "./model/test-support";
import type { Rating } from "./schema";
import { DEMO_ANALYST_ID, DEMO_BOARD, seedDemoBoard } from "./seed";

freezeClock();

const H: AchHypothesis[] = [
  { id: "south", title: "Shifting south" },
  { id: "north", title: "Only pushed out of the north" },
  { id: "others", title: "Others claim its name" },
];

/** Three cards: A1 high (weight 2 × 1 = 2), C3 medium (1 × 0.5), E5 low (0.5 × 0). */
const CARDS: AchCard[] = [
  { id: "strong", title: "Strong", grade: { reliability: "A", credibility: 1 }, relevance: "high" },
  { id: "fair", title: "Fair", grade: { reliability: "C", credibility: 3 }, relevance: "medium" },
  { id: "junk", title: "Junk", grade: { reliability: "E", credibility: 5 }, relevance: "low" },
];

/** A matrix from rows of ratings in the order of H ("" for unrated). */
function matrixOf(rows: Record<string, Array<Rating | "">>): Map<string, Rating> {
  const matrix = new Map<string, Rating>();
  for (const [cardId, row] of Object.entries(rows)) {
    row.forEach((rating, i) => {
      if (rating) matrix.set(cellKey(cardId, H[i].id), rating);
    });
  }
  return matrix;
}

const rate = (userId: string, cardId: string, hypothesisId: string, rating: Rating): RatingEntry => ({ userId, cardId, hypothesisId, rating });

describe("weights", () => {
  it("weighs a grade by the mean of its MISP admiralty-scale values over 100", () => {
    expect(admiraltyWeight({ reliability: "A", credibility: 1 })).toBe(1); // (100 + 100) / 200
    expect(admiraltyWeight({ reliability: "B", credibility: 2 })).toBe(0.75); // (75 + 75) / 200
    expect(admiraltyWeight({ reliability: "C", credibility: 2 })).toBe(0.625); // (50 + 75) / 200
    expect(admiraltyWeight({ reliability: "C", credibility: 3 })).toBe(0.5);
    expect(admiraltyWeight({ reliability: "D", credibility: 4 })).toBe(0.25); // (25 + 25) / 200
    expect(admiraltyWeight({ reliability: "E", credibility: 5 })).toBe(0);
    expect(admiraltyWeight({ reliability: "F", credibility: 6 })).toBe(0.5); // cannot be judged: 50 each
    expect(admiraltyWeight({ reliability: "A", credibility: 4 })).toBe(0.625);
  });

  it("multiplies by relevance, medium when absent", () => {
    expect(CARDS.map(cardWeight)).toEqual([2, 0.5, 0]);
    expect(cardWeight({ id: "x", title: "x", grade: { reliability: "B", credibility: 2 } })).toBe(0.75);
    expect(cardWeight({ id: "x", title: "x", grade: { reliability: "B", credibility: 2 }, relevance: "low" })).toBe(0.375);
  });
});

describe("scoreHypotheses", () => {
  it("sums weight × inconsistency per hypothesis and ranks the least inconsistent first", () => {
    const matrix = matrixOf({
      strong: ["C", "I", "II"],
      fair: ["II", "CC", "I"],
      junk: ["II", "II", "II"],
    });
    // south:  strong C 0        + fair II 2 × 0.5 = 1 + junk 0  = 1     (count 0 + 2 + 2 = 4)
    // north:  strong I 1 × 2 = 2 + fair CC 0        + junk 0  = 2     (count 1 + 0 + 2 = 3)
    // others: strong II 2 × 2 = 4 + fair I 1 × 0.5 = 0.5     = 4.5   (count 2 + 1 + 2 = 5)
    expect(scoreHypotheses(H, CARDS, matrix)).toEqual([
      { hypothesisId: "south", title: "Shifting south", score: 1, inconsistency: 4, rated: 3, rank: 1, leading: true },
      { hypothesisId: "north", title: "Only pushed out of the north", score: 2, inconsistency: 3, rated: 3, rank: 2, leading: false },
      { hypothesisId: "others", title: "Others claim its name", score: 4.5, inconsistency: 5, rated: 3, rank: 3, leading: false },
    ]);
  });

  it("counts consistency for nothing: a column of CC scores like a column of N", () => {
    const scores = scoreHypotheses(H, CARDS, matrixOf({ strong: ["CC", "N", "C"], fair: ["CC", "N", "C"] }));
    expect(scores.map((s) => [s.hypothesisId, s.score, s.rank, s.leading])).toEqual([
      ["south", 0, 1, true],
      ["north", 0, 1, true],
      ["others", 0, 1, true],
    ]);
  });

  it("leads with nothing before anything is rated, and counts unrated cells as 0", () => {
    expect(scoreHypotheses(H, CARDS, new Map()).map((s) => [s.score, s.rated, s.rank, s.leading])).toEqual([
      [0, 0, 1, false],
      [0, 0, 1, false],
      [0, 0, 1, false],
    ]);
    const scores = scoreHypotheses(H, CARDS, matrixOf({ fair: ["I", "", ""], strong: ["", "C", ""] }));
    expect(scores.map((s) => [s.hypothesisId, s.score, s.rated, s.rank, s.leading])).toEqual([
      ["north", 0, 1, 1, true],
      ["south", 0.5, 1, 2, false],
      ["others", 0, 0, 3, false],
    ]);
  });

  it("ranks a hypothesis nobody rated after the rated ones: its 0 says nothing", () => {
    const scores = scoreHypotheses(H, CARDS, matrixOf({ fair: ["", "I", ""] }));
    expect(scores.map((s) => [s.hypothesisId, s.score, s.rated, s.rank, s.leading])).toEqual([
      ["north", 0.5, 1, 1, true],
      ["south", 0, 0, 2, false],
      ["others", 0, 0, 2, false],
    ]);
  });

  it("breaks equal weighted scores by the unweighted count, then the board's order", () => {
    // An E5 card weighs 0: its II moves the count, not the score.
    const scores = scoreHypotheses(H, CARDS, matrixOf({ junk: ["II", "N", ""], fair: ["", "", "I"] }));
    expect(scores.map((s) => [s.hypothesisId, s.score, s.inconsistency, s.rank])).toEqual([
      ["north", 0, 0, 1],
      ["south", 0, 2, 1],
      ["others", 0.5, 1, 3],
    ]);
  });

  it("changes by the formula when a card is regraded", () => {
    const matrix = matrixOf({ fair: ["I", "", "C"], strong: ["", "I", "N"] });
    const before = scoreHypotheses(H, CARDS, matrix);
    expect(before.map((s) => [s.hypothesisId, s.score])).toEqual([["others", 0], ["south", 0.5], ["north", 2]]);
    // "fair" regraded C3 → A1: its weight goes from 1 × 0.5 to 1 × 1.
    const regraded = CARDS.map((card) => (card.id === "fair" ? { ...card, grade: { reliability: "A" as const, credibility: 1 as const } } : card));
    expect(scoreHypotheses(H, regraded, matrix).map((s) => [s.hypothesisId, s.score])).toEqual([["others", 0], ["south", 1], ["north", 2]]);
  });
});

describe("rowDiagnosticity", () => {
  it("measures how far a row separates the scores, and flags rows that rate alike", () => {
    const matrix = matrixOf({
      strong: ["CC", "II", "N"], // counts 0, 2, 0: diagnosticity 2, weighted 4; steps +2 … −2: range 4
      fair: ["C", "CC", "N"], // counts all 0: low-diagnostic, though the steps range 2
      junk: ["I", "I", "I"], // counts all 1: low-diagnostic (inconsistent with every hypothesis)
    });
    expect(rowDiagnosticity(H, CARDS, matrix)).toEqual([
      { cardId: "strong", diagnosticity: 2, weighted: 4, stepRange: 4, rated: 3, lowDiagnostic: false },
      { cardId: "fair", diagnosticity: 0, weighted: 0, stepRange: 2, rated: 3, lowDiagnostic: true },
      { cardId: "junk", diagnosticity: 0, weighted: 0, stepRange: 0, rated: 3, lowDiagnostic: true },
    ]);
  });

  it("does not call an unrated row low-diagnostic, and counts its unrated cells as 0", () => {
    const rows = rowDiagnosticity(H, CARDS, matrixOf({ fair: ["I", "", ""] }));
    expect(rows[0]).toEqual({ cardId: "strong", diagnosticity: 0, weighted: 0, stepRange: 0, rated: 0, lowDiagnostic: false });
    expect(rows[1]).toEqual({ cardId: "fair", diagnosticity: 1, weighted: 0.5, stepRange: 0, rated: 1, lowDiagnostic: false });
  });

  it("sorts the most diagnostic first: weighted, then unweighted, then step range, then the given order", () => {
    const rows = rowDiagnosticity(H, CARDS, matrixOf({ strong: ["C", "I", "C"], fair: ["CC", "II", "N"], junk: ["CC", "II", "CC"] }));
    // strong: 1 × 2 = 2; fair: 2 × 0.5 = 1; junk: 2 × 0 = 0 but diagnosticity 2.
    expect(byDiagnosticity(rows).map((row) => row.cardId)).toEqual(["strong", "fair", "junk"]);
    const zero = rowDiagnosticity(H, CARDS.slice(1), matrixOf({ fair: ["CC", "N", "C"], junk: ["CC", "II", "CC"] }));
    expect(byDiagnosticity(zero).map((row) => row.cardId)).toEqual(["junk", "fair"]);
  });
});

describe("the group's matrix", () => {
  it("takes the median; with an even number, the two middle ones' mean rounded toward neutral", () => {
    expect(consensusOf(["I"])).toBe("I");
    expect(consensusOf(["CC", "C", "II"])).toBe("C"); // +2, +1, −2 → +1
    expect(consensusOf(["II", "I", "I", "CC", "N"])).toBe("I"); // −2, −1, −1, 0, +2 → −1
    expect(consensusOf(["CC", "C"])).toBe("C"); // +1.5 → +1
    expect(consensusOf(["I", "II"])).toBe("I"); // −1.5 → −1
    expect(consensusOf(["C", "I"])).toBe("N"); // 0
    expect(consensusOf(["CC", "I"])).toBe("N"); // +0.5 → 0
    expect(consensusOf(["N", "II", "II", "C"])).toBe("I"); // −2, −2, 0, +1: middle −2 and 0 → −1
    expect(() => consensusOf([])).toThrow("No ratings");
  });

  it("marks a cell where people lie two steps apart or on opposite sides of neutral", () => {
    const ratings = [
      rate("ana", "strong", "south", "CC"),
      rate("ben", "strong", "south", "N"), // +2 and 0: spread 2
      rate("ana", "strong", "north", "C"),
      rate("ben", "strong", "north", "CC"), // spread 1: agree
      rate("ana", "fair", "south", "C"),
      rate("ben", "fair", "south", "I"), // opposite sides: spread 2
      rate("ana", "fair", "north", "I"),
    ];
    const cells = groupCells(ratings);
    expect(cells.get(cellKey("strong", "south"))).toEqual({
      cardId: "strong",
      hypothesisId: "south",
      consensus: "C",
      ratings: [
        { userId: "ana", rating: "CC" },
        { userId: "ben", rating: "N" },
      ],
      spread: 2,
      disagreement: true,
    });
    expect(cells.get(cellKey("strong", "north"))).toMatchObject({ consensus: "C", spread: 1, disagreement: false });
    expect(cells.get(cellKey("fair", "south"))).toMatchObject({ spread: 2, disagreement: true });
    expect(cells.get(cellKey("fair", "north"))).toMatchObject({ consensus: "I", spread: 0, disagreement: false });
    expect(groupMatrix(ratings).get(cellKey("fair", "north"))).toBe("I");
  });

  it("scores the consensus in the group view and a person's own ratings in theirs", () => {
    const ratings = [
      rate("ana", "strong", "south", "II"),
      rate("ben", "strong", "south", "I"),
      rate("cleo", "strong", "south", "II"), // consensus II: 2 × 2 = 4
      rate("ana", "strong", "north", "C"),
      rate("ben", "strong", "north", "II"), // ana C, ben II: (+1 − 2) / 2 = −0.5 → N → 0
      rate("ben", "fair", "others", "I"), // 1 × 0.5
    ];
    const group = analyse({ hypotheses: H, cards: CARDS, ratings });
    expect(group.scores.map((s) => [s.hypothesisId, s.score])).toEqual([["north", 0], ["others", 0.5], ["south", 4]]);
    expect(group.leading).toEqual(["north"]);
    expect(group.disagreements).toEqual([cellKey("strong", "north")]);

    const ben = analyse({ hypotheses: H, cards: CARDS, ratings }, { kind: "person", userId: "ben" });
    // ben: south I 1 × 2 = 2; north II 2 × 2 = 4; others I 0.5.
    expect(ben.scores.map((s) => [s.hypothesisId, s.score])).toEqual([["others", 0.5], ["south", 2], ["north", 4]]);
    expect(ben.leading).toEqual(["others"]);
    expect(ben.matrix).toEqual(personalMatrix(ratings, "ben"));
    expect(ben.cells).toEqual(group.cells);
  });

  it("ignores ratings of cards or hypotheses it was not given (rows filtered out)", () => {
    const ratings = [rate("ana", "strong", "south", "II"), rate("ana", "fair", "south", "I"), rate("ana", "fair", "gone", "II")];
    const analysis = analyse({ hypotheses: H, cards: CARDS.slice(1), ratings });
    expect(analysis.scores.find((s) => s.hypothesisId === "south")?.score).toBe(0.5);
    expect(Array.from(analysis.cells.keys())).toEqual([cellKey("fair", "south")]);
  });
});

describe("readAch", () => {
  it("reads the hypotheses in order, every card with its relevance, and the live ratings", () => {
    const doc = newBoard();
    const card = addCard(doc, cardInput({ grade: { reliability: "B", credibility: 2 } }), AUTHOR);
    const other = addCard(doc, cardInput({ title: "Other", when: { start: "2019-03-01", precision: "day" } }), AUTHOR);
    const h1 = addHypothesis(doc, { title: "South" }, AUTHOR);
    const h2 = addHypothesis(doc, { title: "North" }, AUTHOR);
    setRelevance(doc, card, "high");
    setRating(doc, { cardId: card, hypothesisId: h1, userId: "ana" }, "I");
    setRating(doc, { cardId: other, hypothesisId: h2, userId: "ana" }, "II");
    const input = readAch(doc);
    expect(input.hypotheses.map((h) => h.title)).toEqual(["South", "North"]);
    expect(input.cards.map((c) => [c.title, c.relevance])).toEqual([
      ["Assault on the EUTM camp", "high"],
      ["Other", "medium"],
    ]);
    // B2 high: 2 × 0.75 = 1.5; the other card is F6 medium: 0.5 × 2 = 1.
    expect(analyse(input).scores.map((s) => [s.title, s.score])).toEqual([["North", 1], ["South", 1.5]]);

    updateCard(doc, card, { grade: { reliability: "D", credibility: 4 } }); // 2 × 0.25 × 1 = 0.5
    expect(analyse(readAch(doc)).scores.map((s) => [s.title, s.score])).toEqual([["South", 0.5], ["North", 1]]);
    deleteCard(doc, other);
    deleteHypothesis(doc, h1);
    expect(readAch(doc).ratings).toEqual([]);
  });

  it("finds the demo board's first hypothesis leading, and its rows that rate alike", () => {
    const doc = new Y.Doc();
    initBoard(doc, DEMO_BOARD);
    seedDemoBoard(doc);
    const analysis = analyse(readAch(doc));
    // Assault C2 high (1.25), Aguelhoc C2 (0.625), Mopti C3 (0.5): south I on Aguelhoc = 0.625;
    // others I on the assault = 1.25; north I on all three = 2.375.
    expect(analysis.scores.map((s) => [s.title, s.score, s.rank])).toEqual([
      ["JNIM is shifting south", 0.625, 1],
      ["Other groups claim JNIM's name in the south", 1.25, 2],
      ["JNIM is only pushed out of the north", 2.375, 3],
    ]);
    expect(readAch(doc).ratings.every((r) => r.userId === DEMO_ANALYST_ID)).toBe(true);
    expect(analysis.rows.filter((row) => row.lowDiagnostic)).toHaveLength(3);
  });
});
