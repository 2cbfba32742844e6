import type { Page } from "@playwright/test";
import * as Y from "yjs";
import { encodeAwarenessEntries, encodeAwarenessMessage, encodeSyncStep1 } from "../lib/collab/wire";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";

test("an owner invites an editor and a viewer; the viewer reads live but cannot write; a demoted editor loses edit rights without reload", async ({ person }) => {
  const owner = await person("Olivia");
  const editor = await person("Eddie");
  const viewer = await person("Vera");

  const boardId = await owner.createBoard("Northern corridor", "Is the route still open?");
  await owner.invite(editor.email, "Editor");
  await owner.invite(viewer.email, "Viewer");

  await editor.open(boardId);
  await viewer.open(boardId);
  await expect(editor.page.getByTestId("role-badge")).toHaveText("Editor");
  await expect(viewer.page.getByTestId("role-badge")).toHaveText("Viewer");
  // The editor's screen reader hears who came, once, in the board's one polite live region.
  await expect(editor.page.getByRole("status").filter({ hasText: "Vera joined." })).toHaveAttribute("aria-live", "polite");

  // The viewer sees live edits…
  await editor.addCard({ title: "Bridge closed at Gao", date: "2019-04-02", source: "Field report" });
  await expect(viewer.cards.filter({ hasText: "Bridge closed at Gao" })).toBeVisible();
  await editor.write("The corridor is likely closed.");
  await expect(viewer.editor).toContainText("The corridor is likely closed.");

  // …but has no way to change anything.
  await expect(viewer.timeline.getByRole("button", { name: "New card" })).toHaveCount(0);
  await expect(viewer.timeline.getByRole("button", { name: /^Select all/ })).toHaveCount(0);
  await expect(viewer.timeline.getByRole("checkbox", { name: "Select Bridge closed at Gao" })).toHaveCount(0);
  await expect(editor.timeline.getByRole("checkbox", { name: "Select Bridge closed at Gao" })).toBeVisible();
  await expect(viewer.editor).toHaveAttribute("contenteditable", "false");
  await expect(viewer.page.getByRole("button", { name: "Share" })).toHaveCount(0);
  const canvas = viewer.map.locator("canvas");
  const box = (await canvas.boundingBox())!;
  await canvas.click({ position: { x: box.width / 2, y: box.height / 2 } });
  await expect(viewer.page.getByLabel("Pin title")).toHaveCount(0);

  // The owner demotes the editor; the editor's open page follows.
  const panel = await owner.openMembers();
  await expect(panel.getByTestId("member")).toHaveCount(3);
  await expect(panel.getByRole("button", { name: "Leave this board" })).toHaveText("Leave");
  await expectNoAxeViolations(owner.page, "the Share dialog", { include: '[role="dialog"][aria-label="Members"]' });
  await panel.getByLabel("Role of Eddie").selectOption({ label: "Viewer" });
  await expect(editor.page.getByTestId("role-badge")).toHaveText("Viewer");
  await expect(editor.timeline.getByRole("button", { name: "New card" })).toHaveCount(0);
  await expect(editor.editor).toHaveAttribute("contenteditable", "false");

  // Removing a member tells them at once.
  await panel.getByRole("button", { name: "Remove Vera" }).click();
  await expect(viewer.page.getByRole("alert").filter({ hasText: "You no longer have access to this board." })).toBeVisible();
});

test("a share link admits people after sign-in until it is revoked", async ({ person }) => {
  const owner = await person("Omar");
  const boardId = await owner.createBoard("Shared by link", "");
  const panel = await owner.openMembers();
  await panel.getByLabel("Role for the link").selectOption({ label: "Reviewer" });
  await panel.getByRole("button", { name: "Create link" }).click();
  const link = await panel.getByTestId("share-link").locator("input").inputValue();
  expect(link).toMatch(/\/join\/[A-Za-z0-9_-]+$/);

  // Opening the link only shows the board and what joining grants; the button joins.
  const guest = await person("Gita");
  await guest.page.goto(link);
  await expect(guest.page.getByRole("heading", { name: "Shared by link" })).toBeVisible();
  await expect(guest.page.getByText("This link makes you Reviewer on this board.")).toBeVisible();
  const preview = await guest.page.context().newPage();
  await preview.goto(`/boards/${boardId}`);
  await expect(preview.getByRole("alert").filter({ hasText: "You are not a member of this board." })).toBeVisible();
  await preview.close();
  await guest.page.getByRole("button", { name: "Join board" }).click();
  await expect(guest.page).toHaveURL(new RegExp(`/boards/${boardId}$`));
  await guest.waitUntilLoaded();
  await expect(guest.page.getByTestId("role-badge")).toHaveText("Reviewer");

  await panel.getByRole("button", { name: "Revoke" }).click();
  await expect(panel.getByTestId("share-link")).toHaveCount(0);
  const late = await person("Luis");
  await late.page.goto(link);
  await expect(late.page.getByRole("alert").filter({ hasText: "This share link has been revoked." })).toBeVisible();
  await late.page.goto(`/boards/${boardId}`);
  await expect(late.page.getByRole("alert").filter({ hasText: "You are not a member of this board." })).toBeVisible();
});

test("a signed-out visitor is sent to sign in and brought back to the board", async ({ person, browser, app }) => {
  const owner = await person("Ines");
  const boardId = await owner.createBoard("Private board", "");
  const context = await browser.newContext({ baseURL: app.baseURL });
  const page = await context.newPage();
  expect((await page.request.post(`/api/boards/${boardId}/ticket`)).status()).toBe(401);
  await page.goto(`/boards/${boardId}`);
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await expectNoAxeViolations(page, "the sign-in page");
  // A visitor without an account looks at signing up, then comes back to sign in; the way back keeps the board.
  await page.getByRole("link", { name: "Create one" }).click();
  await expect(page.getByRole("heading", { name: "Create your account" })).toBeVisible();
  await expectNoAxeViolations(page, "the sign-up page");
  await page.getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\?callbackUrl=/);
  await page.getByLabel("Email").fill(owner.email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(new RegExp(`/boards/${boardId}$`));
  await expect(page.getByTestId("role-badge")).toHaveText("Owner");
  await context.close();
});

test("sign-in only ever returns to a page of this site, whatever callbackUrl says", async ({ person, browser, app }) => {
  const offSite = ["//evil.example/", "/\\evil.example/", "https://evil.example", "%2F%2Fevil.example", "/%09/evil.example"];
  const home = new URL("/", app.baseURL).href;

  // Signed in, the sign-in page forwards at once: always to a page here.
  const signedIn = await person("Rhea");
  for (const value of offSite) {
    await signedIn.page.goto(`/signin?callbackUrl=${value}`);
    expect(signedIn.page.url(), value).toBe(home);
  }

  // Signed out, the form brings the person back here too.
  const context = await browser.newContext({ baseURL: app.baseURL });
  const leftSite: string[] = [];
  context.on("request", (request) => {
    if (!["127.0.0.1", "localhost"].includes(new URL(request.url()).hostname)) leftSite.push(request.url());
  });
  const page = await context.newPage();
  await page.goto("/signin?callbackUrl=//evil.example/");
  await page.getByLabel("Email").fill(signedIn.email);
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Situation Board", exact: true })).toBeVisible();
  expect(page.url()).toBe(home);
  expect(leftSite).toEqual([]);
  await context.close();
});

test("every response carries the security headers, and pages run under a per-response nonce", async ({ person }) => {
  const owner = await person("Hana");
  const boardId = await owner.createBoard("Headers", "");
  await owner.open(boardId);
  const request = owner.page.request;

  const board = await request.get(`/boards/${boardId}`);
  const html = await board.text();
  const chunk = /\/_next\/static\/[^"']+\.js/.exec(html)?.[0];
  expect(chunk, "a script of the page").toBeTruthy();
  const responses = {
    page: board,
    "sign-in page": await request.get("/signin"),
    "API route": await request.get("/api/auth/csrf"),
    "static script": await request.get(chunk!),
    "map data": await request.get("/map/mali-regions.geojson"),
  };
  for (const [what, response] of Object.entries(responses)) {
    const headers = response.headers();
    expect(headers["x-content-type-options"], what).toBe("nosniff");
    expect(headers["referrer-policy"], what).toBe("same-origin");
    expect(headers["x-frame-options"], what).toBe("DENY");
    expect(headers["x-powered-by"], what).toBeUndefined();
  }

  const policyOf = (response: (typeof responses)["page"]) => response.headers()["content-security-policy"] ?? "";
  for (const what of ["page", "sign-in page", "API route"] as const) {
    const policy = policyOf(responses[what]);
    expect(policy, what).toContain("frame-ancestors 'none'");
    expect(policy, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'(;|$)/);
    expect(policy, what).toContain("object-src 'none'");
    expect(policy, what).toContain("worker-src 'self' blob:");
    expect(policy, what).toContain(`connect-src 'self' ws://${new URL(owner.page.url()).host} wss://`);
  }
  // The nonce is new for every response, and it is the one on the page's scripts.
  const nonce = /'nonce-([^']+)'/.exec(policyOf(board))![1];
  expect(/'nonce-([^']+)'/.exec(policyOf(responses["sign-in page"]))![1]).not.toBe(nonce);
  expect(html).toContain(`nonce="${nonce}"`);
  expect(html).not.toMatch(/<script(?![^>]*nonce=)[^>]*>/);
});

/**
 * From a signed-in person's page, opens a second socket to the board with their own ticket, sends
 * `frames` and waits until the server has handled them (its answer to a sync step 1 sent last).
 * The socket stays open, so the states it announced stay in the room.
 */
async function sendFromPage(page: Page, boardId: string, frames: Uint8Array[]): Promise<boolean> {
  const step1 = encodeSyncStep1(Y.encodeStateVector(new Y.Doc()));
  return page.evaluate(
    async ({ boardId, frames }) => {
      const { ticket } = (await (await fetch(`/api/boards/${boardId}/ticket`, { method: "POST" })).json()) as { ticket: string };
      const ws = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/collab/${boardId}`, ["sb.v1", `ticket.${ticket}`]);
      ws.binaryType = "arraybuffer";
      await new Promise((resolve, reject) => {
        ws.onopen = resolve;
        ws.onerror = reject;
      });
      const answered = new Promise<void>((resolve) => {
        // A sync step 2 (message type 0, sync kind 1) answers the step 1.
        ws.onmessage = (event) => {
          const bytes = new Uint8Array(event.data as ArrayBuffer);
          if (bytes[0] === 0 && bytes[1] === 1) resolve();
        };
      });
      for (const frame of frames) ws.send(new Uint8Array(frame));
      await answered;
      (window as unknown as { presenceSocket: WebSocket }).presenceSocket = ws;
      return ws.readyState === WebSocket.OPEN;
    },
    { boardId, frames: [...frames, step1].map((frame) => Array.from(frame)) },
  );
}

/** The TipTap editor of the narrative on `page` (TipTap hangs it on its DOM node). */
type EditorOnDom = { editor: { state: { tr: { insertText(text: string, at: number): unknown } }; view: { dispatch(tr: unknown): void } } };

test("a viewer's malformed presence never reaches the editors, and an editor that cannot show the narrative stops before writing", async ({ person }) => {
  // Three people, two reloads: more than the default budget on a busy machine.
  test.setTimeout(240_000);
  const owner = await person("Nadia");
  const viewer = await person("Vik");
  const editor = await person("Eli");
  const boardId = await owner.createBoard("Presence", "Can a viewer wipe the narrative?");
  await owner.invite(viewer.email, "Viewer");
  await owner.invite(editor.email, "Editor");
  await owner.page.keyboard.press("Escape");
  await owner.write("The first paragraph stays.");
  await owner.write("So does the second.");
  await owner.expectSaved();

  // The viewer announces cursors no editor can read, a stranger's name and fields nobody knows.
  await viewer.open(boardId);
  const malformed = [
    { user: { id: "someone", name: "Nadia", color: "#000000" }, cursor: { anchor: null, head: null }, junk: "x".repeat(500) },
    { cursor: "somewhere" },
    { cursor: { anchor: { type: { client: "1", clock: -1 }, tname: 7, item: null, assoc: "0" }, head: { item: { client: 1.5, clock: 2 } } } },
  ];
  const entries = malformed.map((state, i) => ({ clientId: 3_000_000_001 + i, clock: 1, state: JSON.stringify(state) }));
  expect(await sendFromPage(viewer.page, boardId, [encodeAwarenessMessage(encodeAwarenessEntries(entries))])).toBe(true);

  // An editor who opens the board afterwards sees the narrative, writes, and nothing is lost.
  await editor.open(boardId);
  await expect(editor.editor).toContainText("The first paragraph stays.");
  await expect(editor.editor).toContainText("So does the second.");
  await editor.write("Eli adds a third.");
  await editor.expectSaved();
  await expect(owner.editor).toContainText("Eli adds a third.");

  // A malformed cursor that reaches the page anyway (an older server, say) is ignored by the carets.
  await editor.page.evaluate(() => {
    const pane = document.querySelector('[data-testid="narrative-pane"]')!;
    const fiberKey = Object.keys(pane).find((key) => key.startsWith("__reactFiber$"))!;
    type Fiber = { return: Fiber | null; memoizedProps?: { awareness?: { states: Map<number, unknown>; meta: Map<number, unknown>; emit(name: string, args: unknown[]): void } } };
    let fiber = (pane as unknown as Record<string, Fiber | null>)[fiberKey];
    while (fiber && !fiber.memoizedProps?.awareness) fiber = fiber.return;
    const awareness = fiber!.memoizedProps!.awareness!;
    awareness.states.set(4_242_424, { user: { id: "ghost", name: "Ghost", color: "#123456" }, cursor: { anchor: null, head: null } });
    awareness.meta.set(4_242_424, { clock: 1, lastUpdated: Date.now() });
    awareness.emit("change", [{ added: [4_242_424], updated: [], removed: [] }, "test"]);
  });
  await editor.write("Typed after the ghost arrived.");
  await expect(editor.narrative.getByRole("alert")).toHaveCount(0);
  await expect(owner.editor).toContainText("Typed after the ghost arrived.");

  // When the editor cannot apply what it holds (here a transaction made before the owner's edit),
  // the pane says so, read-only, and nothing it held reaches anyone.
  await editor.page.evaluate(() => {
    const { editor: tiptap } = document.querySelector('[data-testid="narrative-pane"] .ProseMirror') as unknown as EditorOnDom;
    (window as unknown as { stale: unknown }).stale = tiptap.state.tr.insertText("Words from a stale transaction ", 1);
  });
  await owner.write("Nadia writes a fourth.");
  await expect(editor.editor).toContainText("Nadia writes a fourth.");
  await editor.page.evaluate(() => {
    const { editor: tiptap } = document.querySelector('[data-testid="narrative-pane"] .ProseMirror') as unknown as EditorOnDom;
    tiptap.view.dispatch((window as unknown as { stale: unknown }).stale);
  });
  await expect(editor.narrative.getByRole("alert")).toContainText("The narrative could not be shown");
  await expect(editor.editor).toHaveCount(0);

  await owner.page.reload();
  await owner.waitUntilLoaded();
  for (const text of ["The first paragraph stays.", "So does the second.", "Eli adds a third.", "Typed after the ghost arrived.", "Nadia writes a fourth."]) {
    await expect(owner.editor).toContainText(text);
  }
  await expect(owner.editor).not.toContainText("stale transaction");

  // Reloading shows the narrative again, editable.
  await editor.narrative.getByRole("button", { name: "Reload" }).click();
  await expect(editor.editor).toContainText("Nadia writes a fourth.");
  await expect(editor.editor).toHaveAttribute("contenteditable", "true");
});
