/**
 * The run's summary: every figure ours and at least one peer measured, as ours ÷ the best peer
 * (the best of the peers that passed their correctness check for that figure), judged against
 * the targets below where one applies, "lead" or "behind" otherwise. Pure: the driver hands it
 * the tables' rows and prints what it returns.
 */
import { formatTable, formatValue } from "./stats";

export interface SummaryCell {
  value: number | null;
  /** Set when the server failed the correctness check of the point this figure belongs to. */
  problem?: string;
}

export interface SummaryInput {
  /** The scenario's name (`fanout`, `many-boards`, …). */
  scenario: string;
  label: string;
  /** By server kind; "ours" is ours, every other key a peer. */
  cells: ReadonlyMap<string, SummaryCell>;
}

export type Verdict = "PASS" | "FAIL" | "lead" | "behind" | "even";

export interface SummaryRow {
  scenario: string;
  label: string;
  ours: number | null;
  /** The best passing peer and its figure; null when no peer passed. */
  best: { server: string; value: number } | null;
  /** ours ÷ best for lower-is-better figures, best ÷ ours for higher-is-better ones: below 1, ours is ahead. */
  ratio: number | null;
  /** Largest ratio that meets the target; null for a figure with none. */
  target: number | null;
  verdict: Verdict;
  note?: string;
}

interface Rule {
  scenarios: readonly string[];
  label: RegExp;
}

interface TargetRule extends Rule {
  max: number;
}

/** Figures where more is better: compared the other way round. */
const HIGHER_IS_BETTER: Rule[] = [{ scenarios: ["burst"], label: /edits\/s delivered$/ }];

/**
 * Figures with no better direction: how many messages a client receives depends on how a server
 * batches (fewer is cheaper, not slower), and the share of intermediate cursor states seen is what
 * a server chooses to coalesce.
 */
const NO_DIRECTION: Rule[] = [
  { scenarios: ["fanout", "fanout-stock", "awareness"], label: /msgs( received)?\/client\/s$/ },
  { scenarios: ["awareness"], label: /states seen %$/ },
];

const FANOUTS = ["fanout", "fanout-stock"];

export const TARGETS: readonly TargetRule[] = [
  { scenarios: FANOUTS, label: /^N=(10|50|200) p(50|99) ms$/, max: 1.0 },
  { scenarios: FANOUTS, label: /^N=\d+ CPU µs per delivered message$/, max: 1.0 },
  { scenarios: ["burst"], label: /all delivered ms$/, max: 1.0 },
  { scenarios: ["many-boards"], label: /^all \d+ connected s$/, max: 1.0 },
  { scenarios: ["many-boards"], label: /^server CPU s$/, max: 1.0 },
  { scenarios: ["many-boards"], label: /^server RSS idle MB$/, max: 1.0 },
  { scenarios: ["many-boards"], label: /^RSS per open board KB$/, max: 0.7 },
  { scenarios: ["many-boards"], label: /^CPU ms per connection$/, max: 1.0 },
];

const matches = <R extends Rule>(rules: readonly R[], scenario: string, label: string): R | undefined =>
  rules.find((r) => r.scenarios.includes(scenario) && r.label.test(label));

const usable = (value: number | null | undefined): value is number => value !== null && value !== undefined && Number.isFinite(value);

/** The summary rows, in input order; figures without a peer (or without direction) are left out. */
export function summarize(inputs: readonly SummaryInput[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  for (const { scenario, label, cells } of inputs) {
    const ours = cells.get("ours");
    const peers = Array.from(cells).filter(([server]) => server !== "ours");
    if (!ours || peers.length === 0 || matches(NO_DIRECTION, scenario, label)) continue;
    const higher = Boolean(matches(HIGHER_IS_BETTER, scenario, label));
    let best: SummaryRow["best"] = null;
    for (const [server, cell] of peers) {
      if (cell.problem || !usable(cell.value)) continue;
      if (!best || (higher ? cell.value > best.value : cell.value < best.value)) best = { server, value: cell.value };
    }
    const target = matches(TARGETS, scenario, label)?.max ?? null;
    const oursValue = usable(ours.value) ? ours.value : null;
    let ratio: number | null = null;
    if (oursValue !== null && best) {
      const [num, den] = higher ? [best.value, oursValue] : [oursValue, best.value];
      ratio = den === 0 ? (num === 0 ? 1 : Infinity) : num / den;
    }
    let verdict: Verdict;
    let note: string | undefined;
    if (ours.problem || oursValue === null) {
      verdict = target === null ? "behind" : "FAIL";
      // The reason is printed under the scenario's table.
      note = ours.problem ? "ours failed its check" : "ours has no figure";
    } else if (ratio === null) {
      // Every peer failed its check (or had no figure) where ours passed.
      verdict = target === null ? "lead" : "PASS";
      note = "no peer passed its check";
    } else if (target !== null) {
      verdict = ratio <= target ? "PASS" : "FAIL";
    } else {
      verdict = ratio < 1 ? "lead" : ratio > 1 ? "behind" : "even";
    }
    rows.push({ scenario, label, ours: oursValue, best, ratio, target, verdict, note });
  }
  return rows;
}

/** The summary as printed: a table, then how many targets were met. */
export function formatSummary(rows: readonly SummaryRow[], labelOf: (server: string) => string = (s) => s): string {
  if (rows.length === 0) return "## Summary: no figure was measured on ours and a peer";
  const header = ["", "ours", "best peer", "ratio", "target", "verdict"];
  const lines = rows.map((r) => [
    `${r.scenario} · ${r.label}`,
    formatValue(r.ours),
    r.best ? `${formatValue(r.best.value)} ${labelOf(r.best.server)}` : "—",
    r.ratio === null ? "—" : `${r.ratio.toFixed(2)}×`,
    r.target === null ? "" : `≤ ${r.target.toFixed(1)}×`,
    r.note ? `${r.verdict} (${r.note})` : r.verdict,
  ]);
  const judged = rows.filter((r) => r.target !== null);
  const met = judged.filter((r) => r.verdict === "PASS").length;
  return [
    "## Summary: ours ÷ the best peer that passed its check (for edits/s, best ÷ ours): below 1.00×, ours is ahead",
    formatTable(header, lines),
    `Targets met: ${met} of ${judged.length}`,
  ].join("\n");
}
