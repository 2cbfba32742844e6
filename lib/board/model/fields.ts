/**
 * The shared Y.Map helpers of the entity files: how an entry's fields become per-key Y.Map
 * values and back, how a patch is written, and how a read survives what a stock client wrote.
 */
import * as Y from "yjs";

/** An entry's fields as plain values, before validation. */
export type Fields = Record<string, unknown>;

/** One entry of a board (pin, card, claim, scene): a per-key map, so concurrent field edits both win. */
export type Entity = Y.Map<unknown>;

/**
 * Writers take an optional transaction `origin`: a per-person Y.UndoManager tracks only the
 * origins its component passes, so one person's undo never reverts someone else's edit.
 */
export type Origin = unknown;

/** Keys held as nested Y.Arrays so that concurrent additions from two people both survive. */
const ARRAY_FIELDS = new Set(["pinIds", "areaIds", "evidence", "lostEvidence"]);

function toYValue(key: string, value: unknown): unknown {
  if (ARRAY_FIELDS.has(key) && Array.isArray(value)) {
    const array = new Y.Array<unknown>();
    array.push(value);
    return array;
  }
  return value;
}

/** A new entry's map, with its list fields as Y.Arrays. */
export function toYMap(fields: Fields): Entity {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, toYValue(key, value));
  return map;
}

/** An entry's fields as plain values (Y.Arrays as arrays), ready for its zod schema. */
export function fromYMap(map: Entity): Fields {
  const fields: Fields = {};
  for (const [key, value] of map.entries()) {
    fields[key] = value instanceof Y.Array ? value.toArray() : value;
  }
  return fields;
}

/** Writes only the keys a patch names, so other people's concurrent edits to other keys survive. */
export function writeFields(map: Entity, patch: Fields): void {
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

/** An entry parsed by `schema`, or null when it is missing or fails validation (never a throw). */
export function readEntity<T>(map: Entity | undefined, id: string, schema: { safeParse(v: unknown): { success: boolean; data?: T } }): T | null {
  if (!(map instanceof Y.Map)) return null;
  const parsed = schema.safeParse({ ...fromYMap(map), id });
  return parsed.success ? (parsed.data as T) : null;
}

/** The entry a write refers to; throws (before anything is written) when there is none. */
export function requireEntity(map: Y.Map<Entity>, id: string, what: string): Entity {
  const entity = map.get(id);
  if (!(entity instanceof Y.Map)) throw new Error(`No ${what} with id ${id}`);
  return entity;
}

/** Locale-independent order of ids, the same on every replica. */
export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Adds `value` to a list field unless an item `matches` (idempotent links). */
export function appendUnique(map: Entity, key: string, value: unknown, matches: (v: unknown) => boolean): void {
  let array = map.get(key);
  if (!(array instanceof Y.Array)) {
    array = new Y.Array<unknown>();
    map.set(key, array);
  }
  const list = array as Y.Array<unknown>;
  if (!list.toArray().some(matches)) list.push([value]);
}

/** Removes every item that `matches` from a list field (duplicates from concurrent links included). */
export function removeFromArray(array: unknown, matches: (v: unknown) => boolean): void {
  if (!(array instanceof Y.Array)) return;
  const items = array.toArray();
  for (let i = items.length - 1; i >= 0; i--) if (matches(items[i])) array.delete(i, 1);
}
