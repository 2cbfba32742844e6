/**
 * Scale. Scaled out: two app instances on different ports, one PostgreSQL database, Redis between
 * them, a person in a browser on each; what one does appears at the other (runs when
 * TEST_DATABASE_URL and TEST_REDIS_URL are set, as `.ci/run` does). Scaled up: a board of
 * thousands of events, where the time window must still drive the map and every card stay
 * reachable, and many events at one place.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { freePort, startApp, stopProcess, type StartedProcess } from "../test/support/processes";
import { createTestSchema, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema } from "../test/support/services";
import { madeUpEvents } from "../scripts/made-up-events";
import { eventsCsv } from "../scripts/made-up-acled";
import { BoardPage } from "./board-page";
import { test as boardTest } from "./fixtures";

async function personOn(browser: Browser, baseURL: string, name: string): Promise<BoardPage> {
  const context = await browser.newContext({ baseURL });
  const person = new BoardPage(await context.newPage());
  await person.signUp(name);
  return person;
}

test.describe("two instances behind one database and Redis", () => {
  test.skip(!TEST_DATABASE_URL || !TEST_REDIS_URL, "needs TEST_DATABASE_URL and TEST_REDIS_URL");

  let schema: TestSchema;
  const children: StartedProcess[] = [];
  const ports: number[] = [];
  const dataDirs: string[] = [];

  test.beforeAll(async () => {
    schema = await createTestSchema(TEST_DATABASE_URL!);
    const env = {
      DATABASE_URL: schema.url,
      REDIS_URL: TEST_REDIS_URL!,
      REDIS_PREFIX: `sbe2e:${randomBytes(6).toString("hex")}:`,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      ports.push(port);
      // Each instance has its own data directory; what they share is PostgreSQL and Redis.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-scale-"));
      dataDirs.push(dataDir);
      children.push(await startApp(port, { DATA_DIR: dataDir, SEED_DEMO: "false", ...env }));
    }
  });

  test.afterAll(async () => {
    for (const child of children) await stopProcess(child, "SIGTERM");
    for (const dataDir of dataDirs) fs.rmSync(dataDir, { recursive: true, force: true });
    await schema?.drop();
  });

  test("a person on each instance sees the other's edits and presence live", async ({ browser }) => {
    const ana = await personOn(browser, `http://localhost:${ports[0]}`, "Ana");
    const ben = await personOn(browser, `http://localhost:${ports[1]}`, "Ben");

    const boardId = await ana.createBoard("Two instances", "Does it scale?");
    await ana.invite(ben.email, "Editor");
    await ana.page.keyboard.press("Escape");
    await ben.open(boardId);
    await expect(ana.page.getByTestId("present-user")).toHaveCount(2);

    await ana.addPinByClick("Pin made on the first instance");
    await expect(ben.pins).toContainText("Pin made on the first instance");
    await ben.write("Sentence written on the second instance.");
    await expect(ana.editor).toContainText("Sentence written on the second instance.");
    await ana.expectSaved();
    await ben.expectSaved();

    await ana.page.context().close();
    await ben.page.context().close();
  });
});

/** The counts of every pin, stack and cluster the map draws (its `data-mark-counts` hook). */
async function drawnCounts(person: BoardPage): Promise<number[]> {
  const counts = (await person.map.getAttribute("data-mark-counts")) ?? "";
  return counts === "" ? [] : counts.split(" ").map(Number);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

boardTest.describe("a board of thousands of events", () => {
  const EVENTS = 2000;
  const events = madeUpEvents(EVENTS);

  boardTest("the time window drives the map's clusters, and Play stops at the last event", async ({ person }, testInfo) => {
    // Thousands of pins drawn by software WebGL on a shared CPU.
    boardTest.setTimeout(240_000);
    const csv = testInfo.outputPath("events.csv");
    fs.writeFileSync(csv, eventsCsv(events));
    const ana = await person("Ana");
    await ana.createBoard("Sahel at scale", "Is it shifting south?");
    await ana.importFile(csv);
    await expect(ana.timeline.getByTestId("timeline-count")).toHaveText(`${EVENTS} cards`);
    await expect(ana.map).toHaveAttribute("data-pin-count", String(EVENTS));

    // Every card is reachable in the list: by keyboard from the first card to the last, and by scrolling.
    const list = ana.timeline.getByTestId("card-list");
    await expect(list).toHaveAttribute("data-card-total", String(EVENTS));
    const lastTitle = events.at(-1)!.card.title;
    await expect(ana.card(lastTitle)).toHaveCount(0); // not drawn until it is in view
    await ana.cards.first().getByRole("heading").getByRole("button").focus();
    await ana.page.keyboard.press("End");
    await expect(ana.card(lastTitle).getByRole("button", { name: lastTitle })).toBeFocused();
    await ana.page.keyboard.press("Home");
    await expect(ana.card(events[0].card.title).getByRole("button", { name: events[0].card.title })).toBeFocused();
    await expect(ana.card(lastTitle)).toHaveCount(0);
    await list.hover();
    await expect(async () => {
      await ana.page.mouse.wheel(0, 20_000);
      await expect(ana.card(lastTitle)).toBeInViewport({ timeout: 500 });
    }).toPass();

    // Two windows: the clusters are made of the pins in each, and their counts add up to its events.
    const seen: number[][] = [];
    for (const [from, to] of [
      ["2016-01-01", "2016-12-31"],
      ["2023-01-01", "2023-12-31"],
    ]) {
      await ana.setTimeWindow(from, to);
      const count = ana.timeline.getByTestId("timeline-count");
      await expect(count).toHaveText(new RegExp(`^\\d+ of ${EVENTS} cards$`));
      const inWindow = Number((await count.textContent())!.split(" ")[0]);
      expect(inWindow).toBeGreaterThan(0);
      expect(inWindow).toBeLessThan(EVENTS);
      await expect(ana.map).toHaveAttribute("data-window-drawn", `${from}..${to}`);
      await expect(ana.map).toHaveAttribute("data-window-count", String(inWindow));
      await expect(ana.map.getByTestId("window-legend")).toContainText(`${inWindow.toLocaleString("en")} of ${EVENTS.toLocaleString("en")} pins in view`);
      const counts = await drawnCounts(ana);
      expect(counts.some((n) => n > 1), "some pins are grouped").toBe(true);
      expect(sum(counts)).toBe(inWindow);
      seen.push(counts);
    }
    expect(seen[0]).not.toEqual(seen[1]);

    // Pins outside the window can be hidden instead of drawn faint.
    await ana.map.getByLabel("Pins outside the window").selectOption("hidden");
    await expect(ana.map.getByLabel("Pins outside the window")).toHaveValue("hidden");

    // Play sweeps the window to the last event and stops there.
    await ana.timeline.getByRole("button", { name: "All dates" }).click();
    await expect(ana.map).toHaveAttribute("data-window-drawn", "all");
    await ana.timeline.getByRole("button", { name: "Play" }).click();
    await expect(ana.timeline.getByRole("button", { name: "Pause" })).toBeVisible();
    await expect(ana.timeline.getByRole("button", { name: "Play" })).toBeVisible({ timeout: 60_000 });
    const last = events.at(-1)!.card.when.start;
    await expect(ana.timeline.getByLabel("Window to")).toHaveValue(last);
    await expect(ana.map).toHaveAttribute("data-window-drawn", new RegExp(`\\.\\.${last}$`));
  });

  boardTest("six events at one place show 6, and open as a list", async ({ person }, testInfo) => {
    const timbuktu = { title: "Timbuktu", lng: -3.0074, lat: 16.7666 };
    const six = Array.from({ length: 6 }, (_, i) => ({
      pin: timbuktu,
      card: { title: `Clash ${i + 1} near the airport`, when: { start: `2023-0${i + 1}-15` } },
    }));
    const csv = testInfo.outputPath("timbuktu.csv");
    fs.writeFileSync(csv, eventsCsv(six));
    const ana = await person("Ana");
    await ana.createBoard("One town", "What happened in Timbuktu?");
    await ana.importFile(csv);
    await expect(ana.map).toHaveAttribute("data-pin-count", "6");
    await expect(ana.map).toHaveAttribute("data-mark-counts", "6");

    // Fitted to the board, the town is in the middle of the map; a click there lists its events.
    await ana.map.getByRole("button", { name: "Zoom to fit" }).click();
    await expect(ana.map).toHaveAttribute("data-map-idle", "true");
    const canvas = ana.map.locator("canvas");
    const box = (await canvas.boundingBox())!;
    await expect(async () => {
      await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
      await expect(ana.map.getByTestId("pin-stack")).toBeVisible({ timeout: 1000 });
    }).toPass();
    const stack = ana.map.getByTestId("pin-stack");
    await expect(stack).toContainText("6 pins at Timbuktu");
    await expect(stack.getByRole("button")).toHaveCount(7); // six events and Close
    await stack.getByRole("button", { name: /Clash 4 near the airport/ }).click();
    await expect(ana.pinPanel.getByLabel("Title")).toHaveValue("Timbuktu");
  });
});
