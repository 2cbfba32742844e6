import { describe, expect, it } from "vitest";
import { matrixKeyAction, type MatrixKey } from "./matrixKeys";

const key = (k: string, mods: Partial<MatrixKey> = {}): MatrixKey => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe("matrixKeyAction", () => {
  it("moves with the arrows and stops at the edges", () => {
    expect(matrixKeyAction(key("ArrowRight"), 0, 0, 3, 2)).toEqual({ kind: "move", row: 0, col: 1 });
    expect(matrixKeyAction(key("ArrowRight"), 0, 1, 3, 2)).toEqual({ kind: "move", row: 0, col: 1 });
    expect(matrixKeyAction(key("ArrowDown"), 1, 1, 3, 2)).toEqual({ kind: "move", row: 2, col: 1 });
    expect(matrixKeyAction(key("ArrowUp"), 0, 1, 3, 2)).toEqual({ kind: "move", row: 0, col: 1 });
    expect(matrixKeyAction(key("ArrowLeft"), 2, 0, 3, 2)).toEqual({ kind: "move", row: 2, col: 0 });
  });

  it("jumps with Home, End and their Ctrl forms", () => {
    expect(matrixKeyAction(key("Home"), 2, 1, 3, 2)).toEqual({ kind: "move", row: 2, col: 0 });
    expect(matrixKeyAction(key("End"), 0, 0, 3, 2)).toEqual({ kind: "move", row: 0, col: 1 });
    expect(matrixKeyAction(key("Home", { ctrlKey: true }), 2, 1, 3, 2)).toEqual({ kind: "move", row: 0, col: 0 });
    expect(matrixKeyAction(key("End", { metaKey: true }), 0, 0, 3, 2)).toEqual({ kind: "move", row: 2, col: 1 });
  });

  it("rates with letters, Shift doubling C and I, and clears with Delete or Backspace", () => {
    expect(matrixKeyAction(key("c"), 0, 0, 1, 1)).toEqual({ kind: "rate", rating: "C" });
    expect(matrixKeyAction(key("C", { shiftKey: true }), 0, 0, 1, 1)).toEqual({ kind: "rate", rating: "CC" });
    expect(matrixKeyAction(key("i"), 0, 0, 1, 1)).toEqual({ kind: "rate", rating: "I" });
    expect(matrixKeyAction(key("I", { shiftKey: true }), 0, 0, 1, 1)).toEqual({ kind: "rate", rating: "II" });
    expect(matrixKeyAction(key("n"), 0, 0, 1, 1)).toEqual({ kind: "rate", rating: "N" });
    expect(matrixKeyAction(key("Delete"), 0, 0, 1, 1)).toEqual({ kind: "clear" });
    expect(matrixKeyAction(key("Backspace"), 0, 0, 1, 1)).toEqual({ kind: "clear" });
  });

  it("leaves other keys, shortcuts and empty matrices alone", () => {
    expect(matrixKeyAction(key("Tab"), 0, 0, 2, 2)).toBeNull();
    expect(matrixKeyAction(key("x"), 0, 0, 2, 2)).toBeNull();
    expect(matrixKeyAction(key("c", { ctrlKey: true }), 0, 0, 2, 2)).toBeNull();
    expect(matrixKeyAction(key("i", { altKey: true }), 0, 0, 2, 2)).toBeNull();
    expect(matrixKeyAction(key("ArrowDown"), 0, 0, 0, 2)).toBeNull();
  });
});
