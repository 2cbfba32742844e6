/**
 * Offline-first, as a person on a train lives it: with the server gone and the browser offline,
 * what they type, the pin they move and the card they add survive a closed tab and a browser
 * restart (a persistent Chromium profile), and reach the others once the network is back. Someone
 * removed while offline gets their changes listed and downloadable, and they are not applied.
 * Signing out leaves nothing of the person on the device.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { CloseCode } from "../lib/collab/protocol";
import { BoardPage } from "./board-page";
import { expect, test } from "./fixtures";

/** A browser with a profile on disk: closing and relaunching it keeps what the app stored. */
async function persistentBrowser(baseURL: string, launchOptions: object, viewport: object | null | undefined) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-profile-"));
  let context: BrowserContext | null = null;
  return {
    async launch(): Promise<Page> {
      context = await chromium.launchPersistentContext(profile, { ...launchOptions, baseURL, viewport: viewport as { width: number; height: number } });
      return context.pages()[0] ?? context.newPage();
    },
    get context(): BrowserContext {
      return context!;
    },
    async close(): Promise<void> {
      await context?.close();
      context = null;
    },
    async remove(): Promise<void> {
      await this.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** True once the service worker keeps `path` for whoever is signed in. */
const pageKept = (page: Page, kept: string) =>
  page.evaluate(async (wanted) => {
    for (const name of await caches.keys()) {
      if (name.startsWith("situation-board-pages:") && (await (await caches.open(name)).match(wanted))) return true;
    }
    return false;
  }, kept);

/** Names of what the app keeps on the device: IndexedDB copies of boards and caches of pages. */
const keptOnDevice = (page: Page) =>
  page.evaluate(async () => [
    ...(await indexedDB.databases()).map(({ name }) => name ?? "").filter((name) => name.startsWith("situation-board:")),
    ...(await caches.keys()).filter((name) => name.startsWith("situation-board-pages:")),
  ]);

test("what is typed offline survives a closed tab and a browser restart, and reaches the others once the network is back", async ({ person, app }, testInfo) => {
  // Two browsers drawing maps in software, a server stopped and started, a browser relaunched.
  test.setTimeout(300_000);
  const browser = await persistentBrowser(app.baseURL, testInfo.project.use.launchOptions ?? {}, testInfo.project.use.viewport);
  try {
    let ana = new BoardPage(await browser.launch());
    await ana.signUp("Ana");
    const ben = await person("Ben");
    const boardId = await ana.createBoard("Field notes", "Where are the convoys?");
    const board = `/boards/${boardId}`;
    await ana.invite(ben.email, "Editor");
    await ana.page.keyboard.press("Escape");
    await ana.addPinByClick("Checkpoint");
    await ben.open(boardId);
    await expect(ben.pins).toContainText("Checkpoint");
    await ana.expectSaved();
    await expect.poll(() => pageKept(ana.page, board), { timeout: 30_000 }).toBe(true);

    // The train leaves: no server, no network.
    await app.stop("SIGKILL");
    await browser.context.setOffline(true);
    await expect(ana.saveState).toHaveText(/^Offline/);
    await ana.write("Written on the train.");
    await ana.dragPin({ x: 0.5, y: 0.5 }, { x: 90, y: 50 });
    await ana.selectPin("Checkpoint");
    const moved = await ana.pinCoordinates().textContent();
    await ana.addCard({ title: "Convoy ambushed", date: "2019-03-02", source: "Local radio" });
    await expect(ana.saveState).toHaveText(/^Offline — \d+ changes on this device$/);

    const expectOfflineWork = async (someone: BoardPage) => {
      await expect(someone.editor).toContainText("Written on the train.");
      await expect(someone.card("Convoy ambushed")).toBeVisible();
      await someone.selectPin("Checkpoint");
      await expect(someone.pinCoordinates()).toHaveText(moved!);
      await expect(someone.saveState).toHaveText(/^Offline — \d+ changes on this device$/);
    };

    // The tab is closed and the board opened again, still offline.
    await ana.page.close();
    ana = new BoardPage(await browser.context.newPage());
    await ana.page.goto(board);
    await expectOfflineWork(ana);

    // The browser is closed and launched again, still offline: the board list and the board open.
    await browser.close();
    const relaunched = await browser.launch();
    await browser.context.setOffline(true);
    ana = new BoardPage(relaunched);
    await ana.page.goto("/");
    await expect(ana.page.getByRole("link", { name: /Field notes/ })).toBeVisible();
    await ana.page.goto(board);
    await expectOfflineWork(ana);

    // Back in range: the server is up and the network returns.
    await app.start();
    await browser.context.setOffline(false);
    await ana.expectSaved();
    // A screen reader heard where the changes were, and that they are saved: no "Saving…" per keystroke.
    const announcer = ana.page.getByTestId("board-announcer");
    await expect(announcer).toContainText("Offline — changes kept on this device.");
    await expect(announcer).toContainText("Back online — all changes saved.");
    await expect(announcer).not.toContainText("Saving");
    await expect(ben.editor).toContainText("Written on the train.");
    await expect(ben.card("Convoy ambushed")).toBeVisible();
    await ben.selectPin("Checkpoint");
    await expect(ben.pinCoordinates()).toHaveText(moved!);
    await ben.expectSaved();

    // Offline again, the tab reloaded on the train, then back on a slow link (the server's messages
    // a second late): what she types as the connection opens builds on what she wrote offline and
    // goes through — never sent ahead of it and refused as building on changes the server does
    // not have yet (4512), which on a slow link repeats on every reconnection while she types.
    await browser.context.setOffline(true);
    await expect(ana.saveState).toHaveText(/^Offline/);
    await ana.write("Second stop.");
    await expect(ana.saveState).toHaveText(/^Offline — \d+ changes? on this device$/);
    let opened = 0;
    const closes: number[] = [];
    await browser.context.routeWebSocket(/\/collab\//, (ws) => {
      opened += 1;
      const server = ws.connectToServer();
      server.onMessage((message) => setTimeout(() => ws.send(message), 1_000));
      server.onClose((code, reason) => {
        closes.push(code ?? 0);
        setTimeout(() => ws.close({ code, reason }), 1_000);
      });
    });
    await ana.page.reload();
    await expect(ana.editor).toContainText("Second stop.");
    await ana.editor.click();
    await ana.page.keyboard.press("ControlOrMeta+End");
    await browser.context.setOffline(false);
    await expect.poll(() => opened, { timeout: 30_000 }).toBeGreaterThan(0);
    await ana.page.keyboard.type(" Typed on arrival.", { delay: 100 });
    await expect(ben.editor).toContainText("Second stop. Typed on arrival.");
    await ana.expectSaved();
    expect(closes).not.toContain(CloseCode.missingDependencies);

    // Signing out leaves nothing of Ana on the device, and offline her board is not shown to anyone.
    expect(await keptOnDevice(ana.page)).not.toEqual([]);
    await ana.page.goto("/");
    await ana.page.getByRole("button", { name: "Sign out" }).click();
    await expect(ana.page.getByRole("button", { name: "Sign in" })).toBeVisible();
    await expect.poll(() => keptOnDevice(ana.page)).toEqual([]);
    await browser.context.setOffline(true);
    await ana.page.goto(board).catch(() => {});
    await expect(ana.page.getByRole("heading", { name: "You are offline" })).toBeVisible();
    await expect(ana.page.getByText("Written on the train.")).toHaveCount(0);
  } finally {
    await browser.remove();
  }
});

test("a demoted editor is told offline changes cannot be saved, and a removed member gets them listed and downloadable, never applied", async ({ person }) => {
  test.setTimeout(240_000);
  const owner = await person("Olga");
  const cleo = await person("Cleo");
  const boardId = await owner.createBoard("Checked sources", "");
  await owner.invite(cleo.email, "Editor");
  await owner.page.keyboard.press("Escape");
  await cleo.open(boardId);

  await cleo.page.context().setOffline(true);
  await expect(cleo.saveState).toHaveText(/^Offline/);
  await cleo.write("Typed while away.");
  await expect(cleo.saveState).toHaveText(/^Offline — \d+ changes on this device$/);

  // Demoted while away: the changes stay on Cleo's device, and she is told why.
  const panel = await owner.openMembers();
  // Cleo comes back once the change is stored, not while the owner's request is still on its way.
  const demoted = owner.page.waitForResponse((response) => response.request().method() === "POST" && (response.request().postData() ?? "").includes('"viewer"'));
  await panel.getByLabel("Role of Cleo").selectOption({ label: "Viewer" });
  await demoted;
  await cleo.page.context().setOffline(false);
  await expect(cleo.saveState).toHaveText("Not saved — you can now only view this board, so the changes on this device cannot be saved");
  await expect(cleo.page.getByTestId("role-badge")).toHaveText("Viewer");

  // Removed: the changes are listed and can be downloaded; the board never got them.
  await panel.getByRole("button", { name: "Remove Cleo" }).click();
  await expect(cleo.page.getByRole("alert").filter({ hasText: "You no longer have access to this board." })).toBeVisible();
  const unsaved = cleo.page.getByTestId("unsaved-changes");
  await expect(unsaved).toContainText("Narrative: “Typed while away.”");
  const download = cleo.page.waitForEvent("download");
  await unsaved.getByRole("button", { name: "Download them" }).click();
  const file = JSON.parse(fs.readFileSync(await (await download).path(), "utf8")) as { board: string; changes: string[]; yjsUpdateBase64: string };
  expect(file.board).toBe(boardId);
  expect(file.changes).toContain("Narrative: “Typed while away.”");
  expect(file.yjsUpdateBase64.length).toBeGreaterThan(0);

  await owner.page.keyboard.press("Escape");
  await owner.page.reload();
  await owner.waitUntilLoaded();
  await expect(owner.editor).not.toContainText("Typed while away.");

  await unsaved.getByRole("button", { name: "Remove them from this device" }).click();
  await expect(cleo.page.getByText("The changes were removed from this device.")).toBeVisible();
  await expect.poll(() => cleo.page.evaluate(async () => (await indexedDB.databases()).filter(({ name }) => name?.includes(":")).map(({ name }) => name))).not.toContainEqual(
    expect.stringMatching(new RegExp(`:${boardId}$`)),
  );
});
