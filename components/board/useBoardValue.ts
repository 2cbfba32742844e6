"use client";
/**
 * A value derived from parts of the board document, re-read once per transaction that touched
 * those parts (local or remote) rather than once per render. The value keeps its identity between
 * changes, so anything derived from it can be memoised on it; with `same`, it also keeps it when a
 * change left the value as it was (a keystroke outside every claim leaves the claims' texts alone).
 *
 * `parts`, `read` and `same` must be stable (module-level constants and functions): a new one
 * makes a new subscription.
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
  const store = useMemo(() => createStore(doc, parts, read, same), [doc, parts, read, same]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => serverValue);
}

function createStore<T>(doc: Y.Doc, parts: readonly BoardPart[], read: (doc: Y.Doc) => T, same?: (previous: T, next: T) => boolean) {
  let snapshot: { value: T } | null = null;
  let stale = true;
  return {
    subscribe(onChange: () => void): () => void {
      stale = true; // the document may have changed between the first render and now
      return observeBoard(doc, parts, () => {
        stale = true;
        onChange();
      });
    },
    getSnapshot: (): T => {
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
