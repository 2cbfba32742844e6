/**
 * Restoring a version as a normal edit: the live board is changed, in one transaction, until it
 * shows what a past version showed. History is never rewritten: the restore is a new change that
 * everyone receives live, that an undo manager tracking `origin` can undo, and that the server's
 * structural rules accept like any other edit. Only what differs is written, so an entry nobody
 * touched since the version is left as it is (and so are concurrent edits to it elsewhere).
 *
 * The board's title stays as it is: it names the board in everyone's list, and going back to an
 * earlier state of the work should not rename it. Its schema version is never taken back either.
 */
import * as Y from "yjs";
import { boardSchemaVersion, migrateBoard } from "./model/migrations";
import { deleteArea } from "./model/areas";
import { deleteCard } from "./model/cards";
import { deleteClaim } from "./model/claims";
import { fromYMap, toYMap, type Entity, type Origin } from "./model/fields";
import { deletePin } from "./model/pins";
import { areaMaps, cardMaps, claimMaps, hypothesisMaps, metaMap, narrativeFragment, pinMaps, sceneMaps } from "./model/roots";

/** The kinds of entry that can be restored one at a time. */
export type RestorableKind = "pin" | "card" | "claim" | "scene" | "area";

/** Meta keys a restore leaves as they are. */
const KEPT_META = new Set(["title", "schemaVersion"]);

/**
 * Makes `live`'s pins, cards, claims, hypotheses, areas, scenes, meta (but its title) and narrative equal
 * to `past`'s, in one transaction of `origin`. Ratings are each person's own and are not written:
 * a hypothesis or card brought back shows the ratings it had, which were hidden, never deleted. A `past` saved under an older schema is upgraded
 * first (it is a copy made for the restore, so it is upgraded in place).
 */
export function restoreBoard(live: Y.Doc, past: Y.Doc, origin?: Origin): void {
  upgradePast(live, past);
  live.transact(() => {
    syncMeta(metaMap(live), metaMap(past));
    for (const maps of [pinMaps, cardMaps, claimMaps, hypothesisMaps, areaMaps]) syncEntries(maps(live), maps(past));
    syncScenes(sceneMaps(live), sceneMaps(past));
    syncNarrative(narrativeFragment(live), narrativeFragment(past));
  }, origin);
}

/**
 * Brings back one pin, card, claim, area or scene as it was in `past` (re-created when it was deleted
 * since, its fields reset when it was changed), or removes it when `past` did not have it. Nothing
 * else is written: a restored pin (or area) is not linked back into cards that dropped it.
 */
export function restoreEntity(live: Y.Doc, past: Y.Doc, kind: RestorableKind, id: string, origin?: Origin): void {
  upgradePast(live, past);
  if (kind === "scene") {
    live.transact(() => restoreScene(sceneMaps(live), sceneMaps(past), id), origin);
    return;
  }
  const maps = { pin: pinMaps, card: cardMaps, claim: claimMaps, area: areaMaps }[kind];
  const was = maps(past).get(id);
  if (!(was instanceof Y.Map)) {
    if (!maps(live).has(id)) return;
    // Gone from the past version: removed as the model removes it (with the links to it).
    ({ pin: deletePin, card: deleteCard, claim: deleteClaim, area: deleteArea })[kind](live, id, origin);
    return;
  }
  live.transact(() => syncEntry(maps(live), id, was), origin);
}

function upgradePast(live: Y.Doc, past: Y.Doc): void {
  if (boardSchemaVersion(past) < boardSchemaVersion(live)) migrateBoard(past);
}

/** Deep equality of plain values (as Yjs stores them: JSON-like). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Y.Array || b instanceof Y.Array) {
    return a instanceof Y.Array && b instanceof Y.Array && sameValue(a.toArray(), b.toArray());
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((item, i) => sameValue(item, (b as unknown[])[i]));
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && sameValue((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

/** A value of `past` as it can be written into the live document (nested arrays copied). */
function copyValue(value: unknown): unknown {
  if (value instanceof Y.Array) {
    const array = new Y.Array<unknown>();
    array.push(value.toArray());
    return array;
  }
  return value;
}

/** Writes into `live` each key of `past` whose value differs, and deletes the keys `past` lacks. */
function syncFields(live: Entity, past: Entity, kept: ReadonlySet<string> = new Set()): void {
  for (const key of Array.from(live.keys())) if (!kept.has(key) && !past.has(key)) live.delete(key);
  for (const [key, value] of past.entries()) {
    if (kept.has(key)) continue;
    const current = live.get(key);
    if (sameValue(current, value)) continue;
    if (current instanceof Y.Array && value instanceof Y.Array) {
      current.delete(0, current.length);
      current.push(value.toArray());
    } else {
      live.set(key, copyValue(value));
    }
  }
}

function syncMeta(live: Y.Map<unknown>, past: Y.Map<unknown>): void {
  syncFields(live, past, KEPT_META);
}

/** Makes one entry of `live` equal to `was` (re-created from it when missing or not a map). */
function syncEntry(live: Y.Map<Entity>, id: string, was: Entity): void {
  const current = live.get(id);
  if (current instanceof Y.Map) syncFields(current, was);
  else live.set(id, toYMap(fromYMap(was)));
}

function syncEntries(live: Y.Map<Entity>, past: Y.Map<Entity>): void {
  for (const id of Array.from(live.keys())) if (!past.has(id)) live.delete(id);
  for (const [id, was] of past.entries()) {
    if (was instanceof Y.Map) syncEntry(live, id, was);
  }
}

const sceneId = (map: unknown): unknown => (map instanceof Y.Map ? map.get("id") : undefined);

/** Scenes in the past order: fields synced in place while the order of ids matches, else the list is rebuilt. */
function syncScenes(live: Y.Array<Entity>, past: Y.Array<Entity>): void {
  const liveIds = live.toArray().map(sceneId);
  const pastIds = past.toArray().map(sceneId);
  if (sameValue(liveIds, pastIds)) {
    past.toArray().forEach((was, i) => {
      const current = live.get(i);
      if (was instanceof Y.Map && current instanceof Y.Map) syncFields(current, was);
    });
    return;
  }
  live.delete(0, live.length);
  live.insert(0, past.toArray().map((was) => toYMap(fromYMap(was))));
}

function restoreScene(live: Y.Array<Entity>, past: Y.Array<Entity>, id: string): void {
  const pastIndex = past.toArray().findIndex((map) => sceneId(map) === id);
  const liveIndex = live.toArray().findIndex((map) => sceneId(map) === id);
  if (pastIndex < 0) {
    if (liveIndex >= 0) live.delete(liveIndex, 1);
    return;
  }
  const was = past.get(pastIndex);
  if (liveIndex >= 0) syncFields(live.get(liveIndex), was);
  else live.insert(Math.min(pastIndex, live.length), [toYMap(fromYMap(was))]);
}

/** The narrative's blocks as past had them: the blocks both share at the start and the end stay, those between are replaced by copies. */
function syncNarrative(live: Y.XmlFragment, past: Y.XmlFragment): void {
  const liveBlocks = live.toArray().map((node) => node.toString());
  const pastBlocks = past.toArray().map((node) => node.toString());
  let start = 0;
  while (start < liveBlocks.length && start < pastBlocks.length && liveBlocks[start] === pastBlocks[start]) start++;
  let end = 0;
  while (
    end < liveBlocks.length - start &&
    end < pastBlocks.length - start &&
    liveBlocks[liveBlocks.length - 1 - end] === pastBlocks[pastBlocks.length - 1 - end]
  ) {
    end++;
  }
  const removed = liveBlocks.length - start - end;
  if (removed > 0) live.delete(start, removed);
  const added = past.slice(start, pastBlocks.length - end).map((node) => node.clone());
  if (added.length > 0) live.insert(start, added);
}
