/**
 * The automated half of the accessibility check: axe-core's WCAG 2.2 A and AA rules run on what a
 * person sees at a step of a flow. A violation fails the test with each rule, how serious it is,
 * the elements it found and what to fix, so the failure reads without opening a trace.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

export interface AxeScope {
  /** Only this part of the page (a dialog, a panel). */
  include?: string;
  /** Parts left to their own scans (the map pane). */
  exclude?: string[];
}

/** Fails with a readable list when axe finds any WCAG 2.2 AA violation on `page` (or the scoped part of it). */
export async function expectNoAxeViolations(page: Page, label: string, scope: AxeScope = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (scope.include) builder = builder.include(scope.include);
  for (const selector of scope.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  const report = violations.map((violation) => {
    const nodes = violation.nodes.map((node) => {
      const summary = (node.failureSummary ?? "").replace(/\s+/g, " ").trim();
      return `    ${node.target.join(" ")}\n      ${summary}`;
    });
    return `  ${violation.id} (${violation.impact ?? "unknown impact"}): ${violation.help}\n${nodes.join("\n")}`;
  });
  expect(report, `accessibility violations on ${label}`).toEqual([]);
}
