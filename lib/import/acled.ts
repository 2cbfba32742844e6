/**
 * One row in ACLED's column layout → the pin where it happened and the card that says what
 * happened. Pure: the CSV and GeoJSON readers both hand their rows here.
 */
import { z } from "zod";
import { addDays, dayNumber, parseEventDate, whenBounds } from "@/lib/board/dates";
import type { EvidenceInput } from "@/lib/board/model";
import { parseGradeCode } from "@/lib/board/grade";
import { CardInputSchema, PinInputSchema, type EventActor, type EventDetails, type When } from "@/lib/board/schema";
import { firstIssue } from "./report";

/** ACLED's export columns, in their order. */
export const ACLED_COLUMNS = [
  "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
  "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
  "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
  "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
] as const;

/**
 * Columns the board adds after ACLED's when it exports, so an exported file imports back with its
 * titles, grades, URLs and exact dates. Files from elsewhere simply lack them.
 */
export const BOARD_COLUMNS = ["title", "grade", "source_url", "when_start", "when_end", "when_precision"] as const;

/** Without these a row cannot become a pin and a card. */
export const REQUIRED_COLUMNS = ["event_date", "latitude", "longitude"] as const;

export type AcledColumn = (typeof ACLED_COLUMNS)[number] | (typeof BOARD_COLUMNS)[number];

/**
 * A row by column name. Besides ACLED's and the board's columns a file may have others; they are
 * kept on the card (its event's `extra`) and written back by the exports.
 */
export type AcledRow = Partial<Record<AcledColumn, string>> & { [column: string]: string | undefined };

const KNOWN_COLUMNS: ReadonlySet<string> = new Set<string>([...ACLED_COLUMNS, ...BOARD_COLUMNS]);

/** True for a column the board reads into its own fields (the others are kept as they are). */
export function isKnownColumn(name: string): boolean {
  return KNOWN_COLUMNS.has(name);
}

const text = (value: string | undefined) => (value ?? "").trim();

const coordinate = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, `${name} is missing`)
    .transform(Number)
    .refine((n) => Number.isFinite(n), `${name} is not a number`)
    .refine((n) => n >= min && n <= max, `${name} must be between ${min} and ${max}`);

const LatitudeSchema = coordinate("latitude", -90, 90);
const LongitudeSchema = coordinate("longitude", -180, 180);

/** ACLED's geo_precision: 1 the named town, 2 near it, 3 only the region is known. */
const GEO_PRECISION = { "1": "exact", "2": "near", "3": "region" } as const;

/**
 * ACLED's time_precision: 1 the day is known; 2 only the week, ACLED giving a day in it, read as
 * three days either side; 3 only the month.
 */
function whenOf(date: string, timePrecision: string): When | string {
  switch (timePrecision || "1") {
    case "1":
      return { start: date, precision: "day" };
    case "2":
      return { start: addDays(date, -3), end: addDays(date, 3), precision: "approx" };
    case "3":
      return { start: `${date.slice(0, 7)}-01`, precision: "month" };
    default:
      return `time_precision must be 1, 2 or 3, not "${timePrecision}"`;
  }
}

/**
 * ACLED's time_precision for a card's date, claiming no more than the card knows:
 *
 * | the card's date                                   | time_precision |
 * | ------------------------------------------------- | -------------- |
 * | one day (precision day, no end)                   | 1              |
 * | a range of at most 7 days (day or approx)         | 2 (that week)  |
 * | a month, or a range inside one calendar month     | 3 (that month) |
 * | vaguer: a year, a longer range, "about" one day   | empty          |
 *
 * An empty time_precision claims nothing; the card's range is in the board's own columns
 * (when_start, when_end, when_precision), which the importer reads back first.
 */
export function acledTimePrecision(when: When): "1" | "2" | "3" | "" {
  if (when.precision === "day" && when.end === undefined) return "1";
  const { start, end } = whenBounds(when);
  if (when.end !== undefined && dayNumber(end) - dayNumber(start) < 7) return "2";
  if ((when.precision === "month" || when.end !== undefined) && start.slice(0, 7) === end.slice(0, 7)) return "3";
  return "";
}

/** The day a row's event_date gives: the source's own day when the card keeps one inside its span. */
export function acledEventDate(when: When, event: EventDetails | undefined): string {
  const { start, end } = whenBounds(when);
  const day = event?.sourceDate;
  return day !== undefined && day >= start && day <= end ? day : when.start;
}

function boardWhen(row: AcledRow): When | null {
  const start = text(row.when_start);
  if (!start) return null;
  const end = text(row.when_end);
  return { start, ...(end ? { end } : {}), precision: text(row.when_precision) as When["precision"] };
}

function splitTags(value: string): string[] {
  return value.split(/[;,]/).map((tag) => tag.trim()).filter((tag) => tag !== "");
}

/** A title for the card that says what, who and where in the words of the row, within 200 characters. */
function titleOf(row: AcledRow): string {
  const what = text(row.sub_event_type) || text(row.event_type) || "Event";
  const who = text(row.actor1);
  const where = text(row.location);
  return [what, who && `by ${who}`, where && `in ${where}`].filter(Boolean).join(" ").slice(0, 200);
}

/** ACLED separates associated actors with semicolons. */
const splitActors = (value: string) => value.split(";").map((name) => name.trim()).filter((name) => name !== "");

function actorOf(row: AcledRow, name: "actor1" | "actor2", associated: "assoc_actor_1" | "assoc_actor_2"): EventActor | string | undefined {
  const actor = text(row[name]);
  const with_ = splitActors(text(row[associated]));
  if (!actor) return with_.length > 0 ? `${associated} is set but ${name} is empty` : undefined;
  return { name: actor, ...(with_.length > 0 ? { associated: with_ } : {}) };
}

/** A property of the file the board has no column for, as the card keeps it. */
export type ExtraValue = NonNullable<EventDetails["extra"]>[string];

/**
 * The event details a row carries, or why it cannot be read. `extra` holds the row's other
 * columns (from GeoJSON, with their JSON types). Empty cells are left out: unknown, not zero.
 */
function eventOf(row: AcledRow, date: string, when: When, pinTitle: string, extra: Record<string, ExtraValue>): EventDetails | string {
  const fatalities = text(row.fatalities);
  if (fatalities && !/^\d+$/.test(fatalities)) return `fatalities must be a whole number of 0 or more, not "${fatalities}"`;
  const actor1 = actorOf(row, "actor1", "assoc_actor_1");
  if (typeof actor1 === "string") return actor1;
  const actor2 = actorOf(row, "actor2", "assoc_actor_2");
  if (typeof actor2 === "string") return actor2;
  const location = text(row.location);
  const fields: Record<string, unknown> = {
    sourceId: text(row.event_id_cnty),
    sourceDate: date !== when.start ? date : "",
    disorderType: text(row.disorder_type),
    eventType: text(row.event_type),
    subEventType: text(row.sub_event_type),
    actor1,
    actor2,
    inter1: text(row.inter1),
    inter2: text(row.inter2),
    interaction: text(row.interaction),
    civilianTargeting: text(row.civilian_targeting),
    fatalities: fatalities ? Number(fatalities) : undefined,
    iso: text(row.iso),
    region: text(row.region),
    country: text(row.country),
    admin1: text(row.admin1),
    admin2: text(row.admin2),
    admin3: text(row.admin3),
    location: location !== pinTitle ? location : "",
    sourceScale: text(row.source_scale),
    timestamp: text(row.timestamp),
    extra: Object.keys(extra).length > 0 ? extra : undefined,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== "" && value !== undefined)) as EventDetails;
}

export type RowOutcome = { ok: true; item: EvidenceInput } | { ok: false; reason: string };

/** The file's column each event detail comes from, to name it when a row is refused. */
const EVENT_COLUMNS: Partial<Record<keyof EventDetails, string>> = {
  sourceId: "event_id_cnty", disorderType: "disorder_type", eventType: "event_type", subEventType: "sub_event_type",
  inter1: "inter1", inter2: "inter2", interaction: "interaction", civilianTargeting: "civilian_targeting", iso: "iso",
  region: "region", country: "country", admin1: "admin1", admin2: "admin2", admin3: "admin3", location: "location",
  sourceScale: "source_scale", timestamp: "timestamp",
};

/** Where in the row a problem is: its column for event details (assoc_actor_1 for actor1.associated), else the field. */
function columnOf(path: readonly PropertyKey[]): string {
  const [, key, part] = path;
  if (key === "actor1" || key === "actor2") return part === "associated" ? `assoc_actor_${key.slice(-1)}` : key;
  if (key === "extra" && part !== undefined) return String(part);
  return EVENT_COLUMNS[key as keyof EventDetails] ?? path.join(".");
}

/** The reasons a row is refused, in words; the first problem is enough to fix it. */
/** A path of a card's field, named as the file names it. */
const columnName = (path: readonly PropertyKey[]) => (path[0] === "event" && path.length > 1 ? columnOf(path) : path.join("."));

/**
 * Maps one row to a pin and a card, or says why it cannot. `extra` holds the row's columns the
 * board has no field for; by default they are taken from the row itself as text (a CSV row),
 * while GeoJSON hands its feature's other properties with their JSON types.
 */
export function acledRowToEvidence(row: AcledRow, extra?: Record<string, ExtraValue>): RowOutcome {
  const lat = LatitudeSchema.safeParse(row.latitude ?? "");
  if (!lat.success) return { ok: false, reason: lat.error.issues[0].message };
  const lng = LongitudeSchema.safeParse(row.longitude ?? "");
  if (!lng.success) return { ok: false, reason: lng.error.issues[0].message };
  const rawDate = text(row.event_date);
  if (!rawDate) return { ok: false, reason: "event_date is missing" };
  const date = parseEventDate(rawDate);
  if (!date) return { ok: false, reason: `event_date "${rawDate}" is not a date (YYYY-MM-DD, 16 May 2025 or 7-Feb-25)` };
  const when = boardWhen(row) ?? whenOf(date, text(row.time_precision));
  if (typeof when === "string") return { ok: false, reason: when };

  const where = text(row.location) || text(row.admin2) || text(row.admin1) || "Unnamed place";
  // Only ACLED's own tags column: the event type is already in the title, and as a tag it would
  // split every actor's lane and trend line by event type.
  const tags = [...new Set(splitTags(text(row.tags)))];
  const others = extra ?? Object.fromEntries(Object.entries(row).filter(([column, value]) => !isKnownColumn(column) && value !== undefined && value !== "")) as Record<string, ExtraValue>;
  const event = eventOf(row, date, when, where.slice(0, 200), others);
  if (typeof event === "string") return { ok: false, reason: event };
  const pin = PinInputSchema.safeParse({
    title: where.slice(0, 200),
    lat: lat.data,
    lng: lng.data,
    kind: "event",
    note: [text(row.event_id_cnty), text(row.admin1), text(row.country)].filter(Boolean).join(" · "),
    geoPrecision: GEO_PRECISION[text(row.geo_precision) as keyof typeof GEO_PRECISION] ?? "exact",
  });
  if (!pin.success) return { ok: false, reason: firstIssue(pin.error, columnName) };
  const card = CardInputSchema.safeParse({
    title: text(row.title) || titleOf(row),
    body: text(row.notes),
    when,
    source: { title: text(row.source).slice(0, 300), url: text(row.source_url) },
    grade: parseGradeCode(text(row.grade)) ?? undefined,
    tags: tags.slice(0, 50),
    ...(Object.keys(event).length > 0 ? { event } : {}),
  });
  if (!card.success) return { ok: false, reason: firstIssue(card.error, columnName) };
  const { title, body, when: cardWhen, source, grade, tags: cardTags, event: details } = card.data;
  return { ok: true, item: { pin: pin.data, card: { title, body, when: cardWhen, source, grade, tags: cardTags, ...(details ? { event: details } : {}) } } };
}
