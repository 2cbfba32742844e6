/**
 * Pure helpers of the benchmark: exact percentiles, a mergeable latency histogram (client
 * workers each keep one; the driver merges them) and the plain-text tables it prints.
 */

/** The `p`-th percentile (0–100) of `values` by the nearest-rank method; NaN when empty. */
export function percentile(values: ArrayLike<number>, p: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/** Relative width of a histogram bucket: percentiles are exact to within 1 %. */
const GROWTH = 1.01;
/** Smallest value told apart (ms); anything below falls into the first bucket. */
const FLOOR_MS = 0.01;

/** Bucket counts of latencies in ms (1 % buckets), plus exact count, sum and max. */
export interface Histogram {
  buckets: Record<number, number>;
  count: number;
  sumMs: number;
  maxMs: number;
}

export function emptyHistogram(): Histogram {
  return { buckets: {}, count: 0, sumMs: 0, maxMs: 0 };
}

/** Records one latency (ms); negative values (clock jitter between processes) count as 0. */
export function record(histogram: Histogram, ms: number): void {
  const value = Math.max(0, ms);
  const index = value <= FLOOR_MS ? 0 : Math.ceil(Math.log(value / FLOOR_MS) / Math.log(GROWTH));
  histogram.buckets[index] = (histogram.buckets[index] ?? 0) + 1;
  histogram.count += 1;
  histogram.sumMs += value;
  histogram.maxMs = Math.max(histogram.maxMs, value);
}

export function mergeHistograms(histograms: readonly Histogram[]): Histogram {
  const merged = emptyHistogram();
  for (const h of histograms) {
    for (const [index, n] of Object.entries(h.buckets)) merged.buckets[Number(index)] = (merged.buckets[Number(index)] ?? 0) + n;
    merged.count += h.count;
    merged.sumMs += h.sumMs;
    merged.maxMs = Math.max(merged.maxMs, h.maxMs);
  }
  return merged;
}

/** The `p`-th percentile of a histogram: the upper bound of its bucket (never above the max). */
export function histogramPercentile(histogram: Histogram, p: number): number {
  if (histogram.count === 0) return NaN;
  const target = Math.max(1, Math.ceil((p / 100) * histogram.count));
  const indexes = Object.keys(histogram.buckets).map(Number).sort((a, b) => a - b);
  let seen = 0;
  for (const index of indexes) {
    seen += histogram.buckets[index];
    if (seen >= target) return Math.min(histogram.maxMs, index === 0 ? FLOOR_MS : FLOOR_MS * GROWTH ** index);
  }
  return histogram.maxMs;
}

/** A figure as printed: few significant digits, "—" for none. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** ours / peer, printed as "0.42×"; "—" when either side is missing or the peer is 0. */
export function formatRatio(ours: number | null | undefined, peer: number | null | undefined): string {
  if (ours === null || ours === undefined || peer === null || peer === undefined) return "—";
  if (Number.isNaN(ours) || Number.isNaN(peer) || peer === 0) return "—";
  return `${(ours / peer).toFixed(2)}×`;
}

/** Left-aligned first column, right-aligned others, a rule under the header. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
