/**
 * Every random choice of the fault suite comes from one seeded generator, so a failing run can be
 * replayed: the seed is printed when the suite starts and in its report, and `FAULT_SEED=<seed>`
 * runs with it again. The edits, picks, delays and disconnect decisions then come out in the same
 * order; the timing of processes and sockets still varies, so a replay is close, not identical.
 */
import { randomInt } from "node:crypto";

/** mulberry32: a tiny 32-bit generator, plenty for choosing edits and delays. Returns numbers in [0, 1). */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function seedFrom(value: string | undefined): number {
  if (!value) return randomInt(2 ** 32);
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
    throw new Error(`FAULT_SEED must be an integer from 0 to ${2 ** 32 - 1}, not "${value}"`);
  }
  return seed;
}

/** This run's seed: FAULT_SEED when set, otherwise a fresh random one. */
export const FAULT_SEED = seedFrom(process.env.FAULT_SEED);

/** Like Math.random, but drawn from FAULT_SEED. */
export const random = mulberry32(FAULT_SEED);

/** The command that runs the suite again with this seed (and the same length of random edits). */
export function replayCommand(durationMs: number): string {
  return `FAULT_SEED=${FAULT_SEED} FAULT_DURATION_MS=${durationMs} npm run test:faults`;
}
