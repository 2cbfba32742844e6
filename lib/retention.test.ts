import { describe, expect, it } from "vitest";
import { DEFAULT_VERSION_RETENTION, parseRetention } from "./retention";

describe("parseRetention", () => {
  it("reads tiers of ages and intervals", () => {
    expect(parseRetention(DEFAULT_VERSION_RETENTION)).toEqual({
      tiers: [
        { maxAgeMs: 86_400_000, everyMs: 0 },
        { maxAgeMs: 7 * 86_400_000, everyMs: 3_600_000 },
        { maxAgeMs: 90 * 86_400_000, everyMs: 86_400_000 },
      ],
    });
    expect(parseRetention(" 30m:all , 12h:15m ")).toEqual({ tiers: [{ maxAgeMs: 1_800_000, everyMs: 0 }, { maxAgeMs: 43_200_000, everyMs: 900_000 }] });
  });

  it("says what is wrong with a rule it cannot read", () => {
    expect(() => parseRetention("7days:1h")).toThrow(/"7days" is not a duration/);
    expect(() => parseRetention("7d")).toThrow(/is not <age>:<all\|interval>/);
    expect(() => parseRetention("7d:1h,1d:all")).toThrow(/longer than the one before/);
  });
});
