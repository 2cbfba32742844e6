/**
 * `npm run bench:map`: how the map copes with 10,000 pins, and with 200 areas and routes on top,
 * in headless Chromium against the production build. Prints the time until the map is idle with
 * everything drawn, and the median and 95th-percentile frame time while a person pans, with pins
 * grouped into clusters and not.
 *
 * It creates a throwaway data directory holding two boards of 10,000 pins spread over the Sahel
 * (the second with 200 areas and routes as well) and a viewer of them, serves it on a free port,
 * and removes everything afterwards. `BENCH_PINS` and `BENCH_AREAS` change the numbers.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { addArea, addPin } from "@/lib/board/model";
import type { AreaGeometry } from "@/lib/board/schema";
import type * as Y from "yjs";
import { newId } from "@/lib/ids";
import { DEMO_ACCOUNT } from "@/lib/board/seed";
import { openDatabase } from "@/lib/db";
import { ensureDemoBoard } from "@/server/app";
import { freePort, startApp, stopProcess } from "../test/support/processes";
import { buildIfNeeded } from "./build-if-needed";

const PINS = Number(process.env.BENCH_PINS ?? 10_000);
const AREAS = Number(process.env.BENCH_AREAS ?? 200);
const KINDS = ["event", "place", "actor"] as const;
const VIEWER = { email: "bench-viewer@example.com", password: "bench viewer password" };

/** Deterministic numbers in [0, 1), so runs compare. */
function randomFrom(seed: number): () => number {
  return () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
}

/** `PINS` pins: a grid jittered over 20°W–15°E, 8–25°N. */
function addBenchPins(doc: Y.Doc): void {
  const random = randomFrom(1);
  for (let i = 0; i < PINS; i++) {
    const lng = -20 + random() * 35;
    const lat = 8 + random() * 17;
    addPin(doc, { lng, lat, title: `Event ${i + 1}`, kind: KINDS[i % 3], geoPrecision: i % 10 === 0 ? "near" : "exact" }, "bench");
  }
}

/**
 * `AREAS` areas and routes over the same ground: three in four hand-drawn-looking polygons of
 * 8–40 corners (0.3°–1.5° across), one in four lines of 6–30 points, half of them front lines.
 */
function addBenchAreas(doc: Y.Doc): void {
  const random = randomFrom(7);
  for (let i = 0; i < AREAS; i++) {
    const lng = -18 + random() * 31;
    const lat = 9 + random() * 15;
    let geometry: AreaGeometry;
    if (i % 4 !== 3) {
      const corners = 8 + Math.floor(random() * 33);
      const radius = 0.3 + random() * 1.2;
      const ring: [number, number][] = [];
      for (let c = 0; c < corners; c++) {
        const angle = (c / corners) * 2 * Math.PI;
        const r = radius * (0.7 + random() * 0.3);
        ring.push([lng + r * Math.cos(angle), lat + r * Math.sin(angle)]);
      }
      geometry = { type: "Polygon", coordinates: [[...ring, ring[0]]] };
    } else {
      const points = 6 + Math.floor(random() * 25);
      const line: [number, number][] = [[lng, lat]];
      for (let p = 1; p < points; p++) {
        const [x, y] = line[p - 1];
        line.push([Math.max(-179, Math.min(179, x + 0.1 + random() * 0.3)), Math.max(-89, Math.min(89, y + (random() - 0.5) * 0.4))]);
      }
      geometry = { type: "LineString", coordinates: line };
    }
    const polygon = geometry.type === "Polygon";
    const kind = polygon ? (i % 2 === 0 ? "operation" : "control") : i % 8 === 3 ? "route" : "front";
    addArea(doc, { title: `${polygon ? "Area" : "Route"} ${i + 1}`, kind, geometry }, "bench");
  }
}

/** The demo board, a board of `PINS` pins, and one with `AREAS` areas and routes on the same pins. */
async function createBenchBoards(dataDir: string): Promise<{ bench: string; withAreas: string; demo: string }> {
  const database = await openDatabase({ dataDir });
  try {
    await ensureDemoBoard(database);
    const owner = await database.users.findByEmail(DEMO_ACCOUNT.email);
    if (!owner) throw new Error("the demo account was not created");
    const board = await database.createBoard({ title: `${PINS} pins`, question: "How does the map cope?" }, owner.id, (doc) => {
      doc.transact(() => addBenchPins(doc));
    });
    const withAreas = await database.createBoard({ title: `${PINS} pins, ${AREAS} areas`, question: "And with areas?" }, owner.id, (doc) => {
      doc.transact(() => {
        addBenchPins(doc);
        addBenchAreas(doc);
      });
    });
    // A viewer pans by dragging anywhere; an editor's drag could land on a pin and move it.
    const viewer = await database.users.create({ id: newId(), email: VIEWER.email, name: "Bench viewer", passwordHash: await hashPassword(VIEWER.password) });
    const demo = (await database.boards.list()).find((b) => b.id !== board.id && b.id !== withAreas.id)!;
    for (const id of [board.id, withAreas.id, demo.id]) await database.members.set(id, viewer.id, "viewer");
    return { bench: board.id, withAreas: withAreas.id, demo: demo.id };
  } finally {
    await database.close();
  }
}

/** Milliseconds since `since` (a `performance.now()` in the page) until the map is idle with every pin and area. */
async function waitForIdle(page: Page, since: number, pins = PINS, areas = 0): Promise<number> {
  const handle = await page.waitForFunction(
    ({ pins, areas, since }) => {
      const pane = document.querySelector<HTMLElement>('[data-testid="map-pane"]');
      const drawn = pane?.dataset.areasDrawn ?? "";
      const ready =
        pane?.dataset.pinCount === String(pins) &&
        (drawn === "" ? 0 : drawn.split(" ").length) === areas &&
        pane.dataset.basemapReady === "true" &&
        pane.dataset.mapIdle === "true";
      return ready ? performance.now() - since : false;
    },
    { pins, areas, since },
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

    await page.goto(`/boards/${boards.withAreas}`);
    const areasIdle = await waitForIdle(page, 0, PINS, AREAS);
    const areasFrames = await panFrames(page);
    const areasToggledAt = await page.evaluate(() => performance.now());
    await page.getByLabel("Group nearby pins").uncheck();
    await page.waitForSelector('[data-testid="map-pane"][data-map-idle="false"]', { timeout: 5_000 }).catch(() => undefined);
    const areasFlatIdle = await waitForIdle(page, areasToggledAt, PINS, AREAS);
    const areasFlatFrames = await panFrames(page);

    const row = (name: string, idle: number, frames: number[]) =>
      `${name.padEnd(24)} ${`${Math.round(idle)} ms`.padStart(9)}   ${percentile(frames, 0.5).toFixed(1).padStart(6)} ms   ${percentile(frames, 0.95).toFixed(1).padStart(6)} ms   ${String(frames.length).padStart(5)}`;
    console.log(`\n${PINS} pins (and ${AREAS} areas and routes), Chromium ${browser.version()} (software WebGL), viewport 1440×900\n`);
    console.log(`${"".padEnd(24)} ${"idle".padStart(9)}   ${"median".padStart(9)}   ${"p95".padStart(9)}   frames`);
    console.log(row("demo board, 6 pins", demoIdle, demoFrames));
    console.log(row("clustered (page load)", clusteredIdle, clusteredFrames));
    console.log(row("not clustered (toggle)", flatIdle, flatFrames));
    console.log(row(`+ ${AREAS} areas, clustered`, areasIdle, areasFrames));
    console.log(row(`+ ${AREAS} areas, not clustered`, areasFlatIdle, areasFlatFrames));
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
