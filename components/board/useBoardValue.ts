"use client";
/**
 * A value derived from parts of the board document, re-read once per transaction that touched
 * those parts (local or remote) rather than once per render. The value keeps its identity between
 * changes, so anything derived from it can be memoised on it; with `same`, it also keeps it when a
 * change left the value as it was (a keystroke outside every claim leaves the claims' texts alone).
 *
 * Every view asking for the same parts with the same `read` shares one subscription and one read
 * per change. `parts`, `read` and `same` must be stable (module-level constants and functions): a
 * new one makes a new subscription.
 */
import { useMemo, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { observeBoard, type BoardPart } from "@/lib/board/model";

export function useBoardValue<T>(
  doc: Y.Doc,
  parts: readonly BoardPart[],
  read: (doc: Y.Doc) => T,
  serverValue: T,
  same?: (previous: T, next: T) => boolean,
): T {
  const store = useMemo(() => sharedStore(doc, parts, read, same), [doc, parts, read, same]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => serverValue);
}

interface Store<T> {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): T;
}

/**
 * One store per document, parts and `read`, however many components ask: a board of 10,000 pins
 * is read once per change for all of its views, not once per view.
 */
const stores = new WeakMap<Y.Doc, Map<string, Map<unknown, Store<unknown>>>>();

function sharedStore<T>(doc: Y.Doc, parts: readonly BoardPart[], read: (doc: Y.Doc) => T, same?: (previous: T, next: T) => boolean): Store<T> {
  let byParts = stores.get(doc);
  if (!byParts) stores.set(doc, (byParts = new Map()));
  const key = parts.join(",");
  let byRead = byParts.get(key);
  if (!byRead) byParts.set(key, (byRead = new Map()));
  let store = byRead.get(read) as Store<T> | undefined;
  if (!store) byRead.set(read, (store = createStore(doc, parts, read, same)));
  return store;
}

function createStore<T>(doc: Y.Doc, parts: readonly BoardPart[], read: (doc: Y.Doc) => T, same?: (previous: T, next: T) => boolean): Store<T> {
  let snapshot: { value: T } | null = null;
  let stale = true;
  const listeners = new Set<() => void>();
  let stop: (() => void) | null = null;
  return {
    subscribe(onChange) {
      listeners.add(onChange);
      if (!stop) {
        stale = true; // the document may have changed while nobody was observing it
        stop = observeBoard(doc, parts, () => {
          stale = true;
          for (const listener of [...listeners]) listener();
        });
      }
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0 && stop) {
          stop();
          stop = null;
        }
      };
    },
    getSnapshot() {
      if (stale || !snapshot) {
        const value = read(doc);
        if (!snapshot || !same?.(snapshot.value, value)) snapshot = { value };
        stale = false;
      }
      return snapshot.value;
    },
  };
}

/** Two maps with the same keys and values, for `same`. */
export function sameMap<K, V>(a: ReadonlyMap<K, V>, b: ReadonlyMap<K, V>): boolean {
  if (a.size !== b.size) return false;
  for (const [key, value] of a) if (b.get(key) !== value || !b.has(key)) return false;
  return true;
}
