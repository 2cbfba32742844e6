import { describe, expect, it } from "vitest";
import { createFailureLimiter } from "./rate-limit";

describe("createFailureLimiter", () => {
  it("blocks a key after `limit` failures until its window ends", () => {
    const limiter = createFailureLimiter(3, 60_000);
    for (let i = 0; i < 3; i++) {
      expect(limiter.retryAfter("a", 1_000)).toBe(0);
      limiter.fail("a", 1_000);
    }
    expect(limiter.retryAfter("a", 1_000)).toBe(60);
    expect(limiter.retryAfter("b", 1_000)).toBe(0);
    expect(limiter.retryAfter("a", 61_000)).toBe(0);
  });

  it("forgets a key's failures after a success", () => {
    const limiter = createFailureLimiter(2, 60_000);
    limiter.fail("a", 0);
    limiter.fail("a", 0);
    expect(limiter.retryAfter("a", 0)).toBeGreaterThan(0);
    limiter.reset("a");
    expect(limiter.retryAfter("a", 0)).toBe(0);
  });
});
