import type { Locator } from "@playwright/test";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";
import type { BoardPage } from "./board-page";

/** The history panel, opened from the header if it is not open yet. */
async function openHistory(person: BoardPage): Promise<Locator> {
  const panel = person.page.getByRole("dialog", { name: "History" });
  if (!(await panel.isVisible())) await person.page.getByRole("button", { name: "History", exact: true }).click();
  await expect(panel).toBeVisible();
  return panel;
}

test("two people edit, name a version, one deletes a pin and rewrites a claim; the other compares, sees exactly that by its author, restores the pin for both, and 'since last brief' marks what changed after a presentation", async ({ person }) => {
  // One long flow of two people: more steps than the default budget allows on a busy machine.
  test.setTimeout(300_000);
  const olivia = await person("Olivia");
  const ed = await person("Ed");
  const boardId = await olivia.createBoard("Southward shift", "Is JNIM moving south?");
  await olivia.invite(ed.email, "Editor");
  await olivia.page.keyboard.press("Escape");
  await ed.open(boardId);

  // Both edit: a pin each, a card, and Olivia's claim in the narrative.
  await olivia.addPinByClick("Mopti attack", { x: 0.45, y: 0.5 });
  await ed.addPinByClick("Gao camp", { x: 0.6, y: 0.35 });
  await ed.addCard({ title: "Convoy ambushed near Gao", date: "2019-03-02", source: "Field report" });
  await olivia.write("JNIM is likely moving its operations south.");
  await olivia.markClaim("JNIM is likely moving its operations south.", "likely (55–80%)", "High confidence");
  await olivia.expectSaved();
  await ed.expectSaved();
  await expect(ed.pins).toContainText("Mopti attack");
  await expect(ed.editor.locator("span.claim")).toContainText("JNIM is likely moving its operations south.");

  // Olivia names the board as it is.
  const history = await openHistory(olivia);
  await history.getByLabel("Name this version").fill("Before the Monday brief");
  await history.getByRole("button", { name: "Save version" }).click();
  const named = history.getByTestId("version-row").filter({ hasText: "Before the Monday brief" });
  await expect(named).toContainText("Named");
  await expect(named).toContainText(/\d{1,2} [A-Z][a-z]{2} \d{4}, \d{1,2}:\d{2}/);
  await expectNoAxeViolations(olivia.page, "the History dialog", { include: '[role="dialog"][aria-label="History"]' });
  await history.getByRole("button", { name: "Close history" }).click();

  // Ed deletes Olivia's pin and rewrites the claim.
  await ed.selectPin("Mopti attack");
  await ed.pinPanel.getByRole("button", { name: "Delete pin" }).click();
  await expect(ed.pins).not.toContainText("Mopti attack");
  await ed.selectText("likely");
  await ed.page.keyboard.type("almost certainly");
  await expect(ed.editor.locator("span.claim")).toContainText("JNIM is almost certainly moving its operations south.");
  await ed.expectSaved();
  await expect(olivia.pins).not.toContainText("Mopti attack");

  // Olivia compares the named version with now: exactly those changes, made by Ed.
  const panel = await openHistory(olivia);
  await panel.getByTestId("version-row").filter({ hasText: "Before the Monday brief" }).getByRole("button", { name: "Compare with now" }).click();
  const changes = panel.getByTestId("change-list");
  await expect(changes.getByTestId("changes-pins").getByTestId("change")).toHaveCount(1);
  const removed = changes.getByTestId("changes-pins").getByTestId("change");
  await expect(removed).toContainText("Pin “Mopti attack” removed");
  await expect(removed.getByTestId("change-authors")).toHaveText("by Ed");
  await expect(changes.getByTestId("changes-claims").getByTestId("change")).toHaveCount(1);
  const rewritten = changes.getByTestId("changes-claims").getByTestId("change");
  await expect(rewritten).toContainText("Claim rewritten: “JNIM is likely moving its operations south.” → “JNIM is almost certainly moving its operations south.”");
  await expect(rewritten.getByTestId("change-authors")).toHaveText("by Ed");
  // The passage that holds the claim, word by word.
  const passage = changes.getByTestId("changes-narrative").getByTestId("change");
  await expect(passage).toHaveCount(1);
  await expect(passage.locator("del")).toHaveText("likely");
  await expect(passage.locator("ins")).toHaveText("almost certainly");
  await expect(passage.getByTestId("change-authors")).toHaveText("by Ed");
  await expect(changes.getByTestId("changes-cards")).toHaveCount(0);
  await expect(changes.getByTestId("changes-review")).toHaveCount(0);

  // Clicking the claim's change shows it in place: the claim opens in the claims panel.
  await rewritten.getByRole("button", { name: /Claim rewritten/ }).click();
  await expect(olivia.claimRow("JNIM is almost certainly").first()).toHaveAttribute("data-selected", "true");

  // She restores the pin alone: both see it back live; the claim stays as Ed wrote it.
  await removed.getByRole("button", { name: "Restore this pin" }).click();
  await expect(panel.getByRole("button", { name: "Undo restore" })).toBeVisible();
  await expect(olivia.pins).toContainText("Mopti attack");
  await expect(ed.pins).toContainText("Mopti attack");
  await expect(ed.editor.locator("span.claim")).toContainText("JNIM is almost certainly moving");
  await olivia.expectSaved();
  await panel.getByRole("button", { name: "Close comparison" }).click();

  // Viewing the named version: the panes show it read-only, with the claim as it was.
  await named.getByRole("button", { name: "View" }).click();
  await expect(olivia.page.getByTestId("viewing-banner")).toContainText(/Viewing version of .* — read-only/);
  await expect(olivia.editor).toContainText("JNIM is likely moving its operations south.");
  await expect(olivia.editor).toHaveAttribute("contenteditable", "false");
  await expect(olivia.claimRow("JNIM is likely moving its operations south.")).toBeVisible();
  await olivia.page.getByRole("button", { name: "Back to live" }).click();
  // Live again (Ed's caret shows his name inside the text: the claims panel reads the claim alone).
  await expect(olivia.claimRow("JNIM is almost certainly moving its operations south.")).toBeVisible();
  await expect(olivia.editor).toHaveAttribute("contenteditable", "true");
  await panel.getByRole("button", { name: "Close history" }).click();

  // Olivia presents a scene: the board as presented is recorded as a briefing.
  await olivia.captureScene("Overview");
  await olivia.expectSaved();
  await (await olivia.openScenes()).getByRole("button", { name: "Present", exact: true }).click();
  await expect(olivia.presenterView).toBeVisible();
  await olivia.page.keyboard.press("Escape");
  await expect(olivia.presenterView).toHaveCount(0);
  const afterBrief = await openHistory(olivia);
  await expect(afterBrief.getByTestId("version-row").filter({ hasText: "Briefing presented" })).toHaveCount(1);
  await afterBrief.getByRole("button", { name: "Close history" }).click();

  // After the brief, Ed adds a pin and regrades nothing else; "since last brief" marks exactly that.
  await ed.addPinByClick("Ségou checkpoint", { x: 0.3, y: 0.6 });
  await ed.addCard({ title: "Checkpoint attack at Ségou", date: "2019-04-11", source: "Local radio" });
  await ed.expectSaved();
  await expect(olivia.pins).toContainText("Ségou checkpoint");
  await olivia.page.getByRole("button", { name: "Since last brief" }).click();
  const since = olivia.page.getByTestId("since-last-brief");
  await expect(since).toContainText("2 changes since the brief of");
  await expect(since.getByTestId("change")).toHaveText([/Pin “Ségou checkpoint” added\s*by Ed/, /Card “Checkpoint attack at Ségou” added\s*by Ed/]);
  // The new pin is ringed on the map; the new card is marked, the older one is not.
  await expect(olivia.map).toHaveAttribute("data-changed-pins", /^[A-Za-z0-9]+$/);
  await expect(olivia.card("Checkpoint attack at Ségou")).toHaveCSS("outline-style", "solid");
  await expect(olivia.card("Convoy ambushed near Gao")).toHaveCSS("outline-style", "none");
  // Turned off, the marks go.
  await olivia.page.getByRole("button", { name: "Since last brief" }).click();
  await expect(since).toHaveCount(0);
  await expect(olivia.card("Checkpoint attack at Ségou")).toHaveCSS("outline-style", "none");
  await expect(olivia.map).not.toHaveAttribute("data-changed-pins", /./);
});
