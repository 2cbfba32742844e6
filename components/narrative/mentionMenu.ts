/**
 * The menu that `@` (pins) and `#` (cards) open in the narrative: the board's items whose title
 * matches what follows the character; Enter or a click inserts the item as a chip.
 */
import type { MentionNodeAttrs } from "@tiptap/extension-mention";
import type { SuggestionOptions, SuggestionProps } from "@tiptap/suggestion";
import { MENTION_CHARS, type MentionKind } from "@/lib/board/narrative";
import styles from "./NarrativePane.module.css";

export interface MentionItem {
  id: string;
  label: string;
}

const MAX_ITEMS = 8;

type MentionSuggestion = Omit<SuggestionOptions<MentionItem, MentionNodeAttrs>, "editor">;

/** The suggestion options for one kind of item; `find` reads the board at the moment of typing. */
export function mentionSuggestion(kind: MentionKind, find: () => MentionItem[]): MentionSuggestion {
  return {
    char: MENTION_CHARS[kind],
    allowSpaces: true,
    items: ({ query }) => {
      const q = query.trim().toLowerCase();
      return find()
        .filter((item) => item.label.toLowerCase().includes(q))
        .slice(0, MAX_ITEMS);
    },
    render: () => {
      let menu: HTMLElement | null = null;
      let active = 0;
      let current: SuggestionProps<MentionItem, MentionNodeAttrs> | null = null;

      const choose = (index: number) => {
        const item = current?.items[index];
        if (item && current) current.command({ id: item.id, label: item.label });
      };

      const draw = () => {
        if (!menu || !current) return;
        menu.replaceChildren();
        if (current.items.length === 0) {
          const empty = document.createElement("p");
          empty.className = styles.mentionEmpty;
          empty.textContent = kind === "pin" ? "No pin with that name" : "No card with that title";
          menu.append(empty);
        }
        current.items.forEach((item, index) => {
          const option = document.createElement("button");
          option.type = "button";
          option.role = "option";
          option.className = styles.mentionOption;
          option.setAttribute("aria-selected", String(index === active));
          option.textContent = `${MENTION_CHARS[kind]}${item.label}`;
          option.addEventListener("mousedown", (event) => event.preventDefault());
          option.addEventListener("click", () => choose(index));
          menu!.append(option);
        });
        const rect = current.clientRect?.();
        if (rect) {
          menu.style.left = `${Math.round(rect.left)}px`;
          menu.style.top = `${Math.round(rect.bottom + 4)}px`;
        }
      };

      return {
        onStart(props) {
          current = props;
          active = 0;
          menu = document.createElement("div");
          menu.className = styles.mentionMenu;
          menu.role = "listbox";
          menu.setAttribute("aria-label", kind === "pin" ? "Pins to mention" : "Cards to mention");
          menu.dataset.testid = "mention-menu";
          document.body.append(menu);
          draw();
        },
        onUpdate(props) {
          current = props;
          active = Math.min(active, Math.max(0, props.items.length - 1));
          draw();
        },
        onKeyDown({ event }) {
          if (!current) return false;
          const count = current.items.length;
          if (event.key === "ArrowDown" && count > 0) active = (active + 1) % count;
          else if (event.key === "ArrowUp" && count > 0) active = (active + count - 1) % count;
          else if (event.key === "Enter" || event.key === "Tab") {
            if (count === 0) return false;
            choose(active);
            return true;
          } else if (event.key === "Escape") {
            menu?.remove();
            menu = null;
            return true;
          } else return false;
          draw();
          return true;
        },
        onExit() {
          menu?.remove();
          menu = null;
          current = null;
        },
      };
    },
  };
}
