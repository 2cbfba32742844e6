/** Unit tests of the choice between flying and jumping, sliding and stepping (prefers-reduced-motion). */
import { describe, expect, it } from "vitest";
import { playWindows } from "@/components/timeline/axis";
import { animateMove, playMotion } from "./motion";

describe("animateMove", () => {
  it("flies only when a flight was asked for and the person did not ask for reduced motion", () => {
    expect(animateMove(true, false)).toBe(true);
    expect(animateMove(true, true)).toBe(false);
    expect(animateMove(false, false)).toBe(false);
    expect(animateMove(false, true)).toBe(false);
  });
});

describe("playMotion", () => {
  it("slides in small even steps by default", () => {
    expect(playMotion(false, 31)).toEqual({ frameMs: 80, stepDays: null });
  });

  it("steps a whole window at a time, a second apart, under reduced motion", () => {
    expect(playMotion(true, 31)).toEqual({ frameMs: 1000, stepDays: 31 });
    expect(playMotion(true, 0)).toEqual({ frameMs: 1000, stepDays: 1 });
  });

  it("makes Play show side-by-side windows that never overlap, ending on the last event", () => {
    const evidence = { start: 0, end: 99 };
    const width = 9; // ten days, both ends included
    const frames = playWindows(evidence, width, evidence.start, playMotion(true, width + 1).stepDays);
    expect(frames.slice(0, 3)).toEqual([
      { start: 0, end: 9 },
      { start: 10, end: 19 },
      { start: 20, end: 29 },
    ]);
    expect(frames.at(-1)).toEqual({ start: 90, end: 99 });
    expect(frames).toHaveLength(10);
    // Sliding shows many more, overlapping frames across the same evidence.
    expect(playWindows(evidence, width, evidence.start, playMotion(false, width + 1).stepDays).length).toBeGreaterThan(frames.length);
  });
});
