/** Subscriptions and undo scopes over parts of a board, for the views that show them. */
import type * as Y from "yjs";
import { rootOf, type BoardPart, type BoardRoot } from "./roots";

/**
 * Calls `onChange` after every transaction that touched one of `parts` (deep changes included).
 * Returns the function that stops observing.
 */
export function observeBoard(doc: Y.Doc, parts: readonly BoardPart[], onChange: (origin: unknown) => void): () => void {
  const roots = parts.map((part) => rootOf(doc, part));
  let reported: Y.Transaction | null = null;
  // Each root reports the same transaction; the caller hears of it once.
  const handler = (_events: unknown, transaction: Y.Transaction) => {
    if (transaction === reported) return;
    reported = transaction;
    onChange(transaction.origin);
  };
  for (const root of roots) root.observeDeep(handler);
  return () => {
    for (const root of roots) root.unobserveDeep(handler);
  };
}

/** The shared types an undo manager tracks for one part of the board. */
export function undoScope(doc: Y.Doc, parts: readonly BoardPart[]): BoardRoot[] {
  return parts.map((part) => rootOf(doc, part));
}
