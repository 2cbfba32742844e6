import { DEMO_ACCOUNT } from "../lib/board/seed";
import { expect, test } from "./fixtures";

test("a pin added, dragged, renamed and undone by one editor changes live for another", async ({ person }) => {
  const ana = await person("Ana");
  const ben = await person("Ben");
  const boardId = await ana.createBoard("Map together", "Are attacks moving south?");
  await ana.invite(ben.email, "Editor");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);

  await ana.addPinByClick("Checkpoint");
  await expect(ben.pins).toContainText("Checkpoint");
  await ben.selectPin("Checkpoint");
  const before = await ana.pinCoordinates().textContent();
  await expect(ben.pinCoordinates()).toHaveText(before!);

  // Ana's pointer is visible to Ben.
  await ana.pointAt({ x: 0.3, y: 0.3 });
  await expect(ben.map.getByTestId("peer-pointer").filter({ hasText: "Ana" })).toBeVisible();

  await ana.dragPin({ x: 0.5, y: 0.5 }, { x: 90, y: 50 });
  await expect(ana.pinCoordinates()).not.toHaveText(before!);
  const after = await ana.pinCoordinates().textContent();
  await expect(ben.pinCoordinates()).toHaveText(after!);

  await ana.renamePin("Checkpoint at the bridge");
  await expect(ben.pins).toContainText("Checkpoint at the bridge");
  await expect(ben.pinPanel.getByLabel("Title")).toHaveValue("Checkpoint at the bridge");

  // Undo takes back Ana's rename, then her drag, for everyone.
  await ana.map.getByRole("button", { name: "Undo map change" }).click();
  await expect(ben.pinPanel.getByLabel("Title")).toHaveValue("Checkpoint");
  await ana.map.getByRole("button", { name: "Undo map change" }).click();
  await expect(ben.pinCoordinates()).toHaveText(before!);
  await ana.map.getByRole("button", { name: "Redo map change" }).click();
  await expect(ben.pinCoordinates()).toHaveText(after!);
  await ana.expectSaved();
});

test("a deleted pin disappears for everyone and comes back with Undo", async ({ person }) => {
  const ana = await person("Awa");
  const ben = await person("Bakary");
  const boardId = await ana.createBoard("Deleting", "");
  await ana.invite(ben.email, "Editor");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);

  await ana.addPinByClick("Roadblock");
  await expect(ben.pins).toContainText("Roadblock");
  await ana.pinPanel.getByRole("button", { name: "Delete pin" }).click();
  await expect(ben.pins).not.toContainText("Roadblock");
  await ana.map.getByRole("status").getByRole("button", { name: "Undo" }).click();
  await expect(ben.pins).toContainText("Roadblock");
  await ana.expectSaved();
});

test("a viewer sees pins but cannot drag or edit them", async ({ person }) => {
  const owner = await person("Olga");
  const viewer = await person("Victor");
  const boardId = await owner.createBoard("Read only map", "");
  await owner.invite(viewer.email, "Viewer");
  await owner.page.keyboard.press("Escape");
  await owner.addPinByClick("Fixed point");
  const where = await owner.pinCoordinates().textContent();

  await viewer.open(boardId);
  await expect(viewer.pins).toContainText("Fixed point");
  await viewer.dragPin({ x: 0.5, y: 0.5 }, { x: 90, y: 50 }, "pointer");
  await viewer.selectPin("Fixed point");
  await expect(viewer.pinCoordinates()).toHaveText(where!);
  await expect(viewer.pinPanel.getByLabel("Title")).not.toBeEditable();
  await expect(viewer.pinPanel.getByLabel("Kind")).toBeDisabled();
  await expect(viewer.pinPanel.getByRole("button", { name: "Delete pin" })).toHaveCount(0);
  await expect(viewer.map.getByRole("button", { name: "Undo map change" })).toHaveCount(0);
  await expect(owner.pinCoordinates()).toHaveText(where!);
});

test("a place found by name becomes a pin, and a link opens the map at the view it names", async ({ person }) => {
  const ana = await person("Amadou");
  const boardId = await ana.createBoard("Search", "");
  await ana.addPinBySearch("Kidal", "Kidal, Kidal, Mali");
  await expect(ana.pins).toContainText("Kidal");
  await expect(ana.pinCoordinates()).toHaveText("18.4430, 1.4090");

  await ana.page.goto(`/boards/${boardId}?view=1.409,18.443,8`);
  await ana.waitUntilLoaded();
  await expect(ana.map).toHaveAttribute("data-view", "1.40900,18.44300,8.00");
  await ana.map.getByRole("button", { name: "Zoom to fit" }).click();
  await expect(ana.map).not.toHaveAttribute("data-view", "1.40900,18.44300,8.00");
});

test("the demo board's map shows countries, Mali's regions and labelled pins by kind", async ({ person }) => {
  const reader = await person("Demo", { email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password });
  await reader.page.goto("/");
  await reader.page.getByRole("link", { name: /JNIM in Mali/ }).click();
  await reader.waitUntilLoaded();
  await expect(reader.map).toHaveAttribute("data-basemap-ready", "true");
  await expect(reader.map.getByTestId("map-legend")).toContainText("Event");
  await expect(reader.map).toHaveAttribute("data-map-idle", "true");
  await reader.map.screenshot({ path: "test-results/e2e/map.png" });
  await reader.page.screenshot({ path: "test-results/e2e/board.png" });
});
