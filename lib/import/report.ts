/**
 * What an import found in a file, before anything is written: the events it can add and the rows
 * it refused, each with its row number and a reason a person can act on.
 */
import type * as Y from "yjs";
import { importEvidence, type EvidenceInput, type Origin } from "@/lib/board/model";

/** Row 1 is a CSV file's header, so the first event is row 2, as in a spreadsheet; features count from 1. */
export interface RejectedRow {
  row: number;
  reason: string;
}

export interface ImportReport {
  accepted: Array<{ row: number; item: EvidenceInput }>;
  rejected: RejectedRow[];
  /** Set when the file as a whole cannot be read (no such columns, not GeoJSON); nothing is accepted then. */
  fatal?: string;
}

/** "all": import only if every row is valid; "valid": import the valid rows and report the others. */
export type ImportMode = "all" | "valid";

/**
 * An import travels to the server as one Yjs update; 5,000 events make about 3.4 MB of the
 * 8 MB a message may hold (MAX_MESSAGE_BYTES), so larger files are refused, to be split.
 */
const MAX_IMPORT_ROWS = 10_000;

export type ApplyOutcome = { written: number } | { refused: string };

/**
 * Writes the accepted events in one transaction, or nothing at all: when the file could not be
 * read, when there is nothing to write, or when the person asked for all rows and some were refused.
 */
export function applyImport(doc: Y.Doc, report: ImportReport, mode: ImportMode, author: string, origin?: Origin): ApplyOutcome {
  if (report.fatal) return { refused: report.fatal };
  if (mode === "all" && report.rejected.length > 0) {
    const count = report.rejected.length;
    return { refused: `${count} ${count === 1 ? "row was" : "rows were"} refused, so nothing was imported` };
  }
  if (report.accepted.length === 0) return { refused: "no rows to import" };
  if (report.accepted.length > MAX_IMPORT_ROWS) {
    return { refused: `more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows; split the file and import the parts` };
  }
  importEvidence(
    doc,
    report.accepted.map((entry) => entry.item),
    author,
    origin,
  );
  return { written: report.accepted.length };
}
