"use client";
/**
 * This person's undo history for the map: pins, areas and routes. Every write of this pane passes
 * `origin`, and the manager tracks only that origin, so undo never reverts a colleague's edit.
 * Cards and claims are in scope too because deleting a pin or an area unlinks it from them; its
 * undo must restore those links.
 */
import { useEffect, useMemo, useState } from "react";
import * as Y from "yjs";
import { undoScope } from "@/lib/board/model";

export interface PinUndo {
  /** Pass to every model write this person makes from the map. */
  origin: object;
  undo(): void;
  redo(): void;
  /** Starts one undo step that lasts until `endStep`, however long it takes (a drag). */
  beginStep(): void;
  endStep(): void;
  /** Ends the current undo step, so the next write starts a new one. */
  stopCapturing(): void;
  canUndo: boolean;
  canRedo: boolean;
}

/** Edits closer together than this are undone together (typing bursts, a quick re-pick). */
const CAPTURE_MS = 400;

function createHistory(doc: Y.Doc) {
  const origin = { pane: "map" };
  const manager = new Y.UndoManager(undoScope(doc, ["pins", "areas", "cards", "claims"]), {
    trackedOrigins: new Set([origin]),
    captureTimeout: CAPTURE_MS,
  });
  // Lives as long as the document: React may run an effect's cleanup and then the effect again.
  doc.once("destroy", () => manager.destroy());
  return {
    manager,
    origin,
    undo: () => void manager.undo(),
    redo: () => void manager.redo(),
    beginStep: () => {
      manager.stopCapturing();
      manager.captureTimeout = Number.POSITIVE_INFINITY;
    },
    endStep: () => {
      manager.captureTimeout = CAPTURE_MS;
      manager.stopCapturing();
    },
    stopCapturing: () => manager.stopCapturing(),
  };
}

export function usePinUndo(doc: Y.Doc): PinUndo {
  const history = useMemo(() => createHistory(doc), [doc]);
  const [stacks, setStacks] = useState({ canUndo: false, canRedo: false });

  useEffect(() => {
    const { manager } = history;
    const update = () => setStacks({ canUndo: manager.canUndo(), canRedo: manager.canRedo() });
    manager.on("stack-item-added", update);
    manager.on("stack-item-popped", update);
    manager.on("stack-cleared", update);
    return () => {
      manager.off("stack-item-added", update);
      manager.off("stack-item-popped", update);
      manager.off("stack-cleared", update);
    };
  }, [history]);

  return useMemo(() => {
    const { origin, undo, redo, beginStep, endStep, stopCapturing } = history;
    return { origin, undo, redo, beginStep, endStep, stopCapturing, ...stacks };
  }, [history, stacks]);
}
