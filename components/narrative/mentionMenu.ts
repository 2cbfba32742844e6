/**
 * The menus that `@` (pins) and `#` (cards) open in the narrative: the board's items whose title
 * matches what follows the character; choosing one inserts it as a chip.
 */
import type { MentionNodeAttrs } from "@tiptap/extension-mention";
import type { SuggestionOptions } from "@tiptap/suggestion";
import { MENTION_CHARS, type MentionKind } from "@/lib/board/narrative";
import { suggestionMenu } from "./suggestionMenu";

export interface MentionItem {
  id: string;
  label: string;
}

const MAX_ITEMS = 8;

/** The suggestion options for one kind of item; `find` reads the board at the moment of typing. */
export function mentionSuggestion(kind: MentionKind, find: () => MentionItem[]): Omit<SuggestionOptions<MentionItem, MentionNodeAttrs>, "editor"> {
  const char = MENTION_CHARS[kind];
  return {
    char,
    allowSpaces: true,
    items: ({ query }) => {
      const q = query.trim().toLowerCase();
      return find()
        .filter((item) => item.label.toLowerCase().includes(q))
        .slice(0, MAX_ITEMS);
    },
    render: suggestionMenu<MentionItem, MentionNodeAttrs>(
      {
        label: kind === "pin" ? "Pins to mention" : "Cards to mention",
        empty: kind === "pin" ? "No pin with that name" : "No card with that title",
        text: (item) => `${char}${item.label}`,
      },
      (item) => ({ id: item.id, label: item.label }),
    ),
  };
}
