/**
 * The arithmetic of the time axis, pure so it can be tested: where ticks fall at each zoom level,
 * how cards share a lane without covering each other, and which lane a card goes in.
 */
import { dayNumber, isoFromDayNumber, whenBounds } from "@/lib/board/dates";
import type { Card, Pin } from "@/lib/board/schema";

/** A visible stretch of time in day numbers (days since 1970-01-01, UTC). */
export interface Domain {
  start: number;
  end: number;
}

/** The axis zooms from about two weeks to sixty years across its width. */
export const MIN_SPAN_DAYS = 14;
export const MAX_SPAN_DAYS = 60 * 366;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export interface Tick {
  day: number;
  label: string;
}

/**
 * Ticks on calendar boundaries at the coarsest unit that still gives enough of them: years,
 * quarters, months, weeks (Mondays are not needed: the 1st, 8th, 15th and 22nd read better), days.
 */
export function ticksFor(domain: Domain, maxTicks: number): Tick[] {
  const span = domain.end - domain.start;
  const first = isoFromDayNumber(domain.start);
  let year = Number(first.slice(0, 4));
  let month = Number(first.slice(5, 7));
  const ticks: Tick[] = [];
  const push = (iso: string, label: string) => {
    const day = dayNumber(iso);
    if (day >= domain.start && day <= domain.end) ticks.push({ day, label });
  };
  const iso = (y: number, m: number, d = 1) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  const yearStep = [1, 2, 5, 10, 20].find((step) => span / 365 / step <= maxTicks) ?? 50;
  if (span / 365 > maxTicks / 2 || span > 365 * 4) {
    for (let y = Math.floor(year / yearStep) * yearStep; dayNumber(iso(y, 1)) <= domain.end; y += yearStep) push(iso(y, 1), String(y));
    return ticks;
  }
  const monthStep = span > 75 ? ([1, 3, 6].find((step) => span / 30.4 / step <= maxTicks) ?? 12) : 0;
  if (monthStep) {
    month = Math.floor((month - 1) / monthStep) * monthStep + 1;
    while (dayNumber(iso(year, month)) <= domain.end) {
      push(iso(year, month), month === 1 ? `${MONTHS[0]} ${year}` : MONTHS[month - 1]);
      month += monthStep;
      if (month > 12) {
        month -= 12;
        year += 1;
      }
    }
    return ticks;
  }
  const dayStep = span <= maxTicks ? 1 : 7;
  for (let day = domain.start; day <= domain.end; day++) {
    const date = isoFromDayNumber(day);
    const dom = Number(date.slice(8, 10));
    if (dayStep === 1 || [1, 8, 15, 22].includes(dom)) {
      push(date, dom === 1 ? `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}` : String(dom));
    }
  }
  return ticks;
}

/** Zooms by `factor` (< 1 zooms in) around `anchor`, keeping the span within the axis's limits. */
export function zoomDomain(domain: Domain, factor: number, anchor: number): Domain {
  const span = domain.end - domain.start;
  const next = Math.min(MAX_SPAN_DAYS, Math.max(MIN_SPAN_DAYS, span * factor));
  const ratio = span > 0 ? (anchor - domain.start) / span : 0.5;
  const start = anchor - ratio * next;
  return { start, end: start + next };
}

/** The stretch of time that shows every card, with a margin; a year around today when there are none. */
export function domainOf(cards: readonly Card[], today: string): Domain {
  if (cards.length === 0) return { start: dayNumber(today) - 365, end: dayNumber(today) + 30 };
  let start = Infinity;
  let end = -Infinity;
  for (const card of cards) {
    const bounds = whenBounds(card.when);
    start = Math.min(start, dayNumber(bounds.start));
    end = Math.max(end, dayNumber(bounds.end) + 1);
  }
  const margin = Math.max(7, (end - start) * 0.05);
  const span = Math.max(MIN_SPAN_DAYS, end - start + 2 * margin);
  const middle = (start + end) / 2;
  return { start: middle - span / 2, end: middle + span / 2 };
}

/** What the axis's lanes (and the trend's series) split the cards by. */
export type LaneMode = "tag" | "actor" | "eventType" | "none";

/** The lane choices, as the timeline offers them; a series of the trend is named by the same noun. */
export const LANE_MODES: ReadonlyArray<{ mode: LaneMode; label: string; noun: string }> = [
  { mode: "tag", label: "by tag", noun: "tag" },
  { mode: "actor", label: "by actor", noun: "actor" },
  { mode: "eventType", label: "by event type", noun: "event type" },
  { mode: "none", label: "none", noun: "lane" },
];

/**
 * The lane a card sits in: its first tag; its actor (the event's first actor, or, for a card
 * without one, the first actor pin it is linked to); its event type.
 */
export function laneOf(card: Card, pins: readonly Pin[], mode: LaneMode): string {
  if (mode === "tag") return card.tags[0] ?? "No tag";
  if (mode === "actor") return card.event?.actor1?.name ?? pins.find((pin) => pin.kind === "actor")?.title ?? "No actor";
  if (mode === "eventType") return card.event?.eventType ?? "No event type";
  return "All cards";
}

/**
 * The groups a card counts in for the trend: each of its tags, each of its event's two actors
 * (an event counts for both sides, as an actor's activity), otherwise its lane.
 */
export function groupsOf(card: Card, pins: readonly Pin[], mode: LaneMode): string[] {
  if (mode === "tag" && card.tags.length > 0) return card.tags;
  if (mode === "actor") {
    const actors = [card.event?.actor1?.name, card.event?.actor2?.name].filter((name): name is string => name !== undefined);
    if (actors.length > 0) return [...new Set(actors)];
  }
  return [laneOf(card, pins, mode)];
}

/**
 * Rows within a lane: each span goes in the first row where it does not overlap the one before
 * (with `gap` of air), so overlapping cards stack instead of hiding each other.
 */
export function packRows(spans: ReadonlyArray<{ x0: number; x1: number }>, gap: number): number[] {
  const rowEnds: number[] = [];
  return spans.map(({ x0, x1 }) => {
    let row = rowEnds.findIndex((end) => end + gap <= x0);
    if (row < 0) row = rowEnds.push(x1) - 1;
    else rowEnds[row] = x1;
    return row;
  });
}

/** The first and last day any card may have happened on (day numbers, both included); null without cards. */
export function evidenceSpan(cards: readonly Card[]): Domain | null {
  let start = Infinity;
  let end = -Infinity;
  for (const card of cards) {
    const bounds = whenBounds(card.when);
    start = Math.min(start, dayNumber(bounds.start));
    end = Math.max(end, dayNumber(bounds.end));
  }
  return start <= end ? { start, end } : null;
}

/** Frames of one sweep of playback across the evidence. */
export const PLAY_STEPS = 60;

/**
 * The windows playback shows, in day numbers (both ends included): a window `width` days wide
 * sliding from `from` (or the first event) in equal steps (or `stepDays` apart when given) until
 * its end reaches the last event, which is always the last frame. It never starts before the
 * evidence nor ends after it.
 */
export function playWindows(evidence: Domain, width: number, from: number = evidence.start, stepDays: number | null = null): Domain[] {
  const span = evidence.end - evidence.start;
  const w = Math.max(0, Math.min(Math.round(width), span));
  const lastStart = evidence.end - w;
  let start = Math.min(Math.max(Math.round(from), evidence.start), lastStart);
  const step = Math.max(1, stepDays === null ? Math.round((lastStart - evidence.start) / PLAY_STEPS) : Math.round(stepDays));
  const frames: Domain[] = [];
  for (; start < lastStart; start += step) frames.push({ start, end: start + w });
  frames.push({ start: lastStart, end: evidence.end });
  return frames;
}

/** Past this many cards in view, a lane shows how many cards fall in each stretch of time instead of a mark each. */
export const DENSITY_FROM = 300;

/** Bucket lengths in days, from a day to five years: the smallest at least `minPx` wide is used. */
const BUCKET_DAYS = [1, 7, 14, 30, 91, 182, 365, 730, 1826];

/** Cards per bucket: bucket `i` holds the days from `first + i * days` (included) to the next bucket's first. */
export interface Density {
  days: number;
  first: number;
  counts: number[];
}

/**
 * A histogram of the cards in view: each card counted once, in the bucket holding the middle of
 * its uncertain dates (`days`, day numbers), buckets as short as the zoom allows while at least
 * `minPx` wide. Cards whose middle is outside the domain are not counted.
 */
export function densityBuckets(days: readonly number[], domain: Domain, width: number, minPx = 6): Density {
  const span = Math.max(1, domain.end - domain.start);
  const bucket = BUCKET_DAYS.find((d) => (d / span) * width >= minPx) ?? BUCKET_DAYS[BUCKET_DAYS.length - 1];
  const first = Math.floor(domain.start / bucket) * bucket;
  const counts = new Array<number>(Math.max(1, Math.ceil((domain.end - first) / bucket))).fill(0);
  for (const day of days) {
    if (day < domain.start || day >= domain.end) continue;
    counts[Math.floor((day - first) / bucket)] += 1;
  }
  return { days: bucket, first, counts };
}

/** The middle of the days a card may have happened on (a day number, possibly a half). */
export function middleDay(card: Card): number {
  const bounds = whenBounds(card.when);
  return (dayNumber(bounds.start) + dayNumber(bounds.end)) / 2;
}
