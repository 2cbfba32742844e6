/** How a person appears to others on a board: the awareness `user` field, and what a presenter shares. */
import { z } from "zod";
import { IdSchema, MapViewSchema, SceneSchema } from "@/lib/board/schema";

/** Pins and cards of a focus a presenter's awareness carries at most. */
const MAX_FOCUS_IDS = 20;

const COLORS = ["#d9480f", "#1971c2", "#2f9e44", "#9c36b5", "#e67700", "#0c8599", "#c2255c", "#5f3dc4"];

export interface PresenceUser {
  id: string;
  name: string;
  color: string;
}

/** A stable colour per person, the same in every browser and on the server. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return COLORS[hash % COLORS.length];
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
});
export type PresenterState = z.infer<typeof PresenterStateSchema>;

/** The presenter state in someone's awareness, or null when they are not presenting (or it is malformed). */
export function readPresenting(state: Record<string, unknown>): PresenterState | null {
  const parsed = PresenterStateSchema.safeParse(state.present);
  return parsed.success ? parsed.data : null;
}

/** The client id someone says they follow (`following`), or null. */
export function readFollowing(state: Record<string, unknown>): number | null {
  const value = state.following;
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

/** A scene's focus cut to what an awareness state may carry. */
export function cappedFocus(focus: { pinIds: readonly string[]; cardIds: readonly string[] }): PresenterState["focus"] {
  return { pinIds: focus.pinIds.slice(0, MAX_FOCUS_IDS), cardIds: focus.cardIds.slice(0, MAX_FOCUS_IDS) };
}
