/// <reference lib="webworker" />
/**
 * The service worker (Serwist, built by app/serwist/[path]/route.ts): the app opens without the
 * network.
 *
 * - The app shell (Next's static chunks, CSS) and the offline basemap data are precached; the
 *   place gazetteer is cached the first time a map loads it (for its towns and place search).
 * - Pages are fetched from the network first. A board page, and the board list, are kept for the
 *   person signed in only when that page itself says so (lib/collab/offline-pages.ts: the board shell of
 *   a member, the list of a signed-in person), in that person's own cache. Offline, a page is
 *   served only from the cache of the person the device last saw signed in; nobody else — a
 *   signed-out visitor, another person, a non-member — gets anything from the cache, only a short
 *   "you are offline" page.
 * - Nothing personal is kept beyond the page HTML: the board itself is in IndexedDB
 *   (lib/collab/local-store.ts). Sign-out deletes both.
 */
import { CacheFirst, ExpirationPlugin, Serwist, type PrecacheEntry } from "serwist";
import { OFFLINE_MESSAGE, SESSION_CACHE, SESSION_KEY, keepPageMessage, pagesCacheName, type KeepPageMessage } from "../lib/collab/offline-pages";

declare global {
  interface WorkerGlobalScope {
    __SW_MANIFEST: (PrecacheEntry | string)[] | undefined;
  }
}

declare const self: ServiceWorkerGlobalScope;

/** The last page responses fetched, by path, until the page says whether it may be kept. */
const recent = new Map<string, Response>();
const RECENT_LIMIT = 8;

const serwist = new Serwist({
  precacheEntries: self.__SW_MANIFEST,
  skipWaiting: true,
  clientsClaim: true,
  navigationPreload: false,
  runtimeCaching: [
    {
      matcher: ({ request, sameOrigin }) => sameOrigin && request.mode === "navigate",
      handler: async ({ request }) => page(request),
    },
    {
      matcher: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith("/map/"),
      handler: new CacheFirst({
        cacheName: "situation-board-map",
        plugins: [new ExpirationPlugin({ maxEntries: 16, maxAgeSeconds: 60 * 60 * 24 * 30 })],
      }),
    },
  ],
});

/** A page: from the network; offline, from the cache of the person last signed in, or nothing. */
async function page(request: Request): Promise<Response> {
  const path = new URL(request.url).pathname;
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") remember(path, response.clone());
    return response;
  } catch {
    const userId = await signedIn();
    const kept = userId ? await (await caches.open(pagesCacheName(userId))).match(path) : undefined;
    return kept ?? offlinePage();
  }
}

function remember(path: string, response: Response): void {
  recent.delete(path);
  recent.set(path, response);
  if (recent.size > RECENT_LIMIT) recent.delete(recent.keys().next().value!);
}

async function signedIn(): Promise<string | null> {
  const record = await (await caches.open(SESSION_CACHE)).match(SESSION_KEY);
  if (!record) return null;
  try {
    const { userId } = (await record.json()) as { userId?: unknown };
    return typeof userId === "string" ? userId : null;
  } catch {
    return null;
  }
}

/**
 * Keeps a page the person's own tab vouched for (a member's board, their list), for them only.
 * Keeping a board also refreshes their kept list, so the board is on it offline.
 */
async function keep({ userId, path }: KeepPageMessage): Promise<void> {
  if ((await signedIn()) !== userId) return;
  const cache = await caches.open(pagesCacheName(userId));
  const response = recent.get(path) ?? (await fetchPage(path));
  recent.delete(path);
  if (response) await cache.put(path, response);
  if (path !== "/") {
    const list = await fetchPage("/");
    if (list) await cache.put("/", list);
  }
}

/** A page fetched by the worker itself (never a redirect: a signed-out answer is not kept). */
async function fetchPage(path: string): Promise<Response | null> {
  const response = await fetch(path, { credentials: "same-origin", redirect: "error" }).catch(() => null);
  return response?.ok ? response : null;
}

function offlinePage(): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Offline · Situation Board</title></head><body style="font:16px system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;color:#333"><main role="alert" style="max-width:28em;text-align:center"><h1 style="font-size:20px">You are offline</h1><p>${OFFLINE_MESSAGE}</p></main></body></html>`;
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

self.addEventListener("message", (event) => {
  const message = keepPageMessage(event.data);
  if (message) event.waitUntil(keep(message));
});

serwist.addEventListeners();
