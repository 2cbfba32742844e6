/**
 * The board's cards and pins as files other tools read: CSV in ACLED's column layout (plus the
 * board's own columns, so a file imports back with titles, grades and exact dates) and GeoJSON,
 * which also holds the areas and routes as Polygon and LineString features (CSV has no place for
 * a shape, so it leaves them out).
 */
import Papa from "papaparse";
import type * as Y from "yjs";
import { whenBounds } from "@/lib/board/dates";
import { listAreas, listCards, listPins } from "@/lib/board/model";
import type { Area, Card, Pin } from "@/lib/board/schema";
import { ACLED_COLUMNS, acledEventDate, acledTimePrecision, BOARD_COLUMNS, isKnownColumn, type AcledRow, type ExtraValue } from "@/lib/import/acled";
import { FORMULA_CELL } from "./formula-cells";

const GEO_PRECISION_CODE: Record<Pin["geoPrecision"], string> = { exact: "1", near: "2", region: "3" };

/** A row's cells for the card's structured event details; an unknown or absent field is an empty cell. */
function eventCells(card: Card): AcledRow {
  const event = card.event ?? {};
  return {
    disorder_type: event.disorderType ?? "",
    event_type: event.eventType ?? "",
    sub_event_type: event.subEventType ?? "",
    actor1: event.actor1?.name ?? "",
    assoc_actor_1: event.actor1?.associated?.join("; ") ?? "",
    inter1: event.inter1 ?? "",
    actor2: event.actor2?.name ?? "",
    assoc_actor_2: event.actor2?.associated?.join("; ") ?? "",
    inter2: event.inter2 ?? "",
    interaction: event.interaction ?? "",
    civilian_targeting: event.civilianTargeting ?? "",
    iso: event.iso ?? "",
    region: event.region ?? "",
    country: event.country ?? "",
    admin1: event.admin1 ?? "",
    admin2: event.admin2 ?? "",
    admin3: event.admin3 ?? "",
    source_scale: event.sourceScale ?? "",
    fatalities: event.fatalities === undefined ? "" : String(event.fatalities),
    timestamp: event.timestamp ?? "",
  };
}

/**
 * One card at one pin in ACLED's columns and the board's; `extra` holds the properties of the
 * file it came from that the board has no column for, with their JSON values.
 */
interface EvidenceRow {
  row: AcledRow;
  extra: Record<string, ExtraValue>;
}

function rowOf(card: Card, pin: Pin | null): EvidenceRow {
  const eventDate = acledEventDate(card.when, card.event);
  const extra = Object.fromEntries(Object.entries(card.event?.extra ?? {}).filter(([name]) => !isKnownColumn(name)));
  return {
    row: {
      // The source's own id when the card came from one; the board's id for the board's own cards.
      event_id_cnty: card.event?.sourceId ?? card.id,
      event_date: eventDate,
      year: eventDate.slice(0, 4),
      time_precision: acledTimePrecision(card.when),
      ...eventCells(card),
      location: card.event?.location ?? pin?.title ?? "",
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
    },
    extra,
  };
}

function evidence(doc: Y.Doc): EvidenceRow[] {
  const pins = new Map(listPins(doc).map((pin) => [pin.id, pin]));
  return listCards(doc).flatMap((card) => {
    const linked = card.pinIds.map((id) => pins.get(id)).filter((pin): pin is Pin => pin !== undefined);
    return linked.length > 0 ? linked.map((pin) => rowOf(card, pin)) : [rowOf(card, null)];
  });
}

/** A property as a CSV cell: text as it is, anything else (a number, a list) as JSON, null as empty. */
const cellOf = (value: ExtraValue) => (typeof value === "string" ? value : value === null ? "" : JSON.stringify(value));

/**
 * One row per card and linked pin (a card on two pins is two rows); a card with no pin has no
 * coordinates. Other properties of the file a card came from follow as columns of their own.
 */
export function evidenceRows(doc: Y.Doc): AcledRow[] {
  return evidence(doc).map(({ row, extra }) => ({ ...Object.fromEntries(Object.entries(extra).map(([name, value]) => [name, cellOf(value)])), ...row }));
}

/** The evidence as CSV; cells a spreadsheet would run as formulas are neutralised (see formula-cells.ts). */
export function exportCsv(doc: Y.Doc): string {
  const rows = evidenceRows(doc);
  const others = [...new Set(rows.flatMap((row) => Object.keys(row).filter((column) => !isKnownColumn(column))))];
  return Papa.unparse(rows, { columns: [...ACLED_COLUMNS, ...BOARD_COLUMNS, ...others], newline: "\n", escapeFormulae: FORMULA_CELL });
}

/**
 * A FeatureCollection: each card at each of its pins as a point with the same properties as the
 * CSV columns (other properties of the file the card came from keep their JSON values), each pin
 * no card is linked to as a point with its own fields, and each area or route as its Polygon or
 * LineString with its title, kind, note and validity (the board's date objects), and `event_ids`:
 * the `event_id_cnty` of the cards linked to it, so an import links them again.
 */
export function exportGeoJson(doc: Y.Doc): string {
  const pins = listPins(doc);
  const cards = listCards(doc);
  const linked = new Set(cards.flatMap((card) => card.pinIds));
  const features = [
    ...evidence(doc)
      .filter(({ row }) => row.latitude !== "")
      .map(({ row, extra }) => {
        const { latitude, longitude, ...properties } = row;
        return point(Number(longitude), Number(latitude), { ...extra, ...properties });
      }),
    ...pins
      .filter((pin) => !linked.has(pin.id))
      .map((pin) => point(pin.lng, pin.lat, { pin_id: pin.id, title: pin.title, kind: pin.kind, note: pin.note })),
    ...listAreas(doc).map((area) => areaFeature(area, cards.filter((card) => card.areaIds.includes(area.id)))),
  ];
  return JSON.stringify({ type: "FeatureCollection", features }, null, 1);
}

function areaFeature(area: Area, cards: readonly Card[]) {
  const properties = {
    area_id: area.id,
    title: area.title,
    kind: area.kind,
    note: area.note,
    ...(area.validFrom ? { validFrom: area.validFrom } : {}),
    ...(area.validTo ? { validTo: area.validTo } : {}),
    // The same id each card's point features carry (rowOf), so the link survives the round trip.
    event_ids: cards.map((card) => card.event?.sourceId ?? card.id),
  };
  return { type: "Feature", geometry: area.geometry, properties };
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
