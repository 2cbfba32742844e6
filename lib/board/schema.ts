/**
 * THE board document. Every Yjs root key and every stored value shape is declared here once;
 * only the model (`model/`, and `review.ts` for the review room) reads or writes these keys.
 *
 * Values are validated with these zod schemas before they are written and when imported, so a
 * document never holds a pin without coordinates or a card with an unknown grade.
 */
import * as z from "zod";
import { ID_PATTERN } from "@/lib/collab/protocol";

/** Bumped whenever the document shape changes; `model/migrations.ts` upgrades older documents step by step. */
export const SCHEMA_VERSION = 4;

/** Root keys of the board room `<boardId>`. */
export const BOARD_ROOT = {
  /** Y.Map: title, question, schemaVersion, numericDateOrder (absent: day first), startView (absent: the world). */
  meta: "meta",
  /** Y.Map<id, Y.Map>: one per-key map per pin, so concurrent field edits both win. */
  pins: "pins",
  /** Y.Map<id, Y.Map>: timeline cards, `pinIds` a Y.Array. */
  cards: "cards",
  /** Y.XmlFragment: the TipTap document; a `claim` mark carries only `claimId`. */
  narrative: "narrative",
  /** Y.Map<id, Y.Map>: likelihood, confidence, evidence (a Y.Array of refs). */
  claims: "claims",
  /** Y.Array<Y.Map>: saved views a lead steps through. */
  scenes: "scenes",
  /** Y.Map<id, Y.Map>: competing hypotheses (title, description, order); added by schema 2. */
  hypotheses: "hypotheses",
  /**
   * Y.Map<"cardId/hypothesisId/userId", rating>: one flat key per person and cell, so two people
   * rating the same cell (or the first cells of a new card) at once never overwrite each other.
   * Added by schema 2.
   */
  ratings: "ratings",
  /**
   * Y.Map<id, Y.Map>: areas and routes drawn on the map (title, kind, note, geometry, validity),
   * one per-key map each like pins, so concurrent field edits both win; the geometry is one
   * value, so two people reshaping one area at once keep the later shape. Added by schema 4.
   */
  areas: "areas",
} as const;

/** Root keys of the review room `<boardId>.review`, written only by the server. */
export const REVIEW_ROOT = {
  /** Y.Map<id, Y.Map>: target {kind, id}, status, comments (Y.Array). */
  threads: "threads",
  /**
   * Y.Map<"claimId/userId", verdict>: one flat key per person and claim, so two instances that
   * record the first verdicts on a claim at once never create rival nested maps (one would be lost).
   */
  verdicts: "verdicts",
} as const;

/** Ids are short URL-safe strings minted by `newId` (lib/ids.ts); the pattern lives with the protocol. */
export const IdSchema = z.string().regex(ID_PATTERN, "not a valid id");

/** Who created an entry, as shown to people. */
export const AuthorSchema = z.string().max(200, "at most 200 characters");

const TitleSchema = z.string().trim().min(1, "a title is required").max(200, "at most 200 characters");

/** Where the board's map opens while it has no pins: set by an owner or editor ("Set as start view"). */
export const StartViewSchema = z
  .object({
    lng: z.number().min(-180).max(180),
    lat: z.number().min(-85).max(85),
    zoom: z.number().min(0).max(22),
  })
  .strict();
export type StartView = z.infer<typeof StartViewSchema>;

export const MetaSchema = z.object({
  title: TitleSchema,
  question: z.string().trim().max(500, "at most 500 characters"),
  schemaVersion: z.number().int().min(0),
  /** How numeric dates typed on the board are read (absent: day first); see NUMERIC_DATE_ORDERS. */
  numericDateOrder: z.lazy(() => NumericDateOrderSchema).optional(),
  /** Where the map opens while the board has no pins (absent: the whole world). */
  startView: StartViewSchema.optional(),
});
export type Meta = z.infer<typeof MetaSchema>;

export const PIN_KINDS = ["event", "place", "actor"] as const;
export const GEO_PRECISIONS = ["exact", "near", "region"] as const;

export const PinSchema = z.object({
  id: IdSchema,
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  title: TitleSchema,
  kind: z.enum(PIN_KINDS),
  note: z.string().max(10_000),
  geoPrecision: z.enum(GEO_PRECISIONS),
  createdBy: AuthorSchema,
  createdAt: z.number().int().nonnegative(),
});
export type Pin = z.infer<typeof PinSchema>;

export const DATE_PRECISIONS = ["day", "month", "year", "approx"] as const;

/**
 * How a board reads a numeric date both orders make sense of (03/04/2019): day first, the norm
 * in francophone Sahel reporting and the default, or month first.
 */
export const NUMERIC_DATE_ORDERS = ["day-first", "month-first"] as const;
export const NumericDateOrderSchema = z.enum(NUMERIC_DATE_ORDERS);

/** Calendar dates as `YYYY-MM-DD`; month and year precision keep the first day of the period. */
const IsoDateSchema = z.iso.date("a date as YYYY-MM-DD");

export const WhenSchema = z
  .object({
    start: IsoDateSchema,
    end: IsoDateSchema.optional(),
    precision: z.enum(DATE_PRECISIONS),
  })
  .refine((when) => when.end === undefined || when.end >= when.start, {
    message: "the end date is before the start date",
    path: ["end"],
  });
export type When = z.infer<typeof WhenSchema>;

/**
 * What an area or route drawn on the map stands for: a polygon is an area of operation or a
 * region of control, a line a route or a front line.
 */
export const AREA_KINDS = ["operation", "control", "route", "front"] as const;
export type AreaKind = (typeof AREA_KINDS)[number];
export const AREA_KIND_LABELS: Record<AreaKind, string> = {
  operation: "Area of operation",
  control: "Region of control",
  route: "Route",
  front: "Front line",
};
/** The kinds drawn as polygons; the others are lines. */
export const POLYGON_AREA_KINDS: readonly AreaKind[] = ["operation", "control"];

/** At most this many positions in one area's geometry: enough for a hand-drawn or imported outline, small in one update. */
export const MAX_AREA_POSITIONS = 2_000;

/**
 * "at most 2,000 positions", with the thousands grouped by hand: the collaboration server loads
 * this module at startup, and a first toLocaleString would load ICU's locale data with it, several
 * megabytes resident for one message.
 */
const MAX_AREA_POSITIONS_MESSAGE = `at most ${String(MAX_AREA_POSITIONS).replace(/\B(?=(\d{3})+$)/g, ",")} positions`;

/** A GeoJSON position [lng, lat], nothing more (no altitude). */
export const PositionSchema = z.tuple([
  z.number().min(-180, "a longitude between -180 and 180").max(180, "a longitude between -180 and 180"),
  z.number().min(-90, "a latitude between -90 and 90").max(90, "a latitude between -90 and 90"),
]);
export type Position = z.infer<typeof PositionSchema>;

const samePosition = (a: Position, b: Position) => a[0] === b[0] && a[1] === b[1];

/**
 * An area's shape, as GeoJSON geometry: a Polygon with one closed outer ring (holes are not
 * drawn on a board) or a LineString, in [lng, lat] positions.
 */
export const AreaGeometrySchema = z.discriminatedUnion("type", [
  // Strict: a stored geometry holds exactly GeoJSON's two keys, nothing a stock client adds.
  z.strictObject({
    type: z.literal("Polygon"),
    coordinates: z
      .tuple([
        z
          .array(PositionSchema)
          .min(4, "a polygon's ring needs at least 4 positions (3 corners and the first again)")
          .max(MAX_AREA_POSITIONS, MAX_AREA_POSITIONS_MESSAGE)
          .refine((ring) => ring.length === 0 || samePosition(ring[0], ring[ring.length - 1]), "a polygon's ring must end where it starts"),
      ], { error: "a polygon has one outer ring and no holes" }),
  }),
  z.strictObject({
    type: z.literal("LineString"),
    coordinates: z
      .array(PositionSchema)
      .min(2, "a line needs at least 2 positions")
      .max(MAX_AREA_POSITIONS, MAX_AREA_POSITIONS_MESSAGE),
  }),
]);
export type AreaGeometry = z.infer<typeof AreaGeometrySchema>;

/** True when a kind is drawn with this geometry type (areas as polygons, routes and fronts as lines). */
export function kindFitsGeometry(kind: AreaKind, type: AreaGeometry["type"]): boolean {
  return POLYGON_AREA_KINDS.includes(kind) === (type === "Polygon");
}

const AREA_KIND_MISMATCH = {
  message: "an area of operation or region of control is a polygon; a route or front line is a line",
  path: ["geometry"],
};
const VALIDITY_ORDER = { message: "valid to is before valid from", path: ["validTo"] };

/**
 * validTo's last day may not come before validFrom's first (both are fuzzy dates like a card's:
 * valid to "2018" runs to the end of 2018). Compared as text, so a month's bound is its "-31".
 */
function validityInOrder(area: { validFrom?: When; validTo?: When }): boolean {
  if (!area.validFrom || !area.validTo) return true;
  const { end, start, precision } = area.validTo;
  const last = end ?? start;
  const lastDay = precision === "year" ? `${last.slice(0, 4)}-12-31` : precision === "month" ? `${last.slice(0, 7)}-31` : last;
  return lastDay >= area.validFrom.start;
}

const AreaFieldsSchema = z.object({
  id: IdSchema,
  title: TitleSchema,
  kind: z.enum(AREA_KINDS),
  note: z.string().max(10_000, "at most 10,000 characters"),
  geometry: AreaGeometrySchema,
  /** From when the area holds (a fuzzy date like a card's); absent: since always. */
  validFrom: WhenSchema.optional(),
  /** Until when it holds; absent: still. */
  validTo: WhenSchema.optional(),
  createdBy: AuthorSchema,
  createdAt: z.number().int().nonnegative(),
});

/** One area of operation, region of control, route or front line drawn on the map. */
export const AreaSchema = AreaFieldsSchema.refine((area) => kindFitsGeometry(area.kind, area.geometry.type), AREA_KIND_MISMATCH).refine(
  validityInOrder,
  VALIDITY_ORDER,
);
export type Area = z.infer<typeof AreaSchema>;

/** Each stored field of an area with its own check, for the server's update rules (which see one field at a time). */
export const AREA_FIELDS = AreaFieldsSchema.shape;

/** Admiralty code: source reliability A (reliable) to F (cannot be judged). */
export const RELIABILITY = ["A", "B", "C", "D", "E", "F"] as const;
/** Admiralty code: information credibility 1 (confirmed) to 6 (cannot be judged). */
export const CREDIBILITY = [1, 2, 3, 4, 5, 6] as const;

export const GradeSchema = z.object({
  reliability: z.enum(RELIABILITY),
  credibility: z.union(CREDIBILITY.map((n) => z.literal(n))),
});
export type Grade = z.infer<typeof GradeSchema>;

export const SourceSchema = z.object({
  title: z.string().trim().max(300),
  url: z.union([z.literal(""), z.url({ protocol: /^https?$/, error: "a http(s) URL" })]),
});
export type Source = z.infer<typeof SourceSchema>;

/**
 * How much a piece of evidence matters to the question, set per card for the hypotheses matrix
 * (absent: medium). The weights are in `ach.ts`.
 */
export const RELEVANCES = ["low", "medium", "high"] as const;
export const RelevanceSchema = z.enum(RELEVANCES);
export type Relevance = z.infer<typeof RelevanceSchema>;

/** A short piece of event description (a type, a place, a code), trimmed; an empty one is left out. */
const EventTextSchema = (max: number) => z.string().trim().min(1, "cannot be empty; leave it out instead").max(max, `at most ${max} characters`);

/** One side of an event: the actor, and the actors acting with it (ACLED's actor1 and assoc_actor_1). */
export const EventActorSchema = z.object({
  name: EventTextSchema(300),
  associated: z.array(EventTextSchema(300)).max(20, "at most 20 associated actors").optional(),
});
export type EventActor = z.infer<typeof EventActorSchema>;

/** At most this many properties of a source file the board has no column for are kept per card. */
export const MAX_EXTRA_PROPERTIES = 50;

/**
 * What an event card says in the structured form analysts filter and count by (ACLED's columns,
 * as its exports name them in the comments). Every field is optional: a card typed by hand may
 * carry none of it; a field left out is unknown, never zero or empty. Codes and numbers a source
 * writes (inter1, iso, timestamp) are kept as written, so exporting gives back the same cells.
 *
 * Stored as one plain value of the card: an edit writes the whole object, so two people editing
 * different event fields of the same card at the same moment keep the later edit.
 */
export const EventDetailsSchema = z
  .object({
  /** The source's own id of the event (event_id_cnty), kept for the round trip and for citing it. */
  sourceId: EventTextSchema(100).optional(),
  /** The day the source gave (event_date) when the card's date is vaguer than one day. */
  sourceDate: IsoDateSchema.optional(),
  /** disorder_type: political violence, demonstrations, strategic developments. */
  disorderType: EventTextSchema(100).optional(),
  eventType: EventTextSchema(100).optional(),
  subEventType: EventTextSchema(100).optional(),
  actor1: EventActorSchema.optional(),
  actor2: EventActorSchema.optional(),
  /** inter1 / inter2: the source's code (or name) of each actor's type. */
  inter1: EventTextSchema(60).optional(),
  inter2: EventTextSchema(60).optional(),
  /** interaction: the source's code of the two actor types together. */
  interaction: EventTextSchema(60).optional(),
  /** civilian_targeting: whether civilians were the target, in the source's words. */
  civilianTargeting: EventTextSchema(100).optional(),
  /** Reported deaths; absent when unknown. */
  fatalities: z.number().int("fatalities must be a whole number").min(0, "fatalities cannot be negative").max(10_000_000).optional(),
  /** iso: the country's numeric ISO 3166 code, as written. */
  iso: EventTextSchema(10).optional(),
  region: EventTextSchema(100).optional(),
  country: EventTextSchema(100).optional(),
  admin1: EventTextSchema(200).optional(),
  admin2: EventTextSchema(200).optional(),
  admin3: EventTextSchema(200).optional(),
  /** location: the place's name, kept when it differs from the pin's title (or there is no pin). */
  location: EventTextSchema(200).optional(),
  /** source_scale: local, national, international… */
  sourceScale: EventTextSchema(100).optional(),
  /** timestamp: when the source last changed the row, as written. */
  timestamp: EventTextSchema(30).optional(),
  /**
   * Properties of an imported file the board has no column for, by name, with their JSON values
   * (a CSV cell is a string), so an export gives them back as they were.
   */
  extra: z
    .record(
      z.string().trim().min(1).max(100, "a property name of at most 100 characters"),
      z.json().refine((value) => JSON.stringify(value).length <= 2_000, "a property of at most 2,000 characters"),
    )
    .refine((extra) => Object.keys(extra).length <= MAX_EXTRA_PROPERTIES, `at most ${MAX_EXTRA_PROPERTIES} other properties`)
    .optional(),
})
  // A field set to undefined (cleared in the editor) is left out, never stored as a key.
  .transform((event) => Object.fromEntries(Object.entries(event).filter(([, value]) => value !== undefined)) as typeof event);
export type EventDetails = z.infer<typeof EventDetailsSchema>;

export const CardSchema = z.object({
  id: IdSchema,
  title: TitleSchema,
  body: z.string().max(20_000),
  when: WhenSchema,
  pinIds: z.array(IdSchema),
  /**
   * The areas and routes the card is about (a Y.Array like `pinIds`); added by schema 4. A card
   * written before it has none, and reads as linked to none: old cards are never rewritten.
   */
  areaIds: z.array(IdSchema).default([]),
  source: SourceSchema,
  grade: GradeSchema,
  tags: z.array(z.string().trim().min(1).max(60)).max(50),
  /** Relevance to the hypotheses matrix; absent reads as medium. */
  relevance: RelevanceSchema.optional(),
  /** The event's structured details (type, actors, fatalities, places, the source's id); added by schema 3. */
  event: EventDetailsSchema.optional(),
  createdBy: AuthorSchema,
  createdAt: z.number().int().nonnegative(),
});
export type Card = z.infer<typeof CardSchema>;

/** ICD 203 expressions of likelihood, from least to most likely. */
export const LIKELIHOODS = [
  "almost no chance",
  "very unlikely",
  "unlikely",
  "roughly even chance",
  "likely",
  "very likely",
  "almost certain",
] as const;
export const CONFIDENCES = ["low", "moderate", "high"] as const;

export const EvidenceRefSchema = z.object({
  kind: z.enum(["card", "pin"]),
  id: IdSchema,
});
export type EvidenceRef = z.infer<typeof EvidenceRefSchema>;

/**
 * An evidence item as a claim stores it: the ref, and for a card the grade it had when it was
 * cited, so a later downgrade puts the claim at risk (claim-risk.ts). Reads of a claim's evidence
 * give the bare ref; the grade is read by `citedGrades`.
 */
export const EvidenceItemSchema = EvidenceRefSchema.extend({ grade: z.lazy(() => GradeSchema).optional() });
export type EvidenceItem = z.infer<typeof EvidenceItemSchema>;

/** Evidence a claim cited that was deleted since, kept with its title so the claim can say what it lost. */
export const LostEvidenceSchema = EvidenceRefSchema.extend({ title: z.string().max(200) });
export type LostEvidence = z.infer<typeof LostEvidenceSchema>;

export const ClaimSchema = z.object({
  id: IdSchema,
  likelihood: z.enum(LIKELIHOODS),
  confidence: z.enum(CONFIDENCES),
  evidence: z.array(EvidenceRefSchema),
  /** The hypothesis of the matrix this claim supports (absent or null: none). */
  hypothesisId: IdSchema.nullable().optional(),
  /** Cited cards and pins deleted since (a Y.Array); absent when none was. */
  lostEvidence: z.array(LostEvidenceSchema).optional(),
});
export type Claim = z.infer<typeof ClaimSchema>;

/**
 * One of the competing hypotheses of the board's question (Heuer's Analysis of Competing
 * Hypotheses). `order` is a fractional position: moving one writes only its own order, so two
 * people reordering different hypotheses at once both win.
 */
export const HypothesisSchema = z.object({
  id: IdSchema,
  title: TitleSchema,
  description: z.string().max(5_000, "at most 5,000 characters"),
  order: z.number().finite(),
  createdBy: AuthorSchema,
  createdAt: z.number().int().nonnegative(),
});
export type Hypothesis = z.infer<typeof HypothesisSchema>;

export const HypothesisInputSchema = z.object({
  title: TitleSchema,
  description: HypothesisSchema.shape.description.default(""),
});
export type HypothesisInput = z.input<typeof HypothesisInputSchema>;
export const HypothesisPatchSchema = HypothesisInputSchema.extend({ description: HypothesisSchema.shape.description }).partial();
export type HypothesisPatch = z.input<typeof HypothesisPatchSchema>;

/**
 * How one piece of evidence bears on one hypothesis, as one analyst rates it: very consistent,
 * consistent, neutral or not applicable, inconsistent, very inconsistent (Heuer's ACH scale).
 */
export const RATINGS = ["CC", "C", "N", "I", "II"] as const;
export const RatingSchema = z.enum(RATINGS);
export type Rating = z.infer<typeof RatingSchema>;

/** What each rating says, for labels and screen readers. */
export const RATING_MEANING: Record<Rating, string> = {
  CC: "very consistent",
  C: "consistent",
  N: "neutral or not applicable",
  I: "inconsistent",
  II: "very inconsistent",
};

/** Where one person's rating of one cell is kept: a key of the `ratings` root. */
export interface RatingKey {
  cardId: string;
  hypothesisId: string;
  userId: string;
}

/** The `ratings` key `<cardId>/<hypothesisId>/<userId>` of one person's rating of one cell. */
export function ratingKey({ cardId, hypothesisId, userId }: RatingKey): string {
  return `${cardId}/${hypothesisId}/${userId}`;
}

/** The parts of a `ratings` key, or null when it is not three ids joined by `/`. */
export function parseRatingKey(key: string): RatingKey | null {
  const parts = key.split("/");
  if (parts.length !== 3 || !parts.every((part) => ID_PATTERN.test(part))) return null;
  const [cardId, hypothesisId, userId] = parts;
  return { cardId, hypothesisId, userId };
}

export const MapViewSchema = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
  zoom: z.number().min(0).max(24),
  bearing: z.number().min(-360).max(360).default(0),
  pitch: z.number().min(0).max(85).default(0),
});
export type MapView = z.infer<typeof MapViewSchema>;

export const SceneSchema = z.object({
  id: IdSchema,
  title: TitleSchema,
  notes: z.string().max(10_000),
  view: MapViewSchema,
  timeWindow: z.object({ start: IsoDateSchema, end: IsoDateSchema }).nullable(),
  focus: z.object({ pinIds: z.array(IdSchema), cardIds: z.array(IdSchema) }),
  /** Id of the claim (or heading) the narrative scrolls to; null keeps the narrative where it is. */
  narrativeAnchor: IdSchema.nullable(),
});
export type Scene = z.infer<typeof SceneSchema>;

/** Fields a person may set when creating or editing; ids and authorship come from the model. */
export const PinInputSchema = PinSchema.omit({ id: true, createdBy: true, createdAt: true }).extend({
  note: PinSchema.shape.note.default(""),
  kind: PinSchema.shape.kind.default("event"),
  geoPrecision: PinSchema.shape.geoPrecision.default("exact"),
});
export type PinInput = z.input<typeof PinInputSchema>;
/** A patch names only the fields it changes: no defaults, so other fields are never reset. */
export const PinPatchSchema = PinSchema.omit({ id: true, createdBy: true, createdAt: true }).partial();
export type PinPatch = z.input<typeof PinPatchSchema>;

/** What a person gives to draw an area; ids and authorship come from the model. */
export const AreaInputSchema = AreaFieldsSchema.omit({ id: true, createdBy: true, createdAt: true })
  .extend({ note: AreaFieldsSchema.shape.note.default("") })
  .refine((area) => kindFitsGeometry(area.kind, area.geometry.type), AREA_KIND_MISMATCH)
  .refine(validityInOrder, VALIDITY_ORDER);
export type AreaInput = z.input<typeof AreaInputSchema>;
/**
 * A patch names only the fields it changes. `validFrom` / `validTo` set to null clear the bound.
 * Kind against geometry and the order of the bounds are checked by the model against the area
 * as it will be.
 */
export const AreaPatchSchema = AreaFieldsSchema.omit({ id: true, createdBy: true, createdAt: true })
  .extend({
    validFrom: AreaFieldsSchema.shape.validFrom.unwrap().nullable().optional(),
    validTo: AreaFieldsSchema.shape.validTo.unwrap().nullable().optional(),
  })
  .partial();
export type AreaPatch = z.input<typeof AreaPatchSchema>;

export const CardInputSchema = CardSchema.omit({ id: true, createdBy: true, createdAt: true }).extend({
  body: CardSchema.shape.body.default(""),
  pinIds: CardSchema.shape.pinIds.default([]),
  areaIds: CardSchema.shape.areaIds,
  source: SourceSchema.default({ title: "", url: "" }),
  grade: GradeSchema.default({ reliability: "F", credibility: 6 }),
  tags: CardSchema.shape.tags.default([]),
});
export type CardInput = z.input<typeof CardInputSchema>;
export const CardPatchSchema = CardSchema.omit({ id: true, createdBy: true, createdAt: true })
  // A patch that leaves the links out leaves them alone: no default here.
  .extend({ areaIds: z.array(IdSchema) })
  .partial();
export type CardPatch = z.input<typeof CardPatchSchema>;

/**
 * One change made to many cards at once: a new grade, tags added or removed, pins or areas
 * linked or unlinked. Tags and pin ids are checked as the card schema checks them.
 */
export const CardsPatchSchema = z
  .object({
    grade: GradeSchema.optional(),
    addTags: z.array(CardSchema.shape.tags.element).max(50).optional(),
    removeTags: z.array(CardSchema.shape.tags.element).optional(),
    linkPins: z.array(IdSchema).optional(),
    unlinkPins: z.array(IdSchema).optional(),
    linkAreas: z.array(IdSchema).optional(),
    unlinkAreas: z.array(IdSchema).optional(),
  })
  .strict()
  .refine((patch) => !(patch.addTags ?? []).some((tag) => (patch.removeTags ?? []).includes(tag)), {
    message: "a tag cannot be added and removed at once",
    path: ["removeTags"],
  });
export type CardsPatch = z.input<typeof CardsPatchSchema>;

export const ClaimInputSchema = ClaimSchema.omit({ id: true, lostEvidence: true }).extend({
  evidence: ClaimSchema.shape.evidence.default([]),
});
export type ClaimInput = z.input<typeof ClaimInputSchema>;

export const SceneInputSchema = SceneSchema.omit({ id: true }).extend({
  notes: SceneSchema.shape.notes.default(""),
  timeWindow: SceneSchema.shape.timeWindow.default(null),
  focus: SceneSchema.shape.focus.default({ pinIds: [], cardIds: [] }),
  narrativeAnchor: SceneSchema.shape.narrativeAnchor.default(null),
});
export type SceneInput = z.input<typeof SceneInputSchema>;

/** What a new board needs from the person creating it. */
export const NewBoardSchema = z.object({
  title: TitleSchema,
  question: MetaSchema.shape.question.default(""),
});
export type NewBoard = z.input<typeof NewBoardSchema>;

/**
 * What a review thread is about: one claim, pin, card or hypothesis of the board document, or one
 * cell of the hypotheses matrix (its id from `cellTargetId`).
 */
export const ReviewTargetSchema = z.object({
  kind: z.enum(["claim", "pin", "card", "hypothesis", "cell"]),
  id: IdSchema,
});
export type ReviewTarget = z.infer<typeof ReviewTargetSchema>;

/** The review target id of a matrix cell: the card's and the hypothesis' ids (letters and digits) joined by "-". */
export function cellTargetId(cardId: string, hypothesisId: string): string {
  return `${cardId}-${hypothesisId}`;
}

/** The card and hypothesis of a cell's review target id, or null when it is not one. */
export function parseCellTargetId(id: string): { cardId: string; hypothesisId: string } | null {
  const parts = id.split("-");
  return parts.length === 2 && parts[0] && parts[1] ? { cardId: parts[0], hypothesisId: parts[1] } : null;
}

export const THREAD_STATUSES = ["open", "resolved"] as const;
export const VERDICTS = ["agree", "dispute", "needs-source"] as const;
export const VerdictSchema = z.enum(VERDICTS);
export type Verdict = z.infer<typeof VerdictSchema>;

/** The text of a comment as a person types it. */
export const CommentBodySchema = z
  .string()
  .trim()
  .min(1, "a comment cannot be empty")
  .max(5_000, "at most 5,000 characters");

export const CommentSchema = z.object({
  id: IdSchema,
  authorId: IdSchema,
  authorName: AuthorSchema,
  body: CommentBodySchema,
  /** User ids of the board members named in the comment. */
  mentions: z.array(IdSchema).max(50),
  createdAt: z.number().int().nonnegative(),
});
export type Comment = z.infer<typeof CommentSchema>;

export const ThreadSchema = z.object({
  id: IdSchema,
  target: ReviewTargetSchema,
  status: z.enum(THREAD_STATUSES),
  comments: z.array(CommentSchema),
  createdAt: z.number().int().nonnegative(),
});
export type Thread = z.infer<typeof ThreadSchema>;

/** Who writes to the review room: always taken from the session, never from the client. */
export const ReviewAuthorSchema = z.object({ id: IdSchema, name: AuthorSchema });
export type ReviewAuthor = z.infer<typeof ReviewAuthorSchema>;

/** What a person sends to comment: the body and whom it mentions; the author is added by the server. */
export const CommentInputSchema = z.strictObject({
  body: CommentBodySchema,
  mentions: z.array(IdSchema).max(50).default([]),
});
export type CommentInput = z.input<typeof CommentInputSchema>;
