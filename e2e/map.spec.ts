import { expect, test } from "./fixtures";

test("a pin added, dragged, renamed, deleted and undone by one editor changes live for another; a viewer sees it all but cannot move or edit a pin", async ({ person }) => {
  const ana = await person("Ana");
  const ben = await person("Ben");
  const victor = await person("Victor");
  const boardId = await ana.createBoard("Map together", "Are attacks moving south?");
  await ana.invite(ben.email, "Editor");
  await ana.invite(victor.email, "Viewer");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);

  await ana.addPinByClick("Checkpoint");
  await expect(ben.pins).toContainText("Checkpoint");
  await ben.selectPin("Checkpoint");
  const before = await ana.pinCoordinates().textContent();
  await expect(ben.pinCoordinates()).toHaveText(before!);

  // Ana's pointer is visible to Ben.
  await ana.pointAt({ x: 0.42, y: 0.42 });
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

  // A pin in the middle of the map again, for the viewer to try to move.
  await ana.addPinByClick("Roadblock");
  await ana.selectPin("Roadblock");
  const where = await ana.pinCoordinates().textContent();
  // Victor opens the link to what Ana sees, so the pin is in the middle of his map too.
  await victor.page.goto(`/boards/${boardId}?view=${await ana.map.getAttribute("data-view")}`);
  await victor.waitUntilLoaded();
  await expect(victor.pins).toContainText("Roadblock");
  await victor.dragPin({ x: 0.5, y: 0.5 }, { x: 90, y: 50 }, "pointer");
  await victor.selectPin("Roadblock");
  await expect(victor.pinCoordinates()).toHaveText(where!);
  await expect(victor.pinPanel.getByLabel("Title")).not.toBeEditable();
  await expect(victor.pinPanel.getByLabel("Kind")).toBeDisabled();
  await expect(victor.pinPanel.getByRole("button", { name: "Delete pin" })).toHaveCount(0);
  await expect(victor.map.getByRole("button", { name: "Undo map change" })).toHaveCount(0);
  await expect(ana.pinCoordinates()).toHaveText(where!);

  // A deleted pin disappears for everyone and comes back with Undo.
  await ana.pinPanel.getByRole("button", { name: "Delete pin" }).click();
  await expect(ben.pins).not.toContainText("Roadblock");
  await expect(victor.pins).not.toContainText("Roadblock");
  await ana.map.getByRole("status").getByRole("button", { name: "Undo" }).click();
  await expect(ben.pins).toContainText("Roadblock");
  await expect(victor.pins).toContainText("Roadblock");
  await ana.expectSaved();
});

test("a place found by name becomes a pin, and a link opens the map at the view it names", async ({ person }) => {
  const ana = await person("Amadou");
  const boardId = await ana.createBoard("Search", "");
  await ana.addPinBySearch("Kidal", "Kidal, Kidal, Mali");
  await expect(ana.pins).toContainText("Kidal");
  await expect(ana.pinCoordinates()).toHaveText("18.4430, 1.4090");
  await expect(ana.pinPanel.getByLabel("Kind")).toHaveValue("place");

  // The Gao near the board's pin comes first, and the keyboard alone chooses it.
  const search = ana.placeSearch();
  await search.fill("Gao");
  await expect(ana.placesFound().getByRole("option").first()).toHaveText(/^Gao, Gao, Mali/);
  await expect(search).toHaveAttribute("aria-expanded", "true");
  await search.press("Enter");
  await expect(search).toHaveValue("Gao");
  await search.press("ArrowDown");
  const highlighted = ana.placesFound().getByRole("option", { selected: true });
  await expect(highlighted).toHaveText(/^Gao, Gao, Mali/);
  await expect(search).toHaveAttribute("aria-activedescendant", (await highlighted.getAttribute("id"))!);
  await expect(search).toBeFocused();
  await search.press("Enter");
  await ana.page.getByRole("button", { name: "Add pin" }).click();
  await expect(ana.pinPanel.getByLabel("Title")).toHaveValue("Gao");
  await expect(ana.pinCoordinates()).toHaveText("16.2720, -0.0450");
  await expect(ana.pinPanel.getByLabel("Kind")).toHaveValue("place");

  // The name the map prints for the region finds the town by its other name; Escape closes the list.
  await search.fill("Tombouctou");
  await expect(ana.placesFound().getByRole("option").first()).toHaveText("Timbuktu, Tombouctou, Mali (also called Tombouctou)");
  await search.press("Escape");
  await expect(search).toHaveAttribute("aria-expanded", "false");
  await expect(ana.pins).not.toContainText("Timbuktu");

  await ana.page.goto(`/boards/${boardId}?view=1.409,18.443,8`);
  await ana.waitUntilLoaded();
  await expect(ana.map).toHaveAttribute("data-view", "1.40900,18.44300,8.00");
  await ana.map.getByRole("button", { name: "Zoom to fit" }).click();
  await expect(ana.map).not.toHaveAttribute("data-view", "1.40900,18.44300,8.00");
});
