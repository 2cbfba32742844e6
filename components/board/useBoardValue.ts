"use client";
/**
 * A value derived from parts of the board document, re-read once per transaction that touched
 * those parts (local or remote) rather than once per render. The value keeps its identity between
 * changes, so anything derived from it can be memoised on it.
 *
 * `parts` and `read` must be stable (module-level constants and functions): a new one makes a
 * new subscription.
 */
import { useMemo, useSyncExternalStore } from "react";
import type * as Y from "yjs";
import { observeBoard, type BoardPart } from "@/lib/board/model";

export function useBoardValue<T>(doc: Y.Doc, parts: readonly BoardPart[], read: (doc: Y.Doc) => T, serverValue: T): T {
  const store = useMemo(() => createStore(doc, parts, read), [doc, parts, read]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => serverValue);
}

function createStore<T>(doc: Y.Doc, parts: readonly BoardPart[], read: (doc: Y.Doc) => T) {
  let snapshot: { value: T } | null = null;
  return {
    subscribe(onChange: () => void): () => void {
      snapshot = null; // the document may have changed between the first render and now
      return observeBoard(doc, parts, () => {
        snapshot = null;
        onChange();
      });
    },
    getSnapshot: (): T => (snapshot ??= { value: read(doc) }).value,
  };
}
