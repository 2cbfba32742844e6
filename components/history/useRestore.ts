"use client";
/**
 * Restores written to the live board as this person's own step: each restore is one transaction
 * with a fresh origin, and an undo manager tracking only that origin takes it back ("Undo restore")
 * without touching anything anyone else wrote since.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import * as Y from "yjs";
import { undoScope } from "@/lib/board/model";
import { restoreBoard, restoreEntity } from "@/lib/board/restore";

const ALL_PARTS = ["meta", "pins", "cards", "claims", "scenes", "narrative"] as const;

export interface Restore {
  /** The last restore, while it can be undone. */
  done: { what: string } | null;
  entity(past: Y.Doc, target: { kind: "pin" | "card" | "claim" | "area"; id: string }, what: string): void;
  board(past: Y.Doc, what: string): void;
  undo(): void;
}

export function useRestore(live: Y.Doc): Restore {
  const manager = useRef<Y.UndoManager | null>(null);
  const [done, setDone] = useState<{ what: string } | null>(null);

  useEffect(
    () => () => {
      manager.current?.destroy();
      manager.current = null;
    },
    [live],
  );

  const run = useCallback(
    (write: (origin: object) => void, what: string) => {
      manager.current?.destroy();
      const origin = { restore: what };
      manager.current = new Y.UndoManager(undoScope(live, ALL_PARTS), { trackedOrigins: new Set([origin]), captureTimeout: 0 });
      write(origin);
      setDone({ what });
    },
    [live],
  );

  return {
    done,
    entity: (past, target, what) => run((origin) => restoreEntity(live, past, target.kind, target.id, origin), what),
    board: (past, what) => run((origin) => restoreBoard(live, past, origin), what),
    undo: () => {
      manager.current?.undo();
      setDone(null);
    },
  };
}
