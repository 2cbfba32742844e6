/**
 * What a person's awareness state may hold, declared once for the server that relays it and the
 * browsers that read it: `user` (set by the server from the ticket), the narrative `cursor`, the
 * `map` pointer and selected pin, a presenter's `present` and a follower's `following`. Every field
 * has its type and bounds; anything else is dropped.
 */
import * as z from "zod";
import { BOARD_ROOT, IdSchema, MapViewSchema, SceneSchema } from "@/lib/board/schema";

/** Pins and cards of a focus a presenter's awareness carries at most. */
const MAX_FOCUS_IDS = 20;

const COLORS = ["#d9480f", "#1971c2", "#2f9e44", "#9c36b5", "#e67700", "#0c8599", "#c2255c", "#5f3dc4"];


/** A stable colour per person, the same in every browser and on the server. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
}

/** WCAG relative luminance of a `#rrggbb` colour; null for anything else. */
function luminance(color: string): number | null {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) return null;
  const [r, g, b] = match.slice(1).map((hex) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two `#rrggbb` colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [la, lb] = [luminance(a) ?? 0, luminance(b) ?? 0];
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Black or white, whichever contrasts more with a person's colour, for their name or initial on
 * it: pure black and white guarantee at least 4.58:1 (the square root of 21) on every colour,
 * where a dark grey text would fall to 3.5:1 on some.
 */
export function readableTextColor(background: string): string {
  if (luminance(background) === null) return "#000000";
  return contrastRatio(background, "#000000") >= contrastRatio(background, "#ffffff") ? "#000000" : "#ffffff";
}

/** The presence of a signed-in person. */
export function presenceOf(user: { id: string; name: string }): PresenceUser {
  return { id: user.id, name: user.name, color: colorFor(user.id) };
}

/**
 * What a presenter's awareness carries (`present`), so followers can track the scene, the map,
 * the time window and the narrative without anything being written to the document. Each array is
 * capped so the state stays far below the server's awareness size limit.
 */
export const PresenterStateSchema = z.object({
  sceneId: IdSchema,
  title: z.string().max(200),
  /** 0-based position of the scene and how many there are. */
  index: z.number().int().min(0),
  count: z.number().int().min(1),
  view: MapViewSchema,
  timeWindow: SceneSchema.shape.timeWindow,
  focus: z.object({ pinIds: z.array(IdSchema).max(MAX_FOCUS_IDS), cardIds: z.array(IdSchema).max(MAX_FOCUS_IDS) }),
  narrativeAnchor: IdSchema.nullable(),
  /**
   * "Bring everyone to me": a number the presenter raises each time; everyone on the board who sees
   * it change starts following (and may stop again). Absent until first used.
   */
  summon: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
});
export type PresenterState = z.infer<typeof PresenterStateSchema>;

/** The presenter state in someone's awareness, or null when they are not presenting (or it is malformed). */
export function readPresenting(state: Record<string, unknown>): PresenterState | null {
  const parsed = PresenterStateSchema.safeParse(state.present);
  return parsed.success ? parsed.data : null;
}

/** The client id someone says they follow (`following`), or null. */
export function readFollowing(state: Record<string, unknown>): number | null {
  const parsed = ClientIdSchema.safeParse(state.following);
  return parsed.success ? parsed.data : null;
}

/** A scene's focus cut to what an awareness state may carry. */
export function cappedFocus(focus: { pinIds: readonly string[]; cardIds: readonly string[] }): PresenterState["focus"] {
  return { pinIds: focus.pinIds.slice(0, MAX_FOCUS_IDS), cardIds: focus.cardIds.slice(0, MAX_FOCUS_IDS) };
}

// ------------------------------------------------------------------ the whole state

/** An awareness client id (a Yjs client id): a non-negative safe integer. */
const ClientIdSchema = z.int().min(0);

/** Who someone is, as the server stamps it from their ticket. */
export const PresenceUserSchema = z.object({
  id: z.string().min(1).max(200),
  name: z.string().max(200),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/),
});
export type PresenceUser = z.infer<typeof PresenceUserSchema>;

/** A Yjs item id as JSON: the client that made the item and that client's clock. */
const YjsIdSchema = z.object({ client: ClientIdSchema, clock: z.int().min(0) });

/**
 * A Yjs relative position in the narrative as y-tiptap puts it in awareness (a
 * `Y.RelativePosition`, so `null` fields are written; `Y.relativePositionToJSON` leaves them out).
 * It must point somewhere (an item, a type, or the narrative's root: any other root name would make
 * every reader's `doc.get` create it), with ids Yjs can look up: `Y.createAbsolutePositionFromRelativePosition`
 * then answers a position or null, and never throws.
 */
export const RelativePositionSchema = z
  .object({
    type: YjsIdSchema.nullish(),
    tname: z.literal(BOARD_ROOT.narrative).nullish(),
    item: YjsIdSchema.nullish(),
    /** y-tiptap writes -1, Yjs's default is 0. */
    assoc: z.int().min(-1).max(0).optional(),
  })
  .refine((position) => position.item != null || position.type != null || position.tname != null, "points nowhere");

/** Someone's caret and selection in the narrative (`cursor`), null while the editor is not focused. */
export const NarrativeCursorSchema = z.object({ anchor: RelativePositionSchema, head: RelativePositionSchema });

/** The map's part (`map`): the pin someone selected and where their pointer is ([lng, lat], wrapped). */
export const MapPresenceSchema = z.object({
  selectedPinId: IdSchema.nullable().default(null),
  pointer: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).nullable().default(null),
});

/** One person's awareness state, as the server relays it. */
export const PresenceStateSchema = z.object({
  user: PresenceUserSchema,
  cursor: NarrativeCursorSchema.nullish(),
  map: MapPresenceSchema.nullish(),
  present: PresenterStateSchema.nullish(),
  following: ClientIdSchema.nullish(),
});
export type PresenceState = z.infer<typeof PresenceStateSchema>;

const PRESENCE_FIELDS = PresenceStateSchema.shape;

const PRESENCE_KEYS = Object.keys(PRESENCE_FIELDS) as Array<keyof PresenceState>;

/**
 * The known fields of an awareness state that are well-formed, each read on its own: a malformed
 * field is left out, not the whole state, so one bad cursor does not make its person vanish.
 * Unknown fields are dropped, and so is `ignored` (unread: the server replaces `user`). Never throws.
 */
export function readPresence(state: unknown, ignored?: keyof PresenceState): Partial<PresenceState> {
  const fields: Record<string, unknown> = {};
  if (typeof state !== "object" || state === null || Array.isArray(state)) return fields;
  for (const key of PRESENCE_KEYS) {
    if (key === ignored || !Object.hasOwn(state, key)) continue;
    const field = PRESENCE_FIELDS[key].safeParse((state as Record<string, unknown>)[key]);
    if (field.success && field.data !== undefined) fields[key] = field.data;
  }
  return fields as Partial<PresenceState>;
}
