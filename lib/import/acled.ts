/**
 * One row in ACLED's column layout → the pin where it happened and the card that says what
 * happened. Pure: the CSV and GeoJSON readers both hand their rows here.
 */
import { z } from "zod";
import { addDays, parseEventDate } from "@/lib/board/dates";
import type { EvidenceInput } from "@/lib/board/model";
import { CardInputSchema, GradeSchema, PinInputSchema, type When } from "@/lib/board/schema";

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

export type AcledRow = Partial<Record<(typeof ACLED_COLUMNS)[number] | (typeof BOARD_COLUMNS)[number], string>>;

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

function boardWhen(row: AcledRow): When | null {
  const start = text(row.when_start);
  if (!start) return null;
  const end = text(row.when_end);
  return { start, ...(end ? { end } : {}), precision: text(row.when_precision) as When["precision"] };
}

function gradeOf(value: string): z.input<typeof GradeSchema> | undefined {
  const match = /^([A-F])([1-6])$/i.exec(value);
  return match ? { reliability: match[1].toUpperCase() as "A", credibility: Number(match[2]) as 1 } : undefined;
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

export type RowOutcome = { ok: true; item: EvidenceInput } | { ok: false; reason: string };

/** The reasons a row is refused, in words; the first problem is enough to fix it. */
function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  return `${where}${issue.message}`;
}

export function acledRowToEvidence(row: AcledRow): RowOutcome {
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
  const fatalities = text(row.fatalities);
  const body = [text(row.notes), fatalities && fatalities !== "0" ? `Fatalities: ${fatalities}.` : ""]
    .filter(Boolean)
    .join("\n\n");
  const pin = PinInputSchema.safeParse({
    title: where.slice(0, 200),
    lat: lat.data,
    lng: lng.data,
    kind: "event",
    note: [text(row.event_id_cnty), text(row.admin1), text(row.country)].filter(Boolean).join(" · "),
    geoPrecision: GEO_PRECISION[text(row.geo_precision) as keyof typeof GEO_PRECISION] ?? "exact",
  });
  if (!pin.success) return { ok: false, reason: firstIssue(pin.error) };
  const card = CardInputSchema.safeParse({
    title: text(row.title) || titleOf(row),
    body,
    when,
    source: { title: text(row.source).slice(0, 300), url: text(row.source_url) },
    grade: gradeOf(text(row.grade)),
    tags: tags.slice(0, 50),
  });
  if (!card.success) return { ok: false, reason: firstIssue(card.error) };
  const { title, body: cardBody, when: cardWhen, source, grade, tags: cardTags } = card.data;
  return { ok: true, item: { pin: pin.data, card: { title, body: cardBody, when: cardWhen, source, grade, tags: cardTags } } };
}
