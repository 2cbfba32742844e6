import { describe, expect, it } from "vitest";
import { mulberry32 } from "./random";

describe("the fault suite's seeded generator", () => {
  it("repeats its sequence for a seed and stays in [0, 1)", () => {
    const draw = (seed: number) => Array.from({ length: 1000 }, mulberry32(seed));
    const first = draw(42);
    expect(draw(42)).toEqual(first);
    expect(draw(43)).not.toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(new Set(first).size).toBeGreaterThan(990);
  });
});
