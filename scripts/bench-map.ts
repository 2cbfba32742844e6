/**
 * `npm run bench:map`: how the map copes with 10,000 pins, in headless Chromium against the
 * production build. Prints the time until the map is idle with every pin drawn, and the median
 * and 95th-percentile frame time while a person pans, with pins grouped into clusters and not.
 *
 * It creates a throwaway data directory holding a board of 10,000 pins spread over the Sahel and
 * a viewer of it, serves it on a free port, and removes everything afterwards. `BENCH_PINS`
 * changes the number of pins.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { addPin } from "@/lib/board/model";
import { newId } from "@/lib/ids";
import { DEMO_ACCOUNT } from "@/lib/board/seed";
import { openDatabase } from "@/lib/db";
import { ensureDemoBoard } from "@/server/app";
import { freePort, startApp, stopProcess } from "../test/support/processes";
import { buildIfNeeded } from "./build-if-needed";

const PINS = Number(process.env.BENCH_PINS ?? 10_000);
const KINDS = ["event", "place", "actor"] as const;
const VIEWER = { email: "bench-viewer@example.com", password: "bench viewer password" };

/** A board of `PINS` pins, deterministic so runs compare: a grid jittered over 20°W–15°E, 8–25°N. */
async function createBenchBoards(dataDir: string): Promise<{ bench: string; demo: string }> {
  const database = await openDatabase({ dataDir });
  try {
    await ensureDemoBoard(database);
    const owner = await database.users.findByEmail(DEMO_ACCOUNT.email);
    if (!owner) throw new Error("the demo account was not created");
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const board = await database.createBoard({ title: `${PINS} pins`, question: "How does the map cope?" }, owner.id, (doc) => {
      doc.transact(() => {
        for (let i = 0; i < PINS; i++) {
          const lng = -20 + random() * 35;
          const lat = 8 + random() * 17;
          addPin(doc, { lng, lat, title: `Event ${i + 1}`, kind: KINDS[i % 3], geoPrecision: i % 10 === 0 ? "near" : "exact" }, "bench");
        }
      });
    });
    // A viewer pans by dragging anywhere; an editor's drag could land on a pin and move it.
    const viewer = await database.users.create({ id: newId(), email: VIEWER.email, name: "Bench viewer", passwordHash: await hashPassword(VIEWER.password) });
    const demo = (await database.boards.list()).find((b) => b.id !== board.id)!;
    for (const id of [board.id, demo.id]) await database.members.set(id, viewer.id, "viewer");
    return { bench: board.id, demo: demo.id };
  } finally {
    await database.close();
  }
}

/** Milliseconds since `since` (a `performance.now()` in the page) until the map is idle with every pin. */
async function waitForIdle(page: Page, since: number, pins = PINS): Promise<number> {
  const handle = await page.waitForFunction(
    ({ pins, since }) => {
      const pane = document.querySelector<HTMLElement>('[data-testid="map-pane"]');
      const ready =
        pane?.dataset.pinCount === String(pins) && pane.dataset.basemapReady === "true" && pane.dataset.mapIdle === "true";
      return ready ? performance.now() - since : false;
    },
    { pins, since },
    { polling: "raf", timeout: 180_000 },
  );
  return (await handle.jsonValue()) as number;
}

/**
 * Page scripts as strings: tsx compiles functions with a helper (`__name`) that does not exist in
 * the page, so functions passed to `evaluate` must not contain named inner functions.
 */
const RECORD_FRAMES = `(() => {
  window.benchFrames = [];
  window.benchStop = false;
  let last = performance.now();
  const tick = (now) => {
    window.benchFrames.push(now - last);
    last = now;
    if (!window.benchStop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;
const STOP_RECORDING = "(() => { window.benchStop = true; return window.benchFrames.slice(1); })()";

/** Drags the map back and forth for about two seconds and returns every frame's duration. */
async function panFrames(page: Page): Promise<number[]> {
  const box = (await page.locator("canvas.maplibregl-canvas").boundingBox())!;
  await page.evaluate(RECORD_FRAMES);
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (const dx of [-200, 200, -200, 200]) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + dx, cy + dx / 4, { steps: 30 });
    await page.mouse.up();
  }
  return page.evaluate(STOP_RECORDING) as Promise<number[]>;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

async function main(): Promise<void> {
  buildIfNeeded();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-bench-"));
  const boards = await createBenchBoards(dataDir);
  const port = await freePort();
  const app = await startApp(port, { DATA_DIR: dataDir });
  const systemChromium = "/usr/bin/chromium";
  const browser = await chromium.launch({
    executablePath: fs.existsSync(systemChromium) ? systemChromium : undefined,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
  });
  try {
    const page = await browser.newPage({ baseURL: `http://localhost:${port}`, viewport: { width: 1440, height: 900 } });
    await page.goto("/signin");
    await page.getByLabel("Email").fill(VIEWER.email);
    await page.getByLabel("Password").fill(VIEWER.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");

    await page.goto(`/boards/${boards.demo}`);
    const demoIdle = await waitForIdle(page, 0, 6);
    const demoFrames = await panFrames(page);

    await page.goto(`/boards/${boards.bench}`);
    const clusteredIdle = await waitForIdle(page, 0);
    const clusteredFrames = await panFrames(page);

    const toggledAt = await page.evaluate(() => performance.now());
    await page.getByLabel("Group nearby pins").uncheck();
    await page.waitForSelector('[data-testid="map-pane"][data-map-idle="false"]', { timeout: 5_000 }).catch(() => undefined);
    const flatIdle = await waitForIdle(page, toggledAt);
    const flatFrames = await panFrames(page);

    const row = (name: string, idle: number, frames: number[]) =>
      `${name.padEnd(24)} ${`${Math.round(idle)} ms`.padStart(9)}   ${percentile(frames, 0.5).toFixed(1).padStart(6)} ms   ${percentile(frames, 0.95).toFixed(1).padStart(6)} ms   ${String(frames.length).padStart(5)}`;
    console.log(`\n${PINS} pins, Chromium ${browser.version()} (software WebGL), viewport 1440×900\n`);
    console.log(`${"".padEnd(24)} ${"idle".padStart(9)}   ${"median".padStart(9)}   ${"p95".padStart(9)}   frames`);
    console.log(row("demo board, 6 pins", demoIdle, demoFrames));
    console.log(row("clustered (page load)", clusteredIdle, clusteredFrames));
    console.log(row("not clustered (toggle)", flatIdle, flatFrames));
  } finally {
    await browser.close();
    await stopProcess(app, "SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
