import { describe, expect, it } from "vitest";
import { emptyHistogram, formatRatio, formatTable, formatValue, histogramPercentile, mergeHistograms, percentile, record } from "./stats";

describe("percentile", () => {
  it("takes the nearest rank of the sorted values", () => {
    const values = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(values, 50)).toBe(5);
    expect(percentile(values, 90)).toBe(9);
    expect(percentile(values, 99)).toBe(10);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([42], 99)).toBe(42);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("latency histogram", () => {
  it("gives percentiles within 1 % of the exact ones and merges across workers", () => {
    const values = Array.from({ length: 1000 }, (_, i) => 0.5 + i * 0.37);
    const first = emptyHistogram();
    const second = emptyHistogram();
    values.forEach((v, i) => record(i % 2 === 0 ? first : second, v));
    const merged = mergeHistograms([first, second]);
    expect(merged.count).toBe(1000);
    expect(merged.maxMs).toBeCloseTo(values[999]);
    for (const p of [50, 95, 99]) {
      const exact = percentile(values, p);
      const approx = histogramPercentile(merged, p);
      expect(approx).toBeGreaterThanOrEqual(exact);
      expect(approx).toBeLessThanOrEqual(exact * 1.01 + 1e-9);
    }
    expect(histogramPercentile(merged, 100)).toBeCloseTo(values[999]);
  });

  it("counts negative latencies (clock jitter between processes) as zero and has no percentile when empty", () => {
    const h = emptyHistogram();
    record(h, -0.2);
    expect(histogramPercentile(h, 50)).toBe(0);
    expect(histogramPercentile(emptyHistogram(), 50)).toBeNaN();
  });
});

describe("table formatting", () => {
  it("prints figures with few digits and ratios ours/peer", () => {
    expect(formatValue(1234.56)).toBe("1235");
    expect(formatValue(12.345)).toBe("12.3");
    expect(formatValue(1.2345)).toBe("1.23");
    expect(formatValue(null)).toBe("—");
    expect(formatValue(NaN)).toBe("—");
    expect(formatRatio(5, 10)).toBe("0.50×");
    expect(formatRatio(5, 0)).toBe("—");
    expect(formatRatio(undefined, 3)).toBe("—");
  });

  it("aligns columns under a rule: labels left, figures right", () => {
    const table = formatTable(["", "ours", "peer"], [["p99 ms", "12.3", "456"], ["RSS MB", "1.00", "7.50 FAIL"]]);
    expect(table.split("\n")).toEqual([
      "        ours       peer",
      "------  ----  ---------",
      "p99 ms  12.3        456",
      "RSS MB  1.00  7.50 FAIL",
    ]);
  });
});
