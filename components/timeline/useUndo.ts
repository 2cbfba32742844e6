"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import * as Y from "yjs";
import { undoScope, type BoardPart } from "@/lib/board/model";

/**
 * A per-person undo history for one component: its writes carry `origin`, and the undo manager
 * tracks only that origin, so undoing never reverts what someone else (or another pane) did.
 */
export function useUndo(doc: Y.Doc, parts: readonly BoardPart[]): { origin: object; undo: () => void } {
  const [origin] = useState(() => ({}));
  const manager = useRef<Y.UndoManager | null>(null);
  useEffect(() => {
    const undoManager = new Y.UndoManager(undoScope(doc, parts), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
    manager.current = undoManager;
    return () => {
      undoManager.destroy();
      manager.current = null;
    };
  }, [doc, parts, origin]);
  const undo = useCallback(() => manager.current?.undo(), []);
  return { origin, undo };
}
