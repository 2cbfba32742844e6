/**
 * Where one undo step of the narrative ends. Typing within half a second is grouped into one
 * step (Collaboration's Yjs undo); a structural change — a table inserted, a row added, a block
 * chosen from the slash menu — is a step of its own, so Undo after typing into a new table takes
 * back the typing, not the table (and not what others wrote in it).
 */
import type { Editor } from "@tiptap/core";
import { yUndoPluginKey } from "@tiptap/y-tiptap";

interface UndoState {
  undoManager?: { stopCapturing(): void };
}

export function endUndoStep(editor: Editor): void {
  (yUndoPluginKey.getState(editor.state) as UndoState | undefined)?.undoManager?.stopCapturing();
}

/** Runs a structural change as one undo step of its own. */
export function asOwnUndoStep(editor: Editor, change: () => void): void {
  endUndoStep(editor);
  change();
  endUndoStep(editor);
}
