import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { madeUpCsv } from "../scripts/made-up-acled";
import { freePort, startApp, stopProcess } from "../test/support/processes";
import type { Locator, Page } from "@playwright/test";
import Papa from "papaparse";
import { BoardPage } from "./board-page";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import { fileURLToPath } from "node:url";
import { DOMParser } from "@xmldom/xmldom";
import { readKml } from "../lib/import/kml";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const SAMPLE = path.resolve(here, "../public/samples/made-up-acled-sample.csv");
const SAMPLE_ROWS = 36;
/** A KML file as Google Earth writes it: folders, styles, TimeStamp and TimeSpan, a line. */
const GOOGLE_EARTH_KML = path.resolve(here, "../lib/import/fixtures/google-earth.kml");
/** The sample's rows tagged JNIM; the other nine are tagged ISGS. */
const JNIM_ROWS = 27;

test("an import in one browser appears as pins and cards in another; a time window filters the list; a selected card shows its pins; a bulk regrade is one step for everyone, exported and undone", async ({ person }) => {
  const ana = await person("Ana");
  const ben = await person("Ben");
  const boardId = await ana.createBoard("Sahel import", "Is it shifting south?");
  await ana.invite(ben.email, "Editor");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);

  await ana.importFile(SAMPLE);
  await expect(ben.cards).toHaveCount(SAMPLE_ROWS);
  await expect(ben.map).toHaveAttribute("data-pin-count", String(SAMPLE_ROWS));
  await expect(ben.pins).toContainText("Djibo");
  await expect(ben.timeline.getByTestId("axis-lane")).toHaveCount(2);
  // Lanes by the events' own fields: two actors, four event types; the trend follows the lanes.
  const lanes = ben.timeline.getByLabel("Lanes");
  await lanes.selectOption("by event type");
  await expect(ben.timeline.getByTestId("axis-lane")).toHaveCount(4);
  await lanes.selectOption("by actor");
  await expect(ben.timeline.getByTestId("axis-lane")).toHaveCount(2);
  await ben.timeline.getByRole("button", { name: "Trend" }).click();
  await expect(ben.timeline.getByRole("list", { name: "Trend per actor" })).toContainText("JNIM: Group for Support of Islam and Muslims n = 27 events");
  await expect(ben.timeline.getByRole("list", { name: "Trend per actor" })).toContainText("Islamic State (Sahel) n = 9 events");
  // The chart's figures as a table, for people who cannot see the chart: a row per plotted point
  // (an event counts once for each of its actors drawn).
  await ben.timeline.getByRole("button", { name: "Show as table" }).click();
  const trendTable = ben.timeline.getByRole("table", { name: /Latitude \(° north\) per event/ });
  const plotted = Number((await ben.timeline.getByTestId("trend-chart").getByText(/^\d+ events$/).textContent())!.split(" ")[0]);
  expect(plotted).toBeGreaterThanOrEqual(27 + 9);
  await expect(trendTable.getByRole("row")).toHaveCount(1 + plotted);
  await expect(trendTable.getByRole("cell", { name: "Islamic State (Sahel)", exact: true })).toHaveCount(9);
  await expect(trendTable.getByRole("columnheader")).toHaveText(["Date", "Card", "Actor", "Latitude (° north)"]);
  await ben.timeline.getByRole("button", { name: "Trend" }).click();
  await lanes.selectOption("by tag");
  // The map filters by actor (the timeline's list with it): only the nine ISGS events stay bright.
  await ben.map.getByLabel("Filter by actor").selectOption("Islamic State (Sahel)");
  await expect(ben.map).toHaveAttribute("data-dimmed-count", String(JNIM_ROWS));
  await expect(ben.cards).toHaveCount(SAMPLE_ROWS - JNIM_ROWS);
  await ben.map.getByLabel("Filter by actor").selectOption("all actors");
  await expect(ben.map).toHaveAttribute("data-dimmed-count", "0");

  // A typed window: only 2019's seven cards stay in Ben's list.
  await ben.setTimeWindow("2019-01-01", "2019-12-31");
  await expect(ben.timeline.getByTestId("timeline-count")).toHaveText(`7 of ${SAMPLE_ROWS} cards`);
  await expect(ben.cards).toHaveCount(7);
  await expect(ben.map).toHaveAttribute("data-dimmed-count", String(SAMPLE_ROWS - 7));
  // Moving the window forward field by field: each field takes what is typed. A start after the
  // end moves the whole window there, as wide as it was; then the end narrows it to 2021.
  await ben.timeline.getByLabel("Window from").fill("2021-01-01");
  await expect(ben.timeline.getByLabel("Window from")).toHaveValue("2021-01-01");
  await expect(ben.timeline.getByLabel("Window to")).toHaveValue("2021-12-31");
  await ben.timeline.getByLabel("Window to").fill("2021-06-30");
  await expect(ben.timeline.getByLabel("Window from")).toHaveValue("2021-01-01");
  await expect(ben.timeline.getByLabel("Window to")).toHaveValue("2021-06-30");
  await expect(ben.timeline.getByTestId("window-words")).toHaveText("1 Jan – 30 Jun 2021");
  // The fields read dates as cards do, never as a browser's mm/dd/yyyy: a month ends the window on its last day.
  await ben.timeline.getByLabel("Window to").fill("May 2021");
  await ben.timeline.getByLabel("Window to").press("Enter");
  await expect(ben.timeline.getByLabel("Window to")).toHaveValue("2021-05-31");
  await expect(ben.timeline.getByTestId("window-words")).toHaveText("1 Jan – 31 May 2021");
  await ben.timeline.getByLabel("Window to").fill("31/13/2021");
  await ben.timeline.getByLabel("Window to").press("Enter");
  await expect(ben.timeline.getByLabel("Window to")).toHaveAttribute("aria-invalid", "true");
  await expect(ben.timeline.getByText("Not a date: try 2019-02-01 or 1 Feb 2019")).toBeVisible();
  await ben.timeline.getByLabel("Window to").fill("2021-06-30");
  await expect(ben.timeline.getByLabel("Window to")).not.toHaveAttribute("aria-invalid");
  await expect(ben.card("in Djibo")).toHaveCount(0);
  await expect(ben.timeline.getByTestId("timeline-count")).toHaveText(new RegExp(`^\\d+ of ${SAMPLE_ROWS} cards$`));
  await ben.timeline.getByRole("button", { name: "All dates" }).click();
  await expect(ben.map).toHaveAttribute("data-dimmed-count", "0");
  await expect(ben.cards).toHaveCount(SAMPLE_ROWS);

  // A brushed window: dragging across the left half of the strip keeps only the earlier cards.
  const brush = ben.timeline.getByTestId("time-brush");
  const box = (await brush.boundingBox())!;
  await ben.page.mouse.move(box.x + 2, box.y + box.height / 2);
  await ben.page.mouse.down();
  await ben.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 5 });
  await ben.page.mouse.up();
  await expect(ben.timeline.getByTestId("timeline-count")).toHaveText(new RegExp(`^\\d+ of ${SAMPLE_ROWS} cards$`));
  const shown = await ben.cards.count();
  expect(shown).toBeGreaterThan(0);
  expect(shown).toBeLessThan(SAMPLE_ROWS);
  // The map fades the pins of every card outside the window (each sample row has its own pin).
  await expect(ben.map).toHaveAttribute("data-dimmed-count", String(SAMPLE_ROWS - shown));
  await expect(ben.card("in Fada N'gourma")).toHaveCount(0);
  await ben.timeline.getByRole("button", { name: "All dates" }).click();

  // Selecting a card shows the pin it is linked to, and its mark on the axis is pressed.
  const djibo = await ben.selectCard("in Djibo");
  // The row's event type, actor and fatalities are the card's own fields, shown in one line.
  await expect(djibo.getByTestId("card-event")).toHaveText("Remote explosive/landmine/IED · Islamic State (Sahel) · 12 fatalities");
  // Selected in the selection colour, never in the red that reads as an error.
  await expect(djibo).toHaveCSS("border-top-color", "rgb(28, 93, 153)");
  const linked = djibo.getByRole("list", { name: "Linked pins" }).getByRole("listitem");
  await expect(linked).toHaveCount(1);
  await expect(linked).toContainText("Djibo");
  await expect(ben.timeline.getByRole("button", { name: /25 Apr 2019: .* in Djibo/ })).toHaveAttribute("aria-pressed", "true");
  // …and the map highlights its pin.
  await expect(ben.pins.locator('[data-highlighted="true"]')).toHaveCount(1);
  await expect(ben.pins.locator('[data-highlighted="true"]')).toContainText("Djibo");

  // Linking another pin to it shows in Ana's browser too.
  await djibo.getByLabel("Link a pin").selectOption({ label: "Kaya" });
  await expect(ana.card("in Djibo").getByRole("list", { name: "Linked pins" })).toContainText("Kaya");
  // "Pick a pin on the map" is answered by the pins list under the map as well.
  await djibo.getByRole("button", { name: "Pick a pin on the map" }).click();
  await ben.pins.getByRole("button", { name: /Ansongo/ }).click();
  await expect(djibo.getByRole("list", { name: "Linked pins" })).toContainText("Ansongo");
  await expect(djibo).toHaveAttribute("data-selected", "true");
  await expect(ana.card("in Djibo").getByRole("list", { name: "Linked pins" })).toContainText("Ansongo");

  // With the list scrolled to its end, Import opens where the person can see it.
  await ben.cards.last().scrollIntoViewIfNeeded();
  await ben.timeline.getByRole("button", { name: "Import" }).click();
  const dialog = ben.page.getByRole("dialog", { name: "Import events" });
  await expect(dialog).toBeInViewport({ ratio: 0.5 });
  await expectNoAxeViolations(ben.page, "the Import dialog", { include: '[role="dialog"][aria-label="Import events"]' });
  await dialog.getByRole("button", { name: "Close import" }).click();

  // Ben regrades every JNIM card to B2 in one step: the tag filter keeps them, and "select all in
  // the filter" selects them. Ana sees B2 on each of them, and only on them.
  const tagged = (who: BoardPage, tag: string) => who.cards.filter({ has: who.page.getByRole("list", { name: "Tags" }).getByText(tag, { exact: true }) });
  const graded = (cards: Locator, grade: string) => cards.locator("abbr").filter({ hasText: new RegExp(`^${grade}$`) });
  await ben.timeline.getByLabel("Filter by tag").selectOption("JNIM");
  await expect(ben.cards).toHaveCount(JNIM_ROWS);
  await expect(ben.timeline.getByTestId("timeline-count")).toHaveText(`${JNIM_ROWS} of ${SAMPLE_ROWS} cards`);
  // The map follows the same filter: the ISGS rows' pins fade, and its legend says why.
  await expect(ben.map).toHaveAttribute("data-dimmed-count", String(SAMPLE_ROWS - JNIM_ROWS));
  await expect(ben.map.getByTestId("window-legend")).toContainText(`Filter tag JNIM: ${JNIM_ROWS} of ${SAMPLE_ROWS} pins in view`);
  await expect(ben.map.getByLabel("Filter by tag")).toHaveValue("JNIM");
  // A Shift-click selects a range of cards; Escape clears the selection.
  await ben.cards.nth(0).getByRole("heading").getByRole("button").click();
  await ben.cards.nth(2).getByRole("heading").getByRole("button").click({ modifiers: ["Shift"] });
  const bulk = ben.timeline.getByRole("toolbar", { name: "Bulk edit" });
  await expect(bulk.getByTestId("bulk-count")).toHaveText("3 cards selected");
  await ben.page.keyboard.press("Escape");
  await expect(bulk).toHaveCount(0);
  await ben.timeline.getByRole("button", { name: `Select all ${JNIM_ROWS} in the filter` }).click();
  await expect(bulk.getByTestId("bulk-count")).toHaveText(`${JNIM_ROWS} cards selected`);
  await bulk.getByLabel("Bulk reliability").selectOption("B");
  await bulk.getByLabel("Bulk credibility").selectOption("2");
  await bulk.getByRole("button", { name: "Set grade" }).click();
  await expect(ben.page.getByTestId("timeline-toast")).toContainText(`Regraded ${JNIM_ROWS} cards to B2`);
  await expect(graded(tagged(ana, "JNIM"), "B2")).toHaveCount(JNIM_ROWS);
  await expect(graded(ana.cards, "B2")).toHaveCount(JNIM_ROWS);
  await expect(graded(tagged(ana, "ISGS"), "F6")).toHaveCount(SAMPLE_ROWS - JNIM_ROWS);
  // The bulk bar is Ben's alone: Ana selected nothing.
  await expect(ana.timeline.getByRole("toolbar", { name: "Bulk edit" })).toHaveCount(0);

  // The CSV export carries the new grades: every row, ACLED's columns and the board's own.
  const download = ben.page.waitForEvent("download");
  await ben.timeline.getByRole("button", { name: "Export", exact: true }).click();
  await ben.timeline.getByRole("button", { name: "Export CSV" }).click();
  const csv = Papa.parse<Record<string, string>>(fs.readFileSync((await (await download).path())!, "utf8"), { header: true, skipEmptyLines: true });
  expect(csv.errors).toEqual([]);
  expect(csv.meta.fields).toEqual(expect.arrayContaining(["event_id_cnty", "event_date", "latitude", "longitude", "location", "tags", "title", "grade"]));
  // A row per card and linked pin: the Djibo card, linked above to Kaya and Ansongo too, is three.
  expect(csv.data).toHaveLength(SAMPLE_ROWS + 2);
  const sampleIds = Papa.parse<Record<string, string>>(fs.readFileSync(SAMPLE, "utf8"), { header: true, skipEmptyLines: true }).data.map((row) => row.event_id_cnty);
  expect(new Set(csv.data.map((row) => row.event_id_cnty))).toEqual(new Set(sampleIds));
  expect(csv.data.filter((row) => row.event_id_cnty === "BFA9013").map((row) => [row.location, row.grade])).toEqual([
    ["Djibo", "F6"],
    ["Kaya", "F6"],
    ["Ansongo", "F6"],
  ]);
  expect(csv.data.filter((row) => row.tags === "JNIM").map((row) => row.grade)).toEqual(Array(JNIM_ROWS).fill("B2"));
  expect(csv.data.filter((row) => row.tags === "ISGS").map((row) => row.grade)).toEqual(Array(SAMPLE_ROWS - JNIM_ROWS + 2).fill("F6"));

  // One Undo by Ben takes every card back to F6, for Ana too.
  await ben.page.getByTestId("timeline-toast").getByRole("button", { name: "Undo" }).click();
  await expect(graded(ana.cards, "B2")).toHaveCount(0);
  await expect(graded(tagged(ana, "JNIM"), "F6")).toHaveCount(JNIM_ROWS);
});

test("a card is created with a fuzzy date, edited (event details included), deleted and restored with undo; errors are shown next to their field", async ({ person }) => {
  const ana = await person("Ana");
  const ben = await person("Ben");
  const boardId = await ana.createBoard("Evidence", "What happened at Koulikoro?");
  await ana.invite(ben.email, "Editor");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);

  await ana.timeline.getByRole("button", { name: "New card" }).click();
  const form = ana.timeline.getByRole("form", { name: "Add a card" });
  await form.getByLabel("Card date").fill("sometime in spring");
  await form.getByLabel("Source URL").fill("not a url");
  await form.getByRole("button", { name: "Add card" }).click();
  await expect(form.getByLabel("Card date")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toContainText("cannot read this date");
  // The error is next to the field and the field has the focus.
  await expect(form.getByLabel("Card date")).toBeFocused();

  // A day-first numeric date, the norm in francophone reporting: the form says how it reads it and
  // what else it could mean; the board's setting turns it around for everyone.
  await form.getByLabel("Card date").fill("03/04/2019");
  await expect(form.getByTestId("date-reading")).toHaveText("Read as 3 Apr 2019 — day first on this board; could also be 4 Mar 2019");
  await form.getByLabel("Numeric dates on this board").selectOption("month-first");
  await expect(form.getByTestId("date-reading")).toHaveText("Read as 4 Mar 2019 — month first on this board; could also be 3 Apr 2019");
  await form.getByLabel("Numeric dates on this board").selectOption("day-first");
  await form.getByLabel("Card date").fill("28/03/2019");
  await expect(form.getByTestId("date-reading")).toHaveText("Read as 28 Mar 2019");
  await form.getByLabel("Card date").fill("first week of April 2019");
  await expect(form.getByTestId("date-reading")).toHaveText("Read as c. 1–7 Apr 2019");

  await form.getByLabel("Card date").fill("late February 2019");
  await form.getByRole("button", { name: "Add card" }).click();
  await expect(form.getByLabel("Card title")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByLabel("Source URL")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByRole("alert")).toHaveCount(2);

  await form.getByLabel("Card title").fill("Assault on the EUTM camp");
  await form.getByLabel("Source URL").fill("https://example.org/report");
  await form.getByLabel("Source reliability").selectOption("B");
  await form.getByLabel("Information credibility").selectOption("2");
  await form.getByLabel("Card tags").fill("JNIM, attack");
  await form.getByRole("button", { name: "Add card" }).click();
  const card = ben.card("Assault on the EUTM camp");
  await expect(card.locator("time")).toHaveText("c. 21–28 Feb 2019");
  await expect(card.getByTitle("Source usually reliable; information probably true")).toHaveText("B2");

  await ana.selectCard("Assault on the EUTM camp");
  await ana.card("Assault on the EUTM camp").getByRole("button", { name: "Edit" }).click();
  const edit = ana.timeline.getByRole("form", { name: "Edit card" });
  await edit.getByLabel("Card date").fill("24 Feb 2019");
  // Event details: a fatality count that is not one is named next to its field, nothing is saved.
  await edit.getByText("Event details").click();
  await edit.getByLabel("Event type", { exact: true }).fill("Battles");
  await edit.getByLabel("Actor 1", { exact: true }).fill("JNIM");
  await edit.getByLabel("Actor 2", { exact: true }).fill("EUTM");
  await edit.getByLabel("Fatalities", { exact: true }).fill("several");
  await edit.getByRole("button", { name: "Save card" }).click();
  await expect(edit.getByLabel("Fatalities", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(edit.getByRole("alert")).toHaveText("a whole number of 0 or more, or empty when unknown");
  await expect(card.locator("time")).toHaveText("c. 21–28 Feb 2019");
  await edit.getByLabel("Fatalities", { exact: true }).fill("4");
  await edit.getByRole("button", { name: "Save card" }).click();
  await expect(card.locator("time")).toHaveText("24 Feb 2019");
  await expect(card.getByTestId("card-event")).toHaveText("Battles · JNIM vs EUTM · 4 fatalities");

  await ana.selectCard("Assault on the EUTM camp");
  await ana.card("Assault on the EUTM camp").getByRole("button", { name: "Delete" }).click();
  await expect(ben.cards).toHaveCount(0);
  await ana.page.getByTestId("timeline-toast").getByRole("button", { name: "Undo" }).click();
  await expect(card.locator("time")).toHaveText("24 Feb 2019");
  await expect(ben.cards).toHaveCount(1);
});

test("a 5,000-row file imports with a progress bar and the board keeps responding", async ({ person }, testInfo) => {
  // Thousands of pins drawn by software WebGL on a shared CPU: this one needs more than the default minute.
  test.setTimeout(180_000);
  const csv = testInfo.outputPath("made-up-5000.csv");
  fs.writeFileSync(csv, madeUpCsv(5000));
  const ana = await person("Ana");
  await ana.createBoard("Large import", "Does a big file hold up?");

  const started = Date.now();
  await ana.importFile(csv, "valid rows");
  testInfo.annotations.push({ type: "5,000-row import in the browser", description: `${((Date.now() - started) / 1000).toFixed(1)} s from choosing the file to the board showing it` });
  await expect(ana.timeline.getByTestId("timeline-count")).toHaveText("5000 cards");
  await expect(ana.map).toHaveAttribute("data-pin-count", "5000");
  await ana.write("Still responsive after a large import.");
  await ana.expectSaved();
});

test("a 1,500-row file with 6 KB notes (over 8 MB) imports in parts and is saved: a reload shows every row", async ({ person }, testInfo) => {
  test.setTimeout(240_000);
  const csv = testInfo.outputPath("made-up-1500-long-notes.csv");
  fs.writeFileSync(csv, madeUpCsv(1500, 6000));
  expect(fs.statSync(csv).size).toBeGreaterThan(8 * 1024 * 1024);
  const ana = await person("Ana");
  // Every socket of the page from the start: the board room's and the review room's (which opens
  // once the device's copy of it is open, so it may come after the board has loaded).
  const sockets: string[] = [];
  ana.page.on("websocket", (ws) => sockets.push(new URL(ws.url()).pathname));
  const boardId = await ana.createBoard("Long notes", "Does a big file hold up?");

  // The toast comes only once the server has saved the last part of the import.
  await ana.importFile(csv, "valid rows");
  await expect(ana.timeline.getByTestId("timeline-count")).toHaveText("1500 cards");
  await ana.expectSaved();
  // One socket per room: the import never made the tab reconnect.
  expect(sockets.filter((socket) => socket === `/collab/${boardId}`)).toHaveLength(1);
  expect(new Set(sockets).size).toBe(sockets.length);

  await ana.open(boardId);
  await expect(ana.timeline.getByTestId("timeline-count")).toHaveText("1500 cards");
  await expect(ana.map).toHaveAttribute("data-pin-count", "1500");
});

test("an import made offline (over 1.5 MB) is kept on the device and sent in parts once the network is back: saved, and a reload shows every row", async ({ person }, testInfo) => {
  test.setTimeout(180_000);
  const csv = testInfo.outputPath("made-up-300-long-notes.csv");
  fs.writeFileSync(csv, madeUpCsv(300, 6000));
  expect(fs.statSync(csv).size).toBeGreaterThan(1.5 * 1024 * 1024);
  const ana = await person("Ana");
  const boardId = await ana.createBoard("Imported offline", "Does a big offline change hold up?");
  await ana.expectSaved();

  await ana.page.context().setOffline(true);
  await expect(ana.saveState).toHaveText(/^Offline/);
  await ana.timeline.getByRole("button", { name: "Import" }).click();
  const dialog = ana.page.getByRole("dialog", { name: "Import events" });
  await dialog.getByLabel("File to import").setInputFiles(csv);
  await expect(dialog.getByTestId("import-report")).toContainText("300 rows ready to import");
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(ana.timeline.getByTestId("timeline-count")).toHaveText("300 cards");
  await expect(ana.saveState).toHaveText(/^Offline — [\d,]+ changes on this device$/);
  // Not saved yet, so not reported as imported.
  await expect(ana.page.getByTestId("timeline-toast")).toHaveCount(0);

  // Back online, the whole offline change (one sync, far over the 512 KiB an update may hold) goes
  // in parts: the import's toast comes once the server has saved its last part, never a refusal.
  await ana.page.context().setOffline(false);
  await expect(ana.page.getByTestId("timeline-toast")).toContainText("Imported 300 events");
  await ana.expectSaved();
  await expect(ana.page.getByText(/Not saved — /)).toHaveCount(0);

  await ana.open(boardId);
  await expect(ana.timeline.getByTestId("timeline-count")).toHaveText("300 cards");
  await expect(ana.map).toHaveAttribute("data-pin-count", "300");
});

test("a change the server refuses is reported once, the tab does not reconnect in a loop, and later edits are saved", async ({ person }) => {
  const ana = await person("Ana");
  const boardId = await ana.createBoard("Refused change", "What if a change is too large?");
  await ana.write("Saved before the refusal.");
  await ana.expectSaved();
  const boardSockets: string[] = [];
  ana.page.on("websocket", (ws) => {
    if (new URL(ws.url()).pathname === `/collab/${boardId}`) boardSockets.push(ws.url());
  });

  // One pasted text of 600,000 characters: a single Yjs item over the 512 KiB an update may hold.
  await ana.editor.click();
  await ana.page.keyboard.press("ControlOrMeta+End");
  await ana.editor.evaluate((editor) => {
    const data = new DataTransfer();
    data.setData("text/plain", "x".repeat(600_000));
    editor.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(ana.saveState).toHaveText(/^Not saved — This change is too large to save at once \(\d+ KiB, at most 512 KiB\)$/);
  await expect(ana.page.getByText(/Not saved — /)).toHaveCount(1);
  // The refused text was taken back; what was saved before is still there.
  await expect(ana.editor).toContainText("Saved before the refusal.");
  await expect(ana.editor).not.toContainText("xxxxxxxxxx");

  await ana.write("Written after the refusal.");
  await ana.expectSaved();
  // One new connection with a fresh document, not a loop of them.
  expect(boardSockets).toHaveLength(1);
  // The board's copy on this device was written anew from the fresh document: the refused text
  // is not kept there to come back (and be refused again) on the next load.
  await expect.poll(() => bytesKeptOnDevice(ana.page, boardId)).toBeGreaterThan(0);
  expect(await bytesKeptOnDevice(ana.page, boardId)).toBeLessThan(100_000);

  await ana.open(boardId);
  await expect(ana.editor).toContainText("Written after the refusal.");
  await expect(ana.editor).toContainText("Saved before the refusal.");
  await expect(ana.editor).not.toContainText("xxxxxxxxxx");
  await ana.expectSaved();
  expect(await bytesKeptOnDevice(ana.page, boardId)).toBeLessThan(100_000);
});

/** Bytes of the board's copy on this device (every update y-indexeddb stored for it); 0 when there is none. */
async function bytesKeptOnDevice(page: Page, boardId: string): Promise<number> {
  return page.evaluate(async (room) => {
    const names = (await indexedDB.databases()).map(({ name }) => name ?? "").filter((name) => name.endsWith(`:${room}`));
    let bytes = 0;
    for (const name of names) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const updates = await new Promise<Uint8Array[]>((resolve, reject) => {
        const request = db.transaction("updates").objectStore("updates").getAll();
        request.onsuccess = () => resolve(request.result as Uint8Array[]);
        request.onerror = () => reject(request.error);
      });
      db.close();
      for (const update of updates) bytes += update.byteLength;
    }
    return bytes;
  }, boardId);
}

test("an import the server refuses part-way (the board fills up) is taken back whole; the reason is shown once and later edits are saved", async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  // An app whose boards hold at most 2 MiB; this 500-row file with 6 KB notes needs about 3.3 MiB.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-full-"));
  const port = await freePort();
  const app = await startApp(port, { DATA_DIR: dataDir, BOARD_MAX_BYTES: String(2 * 1024 * 1024) });
  try {
    const csv = testInfo.outputPath("made-up-500-long-notes.csv");
    fs.writeFileSync(csv, madeUpCsv(500, 6000));
    const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
    const ana = new BoardPage(await context.newPage());
    await ana.signUp("Ana");
    const boardId = await ana.createBoard("Filling up", "What if the board is full?");
    await ana.write("Written before the import.");
    await ana.expectSaved();

    // The browser checks the board's limits before writing (the next test): here it is not told
    // them, as when another person fills the board meanwhile, so only the server can refuse.
    await ana.page.route("**/api/boards/*/ticket", async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      delete body.limits;
      await route.fulfill({ response, json: body });
    });
    await ana.page.reload();
    await ana.waitUntilLoaded();
    const boardSockets: string[] = [];
    ana.page.on("websocket", (ws) => {
      if (new URL(ws.url()).pathname === `/collab/${boardId}`) boardSockets.push(ws.url());
    });

    await ana.timeline.getByRole("button", { name: "Import" }).click();
    const dialog = ana.page.getByRole("dialog", { name: "Import events" });
    await dialog.getByLabel("File to import").setInputFiles(csv);
    await expect(dialog.getByTestId("import-report")).toContainText("500 rows ready to import");
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await expect(dialog.getByRole("alert")).toHaveText(/^Nothing imported: This board is full: [\d.]+ (KiB|MiB) of 2\.0 MiB stored; this change needs \d+ KiB more\.$/);
    await expect(ana.saveState).toHaveText(/^Not saved — This board is full: /);
    await expect(ana.page.getByText(/Not saved — /)).toHaveCount(1);
    // What the server had accepted of the import is taken back: no card, no pin.
    await expect(ana.timeline.getByTestId("timeline-count")).toHaveText("0 cards");
    await expect(ana.map).toHaveAttribute("data-pin-count", "0");
    await expect(ana.page.getByTestId("timeline-toast")).toHaveCount(0);

    await ana.write("Written after the refusal.");
    await ana.expectSaved();
    expect(boardSockets).toHaveLength(1);

    await ana.open(boardId);
    await expect(ana.timeline.getByTestId("timeline-count")).toHaveText("0 cards");
    await expect(ana.editor).toContainText("Written before the import.");
    await expect(ana.editor).toContainText("Written after the refusal.");
    await context.close();
  } finally {
    await stopProcess(app, "SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("an import that would take the board past its limits is refused before anything is written", async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-full-"));
  const port = await freePort();
  const app = await startApp(port, { DATA_DIR: dataDir, BOARD_MAX_ITEMS: "5000" });
  try {
    const csv = testInfo.outputPath("made-up-300.csv");
    fs.writeFileSync(csv, madeUpCsv(300));
    const context = await browser.newContext({ baseURL: `http://localhost:${port}` });
    const ana = new BoardPage(await context.newPage());
    await ana.signUp("Ana");
    await ana.createBoard("Small board", "How many items fit?");
    const sent: number[] = [];
    ana.page.on("websocket", (ws) => ws.on("framesent", (frame) => sent.push(typeof frame.payload === "string" ? frame.payload.length : frame.payload.byteLength)));

    await ana.timeline.getByRole("button", { name: "Import" }).click();
    const dialog = ana.page.getByRole("dialog", { name: "Import events" });
    await dialog.getByLabel("File to import").setInputFiles(csv);
    await expect(dialog.getByTestId("import-report")).toContainText("300 rows ready to import");
    await dialog.getByRole("button", { name: "Import", exact: true }).click();
    await expect(dialog.getByRole("alert")).toHaveText(/^Nothing imported\. This board is full: it holds [\d,]+ of 5,000 items, and this import adds [\d,]+\.$/);
    await expect(ana.timeline.getByTestId("timeline-count")).toHaveText("0 cards");
    await ana.expectSaved();
    // Nothing of the import went to the server: no message larger than a presence update.
    expect(Math.max(0, ...sent)).toBeLessThan(2_000);
    await context.close();
  } finally {
    await stopProcess(app, "SIGTERM");
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a Google Earth KML imports as pins and dated cards with its line refused; the board's KML and STIX downloads read back", async ({ person }) => {
  const ana = await person("Ana");
  const ben = await person("Ben");
  const boardId = await ana.createBoard("Central Mali", "Is JNIM shifting south?");
  await ana.invite(ben.email, "Editor");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);

  await ana.timeline.getByRole("button", { name: "Import" }).click();
  const dialog = ana.page.getByRole("dialog", { name: "Import events" });
  await dialog.getByLabel("File to import").setInputFiles(GOOGLE_EARTH_KML);
  const report = dialog.getByTestId("import-report");
  await expect(report).toContainText("7 placemarks (1 area) ready to import, 1 refused.");
  const refused = dialog.getByRole("list", { name: "Refused placemarks" }).getByRole("listitem");
  await expect(refused).toHaveText([/^Placemark 4: "Rumoured raid": its TimeStamp "last week" is not/]);
  // Every placemark must be valid: nothing is written.
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Nothing imported: 1 placemark was refused, so nothing was imported.");
  await dialog.getByLabel("Import the valid placemarks").check();
  await dialog.getByRole("button", { name: "Import", exact: true }).click();
  await expect(ana.page.getByTestId("timeline-toast")).toContainText("Imported 7 placemarks");

  await expect(ben.cards).toHaveCount(4);
  await expect(ben.map).toHaveAttribute("data-pin-count", "6");
  await expect(ben.card("Attack on Boulkessi camp")).toContainText("Armed men attacked the military camp at dawn.");

  const kmlDownload = ana.page.waitForEvent("download");
  await ana.timeline.getByRole("button", { name: "Export", exact: true }).click();
  await ana.timeline.getByRole("button", { name: "Export KML" }).click();
  const kml = fs.readFileSync(await (await kmlDownload).path(), "utf8");
  const read = await readKml(kml, { parser: new DOMParser() });
  expect(read.rejected).toEqual([]);
  expect(read.accepted.filter((entry) => entry.item.area).map((entry) => entry.item.area?.title)).toEqual(["Route nationale 16"]);
  expect(read.accepted.filter((entry) => entry.item.pin).map((entry) => entry.item.pin?.title).sort()).toEqual([
    "Ambush near Dinangourou",
    "Attack on Boulkessi camp",
    "Attack on Boulkessi camp",
    "Fighting around Mondoro",
    "Fighting around Mondoro",
    "Katiba Macina",
    "Mopti",
    "Sévaré market fire",
    "Ambush near Dinangourou",
    "Sévaré market fire",
  ].sort());
  expect(read.accepted.filter((entry) => entry.item.card).map((entry) => entry.item.card?.when)).toContainEqual({ start: "2020-02-14", end: "2020-03-31", precision: "day" });

  const stixDownload = ana.page.waitForEvent("download");
  await ana.timeline.getByRole("button", { name: "Export", exact: true }).click();
  await ana.timeline.getByRole("button", { name: "Export STIX" }).click();
  const bundle = JSON.parse(fs.readFileSync(await (await stixDownload).path(), "utf8"));
  expect(bundle.type).toBe("bundle");
  const types = (bundle.objects as Array<{ type: string }>).map((item) => item.type);
  expect(types.filter((type) => type === "location")).toHaveLength(6);
  expect(types.filter((type) => type === "note")).toHaveLength(4);
  expect(bundle.objects.find((item: { type: string }) => item.type === "report")).toMatchObject({ name: "Central Mali", description: "Is JNIM shifting south?" });
  expect(bundle.objects.find((item: { type: string }) => item.type === "identity")).toMatchObject({ name: "Ana" });
});
