/**
 * The structural rules of a board document: what a peer's update may add, decided from the
 * decoded update (its structs, as Yjs's own decoder reads them) and, for parents the update does
 * not carry, from the room's current document. Nothing is applied to decide, not even to a copy.
 *
 * A board's roots are fixed (lib/board/schema.ts BOARD_ROOT) and each holds one shape:
 * - `meta`: a Y.Map of the meta fields, each a plain value of its schema's type;
 * - `pins`, `cards`, `claims`: Y.Maps of entries by id, each entry a Y.Map of its schema's fields
 *   (plain values checked with the field's zod schema; `pinIds` / `evidence` may be Y.Arrays of
 *   ids / evidence refs);
 * - `scenes`: a Y.Array of scene Y.Maps, fields as above;
 * - `hypotheses`: a Y.Map of entries by id like pins; a claim's `lostEvidence` may be a Y.Array
 *   of lost refs like `evidence`, whose items may carry the grade a card had when cited;
 * - `areas`: a Y.Map of entries by id like pins (the geometry one plain GeoJSON value, at most
 *   MAX_AREA_POSITIONS positions); a card's `areaIds` may be a Y.Array of ids like `pinIds`;
 * - `ratings`: a Y.Map of plain ratings (CC, C, N, I, II) keyed `<cardId>/<hypothesisId>/<userId>`;
 *   when the writing person is known, only keys ending in their own user id — nobody rates in
 *   someone else's name;
 * - `narrative`: a Y.XmlFragment holding only Y.XmlElements of the editor's node types
 *   (lib/board/narrative.ts NARRATIVE_NODES), each only where its parent's content expression
 *   allows it, Y.XmlText only inside nodes that hold text, formatted only with the schema's marks,
 *   element attributes plain values, nesting at most MAX_NARRATIVE_DEPTH deep.
 * Anything else — an unknown root key, a struct where its parent does not take it, Y.XmlHook,
 * Y.Text, subdocuments (ContentDoc), binary or JSON content, embeds — breaks the structure. The
 * review room is written by the server alone: every struct a peer sends there breaks it.
 *
 * What an update deletes is not judged: deleting is an ordinary edit. Structs the document
 * already holds are skipped (Yjs ignores them too); a struct whose parent can be found neither in
 * the update nor in the document (a dependency this room has not received yet) is refused, since
 * Yjs would apply it later, once the dependency arrives, where nobody checked it; that refusal is
 * marked `missing`, and the client sends it again on reconnecting.
 *
 * The check is pure: the same update against the same document gives the same answer, in time
 * proportional to the update (each struct is resolved once; a parent in the document is found by
 * Yjs's binary search and walked up to its root, at most MAX_NARRATIVE_DEPTH levels).
 */
import * as Y from "yjs";
import { NARRATIVE_NODES, NARRATIVE_MARKS } from "@/lib/board/narrative";
import {
  AREA_FIELDS,
  BOARD_ROOT,
  CardSchema,
  ClaimSchema,
  EvidenceItemSchema,
  HypothesisSchema,
  IdSchema,
  LostEvidenceSchema,
  MetaSchema,
  parseRatingKey,
  PinSchema,
  RatingSchema,
  SceneSchema,
} from "@/lib/board/schema";
import { ID_PATTERN, MAX_NARRATIVE_DEPTH, type RoomKind } from "./protocol";

/** A parsed field check: true when the value has the field's type. */
type FieldCheck = (value: unknown) => boolean;

const check =
  (schema: { safeParse(value: unknown): { success: boolean } }): FieldCheck =>
  (value) =>
    schema.safeParse(value).success;

/** The fields of an entry's map: each key with its check, and the key's item check when it may be a Y.Array. */
interface EntityShape {
  fields: ReadonlyMap<string, FieldCheck>;
  arrays: ReadonlyMap<string, FieldCheck>;
}

function entityShape(shape: Record<string, { safeParse(value: unknown): { success: boolean } }>, omit: string[], arrays: Record<string, FieldCheck> = {}): EntityShape {
  return {
    fields: new Map(Object.entries(shape).filter(([key]) => !omit.includes(key)).map(([key, schema]) => [key, check(schema)])),
    arrays: new Map(Object.entries(arrays)),
  };
}

/** Each entity collection's entry shape; the id of pins, cards and claims is their key, not a field. */
const ENTITIES = {
  pins: entityShape(PinSchema.shape, ["id"]),
  cards: entityShape(CardSchema.shape, ["id"], { pinIds: check(IdSchema), areaIds: check(IdSchema) }),
  claims: entityShape(ClaimSchema.shape, ["id"], { evidence: check(EvidenceItemSchema), lostEvidence: check(LostEvidenceSchema) }),
  hypotheses: entityShape(HypothesisSchema.shape, ["id"]),
  // Each field on its own: that a kind fits its geometry, or the validity's order, spans two
  // fields two people may set at once, so reads check them (an area that fails is not shown).
  areas: entityShape(AREA_FIELDS, ["id"]),
  scenes: entityShape(SceneSchema.shape, []),
} as const;
type Collection = keyof typeof ENTITIES;

const isRating = check(RatingSchema);

const META_FIELDS: ReadonlyMap<string, FieldCheck> = new Map(Object.entries(MetaSchema.shape).map(([key, schema]) => [key, check(schema)]));

/** What a Yjs type is in the board's structure, which decides what it may hold. */
type Role =
  | { kind: "meta" }
  | { kind: "collection"; collection: Exclude<Collection, "scenes"> }
  | { kind: "scenes" }
  | { kind: "ratings" }
  | { kind: "entity"; collection: Collection }
  | { kind: "list"; collection: Collection; key: string }
  | { kind: "narrative" }
  | { kind: "node"; name: string; depth: number }
  | { kind: "text" }
  /** Stored before the rules existed and not of the structure: nothing may be added to it. */
  | { kind: "invalid" }
  /** A type the update adds where Yjs drops it (its neighbour or parent was collected): so is all it holds. */
  | { kind: "gone" };

/** The role of each root; a root added to BOARD_ROOT without one here fails to compile. */
const ROOT_ROLES = {
  meta: { kind: "meta" },
  pins: { kind: "collection", collection: "pins" },
  cards: { kind: "collection", collection: "cards" },
  claims: { kind: "collection", collection: "claims" },
  scenes: { kind: "scenes" },
  narrative: { kind: "narrative" },
  hypotheses: { kind: "collection", collection: "hypotheses" },
  ratings: { kind: "ratings" },
  areas: { kind: "collection", collection: "areas" },
} satisfies Record<keyof typeof BOARD_ROOT, Role>;

const ROOTS: ReadonlyMap<string, Role> = new Map(
  Object.entries(ROOT_ROLES).map(([part, role]) => [BOARD_ROOT[part as keyof typeof BOARD_ROOT], role as Role]),
);

const DOC_NODE = NARRATIVE_NODES.get("doc")!;

/**
 * Why an update was refused: which rule it broke, for logs and tests (never sent to clients).
 * `missing` marks an update that builds on structs the room does not have (yet): not a broken
 * rule but nothing that can be checked now; sent again once the room has them, it may pass.
 */
export class StructureViolation {
  constructor(
    readonly rule: string,
    readonly missing = false,
  ) {}
}

/** The content of a struct, as Yjs types it. */
type Content = Y.Item["content"];

type Verdict = Role | StructureViolation | null;

const isPlain = (content: Content): content is Y.ContentAny => content.constructor === Y.ContentAny;
const typeOf = (content: Content): Y.AbstractType<unknown> | null =>
  content.constructor === Y.ContentType ? (content as Y.ContentType).type : null;
const contentName = (content: Content): string => {
  const type = typeOf(content);
  return type ? type.constructor.name : content.constructor.name;
};

/** One plain map value passing `field`'s check. */
function plainValue(content: Content, field: FieldCheck | undefined, where: string): StructureViolation | null {
  if (!field) return new StructureViolation(`unknown field ${where}`);
  if (!isPlain(content) || content.arr.length !== 1) return new StructureViolation(`${where} holds ${contentName(content)}`);
  return field(content.arr[0]) ? null : new StructureViolation(`${where} has a value of the wrong type`);
}

/**
 * What a struct with `content` becomes under a parent of `role` (at map key `key`, or in its
 * sequence when null): the role of the type it adds, null for a valid plain value, or the
 * violation. Deleted content (ContentDeleted) is always valid: it holds nothing.
 */
function classify(role: Role, key: string | null, content: Content): Verdict {
  if (content.constructor === Y.ContentDeleted) return null;
  const type = typeOf(content);
  switch (role.kind) {
    case "meta":
      if (key === null) return new StructureViolation("meta is a map");
      return plainValue(content, META_FIELDS.get(key), `meta.${key}`);
    case "collection":
      if (key === null || !ID_PATTERN.test(key)) return new StructureViolation(`${role.collection} holds entries by id`);
      if (type?.constructor !== Y.Map) return new StructureViolation(`${role.collection}.${key} holds ${contentName(content)}`);
      return { kind: "entity", collection: role.collection };
    case "ratings":
      if (key === null || !parseRatingKey(key)) return new StructureViolation("ratings holds ratings by cardId/hypothesisId/userId");
      return plainValue(content, isRating, `rating ${key}`);
    case "scenes":
      if (key !== null) return new StructureViolation("scenes is a list");
      if (type?.constructor !== Y.Map) return new StructureViolation(`scenes holds ${contentName(content)}`);
      return { kind: "entity", collection: "scenes" };
    case "entity": {
      const shape = ENTITIES[role.collection];
      if (key === null) return new StructureViolation(`a ${role.collection} entry is a map`);
      const items = shape.arrays.get(key);
      if (items && type?.constructor === Y.Array) return { kind: "list", collection: role.collection, key };
      return plainValue(content, shape.fields.get(key), `${role.collection} field ${key}`);
    }
    case "list": {
      const where = `${role.collection} field ${role.key}`;
      if (key !== null || !isPlain(content)) return new StructureViolation(`${where} holds ${contentName(content)}`);
      const items = ENTITIES[role.collection].arrays.get(role.key)!;
      return content.arr.every(items) ? null : new StructureViolation(`${where} has an item of the wrong type`);
    }
    case "narrative":
    case "node": {
      const parent = role.kind === "node" ? NARRATIVE_NODES.get(role.name)! : DOC_NODE;
      const depth = role.kind === "node" ? role.depth : 0;
      const where = role.kind === "node" ? role.name : "the narrative";
      if (key !== null) {
        // Element attributes are plain values; the fragment itself has none.
        if (role.kind === "node" && isPlain(content)) return null;
        return new StructureViolation(`${where} attribute ${key} holds ${contentName(content)}`);
      }
      if (type?.constructor === Y.XmlText) {
        return parent.text ? { kind: "text" } : new StructureViolation(`text directly in ${where}`);
      }
      if (type?.constructor !== Y.XmlElement) return new StructureViolation(`${where} holds ${contentName(content)}`);
      const name = (type as Y.XmlElement).nodeName;
      if (!parent.children.has(name)) return new StructureViolation(`${where} may not hold ${name}`);
      if (depth + 1 > MAX_NARRATIVE_DEPTH) return new StructureViolation(`the narrative nests deeper than ${MAX_NARRATIVE_DEPTH}`);
      return { kind: "node", name, depth: depth + 1 };
    }
    case "text":
      if (key !== null) return new StructureViolation(`text attribute ${key}`);
      if (content.constructor === Y.ContentString) return null;
      if (content.constructor === Y.ContentFormat) {
        // y-prosemirror names a mark by its type, with a hash suffix when marks of one type may overlap.
        const mark = (content as Y.ContentFormat).key.split("--")[0];
        return NARRATIVE_MARKS.has(mark) ? null : new StructureViolation(`unknown mark ${mark}`);
      }
      return new StructureViolation(`text holds ${contentName(content)}`);
    case "invalid":
      return new StructureViolation("a type outside the board's structure");
    case "gone":
      return null;
  }
}

/** Where a struct goes: its parent's role and its map key; "gone" when Yjs would drop it (parent collected). */
type Place = { role: Role; key: string | null } | "gone" | StructureViolation;

/** A decoded update, ready to be checked against a document. */
export interface DecodedUpdate {
  structs: Array<Y.Item | Y.GC | Y.Skip>;
  /** Each client's structs in clock order, for finding a struct by id. */
  byClient: Map<number, Array<Y.Item | Y.GC | Y.Skip>>;
  /** What it deletes: per client, ranges of clocks. */
  deletes: ReturnType<typeof Y.decodeUpdate>["ds"];
}

/** Decodes an update (throws on malformed bytes, as Yjs's decoder does). */
export function decodeBoardUpdate(update: Uint8Array): DecodedUpdate {
  const { structs, ds } = Y.decodeUpdate(update);
  const byClient = new Map<number, Array<Y.Item | Y.GC | Y.Skip>>();
  for (const struct of structs) {
    const list = byClient.get(struct.id.client);
    if (list) list.push(struct);
    else byClient.set(struct.id.client, [struct]);
  }
  return { structs: structs as Array<Y.Item | Y.GC | Y.Skip>, byClient, deletes: ds };
}

/** Per client, the range of clocks [from, to) of the structs some updates add. */
export type AddedRanges = Map<number, [number, number]>;

/** Widens `added` by the structs `decoded` adds (skips hold nothing and add nothing). */
export function addRanges(added: AddedRanges, decoded: DecodedUpdate): void {
  for (const [client, structs] of decoded.byClient) {
    for (const struct of structs) {
      if (struct.constructor === Y.Skip) continue;
      const from = struct.id.clock;
      const to = from + struct.length;
      const range = added.get(client);
      if (range) {
        range[0] = Math.min(range[0], from);
        range[1] = Math.max(range[1], to);
      } else {
        added.set(client, [from, to]);
      }
    }
  }
}

/** True when `decoded` deletes anything in `added`: applied together, that content would never be seen. */
export function deletesAny(decoded: DecodedUpdate, added: AddedRanges): boolean {
  for (const [client, deletes] of decoded.deletes.clients) {
    const range = added.get(client);
    if (!range) continue;
    for (const { clock, len } of deletes) if (clock < range[1] && clock + len > range[0]) return true;
  }
  return false;
}

/**
 * The clients an update writes new structs for (beyond what `doc` holds), with the clock each
 * then reaches: whose names the update writes under. Skips hold nothing and do not count.
 */
export function newWriters(decoded: DecodedUpdate, doc: Y.Doc): Map<number, number> {
  const writers = new Map<number, number>();
  for (const [client, structs] of decoded.byClient) {
    const known = Y.getState(doc.store, client);
    for (const struct of structs) {
      const end = struct.id.clock + struct.length;
      if (struct.constructor === Y.Skip || end <= known) continue;
      writers.set(client, Math.max(writers.get(client) ?? 0, end));
    }
  }
  return writers;
}

/**
 * Checks an update a peer sent to a room of `kind` against the room's current document: null
 * when it keeps the board's structure, else the rule it breaks. Throws only on malformed bytes.
 * `writer` is the user id of the person sending it: a rating it writes must be under that id
 * (null: the sender is nobody, and may write no rating). Left out, ratings are checked for their
 * shape only (an update whose author is not one person, such as a whole stored board).
 */
export function checkUpdate(
  update: Uint8Array | DecodedUpdate,
  doc: Y.Doc,
  kind: RoomKind,
  writer?: string | null,
): StructureViolation | null {
  const decoded = update instanceof Uint8Array ? decodeBoardUpdate(update) : update;
  return new Checker(decoded, doc, writer).run(kind);
}

class Checker {
  /** Roles of the types the update adds, by their struct. */
  private readonly roles = new Map<Y.Item, Role | StructureViolation>();
  /** Roles of the document's types met so far. */
  private readonly docRoles = new Map<Y.AbstractType<unknown>, Role>();
  /** Where each struct of the update goes, once resolved. */
  private readonly places = new Map<Y.Item, Place>();

  constructor(
    private readonly decoded: DecodedUpdate,
    private readonly doc: Y.Doc,
    /** Whose ratings the update may write; undefined: anyone's. */
    private readonly writer: string | null | undefined,
  ) {}

  run(kind: RoomKind): StructureViolation | null {
    for (const [client, structs] of this.decoded.byClient) {
      const known = Y.getState(this.doc.store, client);
      for (const struct of structs) {
        if (struct.constructor !== Y.Item || struct.id.clock + struct.length <= known) continue;
        if (kind === "review") return new StructureViolation("the review room is written by the server only");
        const verdict = this.roleOf(struct as Y.Item, 0);
        if (verdict instanceof StructureViolation) return verdict;
      }
    }
    return null;
  }

  /** The verdict on one struct of the update: the role of the type it adds, null, or a violation. */
  private roleOf(item: Y.Item, nesting: number): Role | StructureViolation | null {
    const memo = this.roles.get(item);
    if (memo) return memo;
    const place = this.placeOf(item, nesting);
    if (place instanceof StructureViolation) return place;
    if (place === "gone" || place.role.kind === "gone") {
      // Yjs drops it, and whatever is added to it with it.
      const gone: Role = { kind: "gone" };
      if (typeOf(item.content)) this.roles.set(item, gone);
      return typeOf(item.content) ? gone : null;
    }
    if (place.role.kind === "ratings" && this.writer !== undefined && place.key !== null && parseRatingKey(place.key)?.userId !== this.writer) {
      return new StructureViolation(`rating ${place.key} is not the writer's own`);
    }
    const verdict = classify(place.role, place.key, item.content);
    if (verdict) this.roles.set(item, verdict);
    return verdict;
  }

  /**
   * Where a struct of the update goes. Its parent is written in it (a root name or the id of its
   * parent type's struct) unless it has neighbours, whose parent it shares (Yjs: the left one's,
   * else the right one's). Chains of neighbours are followed without recursion; parent types are
   * resolved recursively, at most MAX_NARRATIVE_DEPTH + a few levels before the nesting is refused.
   */
  private placeOf(start: Y.Item, nesting: number): Place {
    const chain: Y.Item[] = [];
    let item = start;
    let place: Place;
    for (;;) {
      const memo = this.places.get(item);
      if (memo) {
        place = memo;
        break;
      }
      const known = Y.getState(this.doc.store, item.id.client);
      if (item.id.clock < known) {
        // Partly held already: Yjs applies the rest after the document's own struct.
        place = this.placeInDoc(Y.createID(item.id.client, known - 1));
        break;
      }
      if (item.parent !== null) {
        place = this.placeUnder(item.parent as unknown as string | Y.ID, item.parentSub, nesting);
        break;
      }
      const neighbour = item.origin ?? item.rightOrigin;
      if (!neighbour) {
        place = new StructureViolation("a struct without a parent");
        break;
      }
      chain.push(item);
      const next = this.find(neighbour);
      if (next === null) {
        place = new StructureViolation("a struct whose neighbour is missing", true);
        break;
      }
      if (next instanceof Y.GC) {
        place = "gone";
        break;
      }
      if (!this.isInUpdate(next)) {
        place = this.docPlace(next);
        break;
      }
      item = next;
    }
    this.places.set(start, place);
    for (const link of chain) this.places.set(link, place);
    return place;
  }

  /** The place of a struct whose parent is named: a root, or the type added by the struct at `parent`. */
  private placeUnder(parent: string | Y.ID, key: string | null, nesting: number): Place {
    if (typeof parent === "string") {
      const role = ROOTS.get(parent);
      return role ? { role, key } : new StructureViolation(`unknown root ${parent}`);
    }
    if (nesting > MAX_NARRATIVE_DEPTH + 4) return new StructureViolation(`the narrative nests deeper than ${MAX_NARRATIVE_DEPTH}`);
    const struct = this.find(parent);
    if (struct === null) return new StructureViolation("a struct whose parent is missing", true);
    if (struct instanceof Y.GC) return "gone";
    if (this.isInUpdate(struct)) {
      if (struct.id.clock !== parent.clock) return new StructureViolation("a parent that is not a type");
      const role = this.roleOf(struct, nesting + 1);
      if (role instanceof StructureViolation) return role;
      if (role === null) {
        return struct.content.constructor === Y.ContentDeleted ? "gone" : new StructureViolation("a parent that is not a type");
      }
      return { role, key };
    }
    const type = typeOf(struct.content);
    if (!type) return "gone"; // a deleted type: Yjs drops what is added to it
    return { role: this.docRole(type), key };
  }

  /** The place of the document's struct at `id` (a neighbour in the document). */
  private placeInDoc(id: Y.ID): Place {
    const struct = this.find(id);
    if (struct === null) return new StructureViolation("a struct whose neighbour is missing", true);
    return struct instanceof Y.GC ? "gone" : this.docPlace(struct);
  }

  /** Where a struct of the document sits: its parent type's role and its key. */
  private docPlace(item: Y.Item): Place {
    const parent = item.parent as Y.AbstractType<unknown> | null;
    if (!parent) return "gone";
    return { role: this.docRole(parent), key: item.parentSub };
  }

  /** The role of a type of the document, walked up to its root (stored content is trusted as far as it fits). */
  private docRole(type: Y.AbstractType<unknown>): Role {
    const memo = this.docRoles.get(type);
    if (memo) return memo;
    const path: Y.AbstractType<unknown>[] = [];
    let current: Y.AbstractType<unknown> | null = type;
    let role: Role | undefined;
    while (current && !role) {
      const known = this.docRoles.get(current);
      if (known) role = known;
      else if (current._item === null) role = ROOTS.get(Y.findRootTypeKey(current)) ?? { kind: "invalid" };
      else if (path.length > MAX_NARRATIVE_DEPTH + 4) role = { kind: "invalid" };
      else {
        path.push(current);
        current = current._item.parent as Y.AbstractType<unknown> | null;
      }
    }
    role ??= { kind: "invalid" };
    for (let i = path.length - 1; i >= 0; i--) {
      const item = path[i]._item!;
      const verdict = classify(role, item.parentSub, item.content);
      role = verdict && !(verdict instanceof StructureViolation) ? verdict : { kind: "invalid" };
      this.docRoles.set(path[i], role);
    }
    return role;
  }

  /** True for a struct of the update (its parent not yet a type), false for one of the document. */
  private isInUpdate(struct: Y.Item | Y.GC): boolean {
    return struct instanceof Y.Item && !(struct.parent instanceof Y.AbstractType);
  }

  /** The struct holding `id`: the document's when it has it, else the update's; null when neither has. */
  private find(id: Y.ID): Y.Item | Y.GC | null {
    if (id.clock < Y.getState(this.doc.store, id.client)) return Y.getItem(this.doc.store, id) as Y.Item | Y.GC;
    const structs = this.decoded.byClient.get(id.client);
    if (!structs) return null;
    let low = 0;
    let high = structs.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const struct = structs[mid];
      if (id.clock < struct.id.clock) high = mid - 1;
      else if (id.clock >= struct.id.clock + struct.length) low = mid + 1;
      else return struct.constructor === Y.Skip ? null : (struct as Y.Item | Y.GC);
    }
    return null;
  }
}
