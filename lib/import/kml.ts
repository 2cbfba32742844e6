/**
 * Reads a KML file (Google Earth, TAK, GIS tools) or a KMZ (the same, zipped) into an import
 * report, as the CSV and GeoJSON readers do: each point placemark becomes a pin (its name the
 * title, its description, HTML turned into text, the note; its kind read from the board's own
 * data, its style or its folder), and a placemark with a TimeStamp or TimeSpan also becomes a card
 * linked to that pin. A line becomes a route or front line, a polygon an area of operation or
 * region of control (the kind from the board's data, else words of its style, folder or name),
 * its TimeSpan the area's validity. Placemarks without a place, several shapes in one, polygons
 * with holes are refused one by one with the reason, numbered from 1 in the file's order. A file
 * the board exported (lib/export/kml.ts) comes back as the same pins, cards and areas: its
 * ExtendedData says which pin each card stands at, which placemarks are one card at several pins,
 * and which cards each area is linked to.
 *
 * The XML is parsed by the DOMParser handed in (the browser's own by default). Nothing is written
 * here; `applyImport` writes the accepted placemarks at once, or nothing.
 */
import { kmlWithFolders, type F, type Folder } from "@tmcw/togeojson";
import { unzipSync } from "fflate";
import { parseEventDate, whenBounds } from "@/lib/board/dates";
import { parseGradeCode } from "@/lib/board/grade";
import type { ImportItem } from "@/lib/board/model";
import {
  AREA_KINDS,
  AreaInputSchema,
  CardInputSchema,
  PIN_KINDS,
  GEO_PRECISIONS,
  DATE_PRECISIONS,
  kindFitsGeometry,
  MAX_AREA_POSITIONS,
  PinInputSchema,
  type AreaGeometry,
  type AreaKind,
  type Pin,
  type When,
} from "@/lib/board/schema";
import { KML_DATA } from "@/lib/export/kml";
import { firstIssue, type ImportReport } from "./report";

const MiB = 1024 * 1024;

/**
 * The largest KML read, uncompressed: a KML file is parsed whole, so this bounds the memory and
 * the time the page is held. The dialog states it before a file is chosen.
 */
export const MAX_KML_BYTES = 50 * MiB;

/** What parses the XML: the browser's DOMParser, or one with the same method (tests use @xmldom/xmldom's). */
export interface XmlParser {
  parseFromString(source: string, mimeType: "text/xml"): unknown;
}

export interface KmlReadOptions {
  /** Called with the fraction done so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  parser?: XmlParser;
}

/** Placemarks checked between two pauses that let the page repaint the progress bar. */
const CHUNK = 500;

type Report = ImportReport<ImportItem>;

const fatal = (reason: string): Report => ({ accepted: [], rejected: [], fatal: reason, unit: "placemark" });

/** Reads a chosen `.kml` or `.kmz` file. */
export async function readKmlFile(file: File, options: KmlReadOptions = {}): Promise<Report> {
  if (file.size > MAX_KML_BYTES) return fatal(tooLarge(file.size));
  options.onProgress?.(0.05);
  return readKml(new Uint8Array(await file.arrayBuffer()), options);
}

const tooLarge = (bytes: number) =>
  `it is ${(bytes / MiB).toFixed(1)} MiB, and KML is read up to ${MAX_KML_BYTES / MiB} MiB; split it into several files`;

/** The KML text of a file's bytes: a KMZ's main KML (the first `.kml` in the archive, as Google Earth reads it) or the bytes as UTF-8. */
function kmlText(source: string | Uint8Array): string | Report {
  if (typeof source === "string") return source;
  const zipped = source.length >= 4 && source[0] === 0x50 && source[1] === 0x4b && source[2] === 0x03 && source[3] === 0x04;
  if (!zipped) {
    if (source.length > MAX_KML_BYTES) return fatal(tooLarge(source.length));
    return new TextDecoder().decode(source);
  }
  let files: Record<string, Uint8Array>;
  try {
    let total = 0;
    files = unzipSync(source, {
      filter: (entry) => {
        if (!/\.kml$/i.test(entry.name)) return false;
        total += entry.originalSize;
        return true;
      },
    });
    if (total > MAX_KML_BYTES) return fatal(tooLarge(total));
  } catch {
    return fatal("the KMZ file cannot be unzipped");
  }
  const names = Object.keys(files);
  const main = names.find((name) => !name.includes("/")) ?? names[0];
  if (main === undefined) return fatal("the KMZ file holds no KML file");
  return new TextDecoder().decode(files[main]);
}

/** Reads KML text, or the bytes of a KML or KMZ file. */
export async function readKml(source: string | Uint8Array, options: KmlReadOptions = {}): Promise<Report> {
  const text = kmlText(source);
  if (typeof text !== "string") return text;
  if (text.length > MAX_KML_BYTES) return fatal(tooLarge(text.length));
  options.onProgress?.(0.15);
  await pause();
  const parser = options.parser ?? (typeof DOMParser === "undefined" ? null : new DOMParser());
  if (!parser) return fatal("this browser cannot read XML");
  let xml: Document;
  try {
    xml = parser.parseFromString(text, "text/xml") as Document;
  } catch (error) {
    return fatal(`the file is not well-formed XML (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
  }
  const broken = xml?.getElementsByTagName?.("parsererror")[0];
  if (!xml?.documentElement || broken) {
    return fatal(`the file is not well-formed XML${broken?.textContent ? ` (${broken.textContent.trim().split("\n")[0]})` : ""}`);
  }
  if (xml.documentElement.localName !== "kml") return fatal("the file is not KML: its root element is not <kml>");
  options.onProgress?.(0.3);
  await pause();

  const placemarks: Array<{ feature: F; folders: string[] }> = [];
  const walk = (children: Array<Folder | F>, folders: string[]) => {
    for (const child of children) {
      if (child.type === "folder") walk(child.children, [...folders, String(child.meta.name ?? "")]);
      // Ground overlays and network links come as features without a Placemark's properties; only placemarks count.
      else if (child.type === "Feature" && !("@geometry-type" in (child.properties ?? {}))) placemarks.push({ feature: child, folders });
    }
  };
  walk(kmlWithFolders(xml as never).children, []);
  if (placemarks.length === 0) return fatal("the file has no placemarks");

  const report: Report = { accepted: [], rejected: [], unit: "placemark" };
  for (let start = 0; start < placemarks.length; start += CHUNK) {
    placemarks.slice(start, start + CHUNK).forEach(({ feature, folders }, index) => {
      const row = start + index + 1;
      const outcome = placemarkToItem(feature, folders);
      if (outcome.ok) report.accepted.push({ row, item: outcome.item });
      else report.rejected.push({ row, reason: outcome.reason });
    });
    options.onProgress?.(0.3 + (0.7 * Math.min(placemarks.length, start + CHUNK)) / placemarks.length);
    await pause();
  }
  options.onProgress?.(1);
  return report;
}

/** Lets the page repaint between pieces of work. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type Outcome = { ok: true; item: ImportItem } | { ok: false; reason: string };

const GEOMETRY_WORDS: Record<string, string> = {
  GeometryCollection: "several shapes (MultiGeometry)",
  MultiPoint: "several points",
};

/** Words in a style id or folder name that say a pin's kind (whole words, so "placemark" says nothing). */
const KIND_WORDS: Array<[RegExp, Pin["kind"]]> = [
  [/\b(events?|incidents?|attacks?|clash(es)?)\b/i, "event"],
  [/\b(actors?|groups?|persons?|people|units?|organi[sz]ations?)\b/i, "actor"],
  [/\b(places?|sites?|locations?|towns?|villages?|cit(y|ies)|camps?|bases?)\b/i, "place"],
];

/** Google Earth's own top folders, which say nothing about what is in them. */
const GOOGLE_EARTH_FOLDERS = /^(my|temporary) places$/i;

function kindFromWords(...texts: string[]): Pin["kind"] | null {
  for (const text of texts) {
    if (GOOGLE_EARTH_FOLDERS.test(text.trim())) continue;
    const words = text.replace(/[_\-#.]+/g, " ");
    for (const [pattern, kind] of KIND_WORDS) if (pattern.test(words)) return kind;
  }
  return null;
}

const str = (value: unknown) => (typeof value === "string" ? value.trim() : typeof value === "number" ? String(value) : "");

/** One placemark → a pin (and a card when it is dated), or why it cannot be. */
export function placemarkToItem(feature: F, folders: readonly string[] = []): Outcome {
  const props = (feature.properties ?? {}) as Record<string, unknown>;
  const name = str(props.name);
  const label = name ? `"${name.slice(0, 80)}"` : "the placemark";
  const geometry = feature.geometry;
  if (!geometry) return { ok: false, reason: `${label} has no point (no coordinates)` };
  if (geometry.type === "LineString" || geometry.type === "Polygon") return areaPlacemarkToItem(props, geometry, folders, label);
  if (geometry.type !== "Point") {
    return { ok: false, reason: `${label} is ${GEOMETRY_WORDS[geometry.type] ?? geometry.type}; the map holds points, lines and single polygons` };
  }
  const [lng, lat] = geometry.coordinates;

  const fromBoard = str(props[KML_DATA.pinId]) !== "";
  const rawDescription = props.description;
  const description =
    typeof rawDescription === "object" && rawDescription !== null
      ? htmlToText(str((rawDescription as { value?: unknown }).value))
      : fromBoard
        ? str(rawDescription)
        : htmlToText(str(rawDescription));

  const time = whenOf(props);
  if (typeof time === "string") return { ok: false, reason: `${label}: ${time}` };

  const dataKind = str(props[KML_DATA.kind]);
  const kind: Pin["kind"] =
    (PIN_KINDS as readonly string[]).includes(dataKind)
      ? (dataKind as Pin["kind"])
      : (kindFromWords(str(props.styleUrl), ...[...folders].reverse()) ?? (time ? "event" : "place"));
  const geoPrecision = str(props[KML_DATA.geoPrecision]);
  // A card placemark of the board's export carries its pin's own title and note.
  const pinTitle = time && fromBoard ? str(props[KML_DATA.pinTitle]) : "";
  const pin = PinInputSchema.safeParse({
    title: (pinTitle || name || "Unnamed placemark").slice(0, 200),
    lat,
    lng,
    kind,
    note: time && fromBoard ? str(props[KML_DATA.pinNote]) : description,
    geoPrecision: (GEO_PRECISIONS as readonly string[]).includes(geoPrecision) ? geoPrecision : "exact",
  });
  if (!pin.success) return { ok: false, reason: `${label}: ${firstIssue(pin.error)}` };
  const pinKey = fromBoard ? `board:${str(props[KML_DATA.pinId])}` : undefined;
  if (!time) return { ok: true, item: { pin: pin.data, pinKey } };

  const grade = parseGradeCode(str(props[KML_DATA.grade]));
  const card = CardInputSchema.omit({ pinIds: true }).safeParse({
    title: (name || "Untitled event").slice(0, 200),
    body: description,
    when: time,
    source: { title: str(props[KML_DATA.sourceTitle]), url: str(props[KML_DATA.sourceUrl]) },
    ...(grade ? { grade } : {}),
    tags: [...new Set(str(props[KML_DATA.tags]).split(";").map((tag) => tag.trim()).filter(Boolean))],
  });
  if (!card.success) return { ok: false, reason: `${label}: ${firstIssue(card.error)}` };
  const cardId = fromBoard ? str(props[KML_DATA.cardId]) : "";
  return { ok: true, item: { pin: pin.data, card: card.data, pinKey, ...(cardId ? { cardKey: `board:${cardId}` } : {}) } };
}

/** Words in a style id, folder or name that say an area's kind. */
const AREA_KIND_WORDS: Array<[RegExp, AreaKind]> = [
  [/\b(front( ?lines?)?|frontlines?|lines? of contact|flot|feba|contact lines?)\b/i, "front"],
  [/\b(routes?|roads?|tracks?|msr|asr|convoys?|supply|corridors?|paths?|highways?)\b/i, "route"],
  [/\b(control(led)?|held|holds?|territor(y|ies)|influence|presence)\b/i, "control"],
  [/\b(ao|aor|aoo|operations?|operating|sectors?|zones?)\b/i, "operation"],
];

function areaKindFromWords(type: AreaGeometry["type"], ...texts: string[]): AreaKind | null {
  for (const text of texts) {
    if (GOOGLE_EARTH_FOLDERS.test(text.trim())) continue;
    const words = text.replace(/[_\-#.]+/g, " ");
    for (const [pattern, kind] of AREA_KIND_WORDS) if (pattern.test(words) && kindFitsGeometry(kind, type)) return kind;
  }
  return null;
}

/** [lng, lat] of a position a file may write with an altitude. */
const lngLat = (position: readonly number[]): [number, number] => [position[0], position[1]];

/** A line or one-ring polygon as the board stores it, or why it cannot be one. */
export function areaGeometryOf(geometry: { type: string; coordinates: unknown }): AreaGeometry | string {
  if (geometry.type === "LineString") {
    const line = geometry.coordinates as number[][];
    if (line.length > MAX_AREA_POSITIONS) return `its line has ${line.length.toLocaleString("en")} positions, over ${MAX_AREA_POSITIONS.toLocaleString("en")}; simplify it`;
    return { type: "LineString", coordinates: line.map(lngLat) };
  }
  const rings = geometry.coordinates as number[][][];
  if (rings.length !== 1) return rings.length === 0 ? "its polygon has no outline" : "its polygon has holes; the board draws areas without holes";
  const ring = rings[0].map(lngLat);
  if (ring.length > MAX_AREA_POSITIONS) return `its outline has ${ring.length.toLocaleString("en")} positions, over ${MAX_AREA_POSITIONS.toLocaleString("en")}; simplify it`;
  // A ring a tool left open is closed, as KML's own readers do.
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return { type: "Polygon", coordinates: [ring] };
}

/** A validity bound the board wrote in its ExtendedData (exact, any precision), or null. */
function boardWhen(props: Record<string, unknown>, start: string, end: string, precision: string): When | null {
  const first = str(props[start]);
  const kind = str(props[precision]);
  if (!first || !(DATE_PRECISIONS as readonly string[]).includes(kind)) return null;
  const last = str(props[end]);
  return { start: first, ...(last ? { end: last } : {}), precision: kind as When["precision"] };
}

/** An area's validity from the board's data, else its TimeSpan (an end left out is open), else its TimeStamp (both bounds). */
function validityOf(props: Record<string, unknown>): { validFrom?: When; validTo?: When } | string {
  const fromBoard = str(props[KML_DATA.areaId]) !== "";
  if (fromBoard) {
    const validFrom = boardWhen(props, KML_DATA.validFromStart, KML_DATA.validFromEnd, KML_DATA.validFromPrecision);
    const validTo = boardWhen(props, KML_DATA.validToStart, KML_DATA.validToEnd, KML_DATA.validToPrecision);
    return { ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}) };
  }
  const stamp = str(props.timestamp);
  if (stamp) {
    const read = readKmlTime(stamp);
    return read ? { validFrom: read, validTo: read } : `its TimeStamp "${stamp}" is not ${FORMS}`;
  }
  const span = props.timespan as { begin?: unknown; end?: unknown } | undefined;
  const beginText = str(span?.begin);
  const endText = str(span?.end);
  const validFrom = beginText ? readKmlTime(beginText) : null;
  if (beginText && !validFrom) return `its TimeSpan begin "${beginText}" is not ${FORMS}`;
  const validTo = endText ? readKmlTime(endText) : null;
  if (endText && !validTo) return `its TimeSpan end "${endText}" is not ${FORMS}`;
  return { ...(validFrom ? { validFrom } : {}), ...(validTo ? { validTo } : {}) };
}

/** A line or polygon placemark → an area or route, or why it cannot be one. */
function areaPlacemarkToItem(props: Record<string, unknown>, geometry: { type: "LineString" | "Polygon"; coordinates: unknown }, folders: readonly string[], label: string): Outcome {
  const shape = areaGeometryOf(geometry);
  if (typeof shape === "string") return { ok: false, reason: `${label}: ${shape}` };
  const validity = validityOf(props);
  if (typeof validity === "string") return { ok: false, reason: `${label}: ${validity}` };
  const dataKind = str(props[KML_DATA.kind]);
  const name = str(props.name);
  const kind: AreaKind =
    (AREA_KINDS as readonly string[]).includes(dataKind) && kindFitsGeometry(dataKind as AreaKind, shape.type)
      ? (dataKind as AreaKind)
      : (areaKindFromWords(shape.type, str(props.styleUrl), ...[...folders].reverse(), name) ?? (shape.type === "Polygon" ? "operation" : "route"));
  const fromBoard = str(props[KML_DATA.areaId]) !== "";
  const rawDescription = props.description;
  const note =
    typeof rawDescription === "object" && rawDescription !== null
      ? htmlToText(str((rawDescription as { value?: unknown }).value))
      : fromBoard
        ? str(rawDescription)
        : htmlToText(str(rawDescription));
  const area = AreaInputSchema.safeParse({ title: (name || "Unnamed area").slice(0, 200), kind, note, geometry: shape, ...validity });
  if (!area.success) return { ok: false, reason: `${label}: ${firstIssue(area.error)}` };
  const cardKeys = fromBoard ? str(props[KML_DATA.cardIds]).split(";").map((id) => id.trim()).filter(Boolean).map((id) => `board:${id}`) : [];
  return { ok: true, item: { area: area.data, ...(cardKeys.length > 0 ? { cardKeys } : {}) } };
}

/** A KML time (`2019`, `2019-02`, `2019-02-24`, `2019-02-24T10:30:00Z`) as a first day and precision. */
export function readKmlTime(value: string): { start: string; precision: "day" | "month" | "year" } | null {
  const text = value.trim();
  let match = /^(\d{4})$/.exec(text);
  if (match) return { start: `${match[1]}-01-01`, precision: "year" };
  match = /^(\d{4})-(\d{2})$/.exec(text);
  if (match) return Number(match[2]) >= 1 && Number(match[2]) <= 12 ? { start: `${text}-01`, precision: "month" } : null;
  // A dateTime keeps the calendar day it was written on: the time of day and zone say no more about the day.
  match = /^(\d{4}-\d{2}-\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/.exec(text);
  if (match) {
    const day = parseEventDate(match[1]);
    return day ? { start: day, precision: "day" } : null;
  }
  return null;
}

const FORMS = "a year (2019), a month (2019-02), a day (2019-02-24) or a date and time";

/**
 * The card date of a placemark: the board's own exact date when it wrote one, else its TimeStamp,
 * else its TimeSpan (both ends: the coarser end widened to its whole period when precisions
 * differ, so the span never claims more than the file says). Null when it has no time; the
 * reason in words when its time cannot be read.
 */
function whenOf(props: Record<string, unknown>): When | null | string {
  const start = str(props[KML_DATA.whenStart]);
  const precision = str(props[KML_DATA.whenPrecision]);
  if (start && (DATE_PRECISIONS as readonly string[]).includes(precision)) {
    const end = str(props[KML_DATA.whenEnd]);
    return { start, ...(end ? { end } : {}), precision: precision as When["precision"] };
  }
  const stamp = str(props.timestamp);
  if (stamp) {
    const read = readKmlTime(stamp);
    return read ?? `its TimeStamp "${stamp}" is not ${FORMS}`;
  }
  const span = props.timespan as { begin?: unknown; end?: unknown } | undefined;
  if (!span) return null;
  const beginText = str(span.begin);
  const endText = str(span.end);
  if (!beginText || !endText) return `its TimeSpan has no ${beginText ? "end" : "begin"}; give it both, or a TimeStamp`;
  const begin = readKmlTime(beginText);
  if (!begin) return `its TimeSpan begin "${beginText}" is not ${FORMS}`;
  const end = readKmlTime(endText);
  if (!end) return `its TimeSpan end "${endText}" is not ${FORMS}`;
  if (begin.precision === end.precision) {
    if (end.start < begin.start) return "its TimeSpan ends before it begins";
    return end.start === begin.start ? begin : { start: begin.start, end: end.start, precision: begin.precision };
  }
  const last = whenBounds({ start: end.start, precision: end.precision }).end;
  if (last < begin.start) return "its TimeSpan ends before it begins";
  return { start: begin.start, end: last, precision: "day" };
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (whole, code: string) => {
    if (code[0] === "#") {
      const n = code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : whole;
    }
    return ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/**
 * A description as plain text: Google Earth reads descriptions as HTML, so line breaks,
 * paragraphs and list items become new lines, a link keeps its address in brackets, scripts and
 * styles are dropped, other tags are taken off and entities decoded. Text without tags is kept as it is.
 */
export function htmlToText(html: string): string {
  if (!/<[a-z!/]/i.test(html)) return html.trim();
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "")
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/\s+/g, " ")
    .replace(/<a\b[^>]*\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>([\s\S]*?)<\/a\s*>/gi, (_all, dq: string | undefined, sq: string | undefined, inner: string) => {
      const href = decodeEntities(dq ?? sq ?? "").trim();
      const label = inner.replace(/<[^>]*>/g, "").trim();
      return href && decodeEntities(label) !== href ? `${label} (${href})` : label;
    })
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li\b[^>]*>/gi, "\n- ")
    .replace(/<\/?(p|div|tr|table|ul|ol|h[1-6]|blockquote|section)\b[^>]*>/gi, "\n")
    .replace(/<\/t[dh]\s*>/gi, " ")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(text)
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n[ \t]+/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
