/** Reconnect timing over an injected clock: a dead connection is found within 5 s, a returning network is used within 1 s. */
import { describe, expect, it } from "vitest";
import { HEARTBEAT, RETRY, heartbeat, retryDelay, stalled } from "./reconnect";

/** Steps a clock through the watchdog as the browser runs it, until it declares the connection dead. */
function secondsUntilDead(lastMessageAt: number): number {
  let lastProbeAt = 0;
  for (let now = lastMessageAt; now < lastMessageAt + 60_000; now += HEARTBEAT.checkEveryMs) {
    const action = heartbeat(now, lastMessageAt, lastProbeAt);
    if (action === "dead") return (now - lastMessageAt) / 1000;
    if (action === "probe") lastProbeAt = now;
  }
  return Infinity;
}

describe("the heartbeat", () => {
  it("waits while messages arrive", () => {
    expect(heartbeat(10_000, 10_000 - HEARTBEAT.idleMs + 1, 0)).toBe("wait");
  });

  it("probes a silent connection once, not on every check", () => {
    expect(heartbeat(10_000, 10_000 - HEARTBEAT.idleMs, 0)).toBe("probe");
    expect(heartbeat(10_500, 10_000 - HEARTBEAT.idleMs, 10_000)).toBe("wait");
  });

  it("probes again after the answer to the last probe", () => {
    expect(heartbeat(20_000, 20_000 - HEARTBEAT.idleMs, 15_000)).toBe("probe");
  });

  it("does not count the time the tab itself was busy: a check that comes seconds late starts the silence anew", () => {
    expect(stalled(10_000, 10_000 + HEARTBEAT.checkEveryMs)).toBe(false);
    expect(stalled(10_000, 10_000 + 2 * HEARTBEAT.checkEveryMs)).toBe(false);
    expect(stalled(10_000, 10_000 + HEARTBEAT.deadMs + 1_000)).toBe(true);
    // The import blocked the tab for 6 s; the server's answers are queued behind the check.
    const resumedAt = 16_000;
    expect(heartbeat(16_000, Math.max(9_000, resumedAt), 0)).toBe("wait");
  });

  it("declares a connection dead within 5 seconds of its last message, even if the check runs late", () => {
    expect(secondsUntilDead(1_000)).toBeLessThan(5);
    expect(HEARTBEAT.deadMs + HEARTBEAT.checkEveryMs).toBeLessThanOrEqual(5_000);
  });
});

describe("retries", () => {
  it("back off from the first delay to at most one second", () => {
    const delays = Array.from({ length: 8 }, (_, failures) => retryDelay(failures, true, 1));
    expect(delays[0]).toBe(RETRY.firstMs);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(Math.max(...(delays as number[]))).toBe(RETRY.maxMs);
    expect(RETRY.maxMs).toBeLessThanOrEqual(1_000);
  });

  it("spread many clients over a quarter of the delay", () => {
    expect(retryDelay(10, true, 0)).toBe(RETRY.maxMs * 0.75);
    expect(retryDelay(10, true, 0.5)).toBe(Math.round(RETRY.maxMs * 0.875));
  });

  it("are not made while the browser is offline (its online event reconnects at once)", () => {
    expect(retryDelay(0, false, 0.5)).toBeNull();
    expect(retryDelay(5, false, 0.5)).toBeNull();
  });
});
