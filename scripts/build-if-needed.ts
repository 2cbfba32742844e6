/**
 * Builds the Next app when there is no build yet, a source changed since the last one, or a
 * `NEXT_PUBLIC_*` setting (inlined into the browser bundle at build time) differs from the one
 * the build was made with. Used by `npm start` and by the end-to-end tests.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const root = path.resolve(here, "..");
/**
 * Everything `next build` reads: the routes and the code they import (app/, components/, lib/),
 * static files, the route guard (proxy.ts), Next's and TypeScript's configuration, the
 * dependencies, and the .env files Next loads.
 */
const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "proxy.ts",
  "next.config.ts",
  "tsconfig.json",
  "package.json",
  "package-lock.json",
  ".env",
  ".env.production",
  ".env.local",
  ".env.production.local",
];
/** The public settings the last build was made with. */
const BUILD_ENV = path.join(root, ".next", "build-env.json");

/** The latest modification time (ms) of `entry` or of anything under it, tests aside; 0 when it does not exist. */
export function newestChange(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .filter((name) => !name.endsWith(".test.ts"))
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

/** The `NEXT_PUBLIC_*` variables of this process, in a stable order. */
function publicEnv(): string {
  const entries = Object.entries(process.env).filter(([name]) => name.startsWith("NEXT_PUBLIC_"));
  return JSON.stringify(Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b))));
}

function needsBuild(): boolean {
  const built = fs.statSync(path.join(root, ".next", "BUILD_ID"), { throwIfNoEntry: false });
  if (!built) return true;
  if (!fs.existsSync(BUILD_ENV) || fs.readFileSync(BUILD_ENV, "utf8") !== publicEnv()) return true;
  return SOURCES.some((source) => newestChange(path.join(root, source)) > built.mtimeMs);
}

/** Runs `next build` if needed; throws when the build fails. */
export function buildIfNeeded(): void {
  if (!needsBuild()) return;
  console.log("Building the app (first start, sources changed or NEXT_PUBLIC_* settings changed)…");
  const next = createRequire(import.meta.url).resolve("next/dist/bin/next", { paths: [root] });
  // Types are checked by `npm run typecheck` (the first step of `npm test`); the build the app
  // starts from skips Next's second pass over them, a minute on a small machine.
  const env = { ...process.env, BUILD_SKIP_TYPECHECK: "1" };
  const result = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
  fs.writeFileSync(BUILD_ENV, publicEnv());
}
