/**
 * `npm run bench:offline`: what a 10,000-pin board costs on the device, in headless Chromium
 * against the production build. Prints the size of the board's local copy (IndexedDB rows and
 * bytes) after the first load and after 20 reloads without edits (it must not grow per load), and
 * the time to open the board with the network off (service worker page, local copy, every pin drawn)
 * next to the time to open it online.
 *
 * It creates a throwaway data directory holding a board of 10,000 pins and an editor of it, serves
 * it on a free port, and removes everything afterwards. `BENCH_PINS` and `BENCH_RELOADS` change
 * the sizes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { addPin } from "@/lib/board/model";
import { newId } from "@/lib/ids";
import { openDatabase } from "@/lib/db";
import { freePort, startApp, stopProcess } from "../test/support/processes";
import { buildIfNeeded } from "./build-if-needed";

const PINS = Number(process.env.BENCH_PINS ?? 10_000);
const RELOADS = Number(process.env.BENCH_RELOADS ?? 20);
const KINDS = ["event", "place", "actor"] as const;
const EDITOR = { email: "bench-editor@example.com", password: "bench editor password" };

async function createBenchBoard(dataDir: string): Promise<string> {
  const database = await openDatabase({ dataDir });
  try {
    const editor = await database.users.create({ id: newId(), email: EDITOR.email, name: "Bench editor", passwordHash: await hashPassword(EDITOR.password) });
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    const board = await database.createBoard({ title: `${PINS} pins`, question: "What does it cost offline?" }, editor.id, (doc) => {
      doc.transact(() => {
        for (let i = 0; i < PINS; i++) {
          addPin(doc, { lng: -20 + random() * 35, lat: 8 + random() * 17, title: `Event ${i + 1}`, kind: KINDS[i % 3], geoPrecision: "exact" }, "bench");
        }
      });
    });
    return board.id;
  } finally {
    await database.close();
  }
}

/**
 * Rows and bytes of the board's local copy. A string, not a function: tsx compiles functions with
 * a helper (`__name`) that does not exist in the page.
 */
const LOCAL_COPY_SIZE = (boardId: string) => `(async () => {
  const name = (await indexedDB.databases()).map((d) => d.name).find((n) => n && n.endsWith(":${boardId}"));
  if (!name) return { rows: 0, bytes: 0 };
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const rows = await new Promise((resolve, reject) => {
    const request = db.transaction("updates").objectStore("updates").getAll();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  db.close();
  return { rows: rows.length, bytes: rows.reduce((sum, row) => sum + row.byteLength, 0) };
})()`;

/** Opens the board and waits until every pin is drawn and the header says `state`; returns the milliseconds it took. */
async function openBoard(page: Page, boardId: string, state: RegExp): Promise<number> {
  const started = Date.now();
  await page.goto(`/boards/${boardId}`);
  await page.waitForSelector(`[data-testid="map-pane"][data-pin-count="${PINS}"]`, { timeout: 180_000 });
  await page.getByTestId("save-state").filter({ hasText: state }).waitFor({ timeout: 180_000 });
  return Date.now() - started;
}

/** Waits until the local copy stops changing (its writes are asynchronous). */
async function settledSize(page: Page, boardId: string): Promise<{ rows: number; bytes: number }> {
  let last = JSON.stringify(await page.evaluate(LOCAL_COPY_SIZE(boardId)));
  for (;;) {
    await page.waitForTimeout(1_500);
    const now = JSON.stringify(await page.evaluate(LOCAL_COPY_SIZE(boardId)));
    if (now === last) return JSON.parse(now) as { rows: number; bytes: number };
    last = now;
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

async function main(): Promise<void> {
  buildIfNeeded();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-bench-"));
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-bench-profile-"));
  const boardId = await createBenchBoard(dataDir);
  const port = await freePort();
  const app = await startApp(port, { DATA_DIR: dataDir });
  const systemChromium = "/usr/bin/chromium";
  const context = await chromium.launchPersistentContext(profile, {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1440, height: 900 },
    executablePath: fs.existsSync(systemChromium) ? systemChromium : undefined,
    args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto("/signin");
    await page.getByLabel("Email").fill(EDITOR.email);
    await page.getByLabel("Password").fill(EDITOR.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((url) => url.pathname === "/");

    const firstOpen = await openBoard(page, boardId, /^Saved$/);
    const first = await settledSize(page, boardId);
    const online: number[] = [];
    for (let i = 0; i < RELOADS; i++) online.push(await openBoard(page, boardId, /^Saved$/));
    const reloaded = await settledSize(page, boardId);

    await context.setOffline(true);
    const offline: number[] = [];
    for (let i = 0; i < 3; i++) offline.push(await openBoard(page, boardId, /^Offline/));
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

    console.log(`\n${PINS} pins, Chromium ${context.browser()?.version() ?? ""} (persistent profile)\n`);
    console.log(`local copy after the first load     ${String(first.rows).padStart(4)} rows  ${kib(first.bytes).padStart(10)}`);
    console.log(`local copy after ${String(RELOADS).padEnd(2)} more reloads     ${String(reloaded.rows).padStart(4)} rows  ${kib(reloaded.bytes).padStart(10)}`);
    console.log(`open online, first time             ${`${firstOpen} ms`.padStart(16)}`);
    console.log(`open online, reload (median)        ${`${median(online)} ms`.padStart(16)}`);
    console.log(`open offline (median of 3)          ${`${median(offline)} ms`.padStart(16)}`);
  } finally {
    await context.close();
    await stopProcess(app, "SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
