/**
 * Reads a CSV file in ACLED's column layout with papaparse, in chunks: a large file is read piece
 * by piece (a browser File through FileReader, so the page keeps responding) and `onProgress`
 * hears how far it got. Nothing is written here; `applyImport` does that once, at the end.
 */
import Papa from "papaparse";
import { restoreFormulaCell } from "@/lib/export/formula-cells";
import { acledRowToEvidence, REQUIRED_COLUMNS, type AcledRow } from "./acled";
import type { ImportReport } from "./report";

export interface ReadOptions {
  /** Called with the fraction read so far, from 0 to 1. */
  onProgress?: (fraction: number) => void;
  /** Bytes per chunk; smaller chunks report progress more often. */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 256 * 1024;

/** Reads every row; the report lists the events it can add and the rows it refused, by row number. */
export function readAcledCsv(source: string | File, options: ReadOptions = {}): Promise<ImportReport> {
  const total = typeof source === "string" ? source.length : source.size;
  const report: ImportReport = { accepted: [], rejected: [] };
  // Row 1 is the header; papaparse skips it, so the first data row is row 2.
  let row = 1;
  return new Promise((resolve, reject) => {
    // One config serves both: papaparse reads a string in place and a File through FileReader.
    Papa.parse<AcledRow>(source as File, {
      header: true,
      skipEmptyLines: "greedy",
      transformHeader: (name) => name.trim().toLowerCase(),
      // Our export writes `'=…` for a cell that starts like a formula; read back the value it had.
      transform: restoreFormulaCell,
      chunkSize: options.chunkSize ?? DEFAULT_CHUNK,
      chunk(results, parser) {
        if (row === 1) {
          const missing = REQUIRED_COLUMNS.filter((column) => !results.meta.fields?.includes(column));
          if (missing.length > 0) {
            report.fatal = `the file has no ${missing.join(", ")} column${missing.length > 1 ? "s" : ""}; is it in ACLED's layout?`;
            parser.abort();
            return;
          }
        }
        const malformed = new Map<number, string>();
        for (const error of results.errors) {
          if (error.row !== undefined && error.code !== "UndetectableDelimiter") malformed.set(error.row, error.message);
        }
        results.data.forEach((data, index) => {
          row += 1;
          const problem = malformed.get(index);
          if (problem) {
            report.rejected.push({ row, reason: problem });
            return;
          }
          const outcome = acledRowToEvidence(data);
          if (outcome.ok) report.accepted.push({ row, item: outcome.item });
          else report.rejected.push({ row, reason: outcome.reason });
        });
        options.onProgress?.(total > 0 ? Math.min(1, results.meta.cursor / total) : 1);
      },
      complete: () => {
        if (report.fatal) report.accepted = [];
        else if (row === 1) report.fatal = "the file has no rows";
        options.onProgress?.(1);
        resolve(report);
      },
      error: (error: Error) => reject(error),
    });
  });
}
