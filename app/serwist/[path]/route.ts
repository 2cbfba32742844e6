/**
 * The service worker (app/sw.ts), bundled with its precache manifest by Serwist at build time and
 * served from /serwist/sw.js with `Service-Worker-Allowed: /` so it controls the whole app.
 * Precached: Next's static chunks and styles and the offline basemap data (the shell a board
 * needs to open offline); pages are kept per person at run time (lib/collab/offline-pages.ts).
 */
import { createSerwistRoute } from "@serwist/turbopack";

export const { dynamic, dynamicParams, revalidate, generateStaticParams, GET } = createSerwistRoute({
  swSrc: "app/sw.ts",
  useNativeEsbuild: true,
  globPatterns: [".next/static/**/*.{js,css,woff2}", "public/map/countries-50m.json", "public/map/mali-regions.geojson"],
  maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
});
