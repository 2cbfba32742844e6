/**
 * Another person's caret in the narrative: a line in their colour with their name above it.
 * The label's text is black or white, whichever reads better on their colour, so a pale
 * colour never leaves a name unreadable.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const color = typeof user.color === "string" ? user.color : "transparent";
  const caret = document.createElement("span");
  caret.classList.add("collaboration-carets__caret");
  caret.style.borderColor = color;

  const label = document.createElement("div");
  label.classList.add("collaboration-carets__label");
  label.style.backgroundColor = color;
  label.style.color = labelTextColor(color);
  // A text node, never HTML: the name comes from another client's awareness state.
  label.append(document.createTextNode(typeof user.name === "string" ? user.name : "Someone"));
  caret.append(label);
  return caret;
}

/** Black or white text for a `#rrggbb` background, by relative luminance (WCAG). */
function labelTextColor(background: string): string {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(background);
  if (!match) return "#202124";
  const [r, g, b] = match.slice(1).map((hex) => {
    const c = parseInt(hex, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with black beats contrast with white above this luminance.
  return luminance > 0.179 ? "#202124" : "#ffffff";
}
