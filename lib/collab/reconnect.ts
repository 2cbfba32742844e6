/**
 * When the browser reconnects, and how it notices a dead connection: pure decisions over an
 * injected clock, so their timing is tested without waiting.
 *
 * - A connection that has received nothing for HEARTBEAT.idleMs is probed (the client asks for
 *   the room's awareness, or sends its sync step 1, both of which the server always answers); one
 *   that has received nothing for
 *   HEARTBEAT.deadMs is dead and closed, so a lost network shows as "offline" within
 *   HEARTBEAT.deadMs + HEARTBEAT.checkEveryMs (under 5 s), not after the provider's own 30 s.
 *   Silence while the tab itself was too busy to look (`stalled`) does not count.
 * - Retries back off from RETRY.firstMs to RETRY.maxMs (1 s), so a server that comes back is
 *   reached within a second; while the browser says it is offline nothing is tried, and its
 *   `online` event reconnects at once.
 */

export const HEARTBEAT = {
  /** How often the connection is looked at. */
  checkEveryMs: 500,
  /** Silence after which the server is asked for an answer. */
  idleMs: 1_500,
  /** Silence after which the connection counts as dead. */
  deadMs: 4_000,
} as const;

export const RETRY = {
  firstMs: 125,
  maxMs: 1_000,
} as const;

export type HeartbeatAction = "wait" | "probe" | "dead";

/**
 * What to do with an open connection at `now`: `lastMessageAt` is when it last received anything
 * (or opened), `lastProbeAt` when it was last probed (0 for never).
 */
export function heartbeat(now: number, lastMessageAt: number, lastProbeAt: number): HeartbeatAction {
  const silent = now - lastMessageAt;
  if (silent >= HEARTBEAT.deadMs) return "dead";
  if (silent >= HEARTBEAT.idleMs && lastProbeAt <= lastMessageAt) return "probe";
  return "wait";
}

/**
 * True when the check at `now` comes so late after the last one (at `lastCheckAt`) that the tab
 * itself was busy (a large import applied in one go) or asleep: messages that arrived meanwhile
 * are still queued behind this check, so the silence is the tab's, not the network's. The caller
 * then counts silence from `now`.
 */
export function stalled(lastCheckAt: number, now: number): boolean {
  return now - lastCheckAt >= HEARTBEAT.idleMs;
}

/**
 * How long to wait before connection attempt number `failures + 1`, or null for "not until the
 * browser is online again". `random` (0–1) spreads many clients' retries over a quarter of the delay.
 */
export function retryDelay(failures: number, online: boolean, random: number): number | null {
  if (!online) return null;
  const base = Math.min(RETRY.firstMs * 2 ** Math.max(0, failures), RETRY.maxMs);
  return Math.round(base * (0.75 + 0.25 * random));
}
