import { describe, expect, it } from "vitest";
import { rovingStop, rovingTarget } from "./useRovingFocus";

describe("rovingTarget", () => {
  it("moves one item with the arrows of the list's direction, and stays at the ends", () => {
    expect(rovingTarget("ArrowDown", 0, 3)).toBe(1);
    expect(rovingTarget("ArrowUp", 1, 3)).toBe(0);
    expect(rovingTarget("ArrowUp", 0, 3)).toBe(0);
    expect(rovingTarget("ArrowDown", 2, 3)).toBe(2);
    expect(rovingTarget("ArrowRight", 0, 3)).toBeNull();
    expect(rovingTarget("ArrowRight", 0, 3, "horizontal")).toBe(1);
    expect(rovingTarget("ArrowLeft", 2, 3, "horizontal")).toBe(1);
  });

  it("goes to the first and last with Home and End, ten at a time with PageUp and PageDown", () => {
    expect(rovingTarget("Home", 5, 9)).toBe(0);
    expect(rovingTarget("End", 0, 9)).toBe(8);
    expect(rovingTarget("PageDown", 3, 50)).toBe(13);
    expect(rovingTarget("PageUp", 3, 50)).toBe(0);
  });

  it("leaves other keys, and empty lists, alone", () => {
    expect(rovingTarget("Enter", 0, 3)).toBeNull();
    expect(rovingTarget(" ", 0, 3)).toBeNull();
    expect(rovingTarget("Home", 0, 0)).toBeNull();
  });

  it("starts from the first item when the focused one is gone", () => {
    expect(rovingTarget("ArrowDown", -1, 3)).toBe(1);
  });
});

describe("rovingStop", () => {
  it("is the item last focused, else the selected one, else the first", () => {
    expect(rovingStop(["a", "b", "c"], "c", "b")).toBe("c");
    expect(rovingStop(["a", "b", "c"], null, "b")).toBe("b");
    expect(rovingStop(["a", "b", "c"], "gone", "also gone")).toBe("a");
    expect(rovingStop([], null, null)).toBeUndefined();
  });
});
