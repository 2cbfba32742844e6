/**
 * Reads a GeoJSON FeatureCollection of points whose properties use ACLED's column names (as the
 * board's own GeoJSON export writes them). Each feature goes through the same row mapping as a
 * CSV row, its coordinates standing in for latitude and longitude. Properties the board has no
 * column for are kept on the card with their JSON values, so exporting gives every one back.
 *
 * A LineString or Polygon feature is an area or route: `title` (or `name`), `kind`, `note` (or
 * `description`), `validFrom` / `validTo` (a board date object, or text such as "2018" or
 * "Mar 2019"), and `event_ids`, the `event_id_cnty` of the point features whose cards it is
 * linked to (as the board's export writes them).
 */
import { parseWhen } from "@/lib/board/dates";
import type { AreaImportInput, ImportItem } from "@/lib/board/model";
import { AREA_KINDS, AreaInputSchema, kindFitsGeometry, WhenSchema, type AreaKind, type When } from "@/lib/board/schema";
import { areaGeometryOf } from "./kml";
import { acledRowToEvidence, isKnownColumn, type AcledRow, type ExtraValue } from "./acled";
import { firstIssue, type ImportReport } from "./report";

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(";");
  return String(value);
}

/** A validity bound as a file gives it: the board's date object, or text a person would write. */
function whenOf(value: unknown, name: string): When | undefined | string {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "string" || typeof value === "number") {
    return parseWhen(String(value)) ?? `${name} "${String(value).slice(0, 40)}" is not a date the board reads (2018, Mar 2019, 2019-03-24)`;
  }
  const when = WhenSchema.safeParse(value);
  return when.success ? when.data : `${name}: ${firstIssue(when.error)}`;
}

/** One line or polygon feature → an area, or why it cannot be one. */
function featureToArea(geometry: { type: "LineString" | "Polygon"; coordinates: unknown }, given: Record<string, unknown>): { ok: true; item: AreaImportInput } | { ok: false; reason: string } {
  if (!Array.isArray(geometry.coordinates) || !geometry.coordinates.every((part) => Array.isArray(part))) {
    return { ok: false, reason: "the feature's coordinates are not a list of positions" };
  }
  const shape = areaGeometryOf(geometry);
  if (typeof shape === "string") return { ok: false, reason: shape.replace(/^its /, "the feature's ") };
  const validFrom = whenOf(given.validFrom ?? given.valid_from, "validFrom");
  if (typeof validFrom === "string") return { ok: false, reason: validFrom };
  const validTo = whenOf(given.validTo ?? given.valid_to, "validTo");
  if (typeof validTo === "string") return { ok: false, reason: validTo };
  const kind = AREA_KINDS.includes(given.kind as AreaKind) && kindFitsGeometry(given.kind as AreaKind, shape.type) ? (given.kind as AreaKind) : shape.type === "Polygon" ? "operation" : "route";
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const area = AreaInputSchema.safeParse({
    title: (text(given.title) || text(given.name) || "Unnamed area").slice(0, 200),
    kind,
    note: text(given.note) || text(given.description),
    geometry: shape,
    ...(validFrom ? { validFrom } : {}),
    ...(validTo ? { validTo } : {}),
  });
  if (!area.success) return { ok: false, reason: firstIssue(area.error) };
  const eventIds = Array.isArray(given.event_ids) ? given.event_ids.map((id) => asText(id).trim()).filter(Boolean) : [];
  return { ok: true, item: { area: area.data, ...(eventIds.length > 0 ? { cardKeys: eventIds.map(eventKey) } : {}) } };
}

/** The key that links an area to the card of the point features with this `event_id_cnty`. */
const eventKey = (id: string) => `event:${id}`;

/** Features are numbered from 1 in the file's order. */
export function readGeoJson(text: string): ImportReport<ImportItem> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { accepted: [], rejected: [], fatal: "the file is not JSON" };
  }
  const collection = parsed as { type?: unknown; features?: unknown };
  if (collection?.type !== "FeatureCollection" || !Array.isArray(collection.features)) {
    return { accepted: [], rejected: [], fatal: "the file is not a GeoJSON FeatureCollection" };
  }
  const report: ImportReport<ImportItem> = { accepted: [], rejected: [] };
  collection.features.forEach((feature: unknown, index: number) => {
    const row = index + 1;
    const f = feature as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
    const given = f?.properties ?? {};
    if (typeof given !== "object" || Array.isArray(given)) {
      report.rejected.push({ row, reason: "the feature's properties are not an object" });
      return;
    }
    const type = f?.geometry?.type;
    if (type === "LineString" || type === "Polygon") {
      const outcome = featureToArea({ type, coordinates: f.geometry!.coordinates }, given as Record<string, unknown>);
      if (outcome.ok) report.accepted.push({ row, item: outcome.item });
      else report.rejected.push({ row, reason: outcome.reason });
      return;
    }
    const coordinates = f?.geometry?.coordinates;
    if (type !== "Point" || !Array.isArray(coordinates) || coordinates.length < 2) {
      report.rejected.push({ row, reason: "the feature is not a point, a line or a polygon" });
      return;
    }
    const properties: AcledRow = {};
    const extra: Record<string, ExtraValue> = {};
    for (const [key, value] of Object.entries(given)) {
      if (isKnownColumn(key)) properties[key] = asText(value);
      else if (value !== undefined) extra[key] = value as ExtraValue;
    }
    const outcome = acledRowToEvidence({ ...properties, longitude: asText(coordinates[0]), latitude: asText(coordinates[1]) }, extra);
    if (outcome.ok) report.accepted.push({ row, item: outcome.item });
    else report.rejected.push({ row, reason: outcome.reason });
  });
  if (collection.features.length === 0) report.fatal = "the file has no features";
  // The points an area names by event id are one card (at each of their pins), so the area links to it.
  const linked = new Set(report.accepted.flatMap(({ item }) => item.cardKeys ?? []));
  for (const { item } of report.accepted) {
    const id = item.card?.event?.sourceId;
    if (item.card && id !== undefined && linked.has(eventKey(id))) item.cardKey = eventKey(id);
  }
  return report;
}
