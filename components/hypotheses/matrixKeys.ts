/**
 * What a key pressed on a cell of the hypotheses matrix does: move to another cell (the matrix
 * is one tab stop; arrows, Home/End and Ctrl+Home/End move inside it, as in an ARIA grid), set a
 * rating (C, N, I; with Shift, CC and II) or clear it (Delete, Backspace). Pure, so the
 * keyboard map can be tested without a browser.
 */

/** The five ratings a person gives a cell, from very consistent to very inconsistent. */
export type RatingKey = "CC" | "C" | "N" | "I" | "II";

export type MatrixKeyAction =
  | { kind: "move"; row: number; col: number }
  | { kind: "rate"; rating: RatingKey }
  | { kind: "clear" };

export interface MatrixKey {
  key: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/**
 * The action for `event` on the cell at (`row`, `col`) of a matrix of `rows` × `cols` cells, or
 * null when the key is not the matrix's (Tab leaves it; typing elsewhere is untouched).
 */
export function matrixKeyAction(event: MatrixKey, row: number, col: number, rows: number, cols: number): MatrixKeyAction | null {
  if (rows === 0 || cols === 0 || event.altKey) return null;
  const ctrl = event.ctrlKey || event.metaKey;
  const move = (r: number, c: number): MatrixKeyAction => ({
    kind: "move",
    row: Math.min(Math.max(r, 0), rows - 1),
    col: Math.min(Math.max(c, 0), cols - 1),
  });
  switch (event.key) {
    case "ArrowUp":
      return move(row - 1, col);
    case "ArrowDown":
      return move(row + 1, col);
    case "ArrowLeft":
      return move(row, col - 1);
    case "ArrowRight":
      return move(row, col + 1);
    case "Home":
      return ctrl ? move(0, 0) : move(row, 0);
    case "End":
      return ctrl ? move(rows - 1, cols - 1) : move(row, cols - 1);
    case "PageUp":
      return move(0, col);
    case "PageDown":
      return move(rows - 1, col);
    case "Delete":
    case "Backspace":
      return ctrl ? null : { kind: "clear" };
  }
  if (ctrl) return null;
  switch (event.key.toLowerCase()) {
    case "c":
      return { kind: "rate", rating: event.shiftKey ? "CC" : "C" };
    case "i":
      return { kind: "rate", rating: event.shiftKey ? "II" : "I" };
    case "n":
      return { kind: "rate", rating: "N" };
  }
  return null;
}
