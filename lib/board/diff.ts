/**
 * The change list between two states of a board (two versions, or a version and now): what was
 * added, moved, re-dated, regraded, rewritten or removed on the map (pins, areas and routes), the
 * timeline, the narrative and the claims, and what reviewers did, each change with who made it.
 *
 * Who made a change comes from the Yjs item ids: every value written after `before` carries the
 * client id of the replica that wrote it, and `people` says whose client id that is (the board's
 * id-ownership records). A removal leaves no item of its own, so it is attributed to the people
 * who edited between the two states (`rangeAuthors`).
 *
 * Fast on large boards: an entry whose field items are the very items `before` holds is unchanged
 * and never parsed; only changed entries go through the model's readers.
 */
import * as Y from "yjs";
import { getArea, getCard, getClaim, getPin, narrativeClaimTexts, narrativeFragment } from "./model";
import { areaMaps, cardMaps, claimMaps, pinMaps } from "./model/roots";
import { listThreads, reviewTargetTitle } from "./review";
import { AREA_KIND_LABELS, REVIEW_ROOT, type Area, type Card, type Claim, type Pin, type ReviewTarget, type Thread } from "./schema";
import { headingAnchors } from "./outline";
import { formatWhen } from "./dates";

/** Someone who made a change, as the board's members know them. */
export interface Person {
  id: string;
  name: string;
}

/** The board document and its review document at one moment. */
export interface BoardState {
  board: Y.Doc;
  review: Y.Doc;
}

/** What a change is about: an entry of the board, a narrative block, or a review thread. */
export type ChangeTarget =
  | { kind: "pin" | "card" | "claim" | "area"; id: string }
  | { kind: "narrative"; index: number; anchor: string | null }
  | { kind: "thread"; id: string; target: ReviewTarget };

/** A run of a block's text that stayed, was inserted or was deleted. */
export interface TextRun {
  op: "same" | "insert" | "delete";
  text: string;
}

export type ChangeAction =
  | "added"
  | "moved"
  | "removed"
  | "edited"
  | "redated"
  | "regraded"
  | "judged"
  | "evidence-added"
  | "evidence-removed"
  | "rewritten"
  | "changed"
  | "verdict-given"
  | "verdict-changed"
  | "verdict-withdrawn"
  | "opened"
  | "resolved"
  | "reopened";

export interface Change {
  /** Stable within one change list: what and which action. */
  key: string;
  group: ChangeGroup;
  action: ChangeAction;
  target: ChangeTarget;
  /** One line for people: "Pin “Mopti attack” moved 12 km". */
  summary: string;
  /** Who made it; several when a removal happened in a range edited by several people. */
  authors: Person[];
  /** Moves: how far, in km. */
  distanceKm?: number;
  /** Moves: the pin's place before. */
  from?: { lng: number; lat: number };
  /** Narrative blocks: what was inserted and deleted. */
  runs?: TextRun[];
}

export type ChangeGroup = "pins" | "cards" | "narrative" | "claims" | "review";

/** The groups in the order a change list shows them. */
export const CHANGE_GROUPS: readonly ChangeGroup[] = ["pins", "cards", "narrative", "claims", "review"];

export const CHANGE_GROUP_LABELS: Record<ChangeGroup, string> = {
  pins: "Map",
  cards: "Timeline",
  narrative: "Narrative",
  claims: "Claims",
  review: "Review",
};

export interface ChangeList {
  /** Every change, grouped in CHANGE_GROUPS order. */
  changes: Change[];
  byGroup: Record<ChangeGroup, Change[]>;
}

/** Who owns a Yjs client id, or null when nobody is known to. */
export type PeopleLookup = (clientId: number) => Person | null;

/**
 * The changes from `before` to `after`. `rangeAuthors` are the people who edited between the two
 * (a removal is theirs); `nameOf` names a user id (verdicts carry only the reviewer's id).
 */
export function diffBoards(
  before: BoardState,
  after: BoardState,
  people: PeopleLookup,
  rangeAuthors: readonly Person[] = [],
  nameOf: (userId: string) => string | null = () => null,
): ChangeList {
  const ctx = new Context(before, after, people, rangeAuthors);
  const pins = diffPins(ctx);
  for (const change of pins) if (change.action === "removed") ctx.removed.add(`pin:${change.target.kind === "pin" ? change.target.id : ""}`);
  const areas = diffAreas(ctx);
  const cards = diffCards(ctx);
  const changes = [
    ...pins,
    ...areas,
    ...cards,
    ...diffNarrative(ctx),
    ...diffClaims(ctx),
    ...diffReview(ctx, nameOf),
  ];
  const byGroup = Object.fromEntries(CHANGE_GROUPS.map((g) => [g, [] as Change[]])) as Record<ChangeGroup, Change[]>;
  for (const change of changes) byGroup[change.group].push(change);
  return { changes, byGroup };
}

/** What every part of the diff needs: both states, what `before` had seen, and whose ids are whose. */
class Context {
  readonly seen: Map<number, number>;
  /** The people who edited between the two states: those named, and those whose writes are new. */
  readonly rangeAuthors: readonly Person[];
  private readonly cache = new Map<number, Person | null>();
  /** Pins, areas and cards removed (`pin:id`, `area:id`, `card:id`): links to them that went with them are no change of their own. */
  readonly removed = new Set<string>();
  constructor(
    readonly before: BoardState,
    readonly after: BoardState,
    private readonly people: PeopleLookup,
    rangeAuthors: readonly Person[],
  ) {
    this.seen = Y.decodeStateVector(Y.encodeStateVector(before.board));
    // Whoever wrote anything in between also edited the range, named in a version or not.
    const range = new Map(rangeAuthors.map((person) => [person.id, person]));
    for (const [client, clock] of Y.decodeStateVector(Y.encodeStateVector(after.board))) {
      const person = clock > (this.seen.get(client) ?? 0) ? this.person(client) : null;
      if (person && !range.has(person.id)) range.set(person.id, person);
    }
    this.rangeAuthors = [...range.values()];
  }

  /** Written after `before`. */
  isNew(item: { id: Y.ID }): boolean {
    return item.id.clock >= (this.seen.get(item.id.client) ?? 0);
  }

  person(client: number): Person | null {
    if (!this.cache.has(client)) this.cache.set(client, this.people(client));
    return this.cache.get(client) ?? null;
  }

  /** The people behind a set of client ids; the range's authors when none is known. */
  authorsOf(clients: Iterable<number>): Person[] {
    const found = new Map<string, Person>();
    for (const client of clients) {
      const person = this.person(client);
      if (person) found.set(person.id, person);
    }
    return found.size > 0 ? [...found.values()] : [...this.rangeAuthors];
  }
}

type Entries = Y.Map<Y.Map<unknown>>;
/** Yjs keeps each key's current item in `_map`; reading it is how a value's writer is known. */
type ItemMap = Map<string, Y.Item>;
const itemsOf = (map: object) => (map as { _map: ItemMap })._map;

/** Field keys whose value differs between the two copies of one entry, with the clients who wrote them. */
function changedFields(ctx: Context, before: Y.Map<unknown>, after: Y.Map<unknown>): Map<string, Set<number>> {
  const changed = new Map<string, Set<number>>();
  const a = itemsOf(before);
  const b = itemsOf(after);
  // Most entries are unchanged: their keys are compared without building anything.
  const check = (key: string) => {
    const x = a.get(key);
    const y = b.get(key);
    const xLive = x && !x.deleted ? x : null;
    const yLive = y && !y.deleted ? y : null;
    if (!xLive && !yLive) return;
    if (xLive && yLive && Y.compareIDs(xLive.id, yLive.id)) {
      const value = yLive.content instanceof Y.ContentType ? yLive.content.type : null;
      if (!(value instanceof Y.Array)) return;
      const old = (xLive.content as Y.ContentType).type as Y.Array<unknown>;
      if (sameItems(old, value) || JSON.stringify(old.toJSON()) === JSON.stringify(value.toJSON())) return;
      const writers = new Set<number>();
      for (const item of arrayItems(value)) if (!item.deleted && ctx.isNew(item)) writers.add(item.id.client);
      changed.set(key, writers);
    } else changed.set(key, new Set(yLive ? [yLive.id.client] : []));
  };
  for (const key of b.keys()) check(key);
  for (const key of a.keys()) if (!b.has(key)) check(key);
  return changed;
}

/** Whether two copies of a list hold the very same live items (the common, unchanged case). */
function sameItems(a: Y.Array<unknown>, b: Y.Array<unknown>): boolean {
  let x = a._start;
  let y = b._start;
  for (;;) {
    while (x?.deleted) x = x.right;
    while (y?.deleted) y = y.right;
    if (!x || !y) return x === y;
    if (x.length !== y.length || !Y.compareIDs(x.id, y.id)) return false;
    x = x.right;
    y = y.right;
  }
}

function arrayItems(array: Y.Array<unknown>): Y.Item[] {
  const items: Y.Item[] = [];
  for (let item = array._start; item; item = item.right) items.push(item);
  return items;
}

interface EntryDiff<T> {
  id: string;
  before: T | null;
  after: T | null;
  /** The client that wrote the entry (for additions). */
  addedBy: number | null;
  fields: Map<string, Set<number>>;
}

/** Entries added, removed or with changed fields; unchanged entries are skipped without parsing. */
function diffEntries<T>(ctx: Context, roots: (doc: Y.Doc) => Entries, read: (doc: Y.Doc, id: string) => T | null): EntryDiff<T>[] {
  const a = itemsOf(roots(ctx.before.board));
  const b = itemsOf(roots(ctx.after.board));
  const result: EntryDiff<T>[] = [];
  for (const [id, y] of b) {
    if (y.deleted) continue;
    const x = a.get(id);
    if (!x || x.deleted || !Y.compareIDs(x.id, y.id)) {
      const after = read(ctx.after.board, id);
      if (!after) continue;
      const before = x && !x.deleted ? read(ctx.before.board, id) : null;
      result.push({ id, before, after, addedBy: y.id.client, fields: new Map() });
      continue;
    }
    const fields = changedFields(ctx, (x.content as Y.ContentType).type as Y.Map<unknown>, (y.content as Y.ContentType).type as Y.Map<unknown>);
    if (fields.size === 0) continue;
    result.push({ id, before: read(ctx.before.board, id), after: read(ctx.after.board, id), addedBy: null, fields });
  }
  for (const [id, x] of a) {
    if (x.deleted) continue;
    const y = b.get(id);
    if (y && !y.deleted) continue;
    const before = read(ctx.before.board, id);
    if (before) result.push({ id, before, after: null, addedBy: null, fields: new Map() });
  }
  return result;
}

function writersOf(fields: Map<string, Set<number>>, keys: readonly string[]): Set<number> {
  const clients = new Set<number>();
  for (const key of keys) for (const client of fields.get(key) ?? []) clients.add(client);
  return clients;
}

const quote = (text: string) => `“${text.length > 60 ? `${text.slice(0, 59)}…` : text}”`;

/** Great-circle distance in km. */
export function distanceKm(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

function formatKm(km: number): string {
  if (km < 1) return `${Math.round(km * 1000)} m`;
  return km < 10 ? `${km.toFixed(1)} km` : `${Math.round(km).toLocaleString("en-GB")} km`;
}

const FIELD_WORDS: Record<string, string> = {
  title: "title",
  note: "note",
  kind: "kind",
  geoPrecision: "precision",
  body: "text",
  source: "source",
  tags: "tags",
  pinIds: "linked pins",
  areaIds: "linked areas",
  geometry: "shape",
  validity: "validity",
};

function fieldWords(keys: readonly string[]): string {
  return keys.map((key) => FIELD_WORDS[key] ?? key).join(", ");
}

function diffPins(ctx: Context): Change[] {
  const changes: Change[] = [];
  for (const entry of diffEntries<Pin>(ctx, pinMaps, getPin)) {
    const target = { kind: "pin" as const, id: entry.id };
    if (!entry.before && entry.after) {
      changes.push({ key: `pin:${entry.id}:added`, group: "pins", action: "added", target, summary: `Pin ${quote(entry.after.title)} added`, authors: ctx.authorsOf([entry.addedBy!]) });
    } else if (entry.before && !entry.after) {
      changes.push({ key: `pin:${entry.id}:removed`, group: "pins", action: "removed", target, summary: `Pin ${quote(entry.before.title)} removed`, authors: [...ctx.rangeAuthors] });
    } else if (entry.before && entry.after) {
      const { before, after } = entry;
      const replaced = entry.addedBy !== null;
      if (before.lng !== after.lng || before.lat !== after.lat) {
        const km = distanceKm(before, after);
        changes.push({
          key: `pin:${entry.id}:moved`,
          group: "pins",
          action: "moved",
          target,
          summary: `Pin ${quote(after.title)} moved ${formatKm(km)}`,
          authors: ctx.authorsOf(replaced ? [entry.addedBy!] : writersOf(entry.fields, ["lng", "lat"])),
          distanceKm: km,
          from: { lng: before.lng, lat: before.lat },
        });
      }
      const edited = (["title", "kind", "note", "geoPrecision"] as const).filter((key) => before[key] !== after[key]);
      if (edited.length > 0) {
        const renamed = before.title !== after.title ? ` (was ${quote(before.title)})` : "";
        changes.push({
          key: `pin:${entry.id}:edited`,
          group: "pins",
          action: "edited",
          target,
          summary: `Pin ${quote(after.title)} edited: ${fieldWords(edited)}${renamed}`,
          authors: ctx.authorsOf(replaced ? [entry.addedBy!] : writersOf(entry.fields, edited)),
        });
      }
    }
  }
  return changes;
}

/** "Route “N16”", "Region of control “Kidal”". */
const areaName = (area: Area) => `${AREA_KIND_LABELS[area.kind]} ${quote(area.title)}`;

/** An area's validity as one comparable value (both bounds, exactly as stored). */
const validityOf = (area: Area) => JSON.stringify([area.validFrom ?? null, area.validTo ?? null]);

function diffAreas(ctx: Context): Change[] {
  const changes: Change[] = [];
  for (const entry of diffEntries<Area>(ctx, areaMaps, getArea)) {
    const target = { kind: "area" as const, id: entry.id };
    if (!entry.before && entry.after) {
      changes.push({ key: `area:${entry.id}:added`, group: "pins", action: "added", target, summary: `${areaName(entry.after)} added`, authors: ctx.authorsOf([entry.addedBy!]) });
    } else if (entry.before && !entry.after) {
      ctx.removed.add(`area:${entry.id}`);
      changes.push({ key: `area:${entry.id}:removed`, group: "pins", action: "removed", target, summary: `${areaName(entry.before)} removed`, authors: [...ctx.rangeAuthors] });
    } else if (entry.before && entry.after) {
      const { before, after } = entry;
      const edited = (["title", "kind", "note", "geometry", "validity"] as const).filter((key) =>
        key === "validity" ? validityOf(before) !== validityOf(after) : JSON.stringify(before[key]) !== JSON.stringify(after[key]),
      );
      if (edited.length === 0) continue;
      const renamed = before.title !== after.title ? ` (was ${quote(before.title)})` : "";
      const keys = edited.flatMap((key) => (key === "validity" ? ["validFrom", "validTo"] : [key]));
      changes.push({
        key: `area:${entry.id}:edited`,
        group: "pins",
        action: "edited",
        target,
        summary: `${areaName(after)} edited: ${fieldWords(edited)}${renamed}`,
        authors: ctx.authorsOf(entry.addedBy !== null ? [entry.addedBy] : writersOf(entry.fields, keys)),
      });
    }
  }
  return changes;
}

const gradeCode = (card: Card) => `${card.grade.reliability}${card.grade.credibility}`;

function diffCards(ctx: Context): Change[] {
  const changes: Change[] = [];
  for (const entry of diffEntries<Card>(ctx, cardMaps, getCard)) {
    const target = { kind: "card" as const, id: entry.id };
    if (!entry.before && entry.after) {
      changes.push({ key: `card:${entry.id}:added`, group: "cards", action: "added", target, summary: `Card ${quote(entry.after.title)} added`, authors: ctx.authorsOf([entry.addedBy!]) });
    } else if (entry.before && !entry.after) {
      ctx.removed.add(`card:${entry.id}`);
      changes.push({ key: `card:${entry.id}:removed`, group: "cards", action: "removed", target, summary: `Card ${quote(entry.before.title)} removed`, authors: [...ctx.rangeAuthors] });
    } else if (entry.before && entry.after) {
      const { before, after } = entry;
      const by = (keys: readonly string[]) => ctx.authorsOf(entry.addedBy !== null ? [entry.addedBy] : writersOf(entry.fields, keys));
      if (formatWhen(before.when) !== formatWhen(after.when) || JSON.stringify(before.when) !== JSON.stringify(after.when)) {
        changes.push({
          key: `card:${entry.id}:redated`,
          group: "cards",
          action: "redated",
          target,
          summary: `Card ${quote(after.title)} re-dated from ${formatWhen(before.when)} to ${formatWhen(after.when)}`,
          authors: by(["when"]),
        });
      }
      if (gradeCode(before) !== gradeCode(after)) {
        changes.push({
          key: `card:${entry.id}:regraded`,
          group: "cards",
          action: "regraded",
          target,
          summary: `Card ${quote(after.title)} regraded from ${gradeCode(before)} to ${gradeCode(after)}`,
          authors: by(["grade"]),
        });
      }
      const pinIdsBefore = before.pinIds.filter((id) => !ctx.removed.has(`pin:${id}`));
      const areaIdsBefore = before.areaIds.filter((id) => !ctx.removed.has(`area:${id}`));
      const edited = (["title", "body", "source", "tags", "pinIds", "areaIds"] as const).filter((key) =>
        key === "pinIds"
          ? JSON.stringify(pinIdsBefore) !== JSON.stringify(after.pinIds)
          : key === "areaIds"
            ? JSON.stringify(areaIdsBefore) !== JSON.stringify(after.areaIds)
            : JSON.stringify(before[key]) !== JSON.stringify(after[key]),
      );
      if (edited.length > 0) {
        const renamed = before.title !== after.title ? ` (was ${quote(before.title)})` : "";
        changes.push({
          key: `card:${entry.id}:edited`,
          group: "cards",
          action: "edited",
          target,
          summary: `Card ${quote(after.title)} edited: ${fieldWords(edited)}${renamed}`,
          authors: by(edited),
        });
      }
    }
  }
  return changes;
}

function diffClaims(ctx: Context): Change[] {
  const changes: Change[] = [];
  const textsBefore = narrativeClaimTexts(ctx.before.board);
  const textsAfter = narrativeClaimTexts(ctx.after.board);
  const textWriters = claimTextWriters(ctx);
  const titleOf = (doc: Y.Doc, kind: "pin" | "card", id: string) => (kind === "pin" ? getPin(doc, id) : getCard(doc, id))?.title ?? id;
  const name = (id: string) => quote((textsAfter.get(id) ?? textsBefore.get(id) ?? "").trim() || "(not in the narrative)");
  const seen = new Set<string>();
  for (const entry of diffEntries<Claim>(ctx, claimMaps, getClaim)) {
    seen.add(entry.id);
    const target = { kind: "claim" as const, id: entry.id };
    if (!entry.before && entry.after) {
      changes.push({
        key: `claim:${entry.id}:added`,
        group: "claims",
        action: "added",
        target,
        summary: `Claim ${name(entry.id)} added: ${entry.after.likelihood}, ${entry.after.confidence} confidence`,
        authors: ctx.authorsOf([entry.addedBy!]),
      });
      continue;
    }
    if (entry.before && !entry.after) {
      changes.push({ key: `claim:${entry.id}:removed`, group: "claims", action: "removed", target, summary: `Claim ${name(entry.id)} removed`, authors: [...ctx.rangeAuthors] });
      continue;
    }
    const before = entry.before!;
    const after = entry.after!;
    const by = (keys: readonly string[]) => ctx.authorsOf(entry.addedBy !== null ? [entry.addedBy] : writersOf(entry.fields, keys));
    if (before.likelihood !== after.likelihood || before.confidence !== after.confidence) {
      const parts: string[] = [];
      if (before.likelihood !== after.likelihood) parts.push(`from ${before.likelihood} to ${after.likelihood}`);
      if (before.confidence !== after.confidence) parts.push(`confidence from ${before.confidence} to ${after.confidence}`);
      changes.push({ key: `claim:${entry.id}:judged`, group: "claims", action: "judged", target, summary: `Claim ${name(entry.id)} changed ${parts.join(", ")}`, authors: by(["likelihood", "confidence"]) });
    }
    const refKey = (ref: { kind: string; id: string }) => `${ref.kind}:${ref.id}`;
    const had = new Set(before.evidence.map(refKey));
    const has = new Set(after.evidence.map(refKey));
    const added = after.evidence.filter((ref) => !had.has(refKey(ref)));
    const removed = before.evidence.filter((ref) => !has.has(refKey(ref)) && !ctx.removed.has(refKey(ref)));
    if (added.length > 0) {
      changes.push({
        key: `claim:${entry.id}:evidence-added`,
        group: "claims",
        action: "evidence-added",
        target,
        summary: `Claim ${name(entry.id)}: evidence added (${added.map((ref) => quote(titleOf(ctx.after.board, ref.kind, ref.id))).join(", ")})`,
        authors: by(["evidence"]),
      });
    }
    if (removed.length > 0) {
      changes.push({
        key: `claim:${entry.id}:evidence-removed`,
        group: "claims",
        action: "evidence-removed",
        target,
        summary: `Claim ${name(entry.id)}: evidence removed (${removed.map((ref) => quote(titleOf(ctx.before.board, ref.kind, ref.id))).join(", ")})`,
        authors: [...ctx.rangeAuthors],
      });
    }
  }
  // A rewritten statement changes the narrative, not the claim's entry.
  for (const [id, text] of textsAfter) {
    const old = textsBefore.get(id);
    if (old === undefined || old === text || !getClaim(ctx.after.board, id)) continue;
    if (seen.has(id) && !getClaim(ctx.before.board, id)) continue;
    changes.push({
      key: `claim:${id}:rewritten`,
      group: "claims",
      action: "rewritten",
      target: { kind: "claim", id },
      summary: `Claim rewritten: ${quote(old.trim())} → ${quote(text.trim())}`,
      authors: ctx.authorsOf(textWriters.get(id) ?? []),
    });
  }
  return changes;
}

/** Which clients wrote text marked with each claim after `before` (its rewriters). */
function claimTextWriters(ctx: Context): Map<string, Set<number>> {
  const writers = new Map<string, Set<number>>();
  visitTexts(narrativeFragment(ctx.after.board), (text) => {
    const attributes = new Map<string, unknown>();
    for (let item = text._start; item; item = item.right) {
      const content = item.content;
      if (content instanceof Y.ContentFormat) {
        if (content.value === null) attributes.delete(content.key);
        else attributes.set(content.key, content.value);
        continue;
      }
      if (item.deleted || !ctx.isNew(item)) continue;
      for (const [key, value] of attributes) {
        if (key !== "claim" && !key.startsWith("claim--")) continue;
        const claimId = (value as { claimId?: unknown } | null)?.claimId;
        if (typeof claimId !== "string") continue;
        let set = writers.get(claimId);
        if (!set) writers.set(claimId, (set = new Set()));
        set.add(item.id.client);
      }
    }
  });
  return writers;
}

function visitTexts(node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook, visit: (text: Y.XmlText) => void): void {
  if (node instanceof Y.XmlText) visit(node);
  else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) for (const child of node.toArray()) visitTexts(child, visit);
}

// ---- Narrative ----------------------------------------------------------------------------------

interface Block {
  /** Id of the block's Yjs item: the same block in both states has the same one. */
  itemId: string;
  text: string;
  /** The anchor of the heading the block sits under (its own, for a heading). */
  anchor: string | null;
  node: Y.XmlElement | Y.XmlText;
}

function readBlocks(doc: Y.Doc): Block[] {
  const nodes = narrativeFragment(doc).toArray().filter((n): n is Y.XmlElement | Y.XmlText => n instanceof Y.XmlElement || n instanceof Y.XmlText);
  const texts = nodes.map((node) => plainText(node));
  const headingIndexes = nodes.flatMap((node, index) => (node instanceof Y.XmlElement && node.nodeName === "heading" ? [index] : []));
  const anchors = headingAnchors(headingIndexes.map((index) => texts[index].trim()));
  let anchor: string | null = null;
  return nodes.map((node, index) => {
    const h = headingIndexes.indexOf(index);
    if (h >= 0) anchor = anchors[h];
    const item = node._item;
    return { itemId: item ? `${item.id.client}:${item.id.clock}` : `#${index}`, text: texts[index], anchor, node };
  });
}

function plainText(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    return (node.toDelta() as Array<{ insert?: unknown }>).map((op) => (typeof op.insert === "string" ? op.insert : "")).join("");
  }
  const parts: string[] = [];
  for (const child of node.toArray()) if (child instanceof Y.XmlElement || child instanceof Y.XmlText) parts.push(plainText(child));
  return parts.join(node.nodeName === "paragraph" || node.nodeName === "heading" ? "" : " ");
}

/** Clients who wrote text in a block after `before`. */
function blockWriters(ctx: Context, node: Y.XmlElement | Y.XmlText): Set<number> {
  const clients = new Set<number>();
  const visit = (n: Y.XmlElement | Y.XmlText) => {
    if (n._item && ctx.isNew(n._item)) clients.add(n._item.id.client);
    if (n instanceof Y.XmlText) {
      for (let item = n._start; item; item = item.right) if (!item.deleted && ctx.isNew(item)) clients.add(item.id.client);
    } else {
      for (const child of n.toArray()) if (child instanceof Y.XmlElement || child instanceof Y.XmlText) visit(child);
    }
  };
  visit(node);
  return clients;
}

const excerpt = (text: string) => quote(text.trim() || "(empty)");

function diffNarrative(ctx: Context): Change[] {
  const a = readBlocks(ctx.before.board);
  const b = readBlocks(ctx.after.board);
  const changes: Change[] = [];
  const changed = (i: number | null, j: number) => {
    const block = b[j];
    const old = i === null ? null : a[i];
    const target = { kind: "narrative" as const, index: j, anchor: block.anchor };
    if (!old) {
      if (!block.text.trim()) return;
      changes.push({
        key: `narrative:${j}:added`,
        group: "narrative",
        action: "added",
        target,
        summary: `Narrative: passage added ${excerpt(block.text)}`,
        authors: ctx.authorsOf(blockWriters(ctx, block.node)),
        runs: [{ op: "insert", text: block.text }],
      });
      return;
    }
    if (old.text === block.text) return;
    const runs = diffText(old.text, block.text);
    const writers = blockWriters(ctx, block.node);
    changes.push({
      key: `narrative:${j}:changed`,
      group: "narrative",
      action: "changed",
      target,
      summary: `Narrative: passage changed ${excerpt(block.text)}`,
      authors: writers.size > 0 ? ctx.authorsOf(writers) : [...ctx.rangeAuthors],
      runs,
    });
  };
  const removed = (i: number, j: number) => {
    if (!a[i].text.trim()) return;
    changes.push({
      key: `narrative:removed:${i}`,
      group: "narrative",
      action: "removed",
      target: { kind: "narrative", index: Math.min(j, Math.max(0, b.length - 1)), anchor: (b[j] ?? b[b.length - 1])?.anchor ?? null },
      summary: `Narrative: passage removed ${excerpt(a[i].text)}`,
      authors: [...ctx.rangeAuthors],
      runs: [{ op: "delete", text: a[i].text }],
    });
  };
  const pairs = alignBlocks(a, b);
  let i = 0;
  let j = 0;
  for (const [pi, pj] of [...pairs, [a.length, b.length] as const]) {
    // Between two aligned blocks: the unmatched ones were rewritten (paired in order), added or removed.
    while (i < pi && j < pj) changed(i++, j++);
    while (j < pj) changed(null, j++);
    while (i < pi) removed(i++, j);
    if (pi < a.length && pj < b.length) changed(i++, j++);
  }
  return changes;
}

/** Pairs of block indexes that are the same block (same item, or same type and text), in order. */
function alignBlocks(a: Block[], b: Block[]): Array<readonly [number, number]> {
  const same = (x: Block, y: Block) => x.itemId === y.itemId || (x.text === y.text && nodeName(x) === nodeName(y));
  let start = 0;
  while (start < a.length && start < b.length && same(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && same(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  const pairs: Array<readonly [number, number]> = [];
  for (let k = 0; k < start; k++) pairs.push([k, k]);
  const middle = lcs(endA - start, endB - start, (x, y) => same(a[start + x], b[start + y]));
  for (const [x, y] of middle) pairs.push([start + x, start + y]);
  for (let k = 0; k < a.length - endA; k++) pairs.push([endA + k, endB + k]);
  return pairs;
}

const nodeName = (block: Block) => (block.node instanceof Y.XmlElement ? block.node.nodeName : "#text");

/** Longest common subsequence of two sequences given by length and an equality; greedy past ~4M cells. */
function lcs(n: number, m: number, eq: (x: number, y: number) => boolean): Array<[number, number]> {
  if (n === 0 || m === 0) return [];
  if (n * m > 4_000_000) {
    const pairs: Array<[number, number]> = [];
    let y = 0;
    for (let x = 0; x < n && y < m; x++) {
      for (let k = y; k < m; k++) {
        if (eq(x, k)) {
          pairs.push([x, k]);
          y = k + 1;
          break;
        }
      }
    }
    return pairs;
  }
  const table = new Uint32Array((n + 1) * (m + 1));
  for (let x = n - 1; x >= 0; x--) {
    for (let y = m - 1; y >= 0; y--) {
      table[x * (m + 1) + y] = eq(x, y) ? table[(x + 1) * (m + 1) + y + 1] + 1 : Math.max(table[(x + 1) * (m + 1) + y], table[x * (m + 1) + y + 1]);
    }
  }
  const pairs: Array<[number, number]> = [];
  let x = 0;
  let y = 0;
  while (x < n && y < m) {
    if (eq(x, y)) {
      pairs.push([x, y]);
      x++;
      y++;
    } else if (table[(x + 1) * (m + 1) + y] >= table[x * (m + 1) + y + 1]) x++;
    else y++;
  }
  return pairs;
}

/** Word-level diff of two texts: runs that stayed, were deleted and were inserted. */
export function diffText(before: string, after: string): TextRun[] {
  const a = before.match(/\s+|[^\s]+/g) ?? [];
  const b = after.match(/\s+|[^\s]+/g) ?? [];
  const pairs = lcs(a.length, b.length, (x, y) => a[x] === b[y]);
  const runs: TextRun[] = [];
  const push = (op: TextRun["op"], text: string) => {
    if (!text) return;
    const last = runs[runs.length - 1];
    if (last?.op === op) last.text += text;
    else runs.push({ op, text });
  };
  let x = 0;
  let y = 0;
  for (const [px, py] of [...pairs, [a.length, b.length] as const]) {
    push("delete", a.slice(x, px).join(""));
    push("insert", b.slice(y, py).join(""));
    if (px < a.length) push("same", a[px]);
    x = px + 1;
    y = py + 1;
  }
  return joinEdits(runs);
}

/** "likely" → "almost certainly" reads as one edit, not two around a kept space. */
function joinEdits(runs: TextRun[]): TextRun[] {
  const result: TextRun[] = [];
  let i = 0;
  while (i < runs.length) {
    if (runs[i].op === "same") {
      result.push(runs[i++]);
      continue;
    }
    let deleted = "";
    let inserted = "";
    while (i < runs.length) {
      const run = runs[i];
      const between = run.op === "same" && /^\s+$/.test(run.text) && i + 1 < runs.length && runs[i + 1].op !== "same";
      if (run.op === "same" && !between) break;
      if (run.op !== "insert") deleted += run.text;
      if (run.op !== "delete") inserted += run.text;
      i++;
    }
    // Whitespace both sides end with was kept, not replaced.
    let kept = "";
    while (deleted && inserted && /\s$/.test(deleted) && deleted.at(-1) === inserted.at(-1)) {
      kept = deleted.at(-1) + kept;
      deleted = deleted.slice(0, -1);
      inserted = inserted.slice(0, -1);
    }
    if (deleted) result.push({ op: "delete", text: deleted });
    if (inserted) result.push({ op: "insert", text: inserted });
    if (kept) {
      if (runs[i]?.op === "same") runs[i] = { op: "same", text: kept + runs[i].text };
      else result.push({ op: "same", text: kept });
    }
  }
  return result;
}

// ---- Review -------------------------------------------------------------------------------------

function diffReview(ctx: Context, nameOf: (userId: string) => string | null): Change[] {
  const changes: Change[] = [];
  const before = new Map(listThreads(ctx.before.review).map((t) => [t.id, t]));
  const after = listThreads(ctx.after.review);
  const names = new Map<string, string>();
  for (const thread of [...before.values(), ...after]) for (const c of thread.comments) names.set(c.authorId, c.authorName);
  const personOf = (userId: string): Person => ({ id: userId, name: nameOf(userId) ?? names.get(userId) ?? "a reviewer" });
  const what = (thread: Thread) => `${thread.target.kind} ${quote(targetTitle(ctx, thread))}`;
  const threadsMap = ctx.after.review.getMap<Y.Map<unknown>>(REVIEW_ROOT.threads);
  for (const thread of after) {
    const target = { kind: "thread" as const, id: thread.id, target: thread.target };
    const old = before.get(thread.id);
    if (!old) {
      const first = thread.comments[0];
      changes.push({
        key: `thread:${thread.id}:opened`,
        group: "review",
        action: "opened",
        target,
        summary: `Thread opened on ${what(thread)}${first ? `: ${quote(first.body)}` : ""}`,
        authors: first ? [{ id: first.authorId, name: first.authorName }] : [...ctx.rangeAuthors],
      });
      continue;
    }
    if (old.status === thread.status) continue;
    const resolved = thread.status === "resolved";
    // Replying to a resolved thread reopens it: the reply's author did.
    const newComments = thread.comments.filter((c) => !old.comments.some((o) => o.id === c.id));
    const statusItem = itemsOf(threadsMap.get(thread.id)!).get("status");
    const by = !resolved && newComments.length > 0 ? [{ id: newComments[0].authorId, name: newComments[0].authorName }] : ctx.authorsOf(statusItem ? [statusItem.id.client] : []);
    changes.push({
      key: `thread:${thread.id}:${resolved ? "resolved" : "reopened"}`,
      group: "review",
      action: resolved ? "resolved" : "reopened",
      target,
      summary: `Thread on ${what(thread)} ${resolved ? "resolved" : "reopened"}`,
      authors: by,
    });
  }
  const verdictsBefore = readVerdicts(ctx.before.review);
  const verdictsAfter = readVerdicts(ctx.after.review);
  const claimName = (claimId: string) =>
    quote((narrativeClaimTexts(ctx.after.board).get(claimId) ?? narrativeClaimTexts(ctx.before.board).get(claimId) ?? claimId).trim());
  for (const [key, verdict] of verdictsAfter) {
    const old = verdictsBefore.get(key);
    if (old === verdict) continue;
    const [claimId, userId] = key.split("/");
    const person = personOf(userId);
    changes.push({
      key: `verdict:${key}`,
      group: "review",
      action: old ? "verdict-changed" : "verdict-given",
      target: { kind: "claim", id: claimId },
      summary: old
        ? `${person.name} changed their verdict on claim ${claimName(claimId)} from ${old} to ${verdict}`
        : `${person.name} gave the verdict ${verdict} on claim ${claimName(claimId)}`,
      authors: [person],
    });
  }
  for (const [key, old] of verdictsBefore) {
    if (verdictsAfter.has(key)) continue;
    const [claimId, userId] = key.split("/");
    const person = personOf(userId);
    changes.push({
      key: `verdict:${key}`,
      group: "review",
      action: "verdict-withdrawn",
      target: { kind: "claim", id: claimId },
      summary: `${person.name} withdrew their verdict ${old} on claim ${claimName(claimId)}`,
      authors: [person],
    });
  }
  return changes;
}

function readVerdicts(doc: Y.Doc): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, value] of doc.getMap<unknown>(REVIEW_ROOT.verdicts).entries()) {
    if (typeof value === "string" && key.includes("/")) result.set(key, value);
  }
  return result;
}

function targetTitle(ctx: Context, thread: Thread): string {
  for (const doc of [ctx.after.board, ctx.before.board]) {
    const title = reviewTargetTitle(doc, thread.target);
    if (title) return title;
  }
  return thread.target.id;
}
