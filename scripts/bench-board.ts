/**
 * `npm run bench:board`: how a board of 10,000 events behaves in headless Chromium against the
 * production build, beside an empty board and the demo board in the same run. Prints:
 *
 * - load: navigation until the header says "Saved", and until the map is idle with every pin;
 * - the page's JavaScript heap after load (after a garbage collection);
 * - narrative keydown-to-paint p50/p90 on the empty board and on the 10,000-event board;
 * - time-window change until the map has drawn the window's pins (`data-window-drawn`);
 * - Play: windows drawn per second while the window sweeps the evidence, and where it stopped.
 *
 * It creates a throwaway data directory holding the boards (owned by the demo account), serves it
 * on a free port and removes everything afterwards. `BENCH_EVENTS` changes the number of events,
 * `BENCH_KEYS` the number of keystrokes measured per board. A measurement, not a test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { importEvidence } from "@/lib/board/model";
import { DEMO_ACCOUNT } from "@/lib/board/seed";
import { openDatabase } from "@/lib/db";
import { ensureDemoBoard } from "@/server/app";
import { freePort, startApp, stopProcess } from "../test/support/processes";
import { buildIfNeeded } from "./build-if-needed";
import { madeUpEvents } from "./made-up-events";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 60);

interface Boards {
  demo: string;
  empty: string;
  big: string;
}

async function createBoards(dataDir: string): Promise<Boards> {
  const database = await openDatabase({ dataDir });
  try {
    await ensureDemoBoard(database);
    const owner = await database.users.findByEmail(DEMO_ACCOUNT.email);
    if (!owner) throw new Error("the demo account was not created");
    const demo = (await database.boards.list())[0];
    const empty = await database.createBoard({ title: "Empty board", question: "How fast is typing here?" }, owner.id);
    const events = madeUpEvents(EVENTS);
    const big = await database.createBoard({ title: `${EVENTS} events`, question: "Is it shifting south?" }, owner.id, (doc) => {
      // Imported in chunks, as the import dialog does for a large file.
      for (let i = 0; i < events.length; i += 1000) importEvidence(doc, events.slice(i, i + 1000), "bench");
    });
    return { demo: demo.id, empty: empty.id, big: big.id };
  } finally {
    await database.close();
  }
}

/**
 * Page scripts as strings: tsx compiles functions with a helper (`__name`) that does not exist in
 * the page, so functions passed to `evaluate` must not contain named inner functions.
 */
const LOADED = `(pins) => {
  const save = document.querySelector('[data-testid="save-state"]');
  const pane = document.querySelector('[data-testid="map-pane"]');
  const now = performance.now();
  if (save && save.textContent === "Saved" && !window.benchSaved) window.benchSaved = now;
  const idle = pane && pane.dataset.pinCount === String(pins) && pane.dataset.basemapReady === "true" && pane.dataset.mapIdle === "true";
  if (idle && !window.benchIdle) window.benchIdle = now;
  return window.benchSaved && window.benchIdle ? [window.benchSaved, window.benchIdle] : false;
}`;

/** Milliseconds from navigation to "Saved" and to the map idle with every pin drawn. */
async function load(page: Page, boardId: string, pins: number): Promise<{ saved: number; idle: number }> {
  console.log(`  loading /boards/${boardId} (${pins} pins)…`);
  await page.goto(`/boards/${boardId}`);
  const handle = await page.waitForFunction(`(${LOADED})(${pins})`, undefined, { polling: "raf", timeout: 300_000 }).catch(async (error: unknown) => {
    const shot = path.join(os.tmpdir(), "bench-board-load.png");
    await page.screenshot({ path: shot });
    const state = await page.evaluate(`JSON.stringify({ save: document.querySelector('[data-testid="save-state"]')?.textContent, ...document.querySelector('[data-testid="map-pane"]')?.dataset })`);
    throw new Error(`the board did not load: ${state} (screenshot ${shot})`, { cause: error });
  });
  const [saved, idle] = (await handle.jsonValue()) as [number, number];
  return { saved, idle };
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = (await cdp.send("Runtime.getHeapUsage")) as { usedSize: number };
  await cdp.detach();
  return usedSize / 1024 / 1024;
}

const RECORD_KEYS = `(() => {
  window.benchKeys = [];
  document.addEventListener("keydown", (event) => {
    const start = event.timeStamp;
    // The frame after the keystroke's work: a rAF runs before that paint, a task after it.
    requestAnimationFrame(() => setTimeout(() => window.benchKeys.push(performance.now() - start), 0));
  }, true);
})()`;

/** Types `KEYS` characters at the end of the narrative, one at a time, and returns each keydown-to-paint. */
async function typing(page: Page): Promise<number[]> {
  console.log(`  typing ${KEYS} keys…`);
  const editor = page.locator('[data-testid="narrative-pane"] .ProseMirror');
  await editor.click();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.press("Enter");
  await page.evaluate(RECORD_KEYS);
  const text = "the armed groups moved south along the river in the dry season ";
  for (let i = 0; i < KEYS; i++) {
    await page.keyboard.press(text[i % text.length] === " " ? "Space" : text[i % text.length]);
    await page.waitForTimeout(60);
  }
  await page.waitForFunction(`window.benchKeys.length >= ${KEYS}`);
  return (await page.evaluate("window.benchKeys")) as number[];
}

/** Sets the window through the timeline's date fields and waits until the map has drawn it; returns ms. */
const SET_WINDOW = `async ([start, end]) => {
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  const from = document.querySelector('input[aria-label="Window from"]');
  const to = document.querySelector('input[aria-label="Window to"]');
  const pane = document.querySelector('[data-testid="map-pane"]');
  const began = performance.now();
  for (const [input, value] of [[from, start], [to, end]]) {
    setter.call(input, value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }
  const key = start + ".." + end;
  await new Promise((resolve, reject) => {
    const check = () => {
      if (pane.dataset.windowDrawn === key) return resolve(undefined);
      if (performance.now() - began > 60000) return reject(new Error("window " + key + " not drawn: " + JSON.stringify({ ...pane.dataset, from: from.value, to: to.value })));
      requestAnimationFrame(check);
    };
    check();
  });
  return performance.now() - began;
}`;

const RECORD_DRAWN = `(() => {
  const pane = document.querySelector('[data-testid="map-pane"]');
  window.benchDrawn = [];
  window.benchObserver = new MutationObserver(() => window.benchDrawn.push([performance.now(), pane.dataset.windowDrawn]));
  window.benchObserver.observe(pane, { attributes: true, attributeFilter: ["data-window-drawn"] });
})()`;

/** Plays the window across the evidence; returns the windows drawn per second and the last window. */
async function play(page: Page): Promise<{ fps: number; frames: number; seconds: number; last: string }> {
  console.log("  playing…");
  const playButton = page.getByRole("group", { name: "Time window" }).getByRole("button", { name: /^(Play|Pause)$/ });
  await page.evaluate(RECORD_DRAWN);
  await playButton.click();
  await page.waitForFunction(`document.querySelector('[aria-label="Time window"] button[aria-pressed]').getAttribute("aria-pressed") === "false"`, undefined, { timeout: 120_000 });
  await page.waitForTimeout(1000);
  const drawn = (await page.evaluate("(() => { window.benchObserver.disconnect(); return window.benchDrawn; })()")) as Array<[number, string]>;
  const distinct = drawn.filter(([, key], i) => i === 0 || key !== drawn[i - 1][1]);
  const seconds = (distinct.at(-1)![0] - distinct[0][0]) / 1000;
  return { fps: (distinct.length - 1) / seconds, frames: distinct.length, seconds, last: distinct.at(-1)![1] };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

const ms = (n: number) => `${Math.round(n)} ms`;

async function main(): Promise<void> {
  // Closing the database waits on its writer thread, which does not keep the process alive alone.
  const alive = setInterval(() => undefined, 60_000);
  buildIfNeeded();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-bench-"));
  console.log(`Creating a board of ${EVENTS} events…`);
  const boards = await createBoards(dataDir);
  const port = await freePort();
  const app = await startApp(port, { DATA_DIR: dataDir });
  const systemChromium = "/usr/bin/chromium";
  const browser = await chromium.launch({
    executablePath: fs.existsSync(systemChromium) ? systemChromium : undefined,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
  });
  try {
    // The measuring scripts are page-side strings, which the app's Content-Security-Policy would refuse.
    const page = await browser.newPage({ baseURL: `http://localhost:${port}`, viewport: { width: 1440, height: 900 }, bypassCSP: true });
    await page.goto("/signin");
    await page.getByLabel("Email").fill(DEMO_ACCOUNT.email);
    await page.getByLabel("Password").fill(DEMO_ACCOUNT.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");

    // A first visit warms the server's and the browser's caches for every board alike.
    await load(page, boards.demo, 6);

    const demoLoad = await load(page, boards.demo, 6);
    const demoHeap = await heapMb(page);
    const emptyLoad = await load(page, boards.empty, 0);
    const emptyHeap = await heapMb(page);
    const emptyKeys = await typing(page);
    const bigLoad = await load(page, boards.big, EVENTS);
    const bigHeap = await heapMb(page);
    const bigKeys = await typing(page);

    const windows: Array<[string, string]> = [
      ["2015-01-01", "2015-03-31"],
      ["2018-01-01", "2018-03-31"],
      ["2020-07-01", "2020-12-31"],
      ["2023-10-01", "2023-12-31"],
      ["2016-01-01", "2021-12-31"],
    ];
    console.log("  changing the time window…");
    const windowTimes: number[] = [];
    for (const window of windows) windowTimes.push((await page.evaluate(`(${SET_WINDOW})(${JSON.stringify(window)})`)) as number);
    await page.getByRole("button", { name: "All dates" }).click();
    const played = await play(page);
    const lastEvent = madeUpEvents(EVENTS).at(-1)!.card.when.start;

    const row = (name: string, value: string, note = "") => console.log(`${name.padEnd(44)} ${value.padStart(12)}   ${note}`);
    console.log(`\n${EVENTS} events, Chromium ${browser.version()} (software WebGL), viewport 1440×900, ${os.cpus().length} CPUs\n`);
    row("load → Saved: demo board (6 pins)", ms(demoLoad.saved));
    row("load → Saved: empty board", ms(emptyLoad.saved));
    row(`load → Saved: ${EVENTS} events`, ms(bigLoad.saved), `${(bigLoad.saved / demoLoad.saved).toFixed(2)}× the demo board`);
    row("load → map idle: demo board", ms(demoLoad.idle));
    row("load → map idle: empty board", ms(emptyLoad.idle));
    row(`load → map idle: ${EVENTS} events`, ms(bigLoad.idle), `${(bigLoad.idle / demoLoad.idle).toFixed(2)}× the demo board`);
    row("JS heap after load: demo board", `${demoHeap.toFixed(1)} MB`);
    row("JS heap after load: empty board", `${emptyHeap.toFixed(1)} MB`);
    row(`JS heap after load: ${EVENTS} events`, `${bigHeap.toFixed(1)} MB`);
    row("keydown → paint p50: empty board", ms(percentile(emptyKeys, 0.5)));
    row(`keydown → paint p50: ${EVENTS} events`, ms(percentile(bigKeys, 0.5)));
    row("keydown → paint p90: empty board", ms(percentile(emptyKeys, 0.9)));
    row(`keydown → paint p90: ${EVENTS} events`, ms(percentile(bigKeys, 0.9)), `${(percentile(bigKeys, 0.9) / percentile(emptyKeys, 0.9)).toFixed(2)}× the empty board`);
    row("window change → map drawn (median of 5)", ms(percentile(windowTimes, 0.5)), `max ${ms(Math.max(...windowTimes))}`);
    row("Play: windows drawn per second", played.fps.toFixed(1), `${played.frames} windows in ${played.seconds.toFixed(1)} s`);
    row("Play: last window drawn", played.last, `last event ${lastEvent}`);
  } finally {
    await browser.close();
    await stopProcess(app, "SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
    clearInterval(alive);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
