/**
 * CSV injection (OWASP): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return as a formula (`=HYPERLINK(…)` in a card title becomes a link to anywhere). Our
 * CSV export writes such a cell quoted, with a `'` in front, which spreadsheets show as text; the
 * import takes exactly that `'` off again, so our own files round-trip unchanged.
 *
 * A cell that already starts with `'`s before such a character gets one more, so removing one on
 * import is never wrong. Plain numbers (a longitude of -4.18) run nothing and stay as they are, so
 * other tools still read them as numbers.
 */

/** Cells the export neutralises: what a spreadsheet would run, after any `'`s already there. */
export const FORMULA_CELL = /^(?!-?\d+(\.\d+)?$)'*[=+\-@\t\r]/;

/** A cell as written by the export, back to the value it had: one leading `'` fewer. */
export function restoreFormulaCell(value: string): string {
  return value.startsWith("'") && FORMULA_CELL.test(value) ? value.slice(1) : value;
}
