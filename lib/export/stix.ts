/**
 * The board as a STIX 2.1 bundle, for threat-intelligence platforms (OpenCTI, MISP): a `report`
 * for the board (its title and question) that refers to everything else; an `identity` for who
 * produced it; a `location` per pin; a `note` per card (its source as an external reference, its
 * Admiralty grade as a label and in the text); and a `note` per narrative claim, citing the notes
 * and locations of its evidence, with its likelihood as STIX `confidence` (see LIKELIHOOD_CONFIDENCE).
 * Areas and routes are left out: a STIX `location` is one point or a named region, with no place
 * for a drawn polygon or line (the GeoJSON and KML exports carry them).
 *
 * Ids are UUIDv5 of the board's own ids, so exporting the same board twice names every object
 * the same way and a platform updates what it already holds instead of duplicating it.
 */
import { v5 as uuidv5 } from "uuid";
import type * as Y from "yjs";
import { formatWhen } from "@/lib/board/dates";
import { describeGrade } from "@/lib/board/grade";
import { listCards, listClaims, listPins, narrativeClaimTexts, readMeta } from "@/lib/board/model";
import type { Card, Claim, Pin } from "@/lib/board/schema";

/** The namespace of every id this exporter derives (a fixed random UUID, never to change). */
const NAMESPACE = "3f9d6c1e-5b7a-4e2c-9a41-8c0d2e6b7f53";

/**
 * ICD 203 expressions of likelihood → STIX 2.1 `confidence` (0–100), as the DNI scale of the STIX
 * 2.1 specification's confidence appendix maps them: each word gets the value the appendix gives
 * it, the middle of its band (almost no chance 0–9, very unlikely 10–19, unlikely 20–39, roughly
 * even chance 40–59, likely 60–79, very likely 80–89, almost certain 90–100).
 */
export const LIKELIHOOD_CONFIDENCE: Record<Claim["likelihood"], number> = {
  "almost no chance": 5,
  "very unlikely": 15,
  unlikely: 30,
  "roughly even chance": 50,
  likely: 70,
  "very likely": 85,
  "almost certain": 95,
};

export interface StixOptions {
  /** The board's id: with it the report and bundle ids are the same on every export. */
  boardId?: string;
  /** Who exports, named as the producer (`identity`); the product's name when absent. */
  author?: string;
  /** When the report is published; now when absent. */
  now?: Date;
}

type StixObject = Record<string, unknown> & { type: string; id: string };

/** A STIX timestamp: RFC 3339 in UTC with milliseconds, as STIX requires for created/modified. */
export function stixTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** The STIX id of a board entity: `type--` and a UUIDv5 of the entity's kind and id. */
export function stixId(type: string, key: string): string {
  return `${type}--${uuidv5(key, NAMESPACE)}`;
}

/** The bundle as a JSON object (`stixBundleJson` for the file). */
export function exportStix(doc: Y.Doc, options: StixOptions = {}): { type: "bundle"; id: string; objects: StixObject[] } {
  const meta = readMeta(doc);
  const boardKey = options.boardId ?? `title/${meta.title}`;
  const nowMs = (options.now ?? new Date()).getTime();
  const now = stixTime(nowMs);
  const pins = listPins(doc);
  const cards = listCards(doc);
  // Every export is a new version of the same objects: `created` never changes between versions
  // (a pin's or card's creation, else the board's first), `modified` is the export's time.
  const first = Math.min(nowMs, ...pins.map((pin) => pin.createdAt), ...cards.map((card) => card.createdAt));
  const times = (ms: number) => ({ created: stixTime(Math.min(ms, nowMs)), modified: now });
  const producerName = options.author?.trim() || "Situation Board";
  const identity: StixObject = {
    type: "identity",
    spec_version: "2.1",
    id: stixId("identity", `identity/${producerName}`),
    ...times(first),
    name: producerName,
    identity_class: options.author?.trim() ? "individual" : "system",
  };
  const reportId = stixId("report", `board/${boardKey}`);
  const common = (ms: number) => ({ spec_version: "2.1", created_by_ref: identity.id, ...times(ms) });

  const pinIds = new Map(pins.map((pin) => [pin.id, stixId("location", `pin/${pin.id}`)]));
  const locations = pins.map((pin) => locationOf(pin, pinIds.get(pin.id)!, common(pin.createdAt)));

  const cardIds = new Map(cards.map((card) => [card.id, stixId("note", `card/${card.id}`)]));
  const notes = cards.map((card) => {
    const refs = card.pinIds.map((id) => pinIds.get(id)).filter((id): id is string => id !== undefined);
    return cardNote(card, cardIds.get(card.id)!, refs.length > 0 ? refs : [reportId], common(card.createdAt));
  });

  const texts = narrativeClaimTexts(doc);
  const claims = listClaims(doc).map((claim) => {
    const refs = claim.evidence
      .map((ref) => (ref.kind === "card" ? cardIds.get(ref.id) : pinIds.get(ref.id)))
      .filter((id): id is string => id !== undefined);
    return claimNote(claim, texts.get(claim.id) ?? "", stixId("note", `claim/${claim.id}`), refs.length > 0 ? refs : [reportId], common(first));
  });

  const contents = [...locations, ...notes, ...claims];
  const report: StixObject = {
    type: "report",
    spec_version: "2.1",
    id: reportId,
    created_by_ref: identity.id,
    ...times(first),
    name: meta.title,
    ...(meta.question ? { description: meta.question } : {}),
    report_types: ["threat-report"],
    published: now,
    object_refs: [identity.id, ...contents.map((object) => object.id)],
  };
  return { type: "bundle", id: stixId("bundle", `bundle/${boardKey}`), objects: [identity, report, ...contents] };
}

/** The bundle as the text of a `.json` file. */
export function stixBundleJson(doc: Y.Doc, options: StixOptions = {}): string {
  return JSON.stringify(exportStix(doc, options), null, 1);
}

/** STIX `precision` of a location, in metres, for the board's geo precision. */
const PRECISION_METRES: Record<Pin["geoPrecision"], number> = { exact: 100, near: 5_000, region: 50_000 };

function locationOf(pin: Pin, id: string, common: Record<string, string>): StixObject {
  return {
    type: "location",
    id,
    ...common,
    name: pin.title,
    ...(pin.note ? { description: pin.note } : {}),
    latitude: pin.lat,
    longitude: pin.lng,
    precision: PRECISION_METRES[pin.geoPrecision],
    labels: [pin.kind],
  };
}

/** A card as a note: title as abstract; what the source says, the date and the grade as content. */
function cardNote(card: Card, id: string, objectRefs: string[], common: Record<string, string>): StixObject {
  const code = `${card.grade.reliability}${card.grade.credibility}`;
  const content = [
    card.body,
    `When: ${formatWhen(card.when)}`,
    `Grade: ${code} (${describeGrade(card.grade)})`,
    card.source.title ? `Source: ${card.source.title}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  const reference = card.source.url
    ? { source_name: card.source.title || "source", url: card.source.url }
    : card.source.title
      ? { source_name: card.source.title, description: "Source of this evidence" }
      : null;
  return {
    type: "note",
    id,
    ...common,
    abstract: card.title,
    content,
    ...(card.createdBy ? { authors: [card.createdBy] } : {}),
    object_refs: objectRefs,
    labels: [`admiralty:${code}`, ...card.tags],
    ...(reference ? { external_references: [reference] } : {}),
  };
}

/** A claim as a note: its words as abstract, likelihood and analytic confidence in words and numbers. */
function claimNote(claim: Claim, text: string, id: string, objectRefs: string[], common: Record<string, string>): StixObject {
  const confidence = LIKELIHOOD_CONFIDENCE[claim.likelihood];
  return {
    type: "note",
    id,
    ...common,
    abstract: text || "Claim",
    content: `${text ? `${text}\n\n` : ""}Likelihood: ${claim.likelihood} (ICD 203), STIX confidence ${confidence}. Analytic confidence: ${claim.confidence}.`,
    object_refs: objectRefs,
    confidence,
    labels: ["claim", `likelihood:${claim.likelihood}`, `analytic-confidence:${claim.confidence}`],
  };
}
