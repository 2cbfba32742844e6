/**
 * Typed read/write helpers over a board Y.Doc. The UI, the server, the seed and the tests all go
 * through these functions; none of them touches a Yjs root key directly.
 *
 * Every write validates its values with the zod schemas of `schema.ts` first and throws a
 * ZodError (nothing written) when they do not hold. Every read skips values that fail validation
 * (a stock client could have written anything), so a bad entry never breaks the board.
 */
import * as Y from "yjs";
import { ZodError } from "zod";
import {
  BOARD_ROOT,
  CardInputSchema,
  CardPatchSchema,
  CardSchema,
  ClaimInputSchema,
  ClaimSchema,
  EvidenceRefSchema,
  IdSchema,
  MetaSchema,
  NewBoardSchema,
  PinInputSchema,
  PinPatchSchema,
  PinSchema,
  SCHEMA_VERSION,
  SceneInputSchema,
  SceneSchema,
  type Card,
  type CardInput,
  type CardPatch,
  type Claim,
  type ClaimInput,
  type EvidenceRef,
  type Meta,
  type NewBoard,
  type Pin,
  type PinInput,
  type PinPatch,
  type Scene,
  type SceneInput,
} from "./schema";

type Fields = Record<string, unknown>;
type Entity = Y.Map<unknown>;

const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** A 12-character random id (71 bits), safe in URLs and room names. */
export function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => ID_ALPHABET[b % ID_ALPHABET.length]).join("");
}

const meta = (doc: Y.Doc) => doc.getMap<unknown>(BOARD_ROOT.meta);
const pins = (doc: Y.Doc) => doc.getMap<Entity>(BOARD_ROOT.pins);
const cards = (doc: Y.Doc) => doc.getMap<Entity>(BOARD_ROOT.cards);
const claims = (doc: Y.Doc) => doc.getMap<Entity>(BOARD_ROOT.claims);
const scenes = (doc: Y.Doc) => doc.getArray<Entity>(BOARD_ROOT.scenes);

/** The TipTap document of the narrative, for the Collaboration extension. */
export function narrativeFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(BOARD_ROOT.narrative);
}

/** Keys held as nested Y.Arrays so that concurrent additions from two people both survive. */
const ARRAY_FIELDS = new Set(["pinIds", "evidence"]);

function toYMap(fields: Fields): Entity {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, toYValue(key, value));
  return map;
}

function toYValue(key: string, value: unknown): unknown {
  if (ARRAY_FIELDS.has(key) && Array.isArray(value)) {
    const array = new Y.Array<unknown>();
    array.push(value);
    return array;
  }
  return value;
}

function fromYMap(map: Entity): Fields {
  const fields: Fields = {};
  for (const [key, value] of map.entries()) {
    fields[key] = value instanceof Y.Array ? value.toArray() : value;
  }
  return fields;
}

function writeFields(map: Entity, patch: Fields): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const current = map.get(key);
    if (current instanceof Y.Array && Array.isArray(value)) {
      current.delete(0, current.length);
      current.push(value);
    } else {
      map.set(key, toYValue(key, value));
    }
  }
}

function readEntity<T>(map: Entity | undefined, id: string, schema: { safeParse(v: unknown): { success: boolean; data?: T } }): T | null {
  if (!(map instanceof Y.Map)) return null;
  const parsed = schema.safeParse({ ...fromYMap(map), id });
  return parsed.success ? (parsed.data as T) : null;
}

function requireEntity(map: Y.Map<Entity>, id: string, what: string): Entity {
  const entity = map.get(id);
  if (!(entity instanceof Y.Map)) throw new Error(`No ${what} with id ${id}`);
  return entity;
}

// ---------------------------------------------------------------- meta and versions

/** Writes the meta of a new, empty board. */
export function initBoard(doc: Y.Doc, input: NewBoard): void {
  const { title, question } = NewBoardSchema.parse(input);
  doc.transact(() => {
    meta(doc).set("title", title);
    meta(doc).set("question", question);
    meta(doc).set("schemaVersion", SCHEMA_VERSION);
  });
}

/** Title, question and schema version; sensible fallbacks while the document is still empty. */
export function readMeta(doc: Y.Doc): Meta {
  const m = meta(doc);
  const parsed = MetaSchema.safeParse({
    title: m.get("title"),
    question: m.get("question") ?? "",
    schemaVersion: m.get("schemaVersion") ?? 0,
  });
  return parsed.success ? parsed.data : { title: "Untitled board", question: "", schemaVersion: 0 };
}

/** Changes the title or the question. */
export function setMeta(doc: Y.Doc, patch: Partial<Pick<Meta, "title" | "question">>): void {
  const valid = MetaSchema.pick({ title: true, question: true }).partial().parse(patch);
  doc.transact(() => writeFields(meta(doc), valid));
}

/** One step per version: `MIGRATIONS[n]` upgrades a version-n document to n + 1. */
const MIGRATIONS: ReadonlyArray<(doc: Y.Doc) => void> = [
  // 0 → 1: documents written before versioning only lacked the version number.
  () => {},
];

/**
 * Upgrades a document older than the code, one migration step per version, in one transaction.
 * Returns true when something changed. A document newer than the code is left untouched.
 */
export function migrateBoard(doc: Y.Doc): boolean {
  const stored = meta(doc).get("schemaVersion") ?? 0;
  // Not a number: written by something else; leave the document as it is.
  if (typeof stored !== "number" || stored >= SCHEMA_VERSION) return false;
  const from = Number.isInteger(stored) && stored > 0 ? stored : 0;
  doc.transact(() => {
    for (let version = from; version < SCHEMA_VERSION; version++) MIGRATIONS[version](doc);
    meta(doc).set("schemaVersion", SCHEMA_VERSION);
  });
  return true;
}

// ---------------------------------------------------------------- pins

/**
 * Writers take an optional transaction `origin`: a per-person Y.UndoManager tracks only the
 * origins its component passes, so one person's undo never reverts someone else's edit.
 */
export type Origin = unknown;

/** Adds a pin and returns its id. */
export function addPin(doc: Y.Doc, input: PinInput, createdBy: string, origin?: Origin): string {
  const id = newId();
  const fields = PinInputSchema.parse(input);
  PinSchema.pick({ createdBy: true }).parse({ createdBy });
  doc.transact(() => pins(doc).set(id, toYMap({ ...fields, createdBy, createdAt: Date.now() })), origin);
  return id;
}

/** Changes some fields of a pin; other people's concurrent edits to other fields survive. */
export function updatePin(doc: Y.Doc, id: string, patch: PinPatch, origin?: unknown): void {
  const valid = PinPatchSchema.parse(patch);
  doc.transact(() => writeFields(requireEntity(pins(doc), id, "pin"), valid), origin);
}

/** Removes a pin and every link to it from cards and claims, in one undoable step. */
export function deletePin(doc: Y.Doc, id: string, origin?: unknown): void {
  doc.transact(() => {
    pins(doc).delete(id);
    for (const card of cards(doc).values()) removeFromArray(card.get("pinIds"), (v) => v === id);
    removeEvidenceEverywhere(doc, { kind: "pin", id });
  }, origin);
}

export function getPin(doc: Y.Doc, id: string): Pin | null {
  return readEntity(pins(doc).get(id), id, PinSchema);
}

/** Every valid pin, oldest first. */
export function listPins(doc: Y.Doc): Pin[] {
  const list: Pin[] = [];
  for (const [id, map] of pins(doc).entries()) {
    const pin = readEntity<Pin>(map, id, PinSchema);
    if (pin) list.push(pin);
  }
  return list.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
}

// ---------------------------------------------------------------- cards

/** Adds a timeline card and returns its id; linked pins must exist. */
export function addCard(doc: Y.Doc, input: CardInput, createdBy: string, origin?: Origin): string {
  const id = newId();
  const fields = CardInputSchema.parse(input);
  CardSchema.pick({ createdBy: true }).parse({ createdBy });
  for (const pinId of fields.pinIds) requireEntity(pins(doc), pinId, "pin");
  doc.transact(() => cards(doc).set(id, toYMap({ ...fields, createdBy, createdAt: Date.now() })), origin);
  return id;
}

export function updateCard(doc: Y.Doc, id: string, patch: CardPatch, origin?: Origin): void {
  const valid = CardPatchSchema.parse(patch);
  for (const pinId of valid.pinIds ?? []) requireEntity(pins(doc), pinId, "pin");
  doc.transact(() => writeFields(requireEntity(cards(doc), id, "card"), valid), origin);
}

/** Removes a card and every claim's link to it. */
export function deleteCard(doc: Y.Doc, id: string, origin?: Origin): void {
  doc.transact(() => {
    cards(doc).delete(id);
    removeEvidenceEverywhere(doc, { kind: "card", id });
  }, origin);
}

/** One imported event: the pin where it happened and the card that says what happened. */
export interface EvidenceInput {
  pin: PinInput;
  card: Omit<CardInput, "pinIds">;
}

/**
 * Adds each event as a pin and a card linked to it, all in one transaction: every item is
 * validated first, and when one fails (a ZodError whose path starts with its index) nothing is
 * written. Other people receive the whole import as one update. Returns the new card ids.
 */
export function importEvidence(doc: Y.Doc, items: readonly EvidenceInput[], createdBy: string, origin?: Origin): string[] {
  CardSchema.pick({ createdBy: true }).parse({ createdBy });
  const valid = items.map((item, index) => {
    const pin = PinInputSchema.safeParse(item.pin);
    const card = CardInputSchema.safeParse({ ...item.card, pinIds: [] });
    if (!pin.success) throw prefixIssues(pin.error, [index, "pin"]);
    if (!card.success) throw prefixIssues(card.error, [index, "card"]);
    return { pin: pin.data, card: card.data };
  });
  const createdAt = Date.now();
  const cardIds: string[] = [];
  doc.transact(() => {
    for (const { pin, card } of valid) {
      const pinId = newId();
      const cardId = newId();
      pins(doc).set(pinId, toYMap({ ...pin, createdBy, createdAt }));
      cards(doc).set(cardId, toYMap({ ...card, pinIds: [pinId], createdBy, createdAt }));
      cardIds.push(cardId);
    }
  }, origin);
  return cardIds;
}

function prefixIssues(error: ZodError, prefix: PropertyKey[]): ZodError {
  return new ZodError(error.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })));
}

export function getCard(doc: Y.Doc, id: string): Card | null {
  const card = readEntity<Card>(cards(doc).get(id), id, CardSchema);
  return card && withLivePins(doc, card);
}

/** Links survive concurrent deletes and duplicate concurrent links; reads show each live pin once. */
function withLivePins(doc: Y.Doc, card: Card): Card {
  return { ...card, pinIds: [...new Set(card.pinIds)].filter((pinId) => pins(doc).has(pinId)) };
}

/** Every valid card in chronological order (start date, then end date, then creation). */
export function listCards(doc: Y.Doc): Card[] {
  const list: Card[] = [];
  for (const [id, map] of cards(doc).entries()) {
    const card = readEntity<Card>(map, id, CardSchema);
    if (card) list.push(withLivePins(doc, card));
  }
  return list.sort(
    (a, b) =>
      a.when.start.localeCompare(b.when.start) ||
      (a.when.end ?? a.when.start).localeCompare(b.when.end ?? b.when.start) ||
      a.createdAt - b.createdAt ||
      compareIds(a.id, b.id),
  );
}

/** Links a card to a pin (idempotent); concurrent links from two people both survive. */
export function linkCardToPin(doc: Y.Doc, cardId: string, pinId: string, origin?: Origin): void {
  const card = requireEntity(cards(doc), cardId, "card");
  requireEntity(pins(doc), pinId, "pin");
  doc.transact(() => appendUnique(card, "pinIds", pinId, (v) => v === pinId), origin);
}

export function unlinkCardFromPin(doc: Y.Doc, cardId: string, pinId: string, origin?: Origin): void {
  const card = requireEntity(cards(doc), cardId, "card");
  doc.transact(() => removeFromArray(card.get("pinIds"), (v) => v === pinId), origin);
}

// ---------------------------------------------------------------- claims

/** Creates a claim; the narrative marks text with its id. */
export function addClaim(doc: Y.Doc, input: ClaimInput, origin?: Origin): string {
  const id = newId();
  const fields = ClaimInputSchema.parse(input);
  for (const ref of fields.evidence) requireEntity(ref.kind === "card" ? cards(doc) : pins(doc), ref.id, ref.kind);
  doc.transact(() => claims(doc).set(id, toYMap(fields)), origin);
  return id;
}

export function updateClaim(
  doc: Y.Doc,
  id: string,
  patch: Partial<Pick<Claim, "likelihood" | "confidence">>,
  origin?: Origin,
): void {
  const valid = ClaimSchema.pick({ likelihood: true, confidence: true }).partial().parse(patch);
  doc.transact(() => writeFields(requireEntity(claims(doc), id, "claim"), valid), origin);
}

export function deleteClaim(doc: Y.Doc, id: string, origin?: Origin): void {
  doc.transact(() => claims(doc).delete(id), origin);
}

export function getClaim(doc: Y.Doc, id: string): Claim | null {
  const claim = readEntity<Claim>(claims(doc).get(id), id, ClaimSchema);
  return claim && withLiveEvidence(doc, claim);
}

/** Evidence that still exists, each ref once (two people may link the same card at once). */
function withLiveEvidence(doc: Y.Doc, claim: Claim): Claim {
  const evidence = claim.evidence.filter(
    (ref, index) =>
      (ref.kind === "card" ? cards(doc) : pins(doc)).has(ref.id) &&
      claim.evidence.findIndex((other) => sameRef(other, ref)) === index,
  );
  return { ...claim, evidence };
}

export function listClaims(doc: Y.Doc): Claim[] {
  const list: Claim[] = [];
  for (const [id, map] of claims(doc).entries()) {
    const claim = readEntity<Claim>(map, id, ClaimSchema);
    if (claim) list.push(withLiveEvidence(doc, claim));
  }
  return list.sort((a, b) => compareIds(a.id, b.id));
}

/** Ties a card or pin to a claim as supporting evidence (idempotent). */
export function linkEvidence(doc: Y.Doc, claimId: string, ref: EvidenceRef, origin?: Origin): void {
  const valid = EvidenceRefSchema.parse(ref);
  const claim = requireEntity(claims(doc), claimId, "claim");
  requireEntity(valid.kind === "card" ? cards(doc) : pins(doc), valid.id, valid.kind);
  doc.transact(() => appendUnique(claim, "evidence", valid, (v) => sameRef(v, valid)), origin);
}

export function unlinkEvidence(doc: Y.Doc, claimId: string, ref: EvidenceRef, origin?: Origin): void {
  const valid = EvidenceRefSchema.parse(ref);
  const claim = requireEntity(claims(doc), claimId, "claim");
  doc.transact(() => removeFromArray(claim.get("evidence"), (v) => sameRef(v, valid)), origin);
}

/** The claims that cite a pin or a card directly, for the item's panel. */
export function claimsCiting(doc: Y.Doc, ref: EvidenceRef): Claim[] {
  return listClaims(doc).filter((claim) => claim.evidence.some((other) => sameRef(other, ref)));
}

/**
 * The text each claim marks in the narrative, in document order: claim id → its words (the parts
 * of one claim split by other formatting are joined). A claim whose text was deleted is absent,
 * which is how the review panel tells an orphaned claim thread from a live one.
 */
export function narrativeClaimTexts(doc: Y.Doc): Map<string, string> {
  const texts = new Map<string, string>();
  const visit = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert !== "string" || !op.attributes) continue;
        for (const [key, value] of Object.entries(op.attributes)) {
          // y-prosemirror names a mark by its type, with a hash suffix when marks of one type may overlap.
          if (key !== CLAIM_MARK && !key.startsWith(`${CLAIM_MARK}--`)) continue;
          const claimId = (value as { claimId?: unknown } | null)?.claimId;
          if (typeof claimId === "string") texts.set(claimId, (texts.get(claimId) ?? "") + op.insert);
        }
      }
    } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) visit(child);
    }
  };
  visit(narrativeFragment(doc));
  return texts;
}

/** Name of the narrative mark that carries a claim id (narrative.ts `ClaimMark`). */
export const CLAIM_MARK = "claim";

// ---------------------------------------------------------------- scenes

/** Appends a scene (or inserts it at `index`) and returns its id. */
export function addScene(doc: Y.Doc, input: SceneInput, index?: number): string {
  const id = newId();
  const fields = SceneInputSchema.parse(input);
  const list = scenes(doc);
  const at = Math.max(0, Math.min(Math.trunc(index ?? list.length) || 0, list.length));
  doc.transact(() => list.insert(at, [toYMap({ ...fields, id })]));
  return id;
}

export function updateScene(doc: Y.Doc, id: string, patch: Partial<SceneInput>): void {
  const valid = SceneSchema.omit({ id: true }).partial().parse(patch);
  const { map } = requireScene(doc, id);
  doc.transact(() => writeFields(map, valid));
}

/**
 * Moves a scene to a new position in the sequence. Yjs arrays cannot move an element, so the
 * scene is re-inserted as a copy: an edit someone makes to that scene at the same moment is lost.
 */
export function moveScene(doc: Y.Doc, id: string, toIndex: number): void {
  const { map, index } = requireScene(doc, id);
  const fields = fromYMap(map);
  doc.transact(() => {
    scenes(doc).delete(index, 1);
    scenes(doc).insert(Math.max(0, Math.min(toIndex, scenes(doc).length)), [toYMap(fields)]);
  });
}

/**
 * Copies a scene, with a new id and the title marked as a copy, right after the original; returns
 * the copy's id.
 */
export function duplicateScene(doc: Y.Doc, id: string): string {
  const { map, index } = requireScene(doc, id);
  const original = SceneSchema.safeParse(fromYMap(map));
  if (!original.success) throw new Error(`The scene ${id} is not valid and cannot be copied`);
  const { title, notes, view, timeWindow, focus, narrativeAnchor } = original.data;
  return addScene(doc, { title: copyTitle(title), notes, view, timeWindow, focus, narrativeAnchor }, index + 1);
}

/** "North" → "North (copy)", kept within the title's 200 characters. */
function copyTitle(title: string): string {
  const suffix = " (copy)";
  return title.slice(0, 200 - suffix.length) + suffix;
}

/** One scene by id, or null when there is none (or it is not valid). */
export function getScene(doc: Y.Doc, id: string): Scene | null {
  return listScenes(doc).find((scene) => scene.id === id) ?? null;
}

export function deleteScene(doc: Y.Doc, id: string): void {
  const { index } = requireScene(doc, id);
  scenes(doc).delete(index, 1);
}

/**
 * Scenes in presentation order. Two people moving the same scene at once leave two copies of it
 * in the array; only the first is shown.
 */
export function listScenes(doc: Y.Doc): Scene[] {
  const list: Scene[] = [];
  const seen = new Set<string>();
  for (const map of scenes(doc)) {
    const parsed = map instanceof Y.Map ? SceneSchema.safeParse(fromYMap(map)) : null;
    if (parsed?.success && !seen.has(parsed.data.id)) {
      seen.add(parsed.data.id);
      list.push(parsed.data);
    }
  }
  return list;
}

function requireScene(doc: Y.Doc, id: string): { map: Entity; index: number } {
  IdSchema.parse(id);
  const index = scenes(doc).toArray().findIndex((m) => m instanceof Y.Map && m.get("id") === id);
  if (index < 0) throw new Error(`No scene with id ${id}`);
  return { map: scenes(doc).get(index), index };
}

// ---------------------------------------------------------------- observing

/** The parts of a board a view can subscribe to. */
export type BoardPart = keyof typeof BOARD_ROOT;

/**
 * Calls `onChange` after every transaction that touched one of `parts` (deep changes included).
 * Returns the function that stops observing.
 */
export function observeBoard(doc: Y.Doc, parts: readonly BoardPart[], onChange: (origin: unknown) => void): () => void {
  const roots = parts.map((part) => rootOf(doc, part));
  let reported: Y.Transaction | null = null;
  // Each root reports the same transaction; the caller hears of it once.
  const handler = (_events: unknown, transaction: Y.Transaction) => {
    if (transaction === reported) return;
    reported = transaction;
    onChange(transaction.origin);
  };
  for (const root of roots) root.observeDeep(handler);
  return () => {
    for (const root of roots) root.unobserveDeep(handler);
  };
}

/** The shared types an undo manager tracks for one part of the board. */
export function undoScope(doc: Y.Doc, parts: readonly BoardPart[]): BoardRoot[] {
  return parts.map((part) => rootOf(doc, part));
}

type BoardRoot = Y.Map<unknown> | Y.Map<Entity> | Y.Array<Entity> | Y.XmlFragment;

function rootOf(doc: Y.Doc, part: BoardPart): BoardRoot {
  switch (part) {
    case "meta":
      return meta(doc);
    case "pins":
      return pins(doc);
    case "cards":
      return cards(doc);
    case "claims":
      return claims(doc);
    case "scenes":
      return scenes(doc);
    case "narrative":
      return narrativeFragment(doc);
  }
}

// ---------------------------------------------------------------- helpers

/** Locale-independent order of ids, the same on every replica. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameRef(value: unknown, ref: EvidenceRef): boolean {
  const v = value as Partial<EvidenceRef> | null;
  return v?.kind === ref.kind && v?.id === ref.id;
}

function appendUnique(map: Entity, key: string, value: unknown, matches: (v: unknown) => boolean): void {
  let array = map.get(key);
  if (!(array instanceof Y.Array)) {
    array = new Y.Array<unknown>();
    map.set(key, array);
  }
  const list = array as Y.Array<unknown>;
  if (!list.toArray().some(matches)) list.push([value]);
}

function removeFromArray(array: unknown, matches: (v: unknown) => boolean): void {
  if (!(array instanceof Y.Array)) return;
  const items = array.toArray();
  for (let i = items.length - 1; i >= 0; i--) if (matches(items[i])) array.delete(i, 1);
}

function removeEvidenceEverywhere(doc: Y.Doc, ref: EvidenceRef): void {
  for (const claim of claims(doc).values()) removeFromArray(claim.get("evidence"), (v) => sameRef(v, ref));
}
