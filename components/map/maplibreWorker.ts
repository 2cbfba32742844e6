/**
 * The URL of maplibre-gl's web worker. maplibre derives it from its own `import.meta.url`, which
 * Next's bundler rewrites to a non-HTTP URL, so the map would fail with "Worker failed to load".
 * Naming the file here instead makes the bundler emit it as a hashed static asset of the same
 * package version: nothing to copy into `public/`, nothing to fall out of date on an upgrade.
 */
export const MAPLIBRE_WORKER_URL = new URL("maplibre-gl/dist/maplibre-gl-worker.mjs", import.meta.url).href;
