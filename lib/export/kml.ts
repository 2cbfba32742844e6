/**
 * The board as a KML 2.2 file for Google Earth, TAK and GIS tools: a Style per pin kind (the icon
 * in the kind's map colour), a "Pins" folder with each pin as a placemark, and a "Cards" folder
 * with each card as a placemark at each pin it is linked to, dated with a TimeStamp or a TimeSpan
 * so Google Earth's time slider plays it. ExtendedData carries what KML has no element for
 * (the pin a card stands at, grade, source, tags, exact dates), so the file imports back
 * (lib/import/kml.ts) to the same pins and cards. A card linked to no pin has no place on a map
 * and is left out; `exportKml` counts those.
 */
import { strToU8, zipSync } from "fflate";
import type * as Y from "yjs";
import { listCards, listPins, readMeta } from "@/lib/board/model";
import { PIN_KINDS, type Card, type Pin, type When } from "@/lib/board/schema";

/** A colour per pin kind as `#rrggbb`, the map's own (components/map/pinSymbols.ts hands them in). */
export type KindColors = Record<Pin["kind"], string>;

/** The names of the ExtendedData fields this exporter writes and the importer reads. */
export const KML_DATA = {
  pinId: "board_pin_id",
  cardId: "board_card_id",
  kind: "kind",
  geoPrecision: "geo_precision",
  pinTitle: "pin_title",
  pinNote: "pin_note",
  grade: "grade",
  sourceTitle: "source_title",
  sourceUrl: "source_url",
  tags: "tags",
  whenStart: "when_start",
  whenEnd: "when_end",
  whenPrecision: "when_precision",
} as const;

/** The style id of a pin kind; the importer reads the kind back from it. */
export const kindStyleId = (kind: Pin["kind"]) => `kind-${kind}`;

/** Text as XML character data: the five characters XML gives meaning to are escaped. */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** KML colours are `aabbggrr`: `#d1495b` is `ff5b49d1`. */
export function kmlColor(hex: string): string {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) return "ffffffff";
  return `ff${match[3]}${match[2]}${match[1]}`.toLowerCase();
}

/** A date cut to its precision, as KML's dateTime allows: `2019`, `2019-02` or `2019-02-24`. */
function kmlDate(iso: string, precision: When["precision"]): string {
  if (precision === "year") return iso.slice(0, 4);
  if (precision === "month") return iso.slice(0, 7);
  return iso;
}

function timeElement(when: When): string {
  if (when.end === undefined) return `<TimeStamp><when>${kmlDate(when.start, when.precision)}</when></TimeStamp>`;
  return `<TimeSpan><begin>${kmlDate(when.start, when.precision)}</begin><end>${kmlDate(when.end, when.precision)}</end></TimeSpan>`;
}

function extendedData(fields: Array<[string, string]>): string {
  const data = fields.filter(([, value]) => value !== "").map(([name, value]) => `<Data name="${name}"><value>${xmlEscape(value)}</value></Data>`);
  return data.length > 0 ? `<ExtendedData>${data.join("")}</ExtendedData>` : "";
}

/** `lng,lat`: KML's order is longitude first. */
const point = (pin: Pin) => `<Point><coordinates>${pin.lng},${pin.lat}</coordinates></Point>`;

function pinPlacemark(pin: Pin): string {
  return [
    "<Placemark>",
    `<name>${xmlEscape(pin.title)}</name>`,
    pin.note ? `<description>${xmlEscape(pin.note)}</description>` : "",
    `<styleUrl>#${kindStyleId(pin.kind)}</styleUrl>`,
    extendedData([
      [KML_DATA.pinId, pin.id],
      [KML_DATA.kind, pin.kind],
      [KML_DATA.geoPrecision, pin.geoPrecision],
    ]),
    point(pin),
    "</Placemark>",
  ].join("");
}

function cardPlacemark(card: Card, pin: Pin): string {
  return [
    "<Placemark>",
    `<name>${xmlEscape(card.title)}</name>`,
    card.body ? `<description>${xmlEscape(card.body)}</description>` : "",
    timeElement(card.when),
    `<styleUrl>#${kindStyleId(pin.kind)}</styleUrl>`,
    extendedData([
      [KML_DATA.cardId, card.id],
      [KML_DATA.pinId, pin.id],
      [KML_DATA.pinTitle, pin.title],
      [KML_DATA.pinNote, pin.note],
      [KML_DATA.kind, pin.kind],
      [KML_DATA.geoPrecision, pin.geoPrecision],
      [KML_DATA.grade, `${card.grade.reliability}${card.grade.credibility}`],
      [KML_DATA.sourceTitle, card.source.title],
      [KML_DATA.sourceUrl, card.source.url],
      [KML_DATA.tags, card.tags.join(";")],
      [KML_DATA.whenStart, card.when.start],
      [KML_DATA.whenEnd, card.when.end ?? ""],
      [KML_DATA.whenPrecision, card.when.precision],
    ]),
    point(pin),
    "</Placemark>",
  ].join("");
}

function style(kind: Pin["kind"], colors: KindColors): string {
  return [
    `<Style id="${kindStyleId(kind)}">`,
    `<IconStyle><color>${kmlColor(colors[kind])}</color><scale>1.1</scale>`,
    "<Icon><href>http://maps.google.com/mapfiles/kml/shapes/placemark_circle.png</href></Icon></IconStyle>",
    `<LabelStyle><scale>0.8</scale></LabelStyle>`,
    "</Style>",
  ].join("");
}

export interface KmlExport {
  kml: string;
  /** Cards linked to no pin, which have no place in the file. */
  unplaced: number;
}

/** The board as a KML document. */
export function exportKml(doc: Y.Doc, colors: KindColors): KmlExport {
  const meta = readMeta(doc);
  const pins = listPins(doc);
  const byId = new Map(pins.map((pin) => [pin.id, pin]));
  let unplaced = 0;
  const cardMarks = listCards(doc).flatMap((card) => {
    const linked = card.pinIds.map((id) => byId.get(id)).filter((pin): pin is Pin => pin !== undefined);
    if (linked.length === 0) unplaced += 1;
    return linked.map((pin) => cardPlacemark(card, pin));
  });
  const kml = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<kml xmlns="http://www.opengis.net/kml/2.2">',
    "<Document>",
    `<name>${xmlEscape(meta.title)}</name>`,
    meta.question ? `<description>${xmlEscape(meta.question)}</description>` : "",
    ...PIN_KINDS.map((kind) => style(kind, colors)),
    "<Folder><name>Pins</name>",
    ...pins.map(pinPlacemark),
    "</Folder>",
    "<Folder><name>Cards</name>",
    ...cardMarks,
    "</Folder>",
    "</Document>",
    "</kml>",
    "",
  ]
    .filter((line) => line !== "")
    .join("\n");
  return { kml, unplaced };
}

/** The same as a KMZ: the KML zipped as `doc.kml`, as Google Earth writes it. */
export function exportKmz(doc: Y.Doc, colors: KindColors): Uint8Array {
  return zipSync({ "doc.kml": strToU8(exportKml(doc, colors).kml) });
}
