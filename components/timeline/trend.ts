/**
 * The numbers behind the trend chart: for each tag (or actor, or event type), where its events happened (latitude, or
 * distance from a chosen place) against when, with a least-squares line so a drift south reads
 * as a slope, not an impression.
 */
import { dayNumber, whenBounds } from "@/lib/board/dates";
import { groupsOf, type LaneMode } from "./axis";
import type { TimelineEntry } from "./useTimeline";

export interface Place {
  name: string;
  lat: number;
  lng: number;
}

/** Bamako, the capital the question is usually asked about. */
export const BAMAKO: Place = { name: "Bamako", lat: 12.6392, lng: -8.0029 };

/** "latitude" or the distance in kilometres from a place. */
export type Measure = { kind: "latitude" } | { kind: "distance"; from: Place };

/** Below this many events (or three distinct dates) a series gets no fitted line, only its points. */
export const MIN_TREND_EVENTS = 10;

export interface TrendFit {
  /** Change of the measure per year (degrees or km); null with too few events to fit a trend. */
  slopePerYear: number | null;
  /** The 95 % confidence interval of `slopePerYear`; null when there is no slope. */
  interval: [number, number] | null;
  /** Share of the variance the line explains (0–1); null when there is no slope. */
  r2: number | null;
  /** The fitted line's value at `day`. */
  at(day: number): number;
}

export interface TrendSeries extends TrendFit {
  /** The tag, actor or event type the series is of. */
  group: string;
  points: Array<{ day: number; value: number; cardId: string }>;
}

const EARTH_RADIUS_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * One series per tag (a card with two tags counts in both; a card with no tag in "No tag"), or per
 * actor, or per event type, as the timeline's lanes are chosen (`groupsOf`), each card placed at
 * the middle of its uncertain dates and at the mean position of its pins. Cards without pins are
 * left out: they have no place.
 */
export function trendSeries(entries: readonly TimelineEntry[], measure: Measure, by: LaneMode = "tag"): TrendSeries[] {
  const byTag = new Map<string, TrendSeries["points"]>();
  for (const { card, pins } of entries) {
    if (pins.length === 0) continue;
    const bounds = whenBounds(card.when);
    const day = (dayNumber(bounds.start) + dayNumber(bounds.end)) / 2;
    const lat = pins.reduce((sum, pin) => sum + pin.lat, 0) / pins.length;
    const lng = pins.reduce((sum, pin) => sum + pin.lng, 0) / pins.length;
    const value = measure.kind === "latitude" ? lat : distanceKm(measure.from, { lat, lng });
    for (const tag of groupsOf(card, pins, by)) {
      const points = byTag.get(tag) ?? [];
      points.push({ day, value, cardId: card.id });
      byTag.set(tag, points);
    }
  }
  return [...byTag.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([group, points]) => ({ group, points, ...fitTrend(points) }));
}

/**
 * The least-squares line through the points, its slope per year with a 95 % confidence interval
 * (Student's t with n − 2 degrees of freedom) and R². With fewer than `MIN_TREND_EVENTS` points or
 * three distinct dates, no slope: a line through three events says nothing about a trend.
 */
export function fitTrend(points: ReadonlyArray<{ day: number; value: number }>): TrendFit {
  const n = points.length;
  const meanX = n ? points.reduce((s, p) => s + p.day, 0) / n : 0;
  const meanY = n ? points.reduce((s, p) => s + p.value, 0) / n : 0;
  const none: TrendFit = { slopePerYear: null, interval: null, r2: null, at: () => meanY };
  if (n < MIN_TREND_EVENTS || new Set(points.map((p) => p.day)).size < 3) return none;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    sxx += (p.day - meanX) ** 2;
    sxy += (p.day - meanX) * (p.value - meanY);
    syy += (p.value - meanY) ** 2;
  }
  const slope = sxy / sxx;
  const residual = Math.max(0, syy - slope * sxy);
  const standardError = Math.sqrt(residual / (n - 2) / sxx);
  const margin = studentT975(n - 2) * standardError * 365.25;
  const perYear = slope * 365.25;
  return {
    slopePerYear: perYear,
    interval: [perYear - margin, perYear + margin],
    r2: syy === 0 ? 0 : 1 - residual / syy,
    at: (day) => meanY + slope * (day - meanX),
  };
}

/** The 97.5th percentile of Student's t with `df` degrees of freedom (Cornish–Fisher; within 0.5 % from 3 on). */
export function studentT975(df: number): number {
  const z = 1.959964;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}

/** Round values for an axis from `min` to `max`: steps of 1, 2 or 5 × 10ⁿ, about `count` of them. */
export function niceTicks(min: number, max: number, count: number): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const steps = [1, 2, 5, 10].map((m) => m * power);
  const step = steps.reduce((best, s) => (Math.abs((max - min) / s - count) < Math.abs((max - min) / best - count) ? s : best));
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const fixed = (n: number, digits: number) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });
const signed = (n: number, digits: number) => `${n > 0 ? "+" : n < 0 ? "−" : ""}${fixed(Math.abs(n), digits)}`;

/** What a series' legend says: its events, and its slope with the 95 % interval and R², or why it has none. */
export function describeTrend(series: Pick<TrendSeries, "points" | "slopePerYear" | "interval" | "r2">, unit: string, digits: number): string {
  const n = series.points.length;
  const events = `n = ${n.toLocaleString("en")} ${n === 1 ? "event" : "events"}`;
  if (series.slopePerYear === null || !series.interval || series.r2 === null) return `${events}: too few events to fit a trend`;
  const [lo, hi] = series.interval;
  return `${events}: ${signed(series.slopePerYear, digits)}${unit} per year (95 % CI ${signed(lo, digits)} to ${signed(hi, digits)}), R² ${fixed(series.r2, 2)}`;
}
