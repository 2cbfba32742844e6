/**
 * Limits on what one person or one client may do, counted with rate-limiter-flexible: in Redis
 * when REDIS_URL is set, so every instance of the app shares the counts and spreading attempts
 * over instances buys nothing, in memory otherwise. While Redis is unreachable each instance
 * counts in memory on its own (the library's insurance limiter) instead of refusing everyone or
 * letting everything through.
 */
import type Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { readEnv } from "@/lib/env";
import { connectRedis } from "@/lib/redis";
import { processSlot } from "@/lib/singleton";

/** Where counters live: a Redis connection and the prefix of its keys, or (no `redis`) this process. */
export interface LimiterStore {
  redis?: Redis;
  prefix: string;
}

const defaultStore = processSlot<LimiterStore>("limiter-store");

/** The store chosen by the environment, shared by every copy of this module in the process. */
export function limiterStore(): LimiterStore {
  const existing = defaultStore.get();
  if (existing) return existing;
  const env = readEnv();
  // One retry, no offline queue: a limiter that waits for Redis would hold the request it guards.
  const redis = env.REDIS_URL ? connectRedis(env.REDIS_URL, "sb-limits", { maxRetriesPerRequest: 1, enableOfflineQueue: false }) : undefined;
  return defaultStore.set({ redis, prefix: env.REDIS_PREFIX });
}

/** `points` per `seconds` under `name`, in `store`. */
function createLimiter(store: LimiterStore, name: string, points: number, seconds: number): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });
  if (!store.redis) return memory;
  return new RateLimiterRedis({
    keyPrefix: `${store.prefix}limit:${name}`,
    points,
    duration: seconds,
    storeClient: store.redis,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/**
 * Failures that slow a key down instead of locking it: the first `free` failures in a window of
 * `windowSeconds` cost nothing; after each further one the key must wait 1 s, then 2 s, 4 s…, at
 * most `maxDelaySeconds`, before its next attempt is heard. The window starts at the first failure.
 */
export interface ProgressiveLimiter {
  /** Milliseconds before `key` may try again; 0 when it may now. */
  waitMs(key: string): Promise<number>;
  /** Counts a failure of `key` and starts its wait when it is past the free ones. */
  fail(key: string): Promise<void>;
  /** Forgets `key`'s failures and any wait. */
  reset(key: string): Promise<void>;
}

export interface ProgressiveOptions {
  free: number;
  windowSeconds: number;
  maxDelaySeconds: number;
}

export function createProgressiveLimiter(name: string, options: ProgressiveOptions, store = limiterStore()): ProgressiveLimiter {
  const failures = createLimiter(store, `${name}:failures`, options.free, options.windowSeconds);
  // A key is waiting while it is "blocked" here; the block lasts exactly its current delay.
  const waits = createLimiter(store, `${name}:wait`, 1, options.maxDelaySeconds);
  return {
    async waitMs(key) {
      const wait = await waits.get(key);
      return wait && wait.consumedPoints > waits.points ? Math.max(wait.msBeforeNext, 1) : 0;
    },
    async fail(key) {
      const { consumedPoints } = await failures.penalty(key);
      const beyond = consumedPoints - options.free;
      if (beyond > 0) await waits.block(key, Math.min(2 ** Math.min(beyond - 1, 30), options.maxDelaySeconds));
    },
    async reset(key) {
      await Promise.all([failures.delete(key), waits.delete(key)]);
    },
  };
}

/** Keys remembered for a while, such as the addresses a person has signed in from. */
export interface KeySet {
  has(key: string): Promise<boolean>;
  add(key: string): Promise<void>;
}

/** Remembers each key for `seconds` after it was last added (at most 24 days: a timer holds it in memory). */
export function createKeySet(name: string, seconds: number, store = limiterStore()): KeySet {
  const keys = createLimiter(store, name, 1, seconds);
  return {
    has: async (key) => (await keys.get(key)) !== null,
    add: async (key) => void (await keys.set(key, 1, seconds)),
  };
}

/** A cap on how often one person may do something: `points` per `seconds`. */
export interface PersonLimiter {
  /** Counts one use by `key`: 0 when it is within the cap, else the milliseconds until it is again. */
  take(key: string): Promise<number>;
}

export function createPersonLimiter(name: string, points: number, seconds: number, store = limiterStore()): PersonLimiter {
  const limiter = createLimiter(store, name, points, seconds);
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (error) {
        // Over the cap the library rejects with the key's state; anything else is a store error.
        if (error instanceof RateLimiterRes) return Math.max(error.msBeforeNext, 1);
        throw error;
      }
    },
  };
}

/** The process-wide limiter named `name` (made on first use), so every caller counts against one cap. */
export function sharedPersonLimiter(name: string, points: number, seconds: number): PersonLimiter {
  const slot = processSlot<PersonLimiter>(`person-limiter.${name}`);
  return slot.get() ?? slot.set(createPersonLimiter(name, points, seconds));
}
