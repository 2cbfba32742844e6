/**
 * What an import found in a file, before anything is written: the events it can add and the rows
 * it refused, each with its row number and a reason a person can act on.
 */
import * as Y from "yjs";
import type { z } from "zod";
import { importEvidence, type EvidenceInput, type ImportItem, type Origin } from "@/lib/board/model";
import type { BoardLimits } from "@/lib/collab/protocol";

/** Row 1 is a CSV file's header, so the first event is row 2, as in a spreadsheet; features count from 1. */
export interface RejectedRow {
  row: number;
  reason: string;
}

/** What a numbered entry of the file is called to the person: a CSV row, a KML placemark. */
export type ImportUnit = "row" | "placemark";

export interface ImportReport<Item extends ImportItem = EvidenceInput> {
  accepted: Array<{ row: number; item: Item }>;
  rejected: RejectedRow[];
  /** Set when the file as a whole cannot be read (no such columns, not GeoJSON); nothing is accepted then. */
  fatal?: string;
  /** What `row` numbers; "row" when absent. */
  unit?: ImportUnit;
}

/**
 * Why a row or placemark is refused, in words: the first problem is enough to fix it, named by
 * where it is (`name` says a path as the file says it, e.g. a column; dotted by default).
 */
export function firstIssue(error: z.ZodError, name: (path: readonly PropertyKey[]) => string = (path) => path.join(".")): string {
  const issue = error.issues[0];
  const where = issue.path.length > 0 ? name(issue.path) : "";
  return `${where ? `${where}: ` : ""}${issue.message}`;
}

/** "1 row", "3 placemarks". */
export function countOf(count: number, unit: ImportUnit = "row"): string {
  return `${count.toLocaleString("en")} ${unit}${count === 1 ? "" : "s"}`;
}

/** " (3 areas)": how many of the accepted entries are areas or routes, said after their count; "" when none is. */
export function areasNote(report: ImportReport<ImportItem>): string {
  const areas = report.accepted.filter((entry) => entry.item.area).length;
  return areas === 0 ? "" : ` (${areas.toLocaleString("en")} ${areas === 1 ? "area" : "areas"})`;
}

/** "all": import only if every row is valid; "valid": import the valid rows and report the others. */
export type ImportMode = "all" | "valid";

/**
 * An import is one transaction here (one Undo step) and travels to the server in parts under the
 * per-update limit (MAX_UPDATE_BYTES); 10,000 events make about 200,000 items, under half of a
 * board's default limit (BOARD_MAX_ITEMS). Larger files are refused, to be split.
 */
export const MAX_IMPORT_ROWS = 10_000;

const MiB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);

/** A board's size as the server counts it: bytes of its state, and items (Yjs structs). */
export function boardSize(doc: Y.Doc): { bytes: number; items: number } {
  let items = 0;
  for (const structs of doc.store.clients.values()) items += structs.length;
  return { bytes: Y.encodeStateAsUpdate(doc).byteLength, items };
}

/**
 * Why importing `items` would take the board past `limits`, or null when it fits: the import is
 * written to a scratch document first and measured, and nothing is written to the board.
 */
export function boardFullBy(doc: Y.Doc, items: readonly ImportItem[], author: string, limits: BoardLimits): string | null {
  const scratch = new Y.Doc();
  importEvidence(scratch, items, author);
  const adds = boardSize(scratch);
  scratch.destroy();
  const now = boardSize(doc);
  if (now.bytes + adds.bytes > limits.maxBytes) {
    return `This board is full: it holds ${size(now.bytes)} of ${size(limits.maxBytes)}, and this import needs ${size(adds.bytes)} more`;
  }
  if (now.items + adds.items > limits.maxItems) {
    const count = (n: number) => n.toLocaleString("en");
    return `This board is full: it holds ${count(now.items)} of ${count(limits.maxItems)} items, and this import adds ${count(adds.items)}`;
  }
  return null;
}

export type ApplyOutcome = { written: number } | { refused: string };

/**
 * Writes the accepted events in one transaction, or nothing at all: when the file could not be
 * read, when there is nothing to write, when the person asked for all rows and some were refused,
 * or when the board would outgrow its `limits`.
 */
export function applyImport(doc: Y.Doc, report: ImportReport<ImportItem>, mode: ImportMode, author: string, origin?: Origin, limits?: BoardLimits | null): ApplyOutcome {
  if (report.fatal) return { refused: report.fatal };
  if (mode === "all" && report.rejected.length > 0) {
    const count = report.rejected.length;
    return { refused: `${countOf(count, report.unit)} ${count === 1 ? "was" : "were"} refused, so nothing was imported` };
  }
  if (report.accepted.length === 0) return { refused: `no ${report.unit ?? "row"}s to import` };
  if (report.accepted.length > MAX_IMPORT_ROWS) {
    return { refused: `more than ${countOf(MAX_IMPORT_ROWS, report.unit)}; split the file and import the parts` };
  }
  const items = report.accepted.map((entry) => entry.item);
  const full = limits ? boardFullBy(doc, items, author, limits) : null;
  if (full) return { refused: full };
  importEvidence(doc, items, author, origin);
  return { written: report.accepted.length };
}
