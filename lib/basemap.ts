/**
 * The operator's own basemap: a PMTiles file (Protomaps' single-file tile archive) that this app
 * serves by range requests, and/or a style JSON at MAP_STYLE_URL. The file is looked for on every
 * request (one `stat`), so one dropped into DATA_DIR shows on the next page load, no restart.
 */
import fs from "node:fs";
import path from "node:path";
import type { Env } from "./env";

/** Where the app serves the PMTiles file. Under /api/: only signed-in people's pages ask for it. */
export const BASEMAP_PMTILES_PATH = "/api/map/basemap.pmtiles";

/** The name a PMTiles basemap has in DATA_DIR when MAP_PMTILES does not name another file. */
export const BASEMAP_FILE_NAME = "basemap.pmtiles";

/** What a board page tells its map about the basemaps configured here; plain data for the client. */
export interface BasemapConfig {
  /** The URL of the PMTiles file, versioned by its size and date; null when there is no file. */
  pmtiles: string | null;
  /** MAP_STYLE_URL: a maplibre style of the operator's; null when unset. */
  styleUrl: string | null;
}

export interface BasemapFile {
  path: string;
  size: number;
  mtimeMs: number;
}

/** The PMTiles file as it is now, or null when there is none (or it is not a readable file). */
export function findBasemapFile(env: Pick<Env, "MAP_PMTILES" | "dataDir">): BasemapFile | null {
  const file = env.MAP_PMTILES ? path.resolve(env.MAP_PMTILES) : path.join(env.dataDir, BASEMAP_FILE_NAME);
  try {
    const stat = fs.statSync(file);
    return stat.isFile() && stat.size > 0 ? { path: file, size: stat.size, mtimeMs: stat.mtimeMs } : null;
  } catch {
    return null;
  }
}

export function basemapConfig(env: Pick<Env, "MAP_PMTILES" | "MAP_STYLE_URL" | "dataDir">): BasemapConfig {
  const file = findBasemapFile(env);
  // The version makes a replaced file a new URL, so no reader mixes pieces of the old and the new.
  const version = file ? `${file.size.toString(36)}-${Math.floor(file.mtimeMs).toString(36)}` : null;
  return {
    pmtiles: version ? `${BASEMAP_PMTILES_PATH}?v=${version}` : null,
    styleUrl: env.MAP_STYLE_URL ?? null,
  };
}
