import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { connectRedis } from "@/lib/redis";
import { eventually } from "@/test/support/servers";
import { TEST_REDIS_URL } from "@/test/support/services";
import { createKeySet, createPersonLimiter, createProgressiveLimiter, type LimiterStore } from "./rate-limit";

const memory: LimiterStore = { prefix: "test:" };
const unique = () => randomBytes(6).toString("hex");

describe("createProgressiveLimiter", () => {
  it("lets the free failures through, then makes each further one wait longer, never locking for good", async () => {
    const limiter = createProgressiveLimiter(`p-${unique()}`, { free: 2, windowSeconds: 60, maxDelaySeconds: 2 }, memory);
    await limiter.fail("a");
    await limiter.fail("a");
    expect(await limiter.waitMs("a")).toBe(0);

    await limiter.fail("a"); // the first beyond the free ones: 1 s
    const first = await limiter.waitMs("a");
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThanOrEqual(1_000);
    expect(await limiter.waitMs("b")).toBe(0);

    await eventually(async () => expect(await limiter.waitMs("a")).toBe(0), 5_000);
    await limiter.fail("a"); // then 2 s, the maximum here, and never more
    expect(await limiter.waitMs("a")).toBeGreaterThan(1_000);
    await limiter.fail("a");
    expect(await limiter.waitMs("a")).toBeLessThanOrEqual(2_000);
  });

  it("forgets a key's failures and wait on reset", async () => {
    const limiter = createProgressiveLimiter(`p-${unique()}`, { free: 0, windowSeconds: 60, maxDelaySeconds: 60 }, memory);
    await limiter.fail("a");
    expect(await limiter.waitMs("a")).toBeGreaterThan(0);
    await limiter.reset("a");
    expect(await limiter.waitMs("a")).toBe(0);
    await limiter.fail("a");
    expect(await limiter.waitMs("a")).toBeLessThanOrEqual(1_000);
  });
});

describe("createKeySet and createPersonLimiter", () => {
  it("remember keys, and cap uses per key with the wait until the next", async () => {
    const keys = createKeySet(`k-${unique()}`, 60, memory);
    expect(await keys.has("x")).toBe(false);
    await keys.add("x");
    expect(await keys.has("x")).toBe(true);

    const limiter = createPersonLimiter(`l-${unique()}`, 3, 60, memory);
    expect([await limiter.take("ana"), await limiter.take("ana"), await limiter.take("ana")]).toEqual([0, 0, 0]);
    const wait = await limiter.take("ana");
    expect(wait).toBeGreaterThan(50_000);
    expect(await limiter.take("ben")).toBe(0);
  });
});

describe.skipIf(!TEST_REDIS_URL)("limits over Redis", () => {
  const redis = TEST_REDIS_URL ? [connectRedis(TEST_REDIS_URL, "sb-test-limits-a"), connectRedis(TEST_REDIS_URL, "sb-test-limits-b")] : [];
  const prefix = `sb-test-${unique()}:`;
  afterAll(async () => {
    const keys = await redis[0].keys(`${prefix}*`);
    if (keys.length > 0) await redis[0].del(...keys);
    for (const connection of redis) connection.disconnect();
  });

  it("are shared by every instance: failures and uses counted by one hold back the other", async () => {
    const [a, b] = redis.map((connection) => ({ redis: connection, prefix }));
    const name = `shared-${unique()}`;
    const onA = createProgressiveLimiter(name, { free: 1, windowSeconds: 60, maxDelaySeconds: 60 }, a);
    const onB = createProgressiveLimiter(name, { free: 1, windowSeconds: 60, maxDelaySeconds: 60 }, b);
    await onA.fail("key");
    await onB.fail("key");
    expect(await onA.waitMs("key")).toBeGreaterThan(0);
    await onB.reset("key");
    expect(await onA.waitMs("key")).toBe(0);

    const capA = createPersonLimiter(`cap-${name}`, 2, 60, a);
    const capB = createPersonLimiter(`cap-${name}`, 2, 60, b);
    expect(await capA.take("ana")).toBe(0);
    expect(await capB.take("ana")).toBe(0);
    expect(await capA.take("ana")).toBeGreaterThan(0);

    const knownA = createKeySet(`known-${name}`, 60, a);
    await createKeySet(`known-${name}`, 60, b).add("ana 10.0.0.1");
    expect(await knownA.has("ana 10.0.0.1")).toBe(true);
    expect(await redis[0].keys(`${prefix}limit:*`)).not.toEqual([]);
  });
});
