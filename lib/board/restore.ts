/**
 * Putting back what a past version held, as a new change to the live board: everyone sees it live,
 * history is never rewritten, and an undo manager tracking `origin` can take it back.
 */
import * as Y from "yjs";
import { fromYMap, toYMap, type Entity } from "./model/fields";
import { cardMaps, claimMaps, metaMap, narrativeFragment, pinMaps, sceneMaps } from "./model/roots";

type EntryKind = "pin" | "card" | "claim" | "scene";

const entries = (doc: Y.Doc, kind: Exclude<EntryKind, "scene">) => (kind === "pin" ? pinMaps(doc) : kind === "card" ? cardMaps(doc) : claimMaps(doc));

/** Makes one entry of `live` what it was in `past`: put back, rewritten, or removed if `past` had none. */
export function restoreEntity(live: Y.Doc, past: Y.Doc, kind: EntryKind, id: string, origin?: unknown): void {
  live.transact(() => restoreOne(live, past, kind, id), origin);
}

function restoreOne(live: Y.Doc, past: Y.Doc, kind: EntryKind, id: string): void {
  if (kind === "scene") {
    const find = (doc: Y.Doc) => sceneMaps(doc).toArray().findIndex((map) => map instanceof Y.Map && map.get("id") === id);
    const was = find(past);
    const at = find(live);
    if (at >= 0) sceneMaps(live).delete(at, 1);
    if (was >= 0) sceneMaps(live).insert(Math.min(at >= 0 ? at : was, sceneMaps(live).length), [toYMap(fromYMap(sceneMaps(past).get(was)))]);
    return;
  }
  const source = entries(past, kind).get(id);
  const target = entries(live, kind);
  if (!(source instanceof Y.Map)) {
    target.delete(id);
    return;
  }
  const fields = fromYMap(source as Entity);
  const current = target.get(id);
  if (!(current instanceof Y.Map)) {
    target.set(id, toYMap(fields));
    return;
  }
  // Only the fields that differ are written, so an untouched field keeps its author.
  for (const key of [...current.keys()]) if (!(key in fields)) current.delete(key);
  const now = fromYMap(current);
  for (const [key, value] of Object.entries(fields)) {
    if (JSON.stringify(now[key]) === JSON.stringify(value)) continue;
    const old = current.get(key);
    if (old instanceof Y.Array && Array.isArray(value)) {
      old.delete(0, old.length);
      old.push(value);
    } else if (Array.isArray(value) && (key === "pinIds" || key === "evidence")) {
      const list = new Y.Array<unknown>();
      list.push(value);
      current.set(key, list);
    } else current.set(key, value);
  }
}

/** Makes the whole live board what it was in `past`, in one transaction with `origin`. */
export function restoreBoard(live: Y.Doc, past: Y.Doc, origin?: unknown): void {
  live.transact(() => {
    for (const kind of ["pin", "card", "claim"] as const) {
      const ids = new Set([...entries(live, kind).keys(), ...entries(past, kind).keys()]);
      for (const id of ids) restoreOne(live, past, kind, id);
    }
    for (const [key, value] of metaMap(past).entries()) if (JSON.stringify(metaMap(live).get(key)) !== JSON.stringify(value)) metaMap(live).set(key, value);
    const scenes = sceneMaps(live);
    scenes.delete(0, scenes.length);
    scenes.insert(0, sceneMaps(past).toArray().filter((map) => map instanceof Y.Map).map((map) => toYMap(fromYMap(map))));
    const text = narrativeFragment(live);
    const pastText = narrativeFragment(past);
    if (text.toString() !== pastText.toString()) {
      text.delete(0, text.length);
      text.insert(0, pastText.toArray().map((node) => node.clone() as Y.XmlElement | Y.XmlText));
    }
  }, origin);
}
