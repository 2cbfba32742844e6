/**
 * The narrative's TipTap schema, shared by the browser editor, the demo seed and importers so
 * that every writer produces the same ProseMirror document inside `narrative` (schema.ts).
 * Collaboration (and its caret) is added by the editor only; undo/redo then comes from Yjs.
 */
import { Mark, getSchema, mergeAttributes, type AnyExtension, type JSONContent } from "@tiptap/core";
import { TableKit } from "@tiptap/extension-table";
import Mention, { type MentionOptions } from "@tiptap/extension-mention";
import StarterKit from "@tiptap/starter-kit";
import { prosemirrorJSONToYXmlFragment, yXmlFragmentToProsemirrorJSON } from "@tiptap/y-tiptap";
import type * as Y from "yjs";
import { CLAIM_MARK, narrativeFragment } from "./model";

/**
 * A span of narrative text that states a claim. It carries only the claim's id: likelihood,
 * confidence and evidence live in the board's `claims` map, so editing them never rewrites the text.
 */
export const ClaimMark = Mark.create({
  name: CLAIM_MARK,
  inclusive: false,
  excludes: CLAIM_MARK,
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

/** What a mention names: `@` a pin, `#` a card. */
export const MENTION_CHARS = { pin: "@", card: "#" } as const;
export type MentionKind = keyof typeof MENTION_CHARS;

/** The kind of item a mention node names, from the character that started it. */
export function mentionKind(char: unknown): MentionKind {
  return char === MENTION_CHARS.card ? "card" : "pin";
}

type MentionSuggestions = MentionOptions["suggestions"];

/**
 * The narrative's extensions: StarterKit (headings, lists, quotes, links…), tables, claims and
 * mentions of pins and cards. The editor passes its suggestion menus; everyone else gets the
 * same schema without them. A mention keeps the item's id and its title when it was written.
 */
export function createNarrativeExtensions(suggestions: MentionSuggestions = []): AnyExtension[] {
  return [
    StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
    TableKit.configure({ table: { resizable: false } }),
    ClaimMark,
    Mention.configure({
      suggestions,
      deleteTriggerWithBackspace: true,
      renderText: ({ node }) => `${node.attrs.mentionSuggestionChar ?? "@"}${node.attrs.label ?? node.attrs.id}`,
      renderHTML: ({ options, node }) => [
        "span",
        mergeAttributes(options.HTMLAttributes, {
          class: "mention",
          "data-kind": mentionKind(node.attrs.mentionSuggestionChar),
        }),
        `${node.attrs.mentionSuggestionChar ?? "@"}${node.attrs.label ?? node.attrs.id}`,
      ],
    }),
  ];
}

/** Extensions that define the narrative's content; the editor adds collaboration on top. */
export const narrativeExtensions: AnyExtension[] = createNarrativeExtensions();

const narrativeSchema = getSchema(narrativeExtensions);

/** What one node type of the narrative may hold, read from the editor's schema. */
export interface NarrativeNodeRule {
  /** Node types it may hold (element children), from its content expression. */
  children: ReadonlySet<string>;
  /** Whether it may hold text (a Y.XmlText child). */
  text: boolean;
}

/**
 * The node types of the narrative's schema by name, with what each may hold; `doc` is the
 * narrative itself (the Y.XmlFragment). The server's structural rules (lib/collab/rules.ts) read
 * it, so the editor and the rules cannot disagree on which nodes exist.
 */
export const NARRATIVE_NODES: ReadonlyMap<string, NarrativeNodeRule> = new Map(
  Object.values(narrativeSchema.nodes)
    .filter((type) => !type.isText)
    .map((type) => {
      const reachable = new Set<string>();
      const seen = new Set([type.contentMatch]);
      const queue = [type.contentMatch];
      for (let match = queue.pop(); match; match = queue.pop()) {
        for (let i = 0; i < match.edgeCount; i++) {
          const { type: child, next } = match.edge(i);
          reachable.add(child.name);
          if (!seen.has(next)) {
            seen.add(next);
            queue.push(next);
          }
        }
      }
      const text = reachable.delete("text");
      return [type.name, { children: reachable, text }] as const;
    }),
);

/** Names of the narrative's marks (the formatting keys of its text). */
export const NARRATIVE_MARKS: ReadonlySet<string> = new Set(Object.keys(narrativeSchema.marks));

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
  const inline = (node: JSONContent): string =>
    node.type === "mention"
      ? `${node.attrs?.mentionSuggestionChar ?? "@"}${node.attrs?.label ?? node.attrs?.id ?? ""}`
      : (node.text ?? (node.content ?? []).map(inline).join(""));
  const walk = (node: JSONContent) => {
    const children = node.content ?? [];
    if (children.some((child) => child.type === "text" || child.type === "hardBreak" || child.type === "mention") || children.length === 0) {
      if (node.type !== "doc") lines.push(inline(node));
    } else {
      children.forEach(walk);
    }
  };
  walk(readNarrative(doc));
  return lines.join("\n");
}
