/**
 * The hypotheses matrix as CSV: read back as a spreadsheet reads it, it holds the scores and
 * ranking, which hypothesis leads, the group's consensus per cell, the most diagnostic evidence
 * first, and where people disagree — and no cell a spreadsheet would run as a formula.
 */
import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { analyse, readAch } from "@/lib/board/ach";
import { addCard, addHypothesis, initBoard, setRating, setRelevance } from "@/lib/board/model";
import { DEMO_BOARD, seedDemoBoard } from "@/lib/board/seed";
import { matrixCsv, MATRIX_COLUMNS } from "./hypotheses";

const WHEN = { start: "2019-02-20", precision: "day" } as const;

/** The CSV as a spreadsheet shows it: rows of cells. */
const cellsOf = (csv: string) => Papa.parse<string[]>(csv, { header: false }).data;

describe("matrixCsv", () => {
  it("writes scores, ranking, leader, consensus and disagreements of the group's matrix", () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: "Sahel", question: "Is JNIM shifting south?" });
    const strong = addCard(doc, { title: "Koulikoro assault", when: WHEN, grade: { reliability: "B", credibility: 2 } }, "Ana");
    const weak = addCard(doc, { title: "Rumour in Mopti", when: { ...WHEN, start: "2019-02-21" }, grade: { reliability: "D", credibility: 4 } }, "Ana");
    const quiet = addCard(doc, { title: "Market reopened", when: { ...WHEN, start: "2019-02-22" } }, "Ana");
    const south = addHypothesis(doc, { title: "Shifting south" }, "Ana");
    const north = addHypothesis(doc, { title: "Pushed out of the north" }, "Ana");
    setRelevance(doc, strong, "high");
    const rate = (cardId: string, hypothesisId: string, userId: string, rating: "CC" | "C" | "N" | "I" | "II") =>
      setRating(doc, { cardId, hypothesisId, userId }, rating);
    rate(strong, south, "ana", "CC");
    rate(strong, north, "ana", "II");
    rate(strong, north, "ben", "I"); // consensus (−2 − 1) / 2 → I
    rate(weak, south, "ana", "C");
    rate(weak, south, "ben", "I"); // consensus N; ana and ben disagree
    rate(weak, north, "ana", "I");
    rate(quiet, south, "ana", "N");
    rate(quiet, north, "ana", "N");

    const rows = cellsOf(matrixCsv(analyse(readAch(doc))));
    expect(rows[0]).toEqual([...MATRIX_COLUMNS, "Shifting south", "Pushed out of the north"]);
    const blanks = Array(MATRIX_COLUMNS.length - 1).fill("");
    // north: strong I 1 × (2 × 0.75) = 1.5, weak I 1 × 0.25 = 0.25 → 1.75; south: 0.
    expect(rows.slice(1, 5)).toEqual([
      ["weighted inconsistency", ...blanks, "0", "1.75"],
      ["inconsistency count", ...blanks, "0", "2"],
      ["rank", ...blanks, "1", "2"],
      ["leading", ...blanks, "yes", ""],
    ]);
    expect(rows.slice(5)).toEqual([
      ["evidence", strong, "Koulikoro assault", "B2", "high", "1.5", "1", "yes", "", "CC", "I"],
      ["evidence", weak, "Rumour in Mopti", "D4", "medium", "0.25", "1", "yes", "Shifting south", "N", "I"],
      ["evidence", quiet, "Market reopened", "F6", "medium", "0.5", "0 (low)", "", "", "N", "N"],
    ]);
  });

  it("writes one person's own ratings in their view", () => {
    const doc = new Y.Doc();
    initBoard(doc, DEMO_BOARD);
    seedDemoBoard(doc, "demo1");
    addHypothesis(doc, { title: "Unrated" }, "Ana");
    const mine = cellsOf(matrixCsv(analyse(readAch(doc), { kind: "person", userId: "demo1" })));
    const nobody = cellsOf(matrixCsv(analyse(readAch(doc), { kind: "person", userId: "someone-else" })));
    expect(mine[4].slice(-4)).toEqual(["yes", "", "", ""]); // the demo's first hypothesis leads; "Unrated" cannot
    expect(mine[3].slice(-4)).toEqual(["1", "3", "2", "4"]);
    expect(mine.slice(5).every((row) => row.slice(-4, -1).every((cell) => cell !== "") && row.at(-1) === "")).toBe(true);
    expect(nobody.slice(5).every((row) => row.slice(-4).every((cell) => cell === ""))).toBe(true);
    expect(nobody[4].slice(-4)).toEqual(["", "", "", ""]); // nothing rated: nothing leads
  });

  it("neutralises titles a spreadsheet would run as formulas", () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: "Sahel", question: "" });
    const card = addCard(doc, { title: '=HYPERLINK("https://evil.example","x")', when: WHEN }, "Ana");
    const h = addHypothesis(doc, { title: "@SUM(1+1)" }, "Ana");
    setRating(doc, { cardId: card, hypothesisId: h, userId: "ana" }, "I");
    const csv = matrixCsv(analyse(readAch(doc)));
    const cells = cellsOf(csv).flat();
    expect(cells.filter((cell) => /^[=+\-@\t\r]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell))).toEqual([]);
    expect(cells).toContain("'@SUM(1+1)");
    expect(cells).toContain(`'=HYPERLINK("https://evil.example","x")`);
  });
});
