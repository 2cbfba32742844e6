/**
 * Builds the Next app when there is no build yet or a source changed since the last one.
 * Used by `npm start` and by the end-to-end tests.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const SOURCES = ["app", "components", "lib", "public", "next.config.ts", "package-lock.json", "tsconfig.json"];

function newestChange(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs
    .readdirSync(entry)
    .filter((name) => !name.endsWith(".test.ts"))
    .reduce((newest, name) => Math.max(newest, newestChange(path.join(entry, name))), stat.mtimeMs);
}

function needsBuild(): boolean {
  const built = fs.statSync(path.join(root, ".next", "BUILD_ID"), { throwIfNoEntry: false });
  if (!built) return true;
  return SOURCES.some((source) => newestChange(path.join(root, source)) > built.mtimeMs);
}

/** Runs `next build` if needed; throws when the build fails. */
export function buildIfNeeded(): void {
  if (!needsBuild()) return;
  console.log("Building the app (first start or sources changed)…");
  const next = require.resolve("next/dist/bin/next", { paths: [root] });
  const result = spawnSync(process.execPath, [next, "build"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`next build failed with exit code ${result.status}`);
}
