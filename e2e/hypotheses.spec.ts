import { expect, test } from "./fixtures";
import { HypothesesPanel } from "./board-page";

test("two analysts rate the same evidence differently and the group view marks it; a reviewer's dispute puts the claim at risk and she questions a cell; a regrade moves the scores; the matrix works by keyboard alone", async ({ person }) => {
  // Three people through the whole story: longer than one test's default time.
  test.setTimeout(420_000);
  const ana = await person("Ana");
  const ben = await person("Ben");
  const rita = await person("Rita");

  const boardId = await ana.createBoard("Southward shift", "Is JNIM shifting south?");
  await ana.invite(ben.email, "Editor");
  await ana.invite(rita.email, "Reviewer");
  await ana.page.keyboard.press("Escape");
  await ben.open(boardId);
  await rita.open(boardId);

  // Ana writes the judgement on two cards and cites them.
  await ana.addCard({ title: "Convoy ambushed near Gao", date: "2019-03-02", source: "Field report" });
  await ana.addCard({ title: "Checkpoint attack at Ségou", date: "2019-04-11", source: "Local radio" });
  await ana.write("JNIM is likely moving its operations south.");
  await ana.markClaim("JNIM is likely moving its operations south.", "likely (55–80%)", "High confidence");
  const claim = await ana.openClaim("JNIM is likely moving");
  await ana.citeBySearch(claim, "convoy", "Convoy ambushed near Gao");
  await ana.citeBySearch(claim, "checkpoint", "Checkpoint attack at Ségou");

  // Ana sets out the rival hypotheses; Ben sees them live.
  const anaMatrix = await new HypothesesPanel(ana).open();
  await anaMatrix.add("JNIM is shifting south");
  await anaMatrix.add("JNIM is only pushed out of the north");
  const benMatrix = await new HypothesesPanel(ben).open();
  await expect(benMatrix.column("JNIM is shifting south")).toBeVisible();
  await expect(benMatrix.column("JNIM is only pushed out of the north")).toBeVisible();
  await expect(benMatrix.matrix.getByTestId("ach-row")).toHaveCount(2);

  // They rate the same cell differently, each in their own matrix.
  await anaMatrix.rate("Convoy ambushed near Gao", "JNIM is shifting south", "c");
  await expect(anaMatrix.cell("Convoy ambushed near Gao", "JNIM is shifting south")).toHaveAttribute("data-rating", "C");
  await benMatrix.rate("Convoy ambushed near Gao", "JNIM is shifting south", "Shift+I");
  await expect(benMatrix.cell("Convoy ambushed near Gao", "JNIM is shifting south")).toHaveAttribute("data-rating", "II");
  await expect(anaMatrix.cell("Convoy ambushed near Gao", "JNIM is shifting south")).toHaveAttribute("data-rating", "C");

  // The group view marks the disagreement, live, with who said what.
  await anaMatrix.view("Group");
  const disputed = anaMatrix.cell("Convoy ambushed near Gao", "JNIM is shifting south");
  await expect(disputed).toHaveAttribute("data-disagree", "true");
  await expect(disputed.getByTestId("ach-spread")).toHaveText("Ana: C, Ben: II");
  await benMatrix.rate("Checkpoint attack at Ségou", "JNIM is only pushed out of the north", "n");
  await anaMatrix.view("My matrix");
  await anaMatrix.rate("Checkpoint attack at Ségou", "JNIM is only pushed out of the north", "Shift+C");
  await anaMatrix.view("Group");
  await expect(anaMatrix.cell("Checkpoint attack at Ségou", "JNIM is only pushed out of the north").getByTestId("ach-spread")).toHaveText("Ana: CC, Ben: N");
  await benMatrix.rate("Checkpoint attack at Ségou", "JNIM is only pushed out of the north", "Shift+C");
  await expect(anaMatrix.cell("Checkpoint attack at Ségou", "JNIM is only pushed out of the north")).toHaveAttribute("data-disagree", "false");
  await anaMatrix.view("My matrix");

  // Ana finds the checkpoint attack inconsistent with a shift south: in her matrix, the shift
  // scores the card's weight, relevance (medium, 1) × Admiralty F6 ((50 + 50) / 200 = 0.5) × I (1).
  await anaMatrix.rate("Checkpoint attack at Ségou", "JNIM is shifting south", "i");
  await expect(anaMatrix.column("JNIM is shifting south").getByTestId("ach-score")).toHaveText("Inconsistency 0.5 · rank 2");
  await expect(anaMatrix.column("JNIM is only pushed out of the north").getByTestId("ach-score")).toHaveText("Inconsistency 0 · rank 1 · leading");
  // The convoy rates alike (0 and 0 against the two) in her matrix: little diagnostic value.
  await expect(anaMatrix.matrix.getByTestId("ach-row").filter({ hasText: "Convoy ambushed near Gao" }).getByTestId("ach-low-diagnostic")).toBeVisible();
  await benMatrix.close();

  // The claim supports the shift south, which no longer leads the group's matrix.
  await anaMatrix.close();
  await claim.getByLabel("Supports hypothesis").selectOption({ label: "H1. JNIM is shifting south" });
  await expect(ana.claimRow("JNIM is likely moving").getByTestId("claim-hypothesis-not-leading")).toContainText("JNIM is shifting south");

  // A reviewer disputes the claim: it shows at risk for Ana at once.
  const ritaClaim = await rita.openClaim("JNIM is likely moving");
  await ritaClaim.getByRole("button", { name: /^Dispute/ }).click();
  await expect(ana.claimRow("JNIM is likely moving").getByTestId("claim-at-risk")).toHaveText("At risk: 1 reviewer disputes it");

  // She questions one cell of the group's matrix in a thread on that cell; Ana sees it named in her review.
  const ritaMatrix = await new HypothesesPanel(rita).open();
  await ritaMatrix.cell("Convoy ambushed near Gao", "JNIM is shifting south").click();
  const details = ritaMatrix.panel.getByTestId("ach-cell-details");
  await details.getByRole("button", { name: "New thread" }).click();
  await rita.writeComment(details.getByLabel("New thread on this cell"), "C and II on one convoy: which report did each of you read?");
  await details.getByRole("button", { name: "Start thread" }).click();
  await expect(details.getByTestId("review-thread")).toHaveCount(1);
  await expect(ritaMatrix.cell("Convoy ambushed near Gao", "JNIM is shifting south")).toContainText("1 open thread");
  await ritaMatrix.close();
  await ana.narrative.getByRole("tab", { name: "Review" }).click();
  await expect(ana.page.getByTestId("review-panel").getByTestId("review-thread").filter({ hasText: "which report did each of you read?" })).toContainText(
    "Cell: Convoy ambushed near Gao × JNIM is shifting south",
  );
  await ana.narrative.getByRole("tab", { name: "Claims" }).click();

  // Regraded to A1 ((100 + 100) / 200 = 1), then made highly relevant (2), the checkpoint card weighs
  // 1, then 2: the shift's score follows.
  const card = await ana.selectCard("Checkpoint attack at Ségou");
  await card.getByRole("button", { name: "Edit" }).click();
  const form = ana.timeline.getByRole("form", { name: "Edit card" });
  await form.getByLabel("Source reliability").selectOption("A");
  await form.getByLabel("Information credibility").selectOption("1");
  await form.getByRole("button", { name: "Save card" }).click();
  await anaMatrix.open();
  await expect(anaMatrix.column("JNIM is shifting south").getByTestId("ach-score")).toHaveText("Inconsistency 1 · rank 2");
  await anaMatrix.panel.getByLabel("Relevance of Checkpoint attack at Ségou").selectOption("high");
  await expect(anaMatrix.column("JNIM is shifting south").getByTestId("ach-score")).toHaveText("Inconsistency 2 · rank 2");

  // A row header selects its card on the timeline.
  await anaMatrix.matrix.getByRole("rowheader", { name: /Convoy ambushed near Gao/ }).getByRole("button", { name: "Convoy ambushed near Gao" }).click();
  await expect(ana.card("Convoy ambushed near Gao")).toHaveAttribute("data-selected", "true");

  // Ben works the matrix by keyboard alone: into the grid, arrows to move, letters to rate.
  await benMatrix.open();
  await benMatrix.cell("Checkpoint attack at Ségou", "JNIM is shifting south").focus();
  await ben.page.keyboard.press("Control+Home");
  await expect(benMatrix.cell("Convoy ambushed near Gao", "JNIM is shifting south")).toBeFocused();
  await ben.page.keyboard.press("ArrowRight");
  await ben.page.keyboard.press("i");
  await expect(benMatrix.cell("Convoy ambushed near Gao", "JNIM is only pushed out of the north")).toHaveAttribute("data-rating", "I");
  await expect(benMatrix.panel.getByTestId("ach-announcement")).toHaveText("Convoy ambushed near Gao, JNIM is only pushed out of the north: I, inconsistent");
  await ben.page.keyboard.press("ArrowDown");
  await ben.page.keyboard.press("Delete");
  await expect(benMatrix.cell("Checkpoint attack at Ségou", "JNIM is only pushed out of the north")).toHaveAttribute("data-rating", "");
  await ben.page.keyboard.press("ArrowLeft");
  await ben.page.keyboard.press("Shift+C");
  await expect(benMatrix.cell("Checkpoint attack at Ségou", "JNIM is shifting south")).toBeFocused();
  await expect(benMatrix.cell("Checkpoint attack at Ségou", "JNIM is shifting south")).toHaveAttribute("data-rating", "CC");
  // Ana sees Ben's new disagreement with her in the group view, live.
  await anaMatrix.view("Group");
  await expect(anaMatrix.cell("Checkpoint attack at Ségou", "JNIM is shifting south").getByTestId("ach-spread")).toHaveText("Ana: I, Ben: CC");
});
