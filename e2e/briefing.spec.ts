/**
 * The demo board's briefing: a page per scene with its map image, claims and cards, and a sources
 * annex; printed to PDF it has exactly one page per scene plus the annex.
 */
import fs from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNT } from "../lib/board/seed";
import { expect, test } from "./fixtures";

/** Pages in a PDF as Chromium writes it: one `/Type /Page` object each. */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString("latin1").match(/\/Type\s*\/Page(?![s\w])/g)?.length ?? 0;
}

test("the demo board's briefing shows every scene with its map, claims and sources, and prints a page per scene", async ({ person }) => {
  const reader = await person("Demo", { email: DEMO_ACCOUNT.email, password: DEMO_ACCOUNT.password });
  await reader.page.getByRole("link", { name: /JNIM in Mali/ }).click();
  await reader.waitUntilLoaded();
  const boardUrl = reader.page.url();

  const panel = await reader.openScenes();
  await expect(panel.getByTestId("scene")).toHaveCount(4);
  const download = reader.page.waitForEvent("download");
  await panel.getByRole("button", { name: "Export Markdown" }).click();
  const markdown = fs.readFileSync(await (await download).path(), "utf8");
  expect((await download).suggestedFilename()).toBe("JNIM-in-Mali.md");
  expect(markdown).toContain("## 1. The north: Kidal and Aguelhoc");
  expect(markdown).toContain("## Sources");

  const page = reader.page;
  await page.goto(`${boardUrl}/briefing`);
  const briefing = page.getByTestId("briefing");
  await expect(briefing).toHaveAttribute("data-briefing-ready", "true", { timeout: 60_000 });
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
  await expect(scenes.first().getByTestId("briefing-claim")).toContainText("JNIM very likely retains the capacity to strike the UN in the north");
  const sources = briefing.getByTestId("briefing-sources");
  await expect(sources.getByTestId("briefing-source")).toHaveCount(1);
  await expect(sources).toContainText("EU training center attacked in Mali");
  await expect(sources).toContainText("C2");

  const out = path.join("test-results", "briefing");
  fs.mkdirSync(out, { recursive: true });
  await page.screenshot({ path: path.join(out, "briefing.png"), fullPage: true });
  const pdf = await page.pdf({ path: path.join(out, "briefing.pdf"), preferCSSPageSize: true, printBackground: true });
  expect(pdfPageCount(pdf)).toBe(4 + 1);
});
