/**
 * The numbers behind the trend chart: for each tag, where its events happened (latitude, or
 * distance from a chosen place) against when, with a least-squares line so a drift south reads
 * as a slope, not an impression.
 */
import { dayNumber, whenBounds } from "@/lib/board/dates";
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

export interface TrendSeries {
  tag: string;
  points: Array<{ day: number; value: number; cardId: string }>;
  /** Change of the measure per year (degrees or km); null with fewer than two distinct dates. */
  slopePerYear: number | null;
  /** The fitted line's value at `day`. */
  at(day: number): number;
}

const EARTH_RADIUS_KM = 6371;
const rad = (deg: number) => (deg * Math.PI) / 180;

/** Great-circle distance in kilometres. */
export function distanceKm(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * One series per tag (a card with two tags counts in both; a card with no tag in "No tag"), each
 * card placed at the middle of its uncertain dates and at the mean position of its pins. Cards
 * without pins are left out: they have no place.
 */
export function trendSeries(entries: readonly TimelineEntry[], measure: Measure): TrendSeries[] {
  const byTag = new Map<string, TrendSeries["points"]>();
  for (const { card, pins } of entries) {
    if (pins.length === 0) continue;
    const bounds = whenBounds(card.when);
    const day = (dayNumber(bounds.start) + dayNumber(bounds.end)) / 2;
    const lat = pins.reduce((sum, pin) => sum + pin.lat, 0) / pins.length;
    const lng = pins.reduce((sum, pin) => sum + pin.lng, 0) / pins.length;
    const value = measure.kind === "latitude" ? lat : distanceKm(measure.from, { lat, lng });
    for (const tag of card.tags.length > 0 ? card.tags : ["No tag"]) {
      const points = byTag.get(tag) ?? [];
      points.push({ day, value, cardId: card.id });
      byTag.set(tag, points);
    }
  }
  return [...byTag.entries()]
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .map(([tag, points]) => ({ tag, points, ...fit(points) }));
}

function fit(points: TrendSeries["points"]): Pick<TrendSeries, "slopePerYear" | "at"> {
  const n = points.length;
  const meanX = points.reduce((s, p) => s + p.day, 0) / n;
  const meanY = points.reduce((s, p) => s + p.value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.day - meanX) ** 2;
    sxy += (p.day - meanX) * (p.value - meanY);
  }
  if (sxx === 0) return { slopePerYear: null, at: () => meanY };
  const slope = sxy / sxx;
  return { slopePerYear: slope * 365.25, at: (day) => meanY + slope * (day - meanX) };
}
