/** Unit tests of the id minter: ids valid everywhere ids are checked, uniform, and unique. */
import { describe, expect, it } from "vitest";
import { IdSchema } from "@/lib/board/schema";
import { BOARD_ID_PATTERN, ID_PATTERN, isBoardId } from "@/lib/collab/protocol";
import { newId } from "./ids";

describe("newId", () => {
  it("mints 12 letters and digits that pass every id pattern", () => {
    for (let i = 0; i < 100; i++) {
      const id = newId();
      expect(id).toMatch(/^[0-9a-zA-Z]{12}$/);
      expect(ID_PATTERN.test(id)).toBe(true);
      expect(BOARD_ID_PATTERN.test(id)).toBe(true);
      expect(isBoardId(id)).toBe(true);
      expect(IdSchema.parse(id)).toBe(id);
    }
  });

  it("draws every character about equally often", () => {
    const counts = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) for (const c of newId()) counts.set(c, (counts.get(c) ?? 0) + 1);
    expect(counts.size).toBe(62);
    // 240,000 characters: about 3,871 each, give or take ~62. Taking a byte modulo 62 gave the
    // first 8 characters a quarter more than the others; this bound is about 8 deviations wide.
    const values = [...counts.values()];
    expect(Math.max(...values) / Math.min(...values)).toBeLessThan(1.15);
  });

  it("does not repeat over many draws", () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId()));
    expect(ids.size).toBe(5000);
  });
});
