/** A person's copies on the device are named by person and room, and only theirs are removed on sign-out. */
import { describe, expect, it } from "vitest";
import { COMPACT_AFTER_ROWS, localStoreName, shouldCompact, storesOf } from "./local-store";

describe("local copies", () => {
  it("are named by person and room", () => {
    expect(localStoreName("u1", "board123")).toBe("situation-board:u1:board123");
    expect(localStoreName("u1", "board123.review")).toBe("situation-board:u1:board123.review");
  });

  it("sign-out removes exactly the signed-out person's copies", () => {
    const names = [
      localStoreName("ana", "b1"),
      localStoreName("ana", "b1.review"),
      localStoreName("anabel", "b1"),
      localStoreName("ben", "b1"),
      "someone-else's-database",
      localStoreName("ana", "b2"),
      localStoreName("ana", "b2"),
    ];
    expect(storesOf("ana", names).sort()).toEqual([localStoreName("ana", "b1"), localStoreName("ana", "b1.review"), localStoreName("ana", "b2")].sort());
    expect(storesOf("ben", names)).toEqual([localStoreName("ben", "b1")]);
    expect(storesOf("carla", names)).toEqual([]);
  });

  it("are rewritten as one update once they have grown past a few rows", () => {
    expect(shouldCompact(1)).toBe(false);
    expect(shouldCompact(COMPACT_AFTER_ROWS)).toBe(false);
    expect(shouldCompact(COMPACT_AFTER_ROWS + 1)).toBe(true);
  });
});
