/**
 * A lead presents the board's scenes to two viewers: the viewers follow each scene change, one
 * steps away by panning and comes back, the lead sees who follows, and the viewers are released
 * (with their own time window back) when the lead stops; the lead brings everyone to them, one
 * viewer leaves again, and the rest are released when the lead leaves.
 */
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import type { BoardPage } from "./board-page";

/** The map's zoom, to two decimals, once it has stopped moving. */
const zoomOf = async (person: BoardPage) => Math.round((await person.mapView()).zoom * 100) / 100;

/**
 * How far a person's map is from `view`: the largest difference in degrees or zoom levels. Two
 * maps of different sizes may place the same centre half a pixel apart.
 */
async function offBy(person: BoardPage, view: { lng: number; lat: number; zoom: number }): Promise<number> {
  const at = await person.mapView();
  return Math.max(Math.abs(at.lng - view.lng), Math.abs(at.lat - view.lat), Math.abs(at.zoom - view.zoom));
}

test("viewers follow the presenter's scenes, one steps away and returns, and all are released when the presenter leaves", async ({ person }) => {
  // Three people, each with a map drawn in software: on a busy two-core machine this takes minutes.
  test.setTimeout(240_000);
  const lead = await person("Lena");
  const vik = await person("Vik");
  const wanda = await person("Wanda");
  const boardId = await lead.createBoard("Briefing room", "Is JNIM shifting south?");
  await lead.invite(vik.email, "Viewer");
  await lead.invite(wanda.email, "Viewer");
  await lead.page.keyboard.press("Escape");
  await vik.open(boardId);
  await wanda.open(boardId);

  // A narrative section to open, then two scenes: the overview as the board opens, and a
  // close-up on a pin.
  await lead.editor.click();
  await lead.page.keyboard.type("## North");
  await expect(lead.editor.locator("h2")).toHaveText("North");
  await lead.addCard({ title: "Checkpoint attacked", date: "2019-03-10", source: "Field report" });
  await lead.captureScene("Overview");
  const overview = await lead.mapView();
  await lead.addPinByClick("Checkpoint");
  await lead.pins.getByRole("button", { name: "Checkpoint" }).click();
  await expect.poll(() => zoomOf(lead)).toBeGreaterThanOrEqual(6);
  await lead.captureScene("Checkpoint close-up");
  const closeUp = await lead.mapView();
  expect(closeUp.zoom).toBeGreaterThan(overview.zoom + 1);
  // More scenes than the presenter's strip shows at once.
  const copies = await lead.openScenes();
  for (let i = 0; i < 5; i++) await copies.getByRole("button", { name: "Duplicate Checkpoint close-up", exact: true }).click();
  await expect(copies.getByTestId("scene")).toHaveCount(7);
  await copies.getByRole("button", { name: "Close scenes" }).click();

  // Wanda looks at her own time window before anyone presents.
  await wanda.setTimeWindow("2019-01-01", "2019-06-30");

  // Viewers cannot present, but see the scenes.
  const vikScenes = await vik.openScenes();
  await expect(vikScenes.getByTestId("scene")).toHaveCount(7);
  await expect(vikScenes.getByRole("button", { name: "Present" })).toHaveCount(0);
  await vikScenes.getByRole("button", { name: "Close scenes" }).click();

  // The lead presents from the first scene; both viewers are offered to follow and do.
  const leadScenes = await lead.openScenes();
  await expectNoAxeViolations(lead.page, "the Scenes panel", { include: '[role="dialog"][aria-label="Scenes"]' });
  await leadScenes.getByRole("button", { name: "Present", exact: true }).click();
  await expect(lead.presenterView.getByTestId("presented-scene")).toHaveText("Overview");
  await expect(lead.presenterView).toContainText("Nobody is following yet");
  await expectNoAxeViolations(lead.page, "the presenter view", { include: '[data-testid="presenter-view"]' });
  for (const viewer of [vik, wanda]) {
    await expect(viewer.presentingBanner).toContainText("Lena is presenting");
    await viewer.presentingBanner.getByRole("button", { name: "Follow Lena" }).click();
    await expect(viewer.followBar.getByTestId("followed-scene")).toHaveText("Overview");
    await expect.poll(() => zoomOf(viewer)).toBeCloseTo(overview.zoom, 1);
    await expect(viewer.narrative.locator("[data-anchor]")).toHaveAttribute("data-anchor", "h-north");
  }
  await expect(lead.presenterView.getByTestId("follower")).toHaveText(["Vik", "Wanda"]);
  await expectNoAxeViolations(vik.page, "the follower's bar", { include: '[data-testid="follow-bar"]' });

  // → moves everyone to the close-up.
  await lead.page.keyboard.press("ArrowRight");
  await expect(lead.presenterView.getByTestId("presented-scene")).toHaveText("Checkpoint close-up");
  for (const viewer of [vik, wanda]) {
    await expect(viewer.followBar.getByTestId("followed-scene")).toHaveText("Checkpoint close-up");
    await expect.poll(() => offBy(viewer, closeUp)).toBeLessThan(0.02);
  }

  // The presenter's pointer shows as a laser to the followers.
  await lead.pointAt({ x: 0.4, y: 0.4 });
  await expect(vik.map.getByTestId("laser-pointer")).toBeVisible();
  await lead.page.screenshot({ path: "test-results/e2e/presenter.png" });
  await vik.page.screenshot({ path: "test-results/e2e/follower.png" });

  // Vik pans away and is offered the way back; Wanda keeps following to the overview.
  await vik.panMap({ x: -160, y: -90 });
  await expect(vik.followBar.getByRole("button", { name: "Return to presenter" })).toBeVisible();
  await expect(wanda.followBar.getByRole("button", { name: "Return to presenter" })).toHaveCount(0);
  await expect(vik.map).toHaveAttribute("data-map-idle", "true");
  const away = await vik.mapView();
  expect(away).not.toEqual(closeUp);
  await lead.page.keyboard.press("ArrowLeft");
  await expect(wanda.followBar.getByTestId("followed-scene")).toHaveText("Overview");
  await expect.poll(() => zoomOf(wanda)).toBeCloseTo(overview.zoom, 1);
  await expect(vik.followBar.getByTestId("followed-scene")).toHaveText("Overview");
  expect(await vik.mapView()).toEqual(away);

  // Back with the presenter.
  await vik.followBar.getByRole("button", { name: "Return to presenter" }).click();
  await expect(vik.followBar.getByRole("button", { name: "Return to presenter" })).toHaveCount(0);
  await expect.poll(() => zoomOf(vik)).toBeCloseTo(overview.zoom, 1);

  // The presenter pans by hand: the followers' maps go along.
  await lead.panMap({ x: 120, y: 60 });
  await expect(lead.map).toHaveAttribute("data-map-idle", "true");
  const panned = await lead.mapView();
  expect(panned).not.toEqual(overview);
  for (const viewer of [vik, wanda]) await expect.poll(() => offBy(viewer, panned)).toBeLessThan(0.02);

  // Esc stops the presentation: both viewers are released.
  await lead.page.keyboard.press("Escape");
  await expect(lead.presenterView).toHaveCount(0);
  for (const viewer of [vik, wanda]) {
    await expect(viewer.followBar).toHaveCount(0);
    await expect(viewer.presentingBanner).toHaveCount(0);
  }
  // Released, Wanda has her own time window again, not the presenter's.
  await expect(wanda.timeline.getByLabel("Window from")).toHaveValue("2019-01-01");
  await expect(wanda.timeline.getByLabel("Window to")).toHaveValue("2019-06-30");

  // Presenting again from the last scene: the strip shows it, highlighted, however many come before.
  await (await lead.openScenes()).getByRole("button", { name: "Present from Checkpoint close-up (copy)" }).last().click();
  await expect(lead.presenterView).toContainText("Scene 7 of 7");
  const current = lead.presenterView.getByTestId("scene-strip").locator('[aria-current="step"]');
  await expect(current).toContainText("7");
  await expect(current).toBeInViewport({ ratio: 0.9 });
  await expect(lead.presenterView.getByTestId("scene-strip").getByRole("button").first()).not.toBeInViewport({ ratio: 0.9 });

  // "Bring everyone to me": both viewers follow at once; Wanda leaves again, Vik stays.
  await lead.presenterView.getByRole("button", { name: "Bring everyone to me (2)" }).click();
  for (const viewer of [vik, wanda]) await expect(viewer.followBar.getByTestId("followed-scene")).toHaveText("Checkpoint close-up (copy)");
  await expect(lead.presenterView.getByTestId("follower")).toHaveText(["Vik", "Wanda"]);
  await wanda.followBar.getByRole("button", { name: "Stop following" }).click();
  await expect(wanda.followBar).toHaveCount(0);
  await expect(wanda.presentingBanner).toContainText("Lena is presenting");
  await expect(lead.presenterView.getByTestId("follower")).toHaveText(["Vik"]);

  // Leaving the board releases the followers too.
  await lead.page.goto("/");
  await expect(vik.followBar).toHaveCount(0);
  await expect(wanda.presentingBanner).toHaveCount(0);
  await expect(vik.presentingBanner).toHaveCount(0);
});

test("scenes are duplicated, renamed, annotated, reordered and deleted; a scene link opens the board at that scene", async ({ person }) => {
  const lead = await person("Lior");
  const boardId = await lead.createBoard("Linked scenes", "");
  await lead.addPinByClick("Ford");
  await lead.addCard({ title: "Patrol crossed the ford", date: "2019-02-10", source: "Patrol report" });
  await lead.pins.getByRole("button", { name: "Ford" }).click();
  await expect.poll(() => zoomOf(lead)).toBeGreaterThanOrEqual(6);
  await lead.setTimeWindow("2019-02-01", "2019-02-28");
  await lead.captureScene("At the ford");
  const view = await lead.mapView();

  const panel = await lead.openScenes();
  await panel.getByRole("button", { name: "Duplicate At the ford" }).click();
  await expect(panel.getByLabel("Title of scene 2")).toHaveValue("At the ford (copy)");
  await panel.getByLabel("Title of scene 2").fill("Upstream");
  await panel.getByLabel("Title of scene 2").press("Enter");
  await panel.getByLabel("Speaker notes of scene 2").fill("Look upstream first.");
  await panel.getByLabel("Speaker notes of scene 2").press("Tab");
  await panel.getByRole("button", { name: "Move Upstream up" }).click();
  await expect(panel.getByLabel("Title of scene 1")).toHaveValue("Upstream");
  await expect(panel.getByLabel("Title of scene 2")).toHaveValue("At the ford");
  await lead.expectSaved();

  await lead.page.reload();
  await lead.waitUntilLoaded();
  await lead.openScenes();
  await expect(panel.getByLabel("Title of scene 1")).toHaveValue("Upstream");
  await expect(panel.getByLabel("Speaker notes of scene 1")).toHaveValue("Look upstream first.");
  await panel.getByRole("button", { name: "Delete Upstream" }).click();
  await expect(panel.getByTestId("scene")).toHaveCount(1);
  await expect(panel.getByLabel("Title of scene 1")).toHaveValue("At the ford");

  await panel.getByRole("button", { name: "Copy link to At the ford" }).click();
  const link = await panel.getByTestId("scene-link").inputValue();
  expect(link).toMatch(new RegExp(`/boards/${boardId}\\?scene=[A-Za-z0-9_-]+$`));

  await lead.page.goto(link);
  await lead.waitUntilLoaded();
  await expect.poll(() => offBy(lead, view)).toBeLessThan(0.02);
  await expect(lead.timeline.getByLabel("Window from")).toHaveValue("2019-02-01");
  await expect(lead.timeline.getByLabel("Window to")).toHaveValue("2019-02-28");
});
