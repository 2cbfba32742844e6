/**
 * The narrative's TipTap schema, shared by the browser editor, the demo seed and importers so
 * that every writer produces the same ProseMirror document inside `narrative` (schema.ts).
 * Collaboration (and its caret) is added by the editor only; undo/redo then comes from Yjs.
 */
import { Mark, getSchema, mergeAttributes, type AnyExtension, type JSONContent } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { narrativeFragment } from "./model";

/** A span of narrative text that states a claim; it carries only the claim's id (DESIGN.md). */
export const ClaimMark = Mark.create({
  name: "claim",
  inclusive: false,
  excludes: "claim",
  addAttributes() {
    return {
      claimId: {
        default: null,
        parseHTML: (element) => element.getAttribute("data-claim-id"),
        renderHTML: (attributes) => ({ "data-claim-id": attributes.claimId }),
      },
    };
  },
  parseHTML() {
    return [{ tag: "span[data-claim-id]" }];
  },
  renderHTML({ HTMLAttributes }) {
    return ["span", mergeAttributes({ class: "claim" }, HTMLAttributes), 0];
  },
});

/** Extensions that define the narrative's content; the editor adds collaboration on top. */
export const narrativeExtensions: AnyExtension[] = [StarterKit.configure({ undoRedo: false }), ClaimMark];

const narrativeSchema = getSchema(narrativeExtensions);

/** Replaces an empty narrative with `content` (a TipTap JSON document). */
export function writeNarrative(doc: Y.Doc, content: JSONContent): void {
  const fragment = narrativeFragment(doc);
  if (fragment.length > 0) throw new Error("The narrative already has content");
  doc.transact(() => prosemirrorJSONToYXmlFragment(narrativeSchema, content, fragment));
}

/** The narrative as TipTap JSON (for exports, the board list and tests). */
export function readNarrative(doc: Y.Doc): JSONContent {
  return yXmlFragmentToProsemirrorJSON(narrativeFragment(doc)) as JSONContent;
}

/** The narrative's plain text: one line per paragraph, heading or list item. */
export function narrativeText(doc: Y.Doc): string {
  const lines: string[] = [];
  const inline = (node: JSONContent): string => node.text ?? (node.content ?? []).map(inline).join("");
  const walk = (node: JSONContent) => {
    const children = node.content ?? [];
    if (children.some((child) => child.type === "text" || child.type === "hardBreak") || children.length === 0) {
      if (node.type !== "doc") lines.push(inline(node));
    } else {
      children.forEach(walk);
    }
  };
  walk(readNarrative(doc));
  return lines.join("\n");
}
