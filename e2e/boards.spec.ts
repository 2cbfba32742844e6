/**
 * Boards as things people keep: an owner renames a board live for the editor on it, finds and
 * sorts boards in the list (with who is on each), deletes a board (it closes for the editor and
 * leaves both lists) and restores it from "Recently deleted".
 */
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
