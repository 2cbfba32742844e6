import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";

test("an area drawn by the owner and dated 2018 shows for an editor in a 2018 window only, is reshaped by typing its corners and moved by the arrow keys, lights up for a card linked to it, comes back with Undo after a delete, and a route is drawn by keyboard alone", async ({ person }) => {
  const ana = await person("Aminata");
  const ben = await person("Boubacar");
  const boardId = await ana.createBoard("Areas of operation", "Where does the group operate?");
  await ana.invite(ben.email, "Editor");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);

  // Escape leaves drawing without adding anything.
  await ana.map.getByRole("button", { name: "Draw route" }).click();
  await expect(ana.map.getByTestId("draw-prompt")).toBeVisible();
  await ana.page.keyboard.press("Escape");
  await expect(ana.map.getByTestId("draw-prompt")).toHaveCount(0);

  // Three corners clicked on the map, then Finish (Enter on the map does the same).
  await ana.map.getByRole("button", { name: "Draw area" }).click();
  const canvas = ana.map.locator("canvas");
  const box = (await canvas.boundingBox())!;
  for (const [x, y] of [
    [0.4, 0.35],
    [0.6, 0.35],
    [0.5, 0.6],
  ]) {
    await canvas.click({ position: { x: box.width * x, y: box.height * y } });
  }
  await ana.map.getByTestId("draw-prompt").getByRole("button", { name: "Finish" }).click();

  // It opens in its panel under a default title; every field is typed and committed by keyboard.
  const panel = ana.page.getByTestId("area-panel");
  await expect(panel.getByLabel("Title")).toHaveValue("Area 1");
  await panel.getByLabel("Title").fill("Northern operations");
  await panel.getByLabel("Title").press("Enter");
  await expect(panel.getByLabel("Kind")).toHaveValue("operation");
  await panel.getByLabel("Valid from").fill("2018");
  await panel.getByLabel("Valid from").press("Enter");
  await panel.getByLabel("Valid to").fill("2018");
  await panel.getByLabel("Valid to").press("Enter");
  await expect(panel.getByLabel("Valid to")).toHaveValue("2018");
  await expect(ana.map.getByTestId("map-legend")).toContainText("Area of operation");

  // Clicking the handle midway along its top edge adds a fourth corner.
  await expect(panel.getByTestId("area-shape")).toContainText("3 corners");
  await canvas.click({ position: { x: box.width * 0.5, y: box.height * 0.35 } });
  await expect(panel.getByTestId("area-shape")).toContainText("4 corners");

  // Ben sees it appear without reloading, on the map and in the list of areas.
  const benArea = ben.map.getByTestId("area-list").getByRole("button", { name: /Northern operations/ });
  await expect(benArea).toHaveAttribute("data-shown", "true");
  const areaId = (await benArea.getAttribute("data-area-id"))!;
  await expect(ben.map).toHaveAttribute("data-areas-drawn", areaId);
  await benArea.click();
  const benPanel = ben.page.getByTestId("area-panel");
  await expect(benPanel.getByTestId("area-shape")).toContainText("4 corners");

  // Ben reshapes it without dragging: its corners typed, one "lat, lng" per line. A line that is
  // not a place is refused with its number and the shape stays; Ctrl+Enter applies the rest.
  const corners = benPanel.getByLabel(/^Corners/);
  await expect(corners).toHaveValue(/^(.+\n){3}.+$/);
  await corners.fill("16.3, -0.1\nGao\n16.1, 0.1");
  await benPanel.getByRole("button", { name: "Apply corners" }).click();
  await expect(benPanel.getByRole("alert")).toContainText("Line 2:");
  await expect(benPanel.getByTestId("area-shape")).toContainText("4 corners");
  // Typed to a finer precision than the drawing tool holds (it takes 9 decimals).
  await corners.fill("16.300000000001, -0.1\n16.3, 0.1\n16.1, 0.1\n16.1, -0.1\n16.2, -0.2");
  await corners.press("Control+Enter");
  await expect(benPanel.getByTestId("area-shape")).toContainText("5 corners");
  // Ana, whose panel holds the area on the map for reshaping, sees the new corners.
  await expect(panel.getByTestId("area-shape")).toContainText("5 corners");
  await expect(panel.getByLabel(/^Corners/)).toHaveValue(/^16\.300000000001, -0\.1\n16\.3, 0\.1\n/);
  // With the area open, the arrow keys on the map move the whole of it east, as they move a pin.
  await ben.map.locator("canvas").focus();
  await ben.page.keyboard.press("ArrowRight");
  await expect.poll(async () => Number((await corners.inputValue()).split("\n")[0].split(",")[1])).toBeGreaterThan(-0.1);
  await expect(corners).toHaveValue(/^16\.3\d*, /);
  await expect(benPanel.getByTestId("area-shape")).toContainText("5 corners");
  await benPanel.getByRole("button", { name: "Close area details" }).click();

  // Ana adds the evidence it is drawn from (the timeline offers a window once there is a card).
  await ana.addCard({ title: "Convoy attacked near Ber", date: "14 May 2018", source: "Local radio" });
  await expect(ben.card("Convoy attacked near Ber")).toBeVisible();

  // It holds in 2018 only: a 2021 window hides it, a 2018 window shows it again.
  await ben.setTimeWindow("2021-01-01", "2021-12-31");
  await expect(benArea).toHaveAttribute("data-shown", "false");
  await expect(benArea).toContainText("not in the window");
  await expect(ben.map).toHaveAttribute("data-areas-drawn", "");
  await ben.setTimeWindow("2018-01-01", "2018-12-31");
  await expect(benArea).toHaveAttribute("data-shown", "true");
  await expect(ben.map).toHaveAttribute("data-areas-drawn", areaId);

  // Ana links the card to the area; when Ben selects the card, the area lights up for him.
  const card = await ana.selectCard("Convoy attacked near Ber");
  await card.getByLabel("Link an area").selectOption({ label: "Northern operations" });
  await expect(card.getByRole("list", { name: "Linked areas" })).toContainText("Northern operations");
  await expect(benArea).not.toHaveAttribute("data-highlighted", "true");
  await ben.selectCard("Convoy attacked near Ber");
  await expect(benArea).toHaveAttribute("data-highlighted", "true");

  // Ana deletes it: gone for Ben; her Undo brings it back for him, linked to the card again.
  await ana.map.getByTestId("area-list").getByRole("button", { name: /Northern operations/ }).click();
  await panel.getByRole("button", { name: "Delete area" }).click();
  await expect(ben.map.getByTestId("area-list")).toHaveCount(0);
  await expect(ben.map).toHaveAttribute("data-areas-drawn", "");
  await ana.map.getByRole("status").getByRole("button", { name: "Undo" }).click();
  await expect(benArea).toHaveAttribute("data-shown", "true");
  await expect(benArea).toHaveAttribute("data-highlighted", "true");
  await expect(ben.map).toHaveAttribute("data-areas-drawn", areaId);

  // Ben draws a route with the keyboard alone: its points typed instead of clicked.
  await ben.map.getByRole("button", { name: "Draw route" }).press("Enter");
  await ben.map.getByTestId("draw-prompt").getByRole("button", { name: "Type the points" }).press("Enter");
  const points = ben.map.getByTestId("draw-prompt").getByLabel(/^Points/);
  await expect(points).toBeFocused();
  await expectNoAxeViolations(ben.page, "drawing a route by typing its points", { include: '[data-testid="draw-prompt"]' });
  await ben.page.keyboard.type("16.27, -0.04");
  await ben.page.keyboard.press("Enter");
  await ben.page.keyboard.type("16.5, 0.2");
  await ben.page.keyboard.press("Control+Enter");
  await expect(ben.map.getByTestId("draw-prompt")).toHaveCount(0);
  await expect(benPanel.getByLabel("Title")).toHaveValue("Route 1");
  await expect(benPanel.getByTestId("area-shape")).toContainText("2 points");
  await expectNoAxeViolations(ben.page, "a route's panel with its points", { include: '[data-testid="area-panel"]' });
  await expect(ana.map.getByTestId("area-list").getByRole("button", { name: /Route 1/ })).toBeVisible();
  await ana.expectSaved();
  await ben.expectSaved();
});
