import { expect, test } from "./fixtures";

test("the narrative: headings and outline, @pin and #card chips, tables from the slash menu, per-person undo, and claims that light up their evidence", async ({ person }) => {
  const ana = await person("Ana");
  const ben = await person("Ben");
  const boardId = await ana.createBoard("Northern watch", "Is Kidal contested?");
  await ana.invite(ben.email, "Editor");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);

  await ana.addPinByClick("Kidal");
  await ana.addCard({ title: "Aguelhoc assault", date: "2019-01-20", source: "UN statement" });

  // A heading, then a sentence with a pin and a card mentioned through the @ and # menus.
  await ana.editor.click();
  await ana.narrative.getByLabel("Text style").selectOption({ label: "Heading 2" });
  await ana.page.keyboard.type("Key judgements");
  await ana.page.keyboard.press("Enter");
  await ana.page.keyboard.type("Fighting around @Kid");
  await expect(ana.page.getByRole("listbox", { name: "Pins to mention" })).toContainText("@Kidal");
  await ana.page.keyboard.press("Enter");
  await ana.page.keyboard.type("followed the #Aguel");
  await expect(ana.page.getByRole("listbox", { name: "Cards to mention" })).toContainText("#Aguelhoc assault");
  await ana.page.keyboard.press("Enter");
  await ana.page.keyboard.type("in January.");

  // Ben sees the heading in his outline and the chips live; a chip points at its item.
  await expect(ben.editor.getByRole("heading", { level: 2 })).toHaveText("Key judgements");
  await ben.narrative.getByRole("tab", { name: "Outline" }).click();
  await expect(ben.narrative.getByRole("navigation", { name: "Outline" }).getByRole("button", { name: "Key judgements" })).toBeVisible();
  const pinChip = ben.editor.locator('span.mention[data-kind="pin"]');
  const cardChip = ben.editor.locator('span.mention[data-kind="card"]');
  await expect(pinChip).toHaveText("@Kidal");
  await expect(cardChip).toHaveText("#Aguelhoc assault");
  await pinChip.hover();
  await expect(ben.pins.locator('[data-highlighted="true"]')).toHaveText(/Kidal/);
  await cardChip.click();
  await expect(ben.card("Aguelhoc assault")).toHaveAttribute("data-selected", "true");

  // A table from the slash menu, seen by both.
  await ana.write("Sources:");
  await ana.page.keyboard.press("Enter");
  await ana.page.keyboard.type("/tab");
  await expect(ana.page.getByRole("listbox", { name: "Insert a block" })).toHaveText("Table");
  await ana.page.keyboard.press("Enter");
  await expect(ben.editor.locator("table tr")).toHaveCount(3);
  await ana.narrative.getByRole("toolbar", { name: "Table" }).getByRole("button", { name: "Add row" }).click();
  await expect(ben.editor.locator("table tr")).toHaveCount(4);

  // Undo takes back only one's own edits.
  await ana.write("Ana's afterthought.");
  await ben.write("Ben's addition.");
  await expect(ana.editor).toContainText("Ben's addition.");
  await ana.narrative.getByRole("button", { name: "Undo" }).click();
  await expect(ana.editor).not.toContainText("Ana's afterthought.");
  await expect(ben.editor).not.toContainText("Ana's afterthought.");
  await expect(ana.editor).toContainText("Ben's addition.");
  await expect(ben.editor).toContainText("Ben's addition.");

  // A claim citing the pin: pointing at it lights the pin up; the pin lists the claim citing it.
  await ana.markClaim("Fighting around", "very likely (80–95%)", "Moderate confidence");
  const claim = await ana.openClaim("Fighting around");
  await ana.citeBySearch(claim, "kid", "Kidal");
  await expect(ana.claimRow("Fighting around").getByTestId("claim-evidence-count")).toHaveText("1 evidence (0 cards, 1 pin)");
  await expect(ben.editor.locator("[data-claim-badge]")).toHaveAttribute("data-label", "very likely · moderate");
  await ben.page.keyboard.press("Escape");
  await ben.editor.locator("span.claim").hover();
  await expect(ben.pins.locator('[data-highlighted="true"]')).toHaveText(/Kidal/);
  await ben.page.mouse.move(0, 0);
  await ben.selectPin("Kidal");
  await expect(ben.pinPanel.getByTestId("citing-claims")).toContainText("Fighting around");
  await ben.pinPanel.getByTestId("citing-claims").getByRole("button", { name: /Fighting around/ }).click();
  await expect(ben.claimRow("Fighting around")).toHaveAttribute("data-selected", "true");
  await ben.page.screenshot({ path: "test-results/e2e/narrative.png" });
});
