/**
 * Boards as things people keep: an owner renames a board live for the editor on it, finds and
 * sorts boards in the list (with who is on each), deletes a board (it closes for the editor and
 * leaves both lists) and restores it from "Recently deleted"; a person changes their own name and
 * password and signs out everywhere.
 */
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";

test("an owner renames a board live, finds and sorts boards, deletes one for everyone and restores it", async ({ person }) => {
  const olga = await person("Olga");
  const eddie = await person("Eddie");
  const alpha = await olga.createBoard("Alpha route", "Is the road open?");
  await olga.invite(eddie.email, "Editor");
  await olga.page.keyboard.press("Escape");
  await eddie.open(alpha);

  // Renamed by the owner, at once in the editor's header.
  await olga.page.getByRole("button", { name: "Board", exact: true }).click();
  const settings = olga.page.getByRole("dialog", { name: "Board settings" });
  await settings.getByLabel("Board title").fill("Alpha road");
  await settings.getByLabel("Board question").fill("Is the road still open?");
  await settings.getByRole("button", { name: "Rename" }).click();
  await expect(settings.getByRole("status")).toHaveText("Renamed for everyone.");
  await expect(eddie.page.getByRole("heading", { level: 1 })).toHaveText("Alpha road");
  await expect(eddie.page.getByText("Is the road still open?")).toBeVisible();
  await settings.getByRole("button", { name: "Close" }).click();
  await expect(olga.saveState).toHaveText("Saved");

  // The list: the newest change first, by title on request; a search narrows it; who is on each.
  await olga.createBoard("Zulu watch", "");
  await olga.page.goto("/");
  const items = olga.page.getByTestId("board-item");
  await expect(items.getByRole("heading")).toHaveText(["Zulu watch", "Alpha road"]);
  await olga.page.getByLabel("Sort boards").selectOption("title");
  await expect(items.getByRole("heading")).toHaveText(["Alpha road", "Zulu watch"]);
  await expect(items.filter({ hasText: "Alpha road" }).getByTestId("board-members")).toHaveText("2 people: Eddie, Olga");
  await expect(items.filter({ hasText: "Zulu watch" }).getByTestId("board-members")).toHaveText("Only you");
  await olga.page.getByLabel("Search boards").fill("still open");
  await expect(items.getByRole("heading")).toHaveText(["Alpha road"]);
  await olga.page.getByLabel("Search boards").fill("");

  // Deleted by the owner: it closes where the editor has it open and leaves both lists.
  await olga.open(alpha);
  await olga.page.getByRole("button", { name: "Board", exact: true }).click();
  await settings.getByRole("button", { name: "Delete board…" }).click();
  await settings.getByRole("button", { name: "Delete “Alpha road” for everyone" }).click();
  await olga.page.waitForURL((url) => url.pathname === "/");
  await expect(eddie.page.getByRole("alert").filter({ hasText: "This board was deleted" })).toBeVisible();
  await expect(items.getByRole("heading")).toHaveText(["Zulu watch"]);
  const deleted = olga.page.getByTestId("deleted-board");
  await expect(deleted).toContainText("Alpha road");
  // Dates read one way everywhere: the day, the month as a word, the year; then the reader's clock.
  await expect(items.first()).toContainText(/last change \d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d{2}/);
  await expect(items.first().locator("time")).toHaveAttribute("datetime", /^\d{4}-\d{2}-\d{2}T/);
  await expect(deleted).toContainText(/Deleted \d{1,2} [A-Z][a-z]{2} \d{4} · purged after \d{1,2} [A-Z][a-z]{2} \d{4}/);
  await expectNoAxeViolations(olga.page, "the board list");
  await eddie.page.goto("/");
  await expect(eddie.page.getByTestId("board-item")).toHaveCount(0);
  await expect(eddie.page.getByTestId("deleted-board")).toHaveCount(0);
  await eddie.page.goto(`/boards/${alpha}`);
  await expect(eddie.page.getByText("This page could not be found")).toBeVisible();

  // Restored: back for both, as it was.
  await deleted.getByRole("button", { name: "Restore Alpha road" }).click();
  await expect(items.getByRole("heading")).toHaveText(["Zulu watch", "Alpha road"]);
  await expect(deleted).toHaveCount(0);
  await eddie.open(alpha);
  await expect(eddie.page.getByRole("heading", { level: 1 })).toHaveText("Alpha road");
});

test("a person renames themselves, changes their password, and signing out everywhere ends every session", async ({ person }) => {
  const ana = await person("Ana");
  const elsewhere = await person("Ana elsewhere", { email: ana.email, password: "correct horse battery" });

  await ana.page.getByRole("link", { name: "Account" }).click();
  await ana.page.getByLabel("Your name").fill("Ana Diallo");
  await ana.page.getByRole("button", { name: "Save name" }).click();
  await expect(ana.page.getByRole("status")).toContainText("Your name is changed");

  await ana.page.getByLabel("Current password").fill("not my password");
  await ana.page.getByLabel("New password").fill("new horse battery");
  await ana.page.getByRole("button", { name: "Change password" }).click();
  await expect(ana.page.getByRole("alert").filter({ hasText: "The current password is not right." })).toBeVisible();
  await ana.page.getByLabel("Current password").fill("correct horse battery");
  await ana.page.getByRole("button", { name: "Change password" }).click();
  await expect(ana.page.getByRole("status").filter({ hasText: "Your password is changed." })).toBeVisible();

  // The other browser is still signed in, under the new name.
  await elsewhere.page.goto("/");
  await expect(elsewhere.page.getByText("Ana Diallo")).toBeVisible();

  // Signing out everywhere ends this session and the other one, where a board is open.
  const notes = await ana.createBoard("Own notes", "");
  await elsewhere.open(notes);
  await ana.page.goto("/account");
  await ana.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await ana.page.waitForURL(/\/signin/);
  await expect(elsewhere.page.getByRole("alert").filter({ hasText: "Your session has expired" })).toBeVisible();
  await elsewhere.page.goto("/");
  await elsewhere.page.waitForURL(/\/signin/);

  // The old password no longer opens the account; the new one does.
  await elsewhere.page.getByLabel("Email").fill(ana.email);
  await elsewhere.page.getByLabel("Password").fill("correct horse battery");
  await elsewhere.page.getByRole("button", { name: "Sign in" }).click();
  await expect(elsewhere.page.getByRole("alert").filter({ hasText: "do not match" })).toBeVisible();
  await elsewhere.signIn(ana.email, "new horse battery");
  await expect(elsewhere.page.getByText("Ana Diallo")).toBeVisible();
});
