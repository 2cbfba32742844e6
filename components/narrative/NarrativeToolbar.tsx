"use client";

import { useEditorState, type Editor } from "@tiptap/react";
import { useState, type FormEvent, type ReactNode } from "react";
import styles from "./NarrativePane.module.css";
import { asOwnUndoStep } from "./undoStep";

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
const ORDERED_LIST_ICON = icon(
  "M2 17h2v.5H3v1h1v.5H2v1h3v-4H2v1zm1-9h1V4H2v1h1v3zm-1 3h1.8L2 13.1v.9h3v-1H3.2L5 10.9V10H2v1zm5-6v2h14V5H7zm0 14h14v-2H7v2zm0-6h14v-2H7v2z",
);
const QUOTE_ICON = icon("M6 17h3l2-4V7H5v6h3zm8 0h3l2-4V7h-6v6h3z");
const LINK_ICON = icon(
  "M3.9 12c0-1.71 1.39-3.1 3.1-3.1h4V7H7c-2.76 0-5 2.24-5 5s2.24 5 5 5h4v-1.9H7c-1.71 0-3.1-1.39-3.1-3.1zM8 13h8v-2H8v2zm9-6h-4v1.9h4c1.71 0 3.1 1.39 3.1 3.1s-1.39 3.1-3.1 3.1h-4V17h4c2.76 0 5-2.24 5-5s-2.24-5-5-5z",
);
const TABLE_ICON = icon("M3 3v18h18V3H3zm8 16H5v-6h6v6zm0-8H5V5h6v6zm8 8h-6v-6h6v6zm0-8h-6V5h6v6z");
const UNDO_ICON = icon(
  "M12.5 8c-2.65 0-5.05.99-6.9 2.6L2 7v9h9l-3.62-3.62c1.39-1.16 3.16-1.88 5.12-1.88 3.54 0 6.55 2.31 7.6 5.5l2.37-.78C21.08 11.03 17.15 8 12.5 8z",
);
const REDO_ICON = icon(
  "M18.4 10.6C16.55 8.99 14.15 8 11.5 8c-4.65 0-8.58 3.03-9.96 7.22L3.9 16c1.05-3.19 4.05-5.5 7.6-5.5 1.95 0 3.73.72 5.12 1.88L13 16h9V7l-3.6 3.6z",
);

interface NarrativeToolbarProps {
  editor: Editor;
  /** Opens the claim form for the selected text. */
  onMarkClaim(): void;
}

/**
 * Formatting of the narrative (headings, bold, italic, lists, quotes, links, tables), undo/redo of
 * this person's own edits (Yjs undo), and "Mark as claim" for the selected text.
 */
export function NarrativeToolbar({ editor, onMarkClaim }: NarrativeToolbarProps) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      block: e.isActive("heading", { level: 1 })
        ? "h1"
        : e.isActive("heading", { level: 2 })
          ? "h2"
          : e.isActive("heading", { level: 3 })
            ? "h3"
            : "p",
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      blockquote: e.isActive("blockquote"),
      link: e.isActive("link"),
      linkHref: (e.getAttributes("link").href as string | undefined) ?? "",
      table: e.isActive("table"),
      claim: e.isActive("claim"),
      hasSelection: !e.state.selection.empty,
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  });
  const [linking, setLinking] = useState<string | null>(null);
  const run = () => editor.chain().focus();

  const applyLink = (event: FormEvent) => {
    event.preventDefault();
    const href = (linking ?? "").trim();
    if (href === "") run().extendMarkRange("link").unsetLink().run();
    else run().extendMarkRange("link").setLink({ href: /^[a-z]+:/i.test(href) ? href : `https://${href}` }).run();
    setLinking(null);
  };

  return (
    <div className={styles.toolbarWrap}>
      <div className={styles.toolbar} role="toolbar" aria-label="Formatting">
        <ToolButton label="Undo" shortcut="Ctrl+Z" disabled={!state.canUndo} onClick={() => run().undo().run()}>
          {UNDO_ICON}
        </ToolButton>
        <ToolButton label="Redo" shortcut="Ctrl+Shift+Z" disabled={!state.canRedo} onClick={() => run().redo().run()}>
          {REDO_ICON}
        </ToolButton>
        <span className={styles.separator} aria-hidden="true" />
        <select
          className={styles.blockSelect}
          aria-label="Text style"
          value={state.block}
          onChange={(event) => {
            const value = event.target.value;
            if (value === "p") run().setParagraph().run();
            else run().setHeading({ level: Number(value.slice(1)) as 1 | 2 | 3 }).run();
          }}
        >
          <option value="p">Text</option>
          <option value="h1">Heading 1</option>
          <option value="h2">Heading 2</option>
          <option value="h3">Heading 3</option>
        </select>
        <ToolButton label="Bold" shortcut="Ctrl+B" active={state.bold} onClick={() => run().toggleBold().run()}>
          <strong className={styles.glyph}>B</strong>
        </ToolButton>
        <ToolButton label="Italic" shortcut="Ctrl+I" active={state.italic} onClick={() => run().toggleItalic().run()}>
          <em className={`${styles.glyph} ${styles.italicGlyph}`}>I</em>
        </ToolButton>
        <ToolButton label="Link" active={state.link} onClick={() => setLinking(linking === null ? state.linkHref : null)}>
          {LINK_ICON}
        </ToolButton>
        <span className={styles.separator} aria-hidden="true" />
        <ToolButton label="Bullet list" active={state.bulletList} onClick={() => run().toggleBulletList().run()}>
          {BULLET_LIST_ICON}
        </ToolButton>
        <ToolButton label="Numbered list" active={state.orderedList} onClick={() => run().toggleOrderedList().run()}>
          {ORDERED_LIST_ICON}
        </ToolButton>
        <ToolButton label="Quote" active={state.blockquote} onClick={() => run().toggleBlockquote().run()}>
          {QUOTE_ICON}
        </ToolButton>
        <ToolButton
          label="Insert table"
          active={state.table}
          disabled={state.table}
          onClick={() => asOwnUndoStep(editor, () => run().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run())}
        >
          {TABLE_ICON}
        </ToolButton>
        <span className={styles.separator} aria-hidden="true" />
        <button
          type="button"
          className={styles.claimTool}
          disabled={!state.hasSelection || state.claim}
          title={state.claim ? "This text is already a claim" : "Select a key judgement first"}
          onMouseDown={(event) => event.preventDefault()}
          onClick={onMarkClaim}
        >
          Mark as claim
        </button>
      </div>
      {state.table && (
        <div className={styles.toolbar} role="toolbar" aria-label="Table">
          <button type="button" className={styles.textTool} onClick={() => asOwnUndoStep(editor, () => run().addRowAfter().run())}>
            Add row
          </button>
          <button type="button" className={styles.textTool} onClick={() => asOwnUndoStep(editor, () => run().addColumnAfter().run())}>
            Add column
          </button>
          <button type="button" className={styles.textTool} onClick={() => asOwnUndoStep(editor, () => run().deleteRow().run())}>
            Delete row
          </button>
          <button type="button" className={styles.textTool} onClick={() => asOwnUndoStep(editor, () => run().deleteColumn().run())}>
            Delete column
          </button>
          <button type="button" className={styles.textTool} onClick={() => asOwnUndoStep(editor, () => run().deleteTable().run())}>
            Delete table
          </button>
        </div>
      )}
      {linking !== null && (
        <form className={styles.linkForm} onSubmit={applyLink}>
          <input
            aria-label="Link address"
            placeholder="https://…"
            value={linking}
            autoFocus
            onChange={(event) => setLinking(event.target.value)}
            onKeyDown={(event) => event.key === "Escape" && setLinking(null)}
          />
          <button type="submit">{linking.trim() ? "Apply" : "Remove link"}</button>
          <button type="button" onClick={() => setLinking(null)}>
            Cancel
          </button>
        </form>
      )}
    </div>
  );
}
