/**
 * Motion for people who asked their system for less of it (prefers-reduced-motion): the map goes
 * to a scene at once instead of flying, the narrative jumps instead of gliding, and Play shows the
 * time window a whole window at a time, a step a second, instead of sliding it.
 */

const QUERY = "(prefers-reduced-motion: reduce)";

/** True when the person's system asks for reduced motion; false on the server. */
export function prefersReducedMotion(): boolean {
  return typeof window !== "undefined" && typeof window.matchMedia === "function" && window.matchMedia(QUERY).matches;
}

/** Whether a requested flight is flown: never when the person asked for reduced motion. */
export const animateMove = (requested: boolean, reduced: boolean): boolean => requested && !reduced;

/** How Play advances the window: every how many milliseconds, by how many days. */
export interface PlayMotion {
  frameMs: number;
  /** Days per step; null lets the playback slide in small even steps across the evidence. */
  stepDays: number | null;
}

/** Sliding: 12.5 frames a second. */
const SLIDE_FRAME_MS = 80;
/** Stepping: a window a second, long enough to read what it shows. */
const STEP_FRAME_MS = 1000;

/** Play's motion: a smooth slide, or under reduced motion whole-window steps with no in-between. */
export function playMotion(reduced: boolean, windowDays: number): PlayMotion {
  return reduced ? { frameMs: STEP_FRAME_MS, stepDays: Math.max(1, Math.round(windowDays)) } : { frameMs: SLIDE_FRAME_MS, stepDays: null };
}
