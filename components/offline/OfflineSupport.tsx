"use client";
/**
 * Registers the service worker (app/sw.ts) so the app opens without the network, and keeps the
 * page it is rendered on for the person signed in (lib/collab/offline-pages.ts says who gets what).
 */
import { useEffect } from "react";
import { SERVICE_WORKER_URL, keepPageForOffline } from "@/lib/collab/offline-pages";

export function registerServiceWorker(): void {
  if (typeof navigator === "undefined" || !("serviceWorker" in navigator)) return;
  void navigator.serviceWorker.register(SERVICE_WORKER_URL, { scope: "/" }).catch(() => {
    // No service worker (private mode, an old browser): the app works online as before.
  });
}

/** Rendered on a page the signed-in person may have offline: the board list, a member's board. */
export function KeepForOffline({ userId, path }: { userId: string; path: string }) {
  useEffect(() => {
    registerServiceWorker();
    void keepPageForOffline(userId, path);
  }, [userId, path]);
  return null;
}
