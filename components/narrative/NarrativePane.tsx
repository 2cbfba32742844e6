"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import { useEffect } from "react";
import type { BoardPaneProps } from "@/components/board/types";
import { narrativeFragment } from "@/lib/board/model";
import { narrativeExtensions } from "@/lib/board/narrative";
import { renderCaret } from "./caret";
import styles from "./NarrativePane.module.css";
import { NarrativeToolbar } from "./NarrativeToolbar";

/**
 * The written assessment, co-edited live: the TipTap document inside the board's `narrative`
 * fragment, other people's carets and selections, and undo that reverts only this person's
 * edits (Collaboration's Yjs undo; StarterKit's own history is off in narrative.ts).
 */
export function NarrativePane({ doc, awareness, user, loading, canEdit }: BoardPaneProps) {
  const editable = canEdit && !loading;
  const editor = useEditor(
    {
      immediatelyRender: false,
      editable,
      extensions: [
        ...narrativeExtensions,
        Collaboration.configure({ fragment: narrativeFragment(doc) }),
        // The caret extension only reads and writes `provider.awareness`; the board's own
        // provider stays in the shell.
        CollaborationCaret.configure({
          provider: { awareness },
          user: { id: user.id, name: user.name, color: user.color },
          render: renderCaret,
        }),
      ],
      editorProps: {
        attributes: { class: styles.prose, "aria-label": "Narrative", spellcheck: "true" },
      },
    },
    // A new document, awareness or identity needs a new editor; the rest is set below.
    [doc, awareness, user.id, user.name, user.color],
  );

  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable, false);
  }, [editor, editable]);

  const status = loading ? "Loading…" : canEdit ? null : "View only";
  return (
    <section
      className={styles.pane}
      data-testid="narrative-pane"
      aria-label="Narrative"
      aria-busy={loading}
      data-editable={editable}
    >
      <header className={styles.header}>
        <h2 className={styles.heading}>Narrative</h2>
        {status && <span className={styles.status}>{status}</span>}
      </header>
      {editable && editor && <NarrativeToolbar editor={editor} />}
      <div className={styles.scroll}>
        <div className={styles.page}>
          <EditorContent editor={editor} className={styles.editor} />
        </div>
      </div>
    </section>
  );
}
