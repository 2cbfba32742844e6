/**
 * Reads a GeoJSON FeatureCollection of points whose properties use ACLED's column names (as the
 * board's own GeoJSON export writes them). Each feature goes through the same row mapping as a
 * CSV row, its coordinates standing in for latitude and longitude. Properties the board has no
 * column for are kept on the card with their JSON values, so exporting gives every one back.
 */
import { acledRowToEvidence, isKnownColumn, type AcledRow, type ExtraValue } from "./acled";
import type { ImportReport } from "./report";

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.join(";");
  return String(value);
}

/** Features are numbered from 1 in the file's order. */
export function readGeoJson(text: string): ImportReport {
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
  const report: ImportReport = { accepted: [], rejected: [] };
  collection.features.forEach((feature: unknown, index: number) => {
    const row = index + 1;
    const f = feature as { geometry?: { type?: unknown; coordinates?: unknown }; properties?: unknown };
    const coordinates = f?.geometry?.coordinates;
    if (f?.geometry?.type !== "Point" || !Array.isArray(coordinates) || coordinates.length < 2) {
      report.rejected.push({ row, reason: "the feature is not a point" });
      return;
    }
    const given = f.properties ?? {};
    if (typeof given !== "object" || Array.isArray(given)) {
      report.rejected.push({ row, reason: "the feature's properties are not an object" });
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
  return report;
}
