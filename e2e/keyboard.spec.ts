/**
 * A whole briefing made with the keyboard alone: no click, no pointer. An analyst creates a board,
 * skips from pane to pane, adds a pin by searching its place and moves it by typing where it is,
 * adds a card with a fuzzy date and a grade and links it to the pin, writes a judgement, marks it
 * as a claim and cites the card, captures a scene and presents it. Each list is one Tab stop.
 */
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";

/** Presses Tab (or Shift+Tab) until `target` has the focus, as a person moves through the page. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80 } = {}): Promise<void> {
  for (let presses = 0; presses <= max; presses++) {
    if ((await target.count()) === 1 && (await target.evaluate((element) => element === document.activeElement))) return;
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
  }
  await expect(target, `reached within ${max} presses of ${back ? "Shift+Tab" : "Tab"}`).toBeFocused();
}

/** Whether the focus is inside `container`. */
const focusWithin = (container: Locator) => container.evaluate((element) => element.contains(document.activeElement));

test("a briefing is made and presented with the keyboard alone", async ({ person }) => {
  const ana = await person("Awa");
  const { page } = ana;
  const keys = page.keyboard;

  // The board list: a new board, by keyboard.
  await tabTo(page, page.getByLabel("Board title"));
  await keys.type("Keyboard only");
  await tabTo(page, page.getByLabel("Question"));
  await keys.type("Who holds the Kidal road?");
  await keys.press("Enter");
  await page.waitForURL(/\/boards\/[A-Za-z0-9_-]+$/);
  await ana.waitUntilLoaded();

  // Opened afresh, the page's first Tab stops skip to the panes, and show themselves when focused.
  await page.reload();
  await ana.waitUntilLoaded();
  await keys.press("Tab");
  const skipToMap = page.getByRole("link", { name: "Skip to map" });
  await expect(skipToMap).toBeFocused();
  await expect(skipToMap).toBeInViewport();
  await keys.press("Enter");
  await expect(page.locator("#pane-map")).toBeFocused();
  // The map (the pane, and the map's own canvas) says where its text version is.
  const textVersion = /list of pins below the map says in words what the map shows/;
  await expect(page.locator("#pane-map")).toHaveAccessibleDescription(textVersion);
  const canvas = ana.map.getByRole("region", { name: "Map" });
  await expect(canvas).toHaveAccessibleDescription(textVersion);

  // A pin by place search: type, ↓ to the place, Enter; the Add pin form takes the focus.
  const search = ana.placeSearch();
  await tabTo(page, search);
  await keys.type("Kidal");
  await expect(ana.placesFound().getByRole("option").first()).toContainText("Kidal");
  await keys.press("ArrowDown");
  await keys.press("Enter");
  await expect(page.getByLabel("Pin title")).toBeFocused();
  await expect(page.getByLabel("Pin title")).toHaveValue("Kidal");
  await keys.press("Enter");
  await expect(ana.pins.getByRole("button", { name: /Kidal/ })).toBeVisible();
  await expect(ana.pinCoordinates()).toHaveText("18.4430, 1.4090");
  // The form is gone; the new pin's details have the focus.
  await expect(ana.pinPanel).toBeFocused();

  // Moved without dragging: typed coordinates, with a clear error for a mistyped one.
  const moveTo = ana.pinPanel.getByLabel("Move to (lat, lng)");
  await tabTo(page, moveTo);
  await keys.press("ControlOrMeta+A");
  await keys.type("north of Kidal");
  await keys.press("Enter");
  await expect(ana.pinPanel.getByRole("alert")).toContainText("two numbers");
  await expect(ana.pinCoordinates()).toHaveText("18.4430, 1.4090");
  await keys.press("ControlOrMeta+A");
  await keys.type("18.5, 1.41");
  await keys.press("Enter");
  await expect(ana.pinCoordinates()).toHaveText("18.5000, 1.4100");
  await expect(moveTo).toBeFocused();
  // …or nudged with the arrow keys while the map has the focus: the pin moves, not the map.
  await tabTo(page, canvas, { back: true });
  const view = await ana.mapView();
  await keys.press("ArrowRight");
  await expect(ana.pinCoordinates()).not.toHaveText("18.5000, 1.4100");
  await expect(ana.pinCoordinates()).toHaveText(/^18\.5000, /);
  const [, lng] = (await ana.pinCoordinates().textContent())!.split(", ").map(Number);
  expect(lng).toBeGreaterThan(1.41);
  expect(await ana.mapView()).toEqual(view);

  // A second pin, so the pins list has something to rove over.
  await tabTo(page, search, { back: true });
  await keys.type("Gao");
  await expect(ana.placesFound().getByRole("option").first()).toContainText("Gao");
  await keys.press("ArrowDown");
  await keys.press("Enter");
  await expect(page.getByLabel("Pin title")).toBeFocused();
  await keys.press("Enter");
  // The list names every pin, or, asked, those in view (the selected one always).
  await expect(ana.pins.getByRole("button", { name: /Gao/ })).toBeVisible();
  const inView = page.getByRole("group", { name: "Pins listed" }).getByRole("button", { name: "In view" });
  await tabTo(page, inView);
  await keys.press("Enter");
  await expect(inView).toHaveAttribute("aria-pressed", "true");
  await expect(ana.pins.getByRole("button", { name: /Gao/ })).toBeVisible();
  const all = page.getByRole("group", { name: "Pins listed" }).getByRole("button", { name: "All" });
  await tabTo(page, all);
  await keys.press("Enter");
  await expect(all).toHaveAttribute("aria-pressed", "true");
  await expect(ana.pins.getByRole("button")).toHaveCount(2);
  // The list is one Tab stop: the arrows move within it, the next Tab leaves it.
  const firstPin = ana.pins.getByRole("button").first();
  await tabTo(page, firstPin);
  await keys.press("ArrowDown");
  await expect(ana.pins.getByRole("button").nth(1)).toBeFocused();
  await keys.press("Home");
  await expect(firstPin).toBeFocused();
  await keys.press("Tab");
  expect(await focusWithin(ana.pins)).toBe(false);

  // To the timeline by the skip links: back to the top of the page, then straight to the pane.
  const skipToTimeline = page.getByRole("link", { name: "Skip to timeline" });
  await tabTo(page, skipToTimeline, { back: true });
  await keys.press("Enter");
  await expect(page.locator("#pane-timeline")).toBeFocused();

  // A card with a fuzzy date and a grade.
  await tabTo(page, ana.timeline.getByRole("button", { name: "New card" }));
  await keys.press("Enter");
  await tabTo(page, ana.timeline.getByLabel("Card title"));
  await keys.type("Convoy seen on the Kidal road");
  await tabTo(page, ana.timeline.getByLabel("Card date"));
  await keys.type("March 2019");
  await tabTo(page, ana.timeline.getByLabel("Source title"));
  await keys.type("Market traders");
  await tabTo(page, ana.timeline.getByLabel("Source reliability"));
  await keys.type("B");
  await tabTo(page, ana.timeline.getByLabel("Information credibility"));
  await keys.type("2");
  await tabTo(page, ana.timeline.getByRole("button", { name: "Add card" }));
  await keys.press("Enter");
  const card = ana.card("Convoy seen on the Kidal road");
  await expect(card).toBeVisible();
  await expect(card.locator("time")).toContainText("2019");
  await expect(card).toContainText("B2");

  // Selected and linked to the pin.
  const cardTitle = card.getByRole("button", { name: "Convoy seen on the Kidal road" });
  await tabTo(page, cardTitle);
  // Added, it is selected already; Enter would select it too.
  if ((await cardTitle.getAttribute("aria-pressed")) !== "true") await keys.press("Enter");
  await expect(cardTitle).toHaveAttribute("aria-pressed", "true");
  await tabTo(page, card.getByLabel("Link a pin"));
  await keys.type("Kidal");
  await expect(card.getByRole("list", { name: "Linked pins" })).toContainText("Kidal");
  // On the axis, the card is one Tab stop too, with a focus ring.
  const mark = ana.timeline.getByTestId("time-axis").getByRole("button", { name: /Convoy seen on the Kidal road/ });
  if ((await mark.count()) === 1) {
    await tabTo(page, mark, { back: true });
    await expect(mark).toBeFocused();
    await expect(mark.locator("circle, rect").first()).toHaveCSS("filter", /drop-shadow/);
  }

  // To the narrative: a sentence, marked as a claim with a likelihood, citing the card.
  const skipToNarrative = page.getByRole("link", { name: "Skip to narrative" });
  await tabTo(page, skipToNarrative, { back: true });
  await keys.press("Enter");
  await expect(page.locator("#pane-narrative")).toBeFocused();
  await tabTo(page, ana.editor);
  const judgement = "JNIM most likely holds the Kidal road";
  await keys.type(judgement);
  await expect(ana.editor).toContainText(judgement);
  await keys.press("Shift+Home");
  await tabTo(page, page.getByRole("button", { name: "Mark as claim" }), { back: true });
  await expect(page.getByRole("button", { name: "Mark as claim" })).toBeEnabled();
  await keys.press("Enter");
  const form = page.getByRole("dialog", { name: "Mark as claim" });
  await expect(form.getByLabel("Likelihood")).toBeFocused();
  await keys.press("ArrowDown");
  await expect(form.getByLabel("Likelihood")).toHaveValue("very likely");
  await tabTo(page, form.getByRole("button", { name: "Mark claim" }));
  await keys.press("Enter");
  await expect(ana.editor.locator("span.claim", { hasText: judgement })).toBeVisible();
  const row = ana.claimRow(judgement);
  await expect(row.getByTestId("claim-likelihood")).toHaveText("very likely");
  const rowButton = row.getByRole("button", { name: judgement });
  if ((await rowButton.getAttribute("aria-expanded")) !== "true") {
    await tabTo(page, rowButton);
    await keys.press("Enter");
  }
  const claim = row.getByTestId("claim-editor");
  await tabTo(page, claim.getByLabel("Search cards and pins"));
  await keys.type("Convoy");
  await tabTo(page, claim.getByRole("list", { name: "Evidence found" }).getByRole("button", { name: /Convoy seen on the Kidal road/ }));
  await keys.press("Enter");
  await expect(claim.getByTestId("claim-evidence")).toContainText("Convoy seen on the Kidal road");

  // A scene captured, and presented.
  await tabTo(page, page.getByRole("button", { name: "Scenes", exact: true }), { back: true, max: 200 });
  await keys.press("Enter");
  const scenes = page.getByRole("dialog", { name: "Scenes" });
  await tabTo(page, scenes.getByLabel("Scene title"));
  await keys.type("The road");
  await keys.press("Enter");
  await expect(scenes.getByTestId("scene").last().getByRole("textbox").first()).toHaveValue("The road");
  await tabTo(page, scenes.getByRole("button", { name: "Present from The road" }));
  await keys.press("Enter");
  await expect(ana.presenterView).toBeVisible();
  await expect(ana.presenterView).toContainText("The road");
});
