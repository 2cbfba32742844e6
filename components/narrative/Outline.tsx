"use client";
/** The narrative's headings as a table of contents; choosing one scrolls the text to it. */
import { useEditorState, type Editor } from "@tiptap/react";
import styles from "./Claims.module.css";

interface Heading {
  level: number;
  text: string;
  pos: number;
}

function headingsOf(editor: Editor): Heading[] {
  const headings: Heading[] = [];
  editor.state.doc.descendants((node, pos) => {
    if (node.type.name === "heading") headings.push({ level: Number(node.attrs.level) || 1, text: node.textContent, pos });
    return node.type.name !== "heading";
  });
  return headings;
}

export function Outline({ editor }: { editor: Editor }) {
  const headings = useEditorState({ editor, selector: ({ editor: e }) => headingsOf(e) });
  const goTo = (pos: number) => {
    const dom = editor.view.nodeDOM(pos);
    if (dom instanceof HTMLElement) dom.scrollIntoView({ block: "start", behavior: "smooth" });
    if (editor.isEditable) editor.chain().focus().setTextSelection(pos + 1).run();
  };
  if (headings.length === 0) return <p className={styles.empty}>No headings yet. Headings you write appear here.</p>;
  return (
    <nav aria-label="Outline" data-testid="outline">
      <ol className={styles.outline}>
        {headings.map((heading) => (
          <li key={heading.pos} style={{ paddingLeft: `${(heading.level - 1) * 12}px` }}>
            <button type="button" onClick={() => goTo(heading.pos)}>
              {heading.text || "Untitled heading"}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}
