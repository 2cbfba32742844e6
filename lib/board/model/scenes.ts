/**
 * Scenes: the saved views a lead steps through while presenting, in a Y.Array so their order is
 * shared. Each scene's map carries its own id.
 */
import * as Y from "yjs";
import { newId } from "@/lib/ids";
import { IdSchema, SceneInputSchema, SceneSchema, type Scene, type SceneInput } from "../schema";
import { fromYMap, toYMap, writeFields, type Entity } from "./fields";
import { sceneMaps } from "./roots";

/** Appends a scene (or inserts it at `index`) and returns its id. */
export function addScene(doc: Y.Doc, input: SceneInput, index?: number): string {
  const id = newId();
  const fields = SceneInputSchema.parse(input);
  const list = sceneMaps(doc);
  const at = Math.max(0, Math.min(Math.trunc(index ?? list.length) || 0, list.length));
  doc.transact(() => list.insert(at, [toYMap({ ...fields, id })]));
  return id;
}

/** Changes some fields of a scene. */
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
    const list = sceneMaps(doc);
    list.delete(index, 1);
    list.insert(Math.max(0, Math.min(toIndex, list.length)), [toYMap(fields)]);
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

/** Removes a scene from the sequence. */
export function deleteScene(doc: Y.Doc, id: string): void {
  const { index } = requireScene(doc, id);
  sceneMaps(doc).delete(index, 1);
}

/**
 * Scenes in presentation order. Two people moving the same scene at once leave two copies of it
 * in the array; only the first is shown.
 */
export function listScenes(doc: Y.Doc): Scene[] {
  const list: Scene[] = [];
  const seen = new Set<string>();
  for (const map of sceneMaps(doc)) {
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
  const list = sceneMaps(doc);
  const index = list.toArray().findIndex((m) => m instanceof Y.Map && m.get("id") === id);
  if (index < 0) throw new Error(`No scene with id ${id}`);
  return { map: list.get(index), index };
}
