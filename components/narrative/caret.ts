import { readableTextColor } from "@/lib/collab/presence";

/**
 * Another person's caret in the narrative: a line in their colour with their name above it.
 * The label's text is black or white, whichever reads better on their colour (at least 4.5:1 on
 * any colour), so no colour leaves a name unreadable.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === "string" ? user.color : "transparent";
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.style.borderColor = color;

  const label = document.createElement("div");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = color;
  label.style.color = readableTextColor(color);
  // A text node, never HTML: the name comes from another client's awareness state.
  label.append(document.createTextNode(typeof user.name === "string" ? user.name : "Someone"));
  caret.append(label);
  return caret;
}
