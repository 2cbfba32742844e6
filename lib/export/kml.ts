/**
 * The board as a KML 2.2 file for Google Earth, TAK and GIS tools: a Style per pin kind (the icon
 * in the kind's map colour), a "Pins" folder with each pin as a placemark, and a "Cards" folder
 * with each card as a placemark at each pin it is linked to, dated with a TimeStamp or a TimeSpan
 * so Google Earth's time slider plays it. ExtendedData carries what KML has no element for
 * (the pin a card stands at, grade, source, tags, exact dates), so the file imports back
 * (lib/import/kml.ts) to the same pins and cards. A card linked to no pin has no place on a map
 * and is left out; `exportKml` counts those. An "Areas and routes" folder holds each area as a
 * Polygon or LineString placemark, styled per kind, its validity as a TimeSpan, and the cards
 * linked to it in its ExtendedData, so they are linked again on import.
 */
import { strToU8, zipSync } from "fflate";
import type * as Y from "yjs";
import { listAreas, listCards, listPins, readMeta } from "@/lib/board/model";
import { AREA_KINDS, PIN_KINDS, type Area, type AreaKind, type Card, type Pin, type When } from "@/lib/board/schema";

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
  areaId: "board_area_id",
  /** The ids of the cards an area is linked to, separated by ";". */
  cardIds: "board_card_ids",
  validFromStart: "valid_from_start",
  validFromEnd: "valid_from_end",
  validFromPrecision: "valid_from_precision",
  validToStart: "valid_to_start",
  validToEnd: "valid_to_end",
  validToPrecision: "valid_to_precision",
} as const;

/** A colour per area kind as `#rrggbb`, for the lines and the fill of the file's area styles. */
export type AreaKindColors = Record<AreaKind, string>;

/** The colours an area's style gets unless the map hands in its own. */
export const AREA_COLORS: AreaKindColors = { operation: "#2b6cb0", control: "#c05621", route: "#2f855a", front: "#c53030" };

/** The style id of an area kind; the importer reads the kind back from it. */
export const areaStyleId = (kind: AreaKind) => `area-${kind}`;

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

/** An area's validity as a KML TimeSpan (either end may be left out: open), or nothing when it has none. */
function validityElement(area: Area): string {
  if (!area.validFrom && !area.validTo) return "";
  const begin = area.validFrom ? `<begin>${kmlDate(area.validFrom.start, area.validFrom.precision)}</begin>` : "";
  const end = area.validTo ? `<end>${kmlDate(area.validTo.end ?? area.validTo.start, area.validTo.precision)}</end>` : "";
  return `<TimeSpan>${begin}${end}</TimeSpan>`;
}

const coordinates = (positions: ReadonlyArray<readonly [number, number]>) => `<coordinates>${positions.map(([lng, lat]) => `${lng},${lat}`).join(" ")}</coordinates>`;

function areaGeometry(area: Area): string {
  if (area.geometry.type === "LineString") return `<LineString><tessellate>1</tessellate>${coordinates(area.geometry.coordinates)}</LineString>`;
  return `<Polygon><tessellate>1</tessellate><outerBoundaryIs><LinearRing>${coordinates(area.geometry.coordinates[0])}</LinearRing></outerBoundaryIs></Polygon>`;
}

function areaPlacemark(area: Area, cardIds: readonly string[]): string {
  return [
    "<Placemark>",
    `<name>${xmlEscape(area.title)}</name>`,
    area.note ? `<description>${xmlEscape(area.note)}</description>` : "",
    validityElement(area),
    `<styleUrl>#${areaStyleId(area.kind)}</styleUrl>`,
    extendedData([
      [KML_DATA.areaId, area.id],
      [KML_DATA.kind, area.kind],
      [KML_DATA.validFromStart, area.validFrom?.start ?? ""],
      [KML_DATA.validFromEnd, area.validFrom?.end ?? ""],
      [KML_DATA.validFromPrecision, area.validFrom?.precision ?? ""],
      [KML_DATA.validToStart, area.validTo?.start ?? ""],
      [KML_DATA.validToEnd, area.validTo?.end ?? ""],
      [KML_DATA.validToPrecision, area.validTo?.precision ?? ""],
      [KML_DATA.cardIds, cardIds.join(";")],
    ]),
    areaGeometry(area),
    "</Placemark>",
  ].join("");
}

/** An area kind's style: its line, and for areas a see-through fill of the same colour. */
function areaStyle(kind: AreaKind, colors: AreaKindColors): string {
  const color = kmlColor(colors[kind]);
  const fill = kind === "operation" || kind === "control" ? `<PolyStyle><color>40${color.slice(2)}</color></PolyStyle>` : "";
  const width = kind === "front" ? 4 : 3;
  return `<Style id="${areaStyleId(kind)}"><LineStyle><color>${color}</color><width>${width}</width></LineStyle>${fill}</Style>`;
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
export function exportKml(doc: Y.Doc, colors: KindColors, areaColors: AreaKindColors = AREA_COLORS): KmlExport {
  const meta = readMeta(doc);
  const pins = listPins(doc);
  const byId = new Map(pins.map((pin) => [pin.id, pin]));
  const cards = listCards(doc);
  const areas = listAreas(doc);
  let unplaced = 0;
  const cardMarks = cards.flatMap((card) => {
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
    ...(areas.length > 0 ? AREA_KINDS.map((kind) => areaStyle(kind, areaColors)) : []),
    "<Folder><name>Pins</name>",
    ...pins.map(pinPlacemark),
    "</Folder>",
    "<Folder><name>Cards</name>",
    ...cardMarks,
    "</Folder>",
    ...(areas.length > 0
      ? [
          "<Folder><name>Areas and routes</name>",
          ...areas.map((area) => areaPlacemark(area, cards.filter((card) => card.areaIds.includes(area.id)).map((card) => card.id))),
          "</Folder>",
        ]
      : []),
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
