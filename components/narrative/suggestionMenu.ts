/**
 * The small menu a typed character opens in the narrative (`@` pins, `#` cards, `/` blocks): the
 * matching items under the caret, chosen with the arrow keys and Enter or a click.
 */
import type { SuggestionKeyDownProps, SuggestionProps } from "@tiptap/suggestion";
import styles from "./NarrativePane.module.css";

interface MenuText<I> {
  /** Accessible name of the list. */
  label: string;
  /** Shown when nothing matches. */
  empty: string;
  /** How one item reads in the list. */
  text(item: I): string;
}

export interface SuggestionRenderer<I, A> {
  onStart(props: SuggestionProps<I, A>): void;
  onUpdate(props: SuggestionProps<I, A>): void;
  onKeyDown(props: SuggestionKeyDownProps): boolean;
  onExit(): void;
}

/** A renderer for `@tiptap/suggestion`; choosing an item calls the suggestion's `command` with `toAttrs(item)`. */
export function suggestionMenu<I, A>(menuText: MenuText<I>, toAttrs: (item: I) => A): () => SuggestionRenderer<I, A> {
  return () => {
    let menu: HTMLElement | null = null;
    let active = 0;
    let current: SuggestionProps<I, A> | null = null;

    const choose = (index: number) => {
      const item = current?.items[index];
      if (item !== undefined && current) current.command(toAttrs(item));
    };

    const draw = () => {
      if (!menu || !current) return;
      menu.replaceChildren();
      if (current.items.length === 0) {
        const empty = document.createElement("p");
        empty.className = styles.mentionEmpty;
        empty.textContent = menuText.empty;
        menu.append(empty);
      }
      current.items.forEach((item, index) => {
        const option = document.createElement("button");
        option.type = "button";
        option.role = "option";
        option.className = styles.mentionOption;
        option.setAttribute("aria-selected", String(index === active));
        option.textContent = menuText.text(item);
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

    const close = () => {
      menu?.remove();
      menu = null;
    };

    return {
      onStart(props) {
        current = props;
        active = 0;
        menu = document.createElement("div");
        menu.className = styles.mentionMenu;
        menu.role = "listbox";
        menu.setAttribute("aria-label", menuText.label);
        document.body.append(menu);
        draw();
      },
      onUpdate(props) {
        current = props;
        active = Math.min(active, Math.max(0, props.items.length - 1));
        draw();
      },
      onKeyDown({ event }) {
        if (!current || !menu) return false;
        const count = current.items.length;
        if (event.key === "ArrowDown" && count > 0) active = (active + 1) % count;
        else if (event.key === "ArrowUp" && count > 0) active = (active + count - 1) % count;
        else if (event.key === "Enter" || event.key === "Tab") {
          if (count === 0) return false;
          choose(active);
          return true;
        } else if (event.key === "Escape") {
          close();
          return true;
        } else return false;
        draw();
        return true;
      },
      onExit() {
        close();
        current = null;
      },
    };
  };
}
