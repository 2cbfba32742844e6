"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import type { ReactNode } from "react";
import styles from "./NarrativePane.module.css";

interface ToolButtonProps {
  label: string;
  shortcut?: string;
  active?: boolean;
  disabled?: boolean;
  onClick: () => void;
  children: ReactNode;
}

function ToolButton({ label, shortcut, active, disabled, onClick, children }: ToolButtonProps) {
  return (
    <button
      type="button"
      className={styles.tool}
      aria-label={label}
      aria-pressed={active}
      title={shortcut ? `${label} (${shortcut})` : label}
      disabled={disabled}
      // Keep the editor's selection: the command then applies to what the person selected.
      onMouseDown={(event) => event.preventDefault()}
      onClick={onClick}
    >
      {children}
    </button>
  );
}

const icon = (path: string) => (
  <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
    <path d={path} fill="currentColor" />
  </svg>
);

const BULLET_LIST_ICON = icon(
  "M4 10.5c-.83 0-1.5.67-1.5 1.5s.67 1.5 1.5 1.5 1.5-.67 1.5-1.5-.67-1.5-1.5-1.5zm0-6c-.83 0-1.5.67-1.5 1.5S3.17 7.5 4 7.5 5.5 6.83 5.5 6 4.83 4.5 4 4.5zm0 12c-.83 0-1.5.68-1.5 1.5s.68 1.5 1.5 1.5 1.5-.68 1.5-1.5-.67-1.5-1.5-1.5zM7 19h14v-2H7v2zm0-6h14v-2H7v2zm0-8v2h14V5H7z",
);
const UNDO_ICON = icon(
  "M12.5 8c-2.65 0-5.05.99-6.9 2.6L2 7v9h9l-3.62-3.62c1.39-1.16 3.16-1.88 5.12-1.88 3.54 0 6.55 2.31 7.6 5.5l2.37-.78C21.08 11.03 17.15 8 12.5 8z",
);
const REDO_ICON = icon(
  "M18.4 10.6C16.55 8.99 14.15 8 11.5 8c-4.65 0-8.58 3.03-9.96 7.22L3.9 16c1.05-3.19 4.05-5.5 7.6-5.5 1.95 0 3.73.72 5.12 1.88L13 16h9V7l-3.6 3.6z",
);

/** Bold, italic, heading, bullet list, and undo/redo of this person's own edits (Yjs undo). */
export function NarrativeToolbar({ editor }: { editor: Editor }) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      heading: e.isActive("heading", { level: 2 }),
      bulletList: e.isActive("bulletList"),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const run = () => editor.chain().focus();

  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Formatting">
      <ToolButton label="Undo" shortcut="Ctrl+Z" disabled={!state.canUndo} onClick={() => run().undo().run()}>
        {UNDO_ICON}
      </ToolButton>
      <ToolButton label="Redo" shortcut="Ctrl+Shift+Z" disabled={!state.canRedo} onClick={() => run().redo().run()}>
        {REDO_ICON}
      </ToolButton>
      <span className={styles.separator} aria-hidden="true" />
      <ToolButton label="Heading 2" active={state.heading} onClick={() => run().toggleHeading({ level: 2 }).run()}>
        <span className={styles.glyph}>H2</span>
      </ToolButton>
      <ToolButton label="Bold" shortcut="Ctrl+B" active={state.bold} onClick={() => run().toggleBold().run()}>
        <strong className={styles.glyph}>B</strong>
      </ToolButton>
      <ToolButton label="Italic" shortcut="Ctrl+I" active={state.italic} onClick={() => run().toggleItalic().run()}>
        <em className={`${styles.glyph} ${styles.italicGlyph}`}>I</em>
      </ToolButton>
      <ToolButton label="Bullet list" active={state.bulletList} onClick={() => run().toggleBulletList().run()}>
        {BULLET_LIST_ICON}
      </ToolButton>
    </div>
  );
}
