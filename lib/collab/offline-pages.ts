/**
 * The pages the service worker (app/sw.ts) keeps for offline use, and who they are kept for.
 *
 * A page is kept only when the page itself vouches for it: the board shell of a member, once the
 * board has loaded, and the board list of a signed-in person ask `keepPageForOffline`. It is kept
 * in a cache of that person's own (`pagesCacheName`). Which person the device last saw signed in
 * is one record (`SESSION_CACHE`); offline, the service worker serves pages from that person's
 * cache only. Sign-out (`forgetOfflinePages`) deletes the person's cache and the record, so a
 * signed-out visitor gets nothing; a removed member's board page is dropped (`forgetOfflinePage`).
 *
 * Shared by the page and the service worker; the window-side helpers do nothing where service
 * workers or the Cache API are missing.
 */

export const SESSION_CACHE = "situation-board-session";
export const SESSION_KEY = "/__situation-board/session";
const PAGES_CACHE_PREFIX = "situation-board-pages:";

/** Where the service worker is served (app/serwist/[path]/route.ts) and what it controls. */
export const SERVICE_WORKER_URL = "/serwist/sw.js";

/** What an offline visitor sees for a page not kept for them. */
export const OFFLINE_MESSAGE =
  "This page is not kept on this device for the person signed in. Boards you opened before, signed in on this device, open offline; everything else needs the network.";

/** The cache of pages kept for `userId`. */
export function pagesCacheName(userId: string): string {
  return PAGES_CACHE_PREFIX + userId;
}

export interface KeepPageMessage {
  type: "keep-page";
  userId: string;
  path: string;
}

/** The message as the service worker accepts it, or null: a same-origin path of a page we keep. */
export function keepPageMessage(data: unknown): KeepPageMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const { type, userId, path } = data as Record<string, unknown>;
  if (type !== "keep-page" || typeof userId !== "string" || typeof path !== "string") return null;
  return isKeptPath(path) ? { type, userId, path } : null;
}

/** Only the board list and board pages are kept. */
export function isKeptPath(path: string): boolean {
  return path === "/" || /^\/boards\/[A-Za-z0-9_-]{6,64}$/.test(path);
}

const cachesAvailable = () => typeof window !== "undefined" && "caches" in window;

/** Records who is signed in on this device, and asks the service worker to keep `path` for them. */
export async function keepPageForOffline(userId: string, path: string): Promise<void> {
  if (!cachesAvailable() || !("serviceWorker" in navigator) || !isKeptPath(path)) return;
  try {
    const session = await caches.open(SESSION_CACHE);
    await session.put(SESSION_KEY, new Response(JSON.stringify({ userId }), { headers: { "Content-Type": "application/json" } }));
    const registration = await navigator.serviceWorker.ready;
    registration.active?.postMessage({ type: "keep-page", userId, path } satisfies KeepPageMessage);
  } catch {
    // Storage refused (private mode, quota): the page is simply not kept.
  }
}

/** Deletes every page kept for `userId`, and the record that they are signed in here. */
export async function forgetOfflinePages(userId: string): Promise<void> {
  if (!cachesAvailable()) return;
  try {
    await caches.delete(pagesCacheName(userId));
    const session = await caches.open(SESSION_CACHE);
    const record = await session.match(SESSION_KEY);
    const signedIn = record ? ((await record.json()) as { userId?: unknown }).userId : null;
    if (!record || signedIn === userId) await session.delete(SESSION_KEY);
  } catch {
    // Nothing kept, or storage unavailable.
  }
}

/** Deletes one page kept for `userId` (a board they lost access to). */
export async function forgetOfflinePage(userId: string, path: string): Promise<void> {
  if (!cachesAvailable()) return;
  try {
    await (await caches.open(pagesCacheName(userId))).delete(path);
  } catch {
    // Nothing kept.
  }
}
