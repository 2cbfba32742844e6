/**
 * The demo board's briefing: the assessment (the narrative with its claims and their review
 * state), a page per scene with its map image, claims and cards, and a sources annex; printed to
 * PDF it has the assessment, exactly one page per scene and the annex.
 */
import fs from "node:fs";
import path from "node:path";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { DEMO_ACCOUNT } from "../lib/board/seed";
import { expectNoAxeViolations } from "./axe";
import { expect, test } from "./fixtures";

/** The text of each page of a PDF, as a reader's copy and paste would give it. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= document.numPages; n++) {
    const content = await (await document.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" ").replace(/\s+/g, " "));
  }
  await document.destroy();
  return pages;
}

const NORTH_CLAIM = "JNIM very likely retains the capacity to strike the UN in the north";

test("the demo board's briefing carries the assessment with a disputed claim, every scene with its map, claims and sources, and prints a page per scene", async ({ person }) => {
  const reader = await person("Demo", { email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password });
  await reader.page.getByRole("link", { name: /JNIM in Mali/ }).click();
  await reader.waitUntilLoaded();
  const boardUrl = reader.page.url();

  // The owner disputes a claim: the briefing must never print it as if it were clean.
  const claim = await reader.openClaim(NORTH_CLAIM);
  await claim.getByRole("button", { name: /^Dispute/ }).click();
  await expect(claim.getByRole("button", { name: /^Dispute/ })).toHaveAttribute("aria-pressed", "true");

  const panel = await reader.openScenes();
  await expect(panel.getByTestId("scene")).toHaveCount(4);
  const download = reader.page.waitForEvent("download");
  await panel.getByRole("button", { name: "Export Markdown" }).click();
  const markdown = fs.readFileSync(await (await download).path(), "utf8");
  expect((await download).suggestedFilename()).toBe("JNIM-in-Mali.md");
  expect(markdown).toContain("## 1. The north: Kidal and Aguelhoc");
  expect(markdown).toContain("## Sources");
  // The assessment comes first: the narrative with the claim marked, then the claims with their review.
  expect(markdown.indexOf("## Assessment")).toBeLessThan(markdown.indexOf("## Claims"));
  expect(markdown.indexOf("## Claims")).toBeLessThan(markdown.indexOf("## 1. The north"));
  // The competing hypotheses follow the claims, as the demo analyst rated them.
  expect(markdown.indexOf("## Claims")).toBeLessThan(markdown.indexOf("## Competing hypotheses"));
  expect(markdown).toContain("Leading: JNIM is shifting south");
  expect(markdown).toMatch(/\*\*JNIM very likely retains the capacity to strike the UN in the north,\*\* \[C\d+\]/);
  expect(markdown).toMatch(/- C\d+\. \*\*Very likely\*\* \(moderate confidence\): JNIM very likely retains[^\n]*\n {2}- Review: \*\*Disputed by 1 reviewer/);

  const page = reader.page;
  await page.goto(`${boardUrl}/briefing`);
  const briefing = page.getByTestId("briefing");
  await expect(briefing).toHaveAttribute("data-briefing-ready", "true", { timeout: 60_000 });
  const assessment = briefing.getByTestId("briefing-assessment");
  await expect(assessment.getByRole("heading", { level: 1 })).toHaveText("JNIM in Mali");
  await expect(assessment.getByTestId("briefing-narrative")).toContainText(NORTH_CLAIM);
  const disputed = assessment.getByTestId("briefing-claims").getByTestId("briefing-claim").filter({ hasText: NORTH_CLAIM });
  await expect(disputed).toHaveAttribute("data-disputed", "true");
  await expect(disputed.getByTestId("briefing-review")).toHaveText("Review: Disputed by 1 reviewer");
  const hypotheses = briefing.getByTestId("briefing-hypotheses");
  await expect(hypotheses.getByTestId("briefing-hypothesis")).toHaveCount(3);
  await expect(hypotheses.getByTestId("briefing-leading")).toHaveText("Leading: JNIM is shifting south");
  await expect(hypotheses.getByRole("table")).toContainText("Assault on the EUTM Koulikoro Training Centre");
  const scenes = briefing.getByTestId("briefing-scene");
  await expect(scenes).toHaveCount(4);
  await expect(scenes.getByRole("heading", { level: 2 })).toHaveText([
    "The north: Kidal and Aguelhoc",
    "Losing ground: French strikes and ISGS",
    "Shift south: the Mopti region",
    "Pressure on Bamako: the Koulikoro assault",
  ]);
  for (const scene of await scenes.all()) {
    const map = scene.getByTestId("briefing-map");
    await expect(map).toHaveAttribute("src", /^data:image\/png;base64,/);
    expect(await map.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(300);
    await expect(scene.getByTestId("briefing-claim").first()).toContainText(/likely|almost|unlikely|chance/i);
    await expect(scene.getByTestId("briefing-claim").first()).toContainText(/(low|moderate|high) confidence/i);
    await expect(scene.getByTestId("briefing-card").first()).toContainText(/[A-F][1-6]/);
  }
  await expect(scenes.first().getByTestId("briefing-claim")).toContainText(NORTH_CLAIM);
  await expect(scenes.first().getByTestId("briefing-claim")).toContainText("Disputed by 1 reviewer");
  const sources = briefing.getByTestId("briefing-sources");
  await expect(sources.getByTestId("briefing-source")).toHaveCount(1);
  await expect(sources).toContainText("EU training center attacked in Mali");
  await expect(sources).toContainText("C2");
  // A scene's time window reads in words, as its cards' dates do.
  await expect(scenes.first().getByText(/\d{1,2} [A-Z][a-z]{2}( \d{4})? – \d{1,2} [A-Z][a-z]{2} \d{4}|All dates/).first()).toBeVisible();
  await expectNoAxeViolations(page, "the briefing");

  const out = path.join("test-results", "briefing");
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, "briefing.png"), fullPage: true });
  const pdf = await page.pdf({ path: path.join(out, "briefing.pdf"), preferCSSPageSize: true, printBackground: true });
  const pages = await pdfPages(pdf);
  // The assessment (one page or more), then a page per scene, then the annex.
  const firstScene = pages.findIndex((text) => text.includes("Scene 1 of 4"));
  expect(firstScene).toBeGreaterThanOrEqual(1);
  expect(pages.slice(firstScene).map((text) => text.match(/Scene (\d) of 4|Annex/)?.[0])).toEqual(["Scene 1 of 4", "Scene 2 of 4", "Scene 3 of 4", "Scene 4 of 4", "Annex"]);
  const assessmentText = pages.slice(0, firstScene).join(" ");
  expect(assessmentText).toContain(NORTH_CLAIM);
  expect(assessmentText).toContain("Review: Disputed by 1 reviewer");
  expect(pages.at(-1)).toContain("EU training center attacked in Mali");
});
