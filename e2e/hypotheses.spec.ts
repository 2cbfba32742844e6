import { expect, test } from "./fixtures";
import { HypothesesPanel } from "./board-page";

test("two analysts rate the same evidence differently and the group view marks it; a reviewer's dispute puts the claim at risk; a regrade moves the scores; the matrix works by keyboard alone", async ({ person }) => {
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
  await benMatrix.close();
  await anaMatrix.close();

  // A reviewer disputes the claim: it shows at risk for Ana at once.
  const ritaClaim = await rita.openClaim("JNIM is likely moving");
  await ritaClaim.getByRole("button", { name: /^Dispute/ }).click();
  await expect(ana.claimRow("JNIM is likely moving").getByTestId("claim-at-risk")).toContainText("Disputed by Rita");
});
