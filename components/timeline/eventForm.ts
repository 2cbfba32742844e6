/**
 * The card editor's "Event details" fields: what a person types (text boxes) and the card's
 * structured event details (lib/board/schema.ts EventDetailsSchema) both ways. An empty box is
 * an unknown field, left out; the source's own day and the file's other properties, which the
 * form does not show as boxes, are kept as they were.
 */
import type { EventActor, EventDetails } from "@/lib/board/schema";

/** The text boxes of the section, in the order they are shown. */
export const EVENT_FIELDS = [
  { key: "eventType", label: "Event type", placeholder: "Battles" },
  { key: "subEventType", label: "Sub-event type", placeholder: "Armed clash" },
  { key: "disorderType", label: "Disorder type", placeholder: "Political violence" },
  { key: "fatalities", label: "Fatalities", placeholder: "unknown" },
  { key: "actor1", label: "Actor 1", placeholder: "JNIM: Group for Support of Islam and Muslims" },
  { key: "assoc1", label: "Acting with actor 1", placeholder: "names separated by ;" },
  { key: "inter1", label: "Actor 1 type code", placeholder: "2" },
  { key: "actor2", label: "Actor 2", placeholder: "Military Forces of Mali" },
  { key: "assoc2", label: "Acting with actor 2", placeholder: "names separated by ;" },
  { key: "inter2", label: "Actor 2 type code", placeholder: "1" },
  { key: "interaction", label: "Interaction code", placeholder: "12" },
  { key: "civilianTargeting", label: "Civilian targeting", placeholder: "Civilian targeting" },
  { key: "country", label: "Country", placeholder: "Mali" },
  { key: "admin1", label: "Admin 1", placeholder: "Mopti" },
  { key: "admin2", label: "Admin 2", placeholder: "Djenne" },
  { key: "admin3", label: "Admin 3", placeholder: "" },
  { key: "location", label: "Location (if not the pin's name)", placeholder: "" },
  { key: "region", label: "Region", placeholder: "Western Africa" },
  { key: "iso", label: "ISO country code", placeholder: "466" },
  { key: "sourceId", label: "Source's event id", placeholder: "MLI1234" },
  { key: "sourceScale", label: "Source scale", placeholder: "National" },
  { key: "timestamp", label: "Source timestamp", placeholder: "" },
] as const;

export type EventField = (typeof EVENT_FIELDS)[number]["key"];
export type EventFormValues = Record<EventField, string>;

/** Fields typed as plain text, one to one. */
const TEXT_FIELDS = [
  "eventType", "subEventType", "disorderType", "inter1", "inter2", "interaction", "civilianTargeting", "country",
  "admin1", "admin2", "admin3", "location", "region", "iso", "sourceId", "sourceScale", "timestamp",
] as const satisfies readonly EventField[];

export const EMPTY_EVENT: EventFormValues = Object.fromEntries(EVENT_FIELDS.map(({ key }) => [key, ""])) as EventFormValues;

/** The boxes for a card's event details. */
export function eventFormValues(event: EventDetails | undefined): EventFormValues {
  const values: EventFormValues = { ...EMPTY_EVENT };
  if (!event) return values;
  for (const key of TEXT_FIELDS) values[key] = event[key] ?? "";
  values.fatalities = event.fatalities === undefined ? "" : String(event.fatalities);
  values.actor1 = event.actor1?.name ?? "";
  values.assoc1 = event.actor1?.associated?.join("; ") ?? "";
  values.actor2 = event.actor2?.name ?? "";
  values.assoc2 = event.actor2?.associated?.join("; ") ?? "";
  return values;
}

/** Which box a schema issue under `event` is about (`event.actor1.associated.0` → assoc1). */
export function eventFieldOfIssue(path: readonly PropertyKey[]): EventField | undefined {
  if (path[0] !== "event") return undefined;
  const [, key, part] = path;
  if (key === "actor1" || key === "actor2") return part === "associated" ? (key === "actor1" ? "assoc1" : "assoc2") : key;
  return EVENT_FIELDS.some((field) => field.key === key) ? (key as EventField) : undefined;
}

function actorOf(name: string, associated: string): EventActor | undefined {
  const others = associated.split(";").map((other) => other.trim()).filter(Boolean);
  return name.trim() ? { name, ...(others.length > 0 ? { associated: others } : {}) } : undefined;
}

/**
 * The event details the boxes say, on top of what the card keeps without a box (`previous`'s
 * source day and other properties); problems the schema cannot word well (a count that is not a
 * number, associated actors without an actor) by box. Null details: every box is empty and the
 * card kept nothing else.
 */
export function eventFromForm(
  values: EventFormValues,
  previous: EventDetails | undefined,
): { event: EventDetails | null; problems: Partial<Record<EventField, string>> } {
  const problems: Partial<Record<EventField, string>> = {};
  const fatalities = values.fatalities.trim();
  if (fatalities !== "" && !/^\d+$/.test(fatalities)) problems.fatalities = "a whole number of 0 or more, or empty when unknown";
  if (!values.actor1.trim() && values.assoc1.trim()) problems.actor1 = "name the actor the associated actors act with";
  if (!values.actor2.trim() && values.assoc2.trim()) problems.actor2 = "name the actor the associated actors act with";
  const fields: Record<string, unknown> = {
    sourceDate: previous?.sourceDate,
    actor1: actorOf(values.actor1, values.assoc1),
    actor2: actorOf(values.actor2, values.assoc2),
    fatalities: fatalities !== "" && !problems.fatalities ? Number(fatalities) : undefined,
    extra: previous?.extra,
  };
  for (const key of TEXT_FIELDS) fields[key] = values[key].trim() === "" ? undefined : values[key];
  const event = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as EventDetails;
  return { event: Object.keys(event).length > 0 ? event : null, problems };
}

/**
 * A card's event details in one short line for the list: type, who against whom, deaths
 * ("Armed clash · JNIM vs Military Forces · 2 fatalities"); empty when it has none of them.
 */
export function eventSummary(event: EventDetails | undefined): string {
  if (!event) return "";
  const type = event.subEventType ?? event.eventType;
  const actors = event.actor1 && event.actor2 ? `${event.actor1.name} vs ${event.actor2.name}` : (event.actor1 ?? event.actor2)?.name;
  const deaths = event.fatalities === undefined ? undefined : `${event.fatalities} ${event.fatalities === 1 ? "fatality" : "fatalities"}`;
  return [type, actors, deaths].filter(Boolean).join(" · ");
}
