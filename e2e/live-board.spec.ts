import { DEMO_ACCOUNT } from "../lib/board/seed";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";

test("two people see each other's pin, card and sentence live, and all of it survives reload and restart", async ({ person, app }) => {
  // Two maps drawn in software, a reload and a server restart: minutes on a busy two-core machine.
  test.setTimeout(240_000);
  const ana = await person("Ana");
  const ben = await person("Ben");

  const boardId = await ana.createBoard("Sahel watch", "Are attacks moving south?");
  await ana.invite(ben.email, "Editor");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);
  await expect(ana.page.getByTestId("present-user")).toHaveCount(2);

  await ana.addPinByClick("Checkpoint near Ségou");
  await expect(ben.pins).toContainText("Checkpoint near Ségou");
  await expect(ben.map).toHaveAttribute("data-pin-count", "1");

  await ben.addCard({ title: "Convoy ambushed", date: "2019-03-02", source: "Local radio" });
  await expect(ana.cards.filter({ hasText: "Convoy ambushed" })).toBeVisible();

  await ana.write("Attacks are moving closer to the capital.");
  await expect(ben.editor).toContainText("Attacks are moving closer to the capital.");

  await ana.expectSaved();
  await ben.expectSaved();

  await ben.page.reload();
  await ben.waitUntilLoaded();
  await expect(ben.pins).toContainText("Checkpoint near Ségou");
  await expect(ben.cards.filter({ hasText: "Convoy ambushed" })).toBeVisible();
  await expect(ben.editor).toContainText("Attacks are moving closer to the capital.");

  await app.restart("SIGKILL");
  for (const someone of [ana, ben]) {
    await someone.page.reload();
    await someone.waitUntilLoaded();
    await expect(someone.pins).toContainText("Checkpoint near Ségou");
    await expect(someone.cards.filter({ hasText: "Convoy ambushed" })).toBeVisible();
    await expect(someone.editor).toContainText("Attacks are moving closer to the capital.");
  }
});

test("an edit made while the server is down is kept locally and saved once it is back", async ({ person, app }) => {
  const ana = await person("Ana");
  const boardId = await ana.createBoard("Offline edits", "");
  await app.stop("SIGKILL");
  await expect(ana.saveState).toHaveText("Offline — no unsaved changes");
  await ana.write("Written while the server was down.");
  await expect(ana.saveState).toHaveText(/^Offline — \d+ changes on this device$/);
  await app.start();
  await ana.expectSaved();
  await ana.page.reload();
  await ana.waitUntilLoaded();
  await expect(ana.editor).toContainText("Written while the server was down.");
  expect(ana.page.url()).toContain(boardId);
});

test("the demo board shows the report's pins, cards and narrative, and its map countries, Mali's regions and labelled pins by kind", async ({ person }) => {
  const reader = await person("Demo", { email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password });
  await reader.page.goto("/");
  await reader.page.getByRole("link", { name: /JNIM in Mali/ }).click();
  await reader.waitUntilLoaded();
  await expect(reader.map).toHaveAttribute("data-pin-count", "6");
  for (const place of ["Koulikoro Training Centre (EUTM)", "Bamako", "Kidal", "Mopti region"]) {
    await expect(reader.pins).toContainText(place);
  }
  await expect(reader.cards).toHaveCount(6);
  await expect(reader.cards.first()).toContainText("Rise of ISGS");
  await expect(reader.editor.getByRole("heading", { level: 1 })).toHaveText("Is JNIM shifting south?");
  await expect(reader.editor.locator("span.claim").first()).toContainText("It is likely that JNIM is shifting");
  await expect(reader.map).toHaveAttribute("data-basemap-ready", "true");
  await expect(reader.map.getByTestId("map-legend")).toContainText("Event");
  await expect(reader.map).toHaveAttribute("data-map-idle", "true");
  await reader.map.screenshot({ path: "test-results/e2e/map.png" });
  // The whole board page, map pane included, on each of the narrative's tabs and the trend.
  await expectNoAxeViolations(reader.page, "the board page");
  await reader.narrative.getByRole("tab", { name: "Outline" }).click();
  await expectNoAxeViolations(reader.page, "the board page with the outline");
  await reader.timeline.getByRole("button", { name: "Trend" }).click();
  await expectNoAxeViolations(reader.page, "the board page with the trend");
  // A claim chosen (its cards lit on the timeline), then a pin chosen (its row marked in the list).
  await reader.narrative.getByRole("tab", { name: "Claims" }).click();
  await reader.narrative.getByTestId("claim-row").first().getByRole("button").first().click();
  await expectNoAxeViolations(reader.page, "the board page with a claim chosen");
  await reader.pins.getByRole("button").first().click();
  await expectNoAxeViolations(reader.page, "the board page with a pin chosen");
  await reader.page.screenshot({ path: "test-results/e2e/demo-board.png" });
});
