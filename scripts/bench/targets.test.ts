import { describe, expect, it } from "vitest";
import { formatSummary, summarize, type SummaryCell, type SummaryInput } from "./targets";

const row = (scenario: string, label: string, cells: Record<string, SummaryCell>): SummaryInput => ({
  scenario,
  label,
  cells: new Map(Object.entries(cells)),
});

describe("summary against the best peer", () => {
  it("divides ours by the lowest figure among the peers that passed, and judges it against the target", () => {
    const [met, missed] = summarize([
      row("fanout", "N=50 p99 ms", { ours: { value: 4 }, "yws-memory": { value: 5 }, hocuspocus: { value: 8 } }),
      row("fanout", "N=10 p50 ms", { ours: { value: 3 }, "yws-memory": { value: 2 }, hocuspocus: { value: 1, problem: "replicas differ" } }),
    ]);
    expect(met).toMatchObject({ best: { server: "yws-memory", value: 5 }, ratio: 0.8, target: 1, verdict: "PASS" });
    expect(missed).toMatchObject({ best: { server: "yws-memory", value: 2 }, ratio: 1.5, verdict: "FAIL" });
  });

  it("holds RSS per open board to 0.7× and leaves figures without a target as lead or behind", () => {
    const [rss, connect, behind] = summarize([
      row("many-boards", "RSS per open board KB", { ours: { value: 50 }, "yws-memory": { value: 66 } }),
      row("many-boards", "connect p50 ms", { ours: { value: 30 }, "yws-memory": { value: 40 } }),
      row("burst", "server CPU s", { ours: { value: 2 }, "yws-memory": { value: 1 } }),
    ]);
    expect(rss).toMatchObject({ target: 0.7, verdict: "FAIL" });
    expect(rss.ratio).toBeCloseTo(0.758, 3);
    expect(connect).toMatchObject({ target: null, verdict: "lead", ratio: 0.75 });
    expect(behind).toMatchObject({ target: null, verdict: "behind", ratio: 2 });
  });

  it("compares higher-is-better figures the other way round and leaves out figures with no direction", () => {
    const rows = summarize([
      row("burst", "edits/s delivered", { ours: { value: 20_000 }, "yws-memory": { value: 10_000 }, hocuspocus: { value: 16_000 } }),
      row("fanout", "N=10 msgs/client/s", { ours: { value: 5 }, "yws-memory": { value: 20 } }),
      row("awareness", "N=50 states seen %", { ours: { value: 70 }, "yws-memory": { value: 100 } }),
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ best: { server: "hocuspocus", value: 16_000 }, ratio: 0.8, verdict: "lead" });
  });

  it("skips figures only ours has, fails a target ours failed the check of, and passes one no peer passed", () => {
    const rows = summarize([
      row("burst", "all saved (committed) ms", { ours: { value: 900 } }),
      row("burst", "single-transaction: all delivered ms", { ours: { value: null, problem: "closed with 4429" }, "yws-memory": { value: 500 } }),
      row("fanout", "N=200 p99 ms", { ours: { value: 30 }, "yws-memory": { value: 9000, problem: "delivered 50%" } }),
    ]);
    expect(rows.map((r) => r.label)).toEqual(["single-transaction: all delivered ms", "N=200 p99 ms"]);
    expect(rows[0]).toMatchObject({ verdict: "FAIL", ratio: null, note: "ours failed its check" });
    expect(rows[1]).toMatchObject({ verdict: "PASS", best: null, ratio: null, note: "no peer passed its check" });
  });

  it("applies the per-message CPU target at every room size, in both fan-out variants", () => {
    const rows = summarize([
      row("fanout", "N=400 CPU µs per delivered message", { ours: { value: 3 }, "yws-memory": { value: 2 } }),
      row("fanout-stock", "N=10 CPU µs per delivered message", { ours: { value: 1 }, "yws-memory": { value: 2 } }),
      row("fanout", "N=400 p99 ms", { ours: { value: 1 }, "yws-memory": { value: 2 } }),
    ]);
    expect(rows.map((r) => [r.target, r.verdict])).toEqual([
      [1, "FAIL"],
      [1, "PASS"],
      [null, "lead"],
    ]);
  });

  it("prints a table and counts the targets met", () => {
    const text = formatSummary(
      summarize([
        row("fanout", "N=50 p99 ms", { ours: { value: 4 }, "yws-memory": { value: 5 } }),
        row("fanout", "N=50 p95 ms", { ours: { value: 4 }, "yws-memory": { value: 5 } }),
      ]),
      (s) => (s === "yws-memory" ? "y-ws mem" : s),
    );
    expect(text).toMatch(/^fanout · N=50 p99 ms +4\.00 +5\.00 y-ws mem +0\.80× +≤ 1\.0× +PASS$/m);
    expect(text).toContain("lead");
    expect(text.trimEnd().endsWith("Targets met: 1 of 1")).toBe(true);
    expect(formatSummary([])).toBe("## Summary: no figure was measured on ours and a peer");
  });
});
