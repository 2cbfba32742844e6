import { expect, test } from "./fixtures";

test("an editor marks a claim with evidence, a reviewer disputes it in a thread, the editor answers and resolves, each hearing of it in their inbox; a viewer sees it all and can change none of it", async ({ person }) => {
  const olivia = await person("Olivia");
  const rita = await person("Rita");
  const vera = await person("Vera");

  const boardId = await olivia.createBoard("Southward shift", "Is JNIM moving south?");
  await olivia.invite(rita.email, "Reviewer");
  await olivia.invite(vera.email, "Viewer");
  await olivia.page.keyboard.press("Escape");
  await rita.open(boardId);
  await vera.open(boardId);

  // The editor writes the judgement and the evidence, then marks the claim and cites two cards.
  await olivia.addCard({ title: "Convoy ambushed near Gao", date: "2019-03-02", source: "Field report" });
  await olivia.addCard({ title: "Checkpoint attack at Ségou", date: "2019-04-11", source: "Local radio" });
  await olivia.write("JNIM is likely moving its operations south. More on this below.");
  await olivia.markClaim("JNIM is likely moving its operations south.", "likely (55–80%)", "High confidence");
  const claim = await olivia.openClaim("JNIM is likely moving");
  await expect(claim.getByTestId("no-evidence")).toBeVisible();
  await expect(olivia.claimRow("JNIM is likely moving").getByTestId("claim-no-evidence")).toBeVisible();
  await olivia.citeBySearch(claim, "convoy", "Convoy ambushed near Gao");
  await olivia.citeByPickingCard(claim, "Checkpoint attack at Ségou");
  await expect(olivia.claimRow("JNIM is likely moving").getByTestId("claim-evidence-count")).toHaveText("2 evidence (2 cards, 0 pins)");
  await expect(olivia.claimRow("JNIM is likely moving").getByTestId("claim-no-evidence")).toHaveCount(0);
  // The claim is marked in the text with its likelihood, and its evidence lights up on the timeline.
  await expect(olivia.editor.locator("[data-claim-badge]")).toHaveAttribute("data-label", "likely · high");
  await expect(olivia.timeline.locator('[data-testid="timeline-card"][data-highlighted="true"]')).toHaveCount(2);

  // The reviewer sees the claim live, opens a thread on it (naming the editor) and disputes it.
  await expect(rita.editor.locator("span.claim")).toContainText("JNIM is likely moving its operations south.");
  await expect(rita.claimRow("JNIM is likely moving").getByTestId("claim-likelihood")).toHaveText("likely");
  await expect(rita.claimRow("JNIM is likely moving").getByTestId("claim-evidence-count")).toHaveText("2 evidence (2 cards, 0 pins)");
  await expect(rita.page.getByRole("button", { name: "Mark as claim" })).toHaveCount(0);
  await expect(rita.editor).toHaveAttribute("contenteditable", "false");
  const ritaClaim = await rita.openClaim("JNIM is likely moving");
  await expect(ritaClaim.getByLabel("Likelihood")).toBeDisabled();
  await expect(ritaClaim.getByLabel("Search cards and pins")).toHaveCount(0);
  await ritaClaim.getByRole("button", { name: "New thread" }).click();
  await rita.writeComment(ritaClaim.getByLabel("New thread on this claim"), "Both cards are from one district. Is this a trend?", "Olivia");
  await ritaClaim.getByRole("button", { name: "Start thread" }).click();
  await expect(ritaClaim.getByTestId("review-thread")).toHaveCount(1);
  await ritaClaim.getByRole("button", { name: /^Dispute/ }).click();
  await expect(ritaClaim.getByRole("button", { name: /^Dispute/ })).toHaveAttribute("aria-pressed", "true");
  await expect(rita.reviewAttention).toHaveAttribute("data-open-threads", "1");
  await expect(rita.reviewAttention).toHaveAttribute("data-disputed", "1");

  // The editor sees the thread and the dispute live, replies and resolves.
  await expect(olivia.reviewAttention).toHaveAttribute("data-open-threads", "1");
  await expect(olivia.reviewAttention).toHaveAttribute("data-disputed", "1");
  await expect(olivia.claimRow("JNIM is likely moving").getByTestId("claim-open-threads")).toHaveText("1 open thread");
  await expect(olivia.claimRow("JNIM is likely moving").locator('[data-verdict="dispute"]').first()).toContainText("1 dispute");
  const thread = claim.getByTestId("review-thread");
  await expect(thread).toContainText("Both cards are from one district. Is this a trend? @Olivia");
  await expect(thread).toContainText("Rita");
  await expect(thread.getByTestId("review-comment").first()).toContainText("mentions you");
  await thread.getByRole("button", { name: "Reply" }).click();
  await olivia.writeComment(thread.getByLabel("Reply"), "Koulikoro and Mopti point the same way; adding them next.");
  await thread.getByRole("button", { name: "Reply" }).click();
  await expect(thread.getByTestId("review-comment")).toHaveCount(2);
  await thread.getByRole("button", { name: "Resolve" }).click();
  await expect(thread.getByTestId("thread-status")).toHaveText("Resolved");
  await expect(olivia.reviewAttention).toHaveAttribute("data-open-threads", "0");
  await expect(olivia.reviewAttention).toHaveAttribute("data-disputed", "1");

  // Olivia's bell holds what concerns her: Rita's mention, and her claim now at risk.
  const oliviaInbox = await olivia.openNotifications();
  await expect(oliviaInbox.getByTestId("notification")).toHaveCount(2);
  await expect(oliviaInbox.getByTestId("notification").filter({ hasText: "Your claim is at risk: Rita disputes it" })).toContainText("Southward shift");
  await expect(oliviaInbox.getByTestId("notification").filter({ hasText: "Rita mentioned you on a claim" })).toContainText("Both cards are from one district");
  await expect(olivia.page.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await oliviaInbox.getByRole("button", { name: "Mark all read" }).click();
  await expect(olivia.page.getByRole("button", { name: "Notifications", exact: true })).toBeVisible();
  await olivia.page.keyboard.press("Escape");

  // Rita hears of the reply in her thread on the board list, and its link opens the claim.
  await rita.page.getByRole("link", { name: "All boards" }).click();
  const ritaInbox = await rita.openNotifications();
  await expect(ritaInbox.getByTestId("notification").filter({ hasText: "Olivia added you to the board" })).toContainText("Reviewer");
  const replied = ritaInbox.getByTestId("notification").filter({ hasText: "Olivia replied in your thread on a claim" });
  await expect(replied).toContainText("Koulikoro and Mopti point the same way");
  await expect(rita.page.getByRole("button", { name: "Notifications, 2 unread" })).toBeVisible();
  await replied.getByRole("link").click();
  await expect(rita.page).toHaveURL(new RegExp(`/boards/${boardId}\\?select=claim:`));
  await expect(ritaClaim).toBeVisible();
  await expect(rita.page.getByRole("button", { name: "Notifications, 1 unread" })).toBeVisible();

  // The reviewer sees the answer and the resolution live; the review panel lists the disputed claim.
  await expect(ritaClaim.getByTestId("review-thread")).toHaveAttribute("data-status", "resolved");
  await expect(ritaClaim.getByTestId("review-comment").nth(1)).toContainText("Koulikoro and Mopti point the same way");
  await rita.reviewAttention.click();
  await expect(rita.page.getByTestId("review-panel").getByTestId("disputed-claim")).toContainText("JNIM is likely moving");

  // The viewer sees all of it…
  await expect(vera.editor.locator("span.claim")).toContainText("JNIM is likely moving its operations south.");
  await expect(vera.reviewAttention).toHaveAttribute("data-open-threads", "0");
  await expect(vera.reviewAttention).toHaveAttribute("data-disputed", "1");
  const veraClaim = await vera.openClaim("JNIM is likely moving");
  await expect(veraClaim.getByTestId("claim-evidence")).toContainText("Convoy ambushed near Gao");
  await expect(veraClaim.getByTestId("claim-evidence")).toContainText("Checkpoint attack at Ségou");
  await expect(veraClaim.getByTestId("review-comment")).toHaveCount(2);
  await expect(veraClaim.getByTestId("thread-status")).toHaveText("Resolved");
  await expect(veraClaim.getByTestId("verdicts")).toContainText("Dispute (1)");

  // …and can do none of it: no controls, and what she tries changes nothing.
  await expect(vera.page.getByRole("button", { name: "Mark as claim" })).toHaveCount(0);
  await expect(veraClaim.getByRole("button", { name: "New thread" })).toHaveCount(0);
  await expect(veraClaim.getByRole("button", { name: "Reply" })).toHaveCount(0);
  await expect(veraClaim.getByRole("button", { name: "Reopen" })).toHaveCount(0);
  await expect(veraClaim.getByTestId("verdicts").getByRole("button")).toHaveCount(0);
  await expect(veraClaim.getByLabel("Search cards and pins")).toHaveCount(0);
  await expect(veraClaim.getByRole("button", { name: "Remove claim" })).toHaveCount(0);
  await expect(veraClaim.getByLabel("Likelihood")).toBeDisabled();
  await expect(veraClaim.getByLabel("Confidence")).toBeDisabled();
  await vera.editor.click();
  await vera.page.keyboard.type("Vera was here.");
  await vera.page.keyboard.press("Backspace");
  await expect(vera.editor).not.toContainText("Vera was here");
  await expect(vera.editor.locator("span.claim")).toContainText("JNIM is likely moving its operations south.");
  await expect(olivia.editor).not.toContainText("Vera was here");
  await expect(olivia.claimRow("JNIM is likely moving").getByTestId("claim-likelihood")).toHaveText("likely");

  // Selecting a cited card lists the claim that cites it.
  const card = await vera.selectCard("Convoy ambushed near Gao");
  await expect(card.getByTestId("citing-claims")).toContainText("JNIM is likely moving its operations south.");

  // When the claimed sentence is deleted, its thread is shown as orphaned, not lost; undo brings it back.
  await olivia.selectText("JNIM is likely moving its operations south.");
  await olivia.page.keyboard.press("Backspace");
  await expect(rita.editor.locator("span.claim")).toHaveCount(0);
  const orphan = rita.page.getByTestId("review-panel").getByRole("region", { name: "Orphaned threads" }).getByTestId("review-thread");
  await expect(orphan).toHaveAttribute("data-orphaned", "true");
  await expect(orphan).toContainText("Both cards are from one district");
  await expect(rita.reviewAttention).toHaveAttribute("data-disputed", "0");
  await olivia.narrative.getByRole("button", { name: "Undo" }).click();
  // (Olivia's caret, with her name, now sits in the restored sentence.)
  await expect(rita.editor.locator("span.claim")).toContainText("JNIM is likely moving its operations south.");
  await expect(rita.page.getByTestId("review-panel").getByRole("region", { name: "Orphaned threads" })).toHaveCount(0);
  await expect(rita.reviewAttention).toHaveAttribute("data-disputed", "1");
});
