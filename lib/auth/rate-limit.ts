/**
 * A fixed-window limiter of failed sign-in attempts, per key (an email, a client address), in
 * memory. Successful sign-ins do not count and clear the key's failures.
 */
export interface FailureLimiter {
  /** Seconds to wait before `key` may try again, or 0. */
  retryAfter(key: string, now?: number): number;
  fail(key: string, now?: number): void;
  reset(key: string): void;
}

export function createFailureLimiter(limit: number, windowMs: number): FailureLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string, now: number) => {
    const window = windows.get(key);
    return window && now - window.start < windowMs ? window : null;
  };
  return {
    retryAfter(key, now = Date.now()) {
      const window = current(key, now);
      return window && window.count >= limit ? Math.ceil((window.start + windowMs - now) / 1000) : 0;
    },
    fail(key, now = Date.now()) {
      const window = current(key, now) ?? { start: now, count: 0 };
      window.count += 1;
      windows.set(key, window);
      if (windows.size > 10_000) {
        for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
      }
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
