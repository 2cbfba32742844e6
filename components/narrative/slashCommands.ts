/**
 * `/` at the start of a line opens a menu of blocks (headings, lists, quote, table). It adds no
 * node or mark of its own, so the narrative's schema (narrative.ts) stays the same for every reader.
 */
import { Extension, type ChainedCommands } from "@tiptap/core";
import { PluginKey } from "@tiptap/pm/state";
import Suggestion from "@tiptap/suggestion";
import { suggestionMenu } from "./suggestionMenu";
import { asOwnUndoStep } from "./undoStep";

interface SlashCommand {
  title: string;
  apply(chain: ChainedCommands): ChainedCommands;
}

const COMMANDS: SlashCommand[] = [
  { title: "Heading 1", apply: (c) => c.setHeading({ level: 1 }) },
  { title: "Heading 2", apply: (c) => c.setHeading({ level: 2 }) },
  { title: "Heading 3", apply: (c) => c.setHeading({ level: 3 }) },
  { title: "Bullet list", apply: (c) => c.toggleBulletList() },
  { title: "Numbered list", apply: (c) => c.toggleOrderedList() },
  { title: "Quote", apply: (c) => c.toggleBlockquote() },
  { title: "Table", apply: (c) => c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }) },
];

export const SlashCommands = Extension.create({
  name: "slashCommands",
  addProseMirrorPlugins() {
    return [
      Suggestion<SlashCommand, SlashCommand>({
        editor: this.editor,
        pluginKey: new PluginKey("slashCommands"),
        char: "/",
        startOfLine: true,
        items: ({ query }) => COMMANDS.filter((command) => command.title.toLowerCase().includes(query.trim().toLowerCase())),
        command: ({ editor, range, props }) => asOwnUndoStep(editor, () => void props.apply(editor.chain().focus().deleteRange(range)).run()),
        render: suggestionMenu<SlashCommand, SlashCommand>({ label: "Insert a block", empty: "No block by that name", text: (c) => c.title }, (c) => c),
      }),
    ];
  },
});
