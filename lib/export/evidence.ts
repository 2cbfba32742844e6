/**
 * The board's cards and pins as files other tools read: CSV in ACLED's column layout (plus the
 * board's own columns, so a file imports back with titles, grades and exact dates) and GeoJSON.
 */
import Papa from "papaparse";
import type * as Y from "yjs";
import { whenBounds } from "@/lib/board/dates";
import { listCards, listPins } from "@/lib/board/model";
import type { Card, Pin } from "@/lib/board/schema";
import { ACLED_COLUMNS, BOARD_COLUMNS, type AcledRow } from "@/lib/import/acled";
import { FORMULA_CELL } from "./formula-cells";

const GEO_PRECISION_CODE: Record<Pin["geoPrecision"], string> = { exact: "1", near: "2", region: "3" };

/** ACLED's time precision closest to the card's: a month is 3, anything vaguer than a day is 2. */
function timePrecision(card: Card): string {
  if (card.when.precision === "month") return "3";
  return card.when.precision === "day" && card.when.end === undefined ? "1" : "2";
}

function rowOf(card: Card, pin: Pin | null): AcledRow {
  return {
    event_id_cnty: card.id,
    event_date: card.when.start,
    year: card.when.start.slice(0, 4),
    time_precision: timePrecision(card),
    location: pin?.title ?? "",
    latitude: pin ? String(pin.lat) : "",
    longitude: pin ? String(pin.lng) : "",
    geo_precision: pin ? GEO_PRECISION_CODE[pin.geoPrecision] : "",
    source: card.source.title,
    notes: card.body,
    tags: card.tags.join(";"),
    title: card.title,
    grade: `${card.grade.reliability}${card.grade.credibility}`,
    source_url: card.source.url,
    when_start: card.when.start,
    when_end: card.when.end ?? "",
    when_precision: card.when.precision,
  };
}

/** One row per card and linked pin (a card on two pins is two rows); a card with no pin has no coordinates. */
export function evidenceRows(doc: Y.Doc): AcledRow[] {
  const pins = new Map(listPins(doc).map((pin) => [pin.id, pin]));
  return listCards(doc).flatMap((card) => {
    const linked = card.pinIds.map((id) => pins.get(id)).filter((pin): pin is Pin => pin !== undefined);
    return linked.length > 0 ? linked.map((pin) => rowOf(card, pin)) : [rowOf(card, null)];
  });
}

/** The evidence as CSV; cells a spreadsheet would run as formulas are neutralised (see formula-cells.ts). */
export function exportCsv(doc: Y.Doc): string {
  return Papa.unparse(evidenceRows(doc), { columns: [...ACLED_COLUMNS, ...BOARD_COLUMNS], newline: "\n", escapeFormulae: FORMULA_CELL });
}

/**
 * A FeatureCollection: each card at each of its pins as a point with the same properties as the
 * CSV columns, and each pin no card is linked to as a point with its own fields.
 */
export function exportGeoJson(doc: Y.Doc): string {
  const pins = listPins(doc);
  const linked = new Set(listCards(doc).flatMap((card) => card.pinIds));
  const features = [
    ...evidenceRows(doc)
      .filter((row) => row.latitude !== "")
      .map((row) => {
        const { latitude, longitude, ...properties } = row;
        return point(Number(longitude), Number(latitude), properties);
      }),
    ...pins
      .filter((pin) => !linked.has(pin.id))
      .map((pin) => point(pin.lng, pin.lat, { pin_id: pin.id, title: pin.title, kind: pin.kind, note: pin.note })),
  ];
  return JSON.stringify({ type: "FeatureCollection", features }, null, 1);
}

function point(lng: number, lat: number, properties: Record<string, unknown>) {
  return { type: "Feature", geometry: { type: "Point", coordinates: [lng, lat] }, properties };
}

/** The span of days the cards cover, for a file name such as `board-2018-01-02_2022-11-30.csv`. */
export function evidenceSpan(doc: Y.Doc): string {
  const cards = listCards(doc);
  if (cards.length === 0) return "empty";
  const ends = cards.map((card) => whenBounds(card.when).end).sort();
  return `${cards[0].when.start}_${ends[ends.length - 1]}`;
}
