/**
 * How a card's date reads to a person, and how a date typed into a form becomes a `When`.
 *
 * Pure and locale-free on purpose: the same card must read the same on the server, in every
 * browser and in tests, and a date never passes through `Date` (which would shift it by the
 * viewer's time zone). The text never claims more precision than the card holds.
 */
import type { Area, DATE_PRECISIONS, NUMERIC_DATE_ORDERS, When } from "./schema";

type DatePrecision = (typeof DATE_PRECISIONS)[number];

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** En dash between two simple parts ("20–28", "Feb–Mar"), spaced between compound ones. */
const DASH = "–";
const SPACED_DASH = ` ${DASH} `;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function parseIsoDate(value: string): CalendarDate | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

const monthName = (date: CalendarDate) => MONTHS[date.month - 1] ?? "?";

function formatDays(start: CalendarDate, end: CalendarDate | null): string {
  const full = (d: CalendarDate) => `${d.day} ${monthName(d)} ${d.year}`;
  if (!end) return full(start);
  if (start.year !== end.year) return `${full(start)}${SPACED_DASH}${full(end)}`;
  if (start.month !== end.month) {
    return `${start.day} ${monthName(start)}${SPACED_DASH}${end.day} ${monthName(end)} ${end.year}`;
  }
  if (start.day !== end.day) return `${start.day}${DASH}${end.day} ${monthName(end)} ${end.year}`;
  return full(start);
}

function formatMonths(start: CalendarDate, end: CalendarDate | null): string {
  const full = (d: CalendarDate) => `${monthName(d)} ${d.year}`;
  if (!end) return full(start);
  if (start.year !== end.year) return `${full(start)}${SPACED_DASH}${full(end)}`;
  if (start.month !== end.month) return `${monthName(start)}${DASH}${monthName(end)} ${end.year}`;
  return full(start);
}

function formatYears(start: CalendarDate, end: CalendarDate | null): string {
  if (!end || start.year === end.year) return String(start.year);
  return `${start.year}${DASH}${end.year}`;
}

/**
 * A card's date as people write it: "24 Feb 2019", "Feb 2019", "2019", "20–28 Feb 2019",
 * "c. 20–28 Feb 2019" for an approximate date. A range shares what its ends share, so a range
 * inside one month names the month once.
 */
export function formatWhen(when: When): string {
  const start = parseIsoDate(when.start);
  if (!start) return when.start;
  const end = when.end === undefined ? null : parseIsoDate(when.end);
  switch (when.precision) {
    case "day":
      return formatDays(start, end);
    case "month":
      return formatMonths(start, end);
    case "year":
      return formatYears(start, end);
    case "approx":
      return `c. ${formatDays(start, end)}`;
  }
}

/**
 * The `dateTime` attribute of a `<time>` for a card: the start date cut to its precision
 * ("2019-02" for a month), so machines read no more precision than people do.
 */
export function whenDateTime(when: When): string {
  switch (when.precision) {
    case "month":
      return when.start.slice(0, 7);
    case "year":
      return when.start.slice(0, 4);
    default:
      return when.start;
  }
}

// ---------------------------------------------------------------- reading dates people and files write

const MONTH_NUMBER = new Map(
  MONTHS.flatMap((name, index) => {
    const full = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"][index];
    return [
      [name.toLowerCase(), index + 1],
      [full, index + 1],
    ] as const;
  }),
);

const pad = (n: number, width = 2) => String(n).padStart(width, "0");
const toIso = ({ year, month, day }: CalendarDate) => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function calendarDate(year: number, month: number, day: number): CalendarDate | null {
  if (!Number.isInteger(year) || year < 1 || year > 9999) return null;
  if (!Number.isInteger(month) || month < 1 || month > 12) return null;
  if (!Number.isInteger(day) || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Two-digit years are read the way ACLED exports mean them: "25" is 2025, "98" is 1998. */
function fullYear(text: string): number {
  const year = Number(text);
  if (text.length !== 2) return year;
  return year <= 68 ? 2000 + year : 1900 + year;
}

/**
 * A single calendar day written as `2025-05-16`, `16 May 2025` or `7-Feb-25` (the three forms
 * ACLED files use), as `YYYY-MM-DD`; null for anything else, including days that do not exist.
 */
export function parseEventDate(text: string): string | null {
  const value = text.trim();
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) return isoOrNull(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[\s-]+([A-Za-z]+)\.?[\s-]+(\d{2}|\d{4})$/.exec(value);
  if (match) return isoOrNull(fullYear(match[3]), MONTH_NUMBER.get(match[2].toLowerCase()) ?? 0, Number(match[1]));
  return null;
}

function isoOrNull(year: number, month: number, day: number): string | null {
  const date = calendarDate(year, month, day);
  return date && toIso(date);
}

/** Days since 1970-01-01 (UTC, so no time zone ever shifts a day); the axis is drawn in these. */
export function dayNumber(iso: string): number {
  const date = parseIsoDate(iso);
  return date ? Math.round(Date.UTC(date.year, date.month - 1, date.day) / 86_400_000) : Number.NaN;
}

/** The `YYYY-MM-DD` of a day number. */
export function isoFromDayNumber(day: number): string {
  return new Date(Math.round(day) * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return isoFromDayNumber(dayNumber(iso) + days);
}

function endOfPeriod(iso: string, precision: DatePrecision): string {
  const date = parseIsoDate(iso);
  if (!date) return iso;
  switch (precision) {
    case "month":
      return toIso({ ...date, day: daysInMonth(date.year, date.month) });
    case "year":
      return `${pad(date.year, 4)}-12-31`;
    default:
      return iso;
  }
}

/**
 * Every day a card may have happened on, first and last included: "Feb 2019" spans the whole
 * month, "2019" the whole year. The axis draws this span and the time window filters on it, so
 * an uncertain date is never shown or counted as a single day.
 */
export function whenBounds(when: When): { start: string; end: string } {
  // A board's cards are read once per change and then filtered on every frame of playback: their
  // bounds are worked out once per card read.
  let bounds = boundsCache.get(when);
  if (!bounds) {
    bounds = { start: when.start, end: endOfPeriod(when.end ?? when.start, when.precision) };
    boundsCache.set(when, bounds);
  }
  return { ...bounds };
}
const boundsCache = new WeakMap<When, { start: string; end: string }>();

/**
 * True when a card may have happened inside the window: its span and the window share at least
 * one day. The one rule for "in the time window": the timeline lists and the map dims by it.
 */
export function overlapsWindow(when: When, window: { start: string; end: string }): boolean {
  const bounds = whenBounds(when);
  return bounds.start <= window.end && bounds.end >= window.start;
}

/**
 * True when an area or route may hold during the window: it is valid from no later than the
 * window's last day and until no earlier than its first. A bound left out is open (valid since
 * always, or still); a fuzzy bound counts its whole period ("2018" from 1 Jan to 31 Dec), as a
 * card's date does. No window (the whole board): every area shows.
 */
export function areaInWindow(area: Pick<Area, "validFrom" | "validTo">, window: { start: string; end: string } | null): boolean {
  if (!window) return true;
  if (area.validFrom && whenBounds(area.validFrom).start > window.end) return false;
  if (area.validTo && whenBounds(area.validTo).end < window.start) return false;
  return true;
}

/**
 * An area's validity as people read it: "2018", "Jan 2018 – Mar 2019", "from Feb 2019", "until
 * 2020", or "no set period" when it has neither bound.
 */
export function formatValidity(area: Pick<Area, "validFrom" | "validTo">): string {
  const from = area.validFrom && formatWhen(area.validFrom);
  const to = area.validTo && formatWhen(area.validTo);
  if (from && to) return from === to ? from : `${from}${SPACED_DASH}${to}`;
  if (from) return `from ${from}`;
  if (to) return `until ${to}`;
  return "no set period";
}

const PART_OF_MONTH: Record<string, [number, number | null]> = {
  early: [1, 10],
  mid: [11, 20],
  late: [21, null],
};

/** Which number comes first in a numeric date such as 03/04/2019 (a board's setting). */
export type NumericDateOrder = (typeof NUMERIC_DATE_ORDERS)[number];

/**
 * A numeric date (28/03/2019, 28.03.2019, 28-03-2019, 3/4/19) as `YYYY-MM-DD`, read in `order` when both
 * readings exist; a date only one reading makes sense of (28/03/2019) is read that way whatever
 * the order. `ambiguous` holds the other reading when there is one.
 */
export function parseNumericDate(text: string, order: NumericDateOrder = "day-first"): { date: string; ambiguous: string | null } | null {
  const match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})$/.exec(text.trim());
  if (!match) return null;
  const [a, b, year] = [Number(match[1]), Number(match[3]), fullYear(match[4])];
  const dayFirst = isoOrNull(year, b, a);
  const monthFirst = isoOrNull(year, a, b);
  const [preferred, other] = order === "day-first" ? [dayFirst, monthFirst] : [monthFirst, dayFirst];
  const date = preferred ?? other;
  if (!date) return null;
  return { date, ambiguous: preferred && other && other !== preferred ? other : null };
}

/** A numeric date inside typed text: day and month in either order, the same separator twice. */
const NUMERIC_DATE = /\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})/;

/** True when typed text holds a numeric date, so the board's reading order matters to it. */
export function holdsNumericDate(text: string): boolean {
  return NUMERIC_DATE.test(text);
}

/** Parts of a year: "early 2019" is its first third, "mid-2019" the middle one, "late 2019" the last. */
const PART_OF_YEAR: Record<string, [number, number]> = { early: [1, 4], mid: [5, 8], late: [9, 12] };

const ORDINAL_WEEK: Record<string, number> = { first: 1, "1st": 1, second: 2, "2nd": 2, third: 3, "3rd": 3, fourth: 4, "4th": 4, last: 5 };

/** Options for reading what people type. */
export interface ReadOptions {
  /** How to read a numeric date both orders make sense of; the board's setting. */
  numericOrder?: NumericDateOrder;
}

/**
 * What someone typed as a date, as a `When`. It reads, at most as precisely as written:
 * "24 Feb 2019" or "2019-02-24" or "24/02/2019" (day; a numeric date both ways valid is read in
 * the board's order), "Feb 2019" or "2019-02" (month), "Q1 2019" (three months), "2019" (year),
 * "early / mid / late February 2019" (approximate, the first, middle or last third of the month),
 * "early 2019", "mid-2019", "late 2019" (approximate thirds of the year), "first week of April
 * 2019" (approximate seven days), "c. 24 Feb 2019" (approximate day), and a range of any of these
 * joined by "to" or a dash ("20–28 Feb 2019" is read as "20 Feb 2019 to 28 Feb 2019"). Returns
 * null when it cannot.
 *
 * "late February 2019" becomes `{start: 2019-02-21, end: 2019-02-28, precision: "approx"}` and
 * reads back as "c. 21–28 Feb 2019": the same days, said without the word "late".
 */
export function parseWhen(text: string, options: ReadOptions = {}): When | null {
  const value = text.trim().replace(/\s+/g, " ");
  if (value === "") return null;
  const approx = /^(c\.|ca\.|circa|about|around|~)\s*/i.exec(value);
  if (approx) {
    const inner = parseWhen(value.slice(approx[0].length), options);
    if (!inner) return null;
    // "c. Feb 2019" still spans the month: only the day precision may become a single day.
    const { start, end } = whenBounds(inner);
    return end === start ? { start, precision: "approx" } : { start, end, precision: "approx" };
  }
  const single = parseSingle(value, options);
  if (single) return single;
  const range = /^(.+?)\s*(?:\bto\b|–|—|\s-\s)\s*(.+)$/i.exec(value) ?? /^(\d{1,2})-(\d{1,2} .+)$/.exec(value);
  if (!range) return null;
  const end = parseSingle(range[2], options);
  const start = end && (parseSingle(range[1], options) ?? parseSingle(borrowTail(range[1], range[2]), options));
  if (!start || !end) return null;
  const bounds = { start: start.start, end: whenBounds(end).end };
  if (bounds.end < bounds.start) return null;
  const precision = start.precision === "approx" || end.precision === "approx" ? "approx" : start.precision;
  const endStart = precision === "day" || precision === "approx" ? bounds.end : end.start;
  return { start: bounds.start, end: endStart, precision };
}

/** "20" before "28 Feb 2019" means "20 Feb 2019"; "Feb" before "Mar 2019" means "Feb 2019". */
function borrowTail(head: string, tail: string): string {
  const words = tail.split(" ");
  const headWords = head.trim().split(" ").length;
  return [head.trim(), ...words.slice(headWords)].join(" ");
}

/**
 * The other reading of a typed numeric date when both orders make sense of it ("3/4/2019"), for
 * the form to show; null when the text is read only one way.
 */
export function otherReading(text: string, options: ReadOptions = {}): string | null {
  const numbers = text.match(new RegExp(NUMERIC_DATE.source, "g")) ?? [];
  for (const candidate of numbers) {
    const read = parseNumericDate(candidate, options.numericOrder);
    if (read?.ambiguous) return read.ambiguous;
  }
  return null;
}

/** "Q1 2019" or "2019-Q1" as its number and year. */
function quarterOf(value: string): { n: number; year: string } | null {
  const before = /^Q([1-4]) (\d{4})$/i.exec(value);
  if (before) return { n: Number(before[1]), year: before[2] };
  const after = /^(\d{4})[- ]Q([1-4])$/i.exec(value);
  return after ? { n: Number(after[2]), year: after[1] } : null;
}

function parseSingle(text: string, options: ReadOptions = {}): When | null {
  const value = text.trim();
  const day = parseEventDate(value) ?? parseNumericDate(value, options.numericOrder)?.date;
  if (day) return { start: day, precision: "day" };
  const quarter = quarterOf(value);
  if (quarter) {
    const first = (quarter.n - 1) * 3 + 1;
    return { start: `${quarter.year}-${pad(first)}-01`, end: `${quarter.year}-${pad(first + 2)}-01`, precision: "month" };
  }
  const partOfYear = /^(early|mid|late)[\s-]+(\d{4})$/i.exec(value);
  if (partOfYear) {
    const [first, last] = PART_OF_YEAR[partOfYear[1].toLowerCase()];
    const year = Number(partOfYear[2]);
    return { start: toIso({ year, month: first, day: 1 }), end: toIso({ year, month: last, day: daysInMonth(year, last) }), precision: "approx" };
  }
  const week = /^(first|1st|second|2nd|third|3rd|fourth|4th|last) week of ([A-Za-z]+)\.? (\d{4})$/i.exec(value);
  const weekMonth = week && MONTH_NUMBER.get(week[2].toLowerCase());
  if (week && weekMonth) {
    const year = Number(week[3]);
    const days = daysInMonth(year, weekMonth);
    const n = ORDINAL_WEEK[week[1].toLowerCase()];
    const first = n === 5 ? days - 6 : (n - 1) * 7 + 1;
    return { start: toIso({ year, month: weekMonth, day: first }), end: toIso({ year, month: weekMonth, day: first + 6 }), precision: "approx" };
  }
  let match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match && calendarDate(Number(match[1]), Number(match[2]), 1)) {
    return { start: `${match[1]}-${match[2]}-01`, precision: "month" };
  }
  match = /^([A-Za-z]+)\.? (\d{4})$/.exec(value);
  const month = match && MONTH_NUMBER.get(match[1].toLowerCase());
  if (match && month) return { start: `${match[2]}-${pad(month)}-01`, precision: "month" };
  match = /^(\d{4})$/.exec(value);
  if (match && Number(match[1]) >= 1) return { start: `${match[1]}-01-01`, precision: "year" };
  match = /^(early|mid|late)[\s-]+([A-Za-z]+)\.? (\d{4})$/i.exec(value);
  const partMonth = match && MONTH_NUMBER.get(match[2].toLowerCase());
  if (match && partMonth) {
    const year = Number(match[3]);
    const [first, last] = PART_OF_MONTH[match[1].toLowerCase()];
    return {
      start: toIso({ year, month: partMonth, day: first }),
      end: toIso({ year, month: partMonth, day: last ?? daysInMonth(year, partMonth) }),
      precision: "approx",
    };
  }
  return null;
}

// ---------------------------------------------------------------- moments: when something happened on the board

/** Whose clock and language a moment is read in; the runtime's own when left out. */
export interface MomentReader {
  /** A BCP 47 locale ("en-US", "de"): the month's word and the 12- or 24-hour clock. */
  locale?: string;
  /** An IANA time zone ("Europe/Berlin", "UTC"). */
  timeZone?: string;
}

/**
 * The reader the server renders for and a browser shows until it has hydrated: the page's first
 * text must be the same on both, and the server knows neither the person's language nor zone.
 */
export const FIXED_READER = { locale: "en-GB", timeZone: "UTC" } as const satisfies MomentReader;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(reader: MomentReader, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${reader.locale ?? ""}|${reader.timeZone ?? ""}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(reader.locale, { ...options, timeZone: reader.timeZone });
    formatters.set(key, found);
  }
  return found;
}

/**
 * A moment's day as "29 Nov 2026": always day, month as a word, year, whatever the locale's
 * own order, so "11/30/2026" is never read as the 11th of a thirtieth month. The month's word is
 * the reader's language ("29 nov. 2026" in French).
 */
export function formatMomentDay(at: number | Date, reader: MomentReader = {}): string {
  const parts = formatter(reader, { day: "numeric", month: "short", year: "numeric" }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? "";
  return `${part("day")} ${part("month")} ${part("year")}`;
}

/**
 * A moment as "29 Nov 2026, 12:49": its day as `formatMomentDay` writes it, then the time on the
 * reader's clock ("12:49 PM" where the locale counts twelve hours). A moment read in UTC says so.
 */
export function formatMoment(at: number | Date, reader: MomentReader = {}): string {
  const time = formatter(reader, { timeStyle: "short" }).format(at);
  const zone = reader.timeZone === "UTC" ? " UTC" : "";
  return `${formatMomentDay(at, reader)}, ${time}${zone}`;
}

/** The `dateTime` attribute of a `<time>` for a moment: ISO 8601 in UTC. */
export const momentDateTime = (at: number | Date) => new Date(at).toISOString();

/** A time window's days in words ("1–28 Feb 2019"), the way a card's range reads. */
export const formatWindow = (window: { start: string; end: string }) =>
  formatWhen({ start: window.start, end: window.end, precision: "day" });
