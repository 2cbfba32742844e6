"use client";

import { useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { boardLimitsOf, trackSave } from "@/components/board/boardConnection";
import { readAcledCsv } from "@/lib/import/csv";
import { readGeoJson } from "@/lib/import/geojson";
import { MAX_KML_BYTES, readKmlFile } from "@/lib/import/kml";
import { applyImport, areasNote, countOf, MAX_IMPORT_ROWS, type ImportMode, type ImportReport, type ImportUnit } from "@/lib/import/report";
import type { ImportItem } from "@/lib/board/model";
import styles from "./ImportDialog.module.css";

interface ImportDialogProps {
  doc: Y.Doc;
  author: string;
  /** The undo origin of the import, so the person can take the whole import back. */
  origin: object;
  onClose(): void;
  /** `count` entries of the file were imported: rows, or placemarks when `unit` says so. */
  onImported(count: number, unit: ImportUnit): void;
}

const SAMPLE = "/samples/made-up-acled-sample.csv";
/** Rejected rows listed in the dialog; the rest are counted. */
const SHOWN_REJECTIONS = 200;

async function readFile(file: File, onProgress: (fraction: number) => void): Promise<ImportReport<ImportItem>> {
  if (/\.km[lz]$/i.test(file.name)) return readKmlFile(file, { onProgress });
  if (/\.(geo)?json$/i.test(file.name)) {
    onProgress(0.5);
    const report = readGeoJson(await file.text());
    onProgress(1);
    return report;
  }
  return readAcledCsv(file, { onProgress });
}

/**
 * Imports events from a CSV file in ACLED's layout, a GeoJSON file or a KML/KMZ file: the file is read and checked
 * first (with a progress bar), the person sees which rows are refused and why, then chooses to
 * import only if every row is valid or to import the valid rows. The write is one transaction (one
 * Undo step), refused at once when the board would outgrow its limits; it travels to the server in
 * parts, and the dialog shows it in progress until the last part is saved. If the server refuses a
 * part, what it had accepted is taken back and the dialog says why: nothing is half-imported.
 */
export function ImportDialog({ doc, author, origin, onClose, onImported }: ImportDialogProps) {
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [report, setReport] = useState<ImportReport<ImportItem> | null>(null);
  const [mode, setMode] = useState<ImportMode>("all");
  const [outcome, setOutcome] = useState<string | null>(null);
  /** Fraction of the written import the server has saved, while it is being saved. */
  const [saving, setSaving] = useState<number | null>(null);
  const stopTracking = useRef<(() => void) | null>(null);
  useEffect(() => () => stopTracking.current?.(), []);

  async function choose(chosen: File | null) {
    setFile(chosen);
    setReport(null);
    setOutcome(null);
    if (!chosen) return;
    setProgress(0);
    try {
      setReport(await readFile(chosen, setProgress));
    } catch (error) {
      setReport({ accepted: [], rejected: [], fatal: error instanceof Error ? error.message : String(error) });
    }
  }

  function handleImport() {
    if (!report || saving !== null) return;
    setOutcome(null);
    let result: ReturnType<typeof applyImport> = { refused: "nothing was written" };
    stopTracking.current = trackSave(doc, () => (result = applyImport(doc, report, mode, author, origin, boardLimitsOf(doc))), {
      progress: (fraction) => setSaving(fraction),
      saved: () => {
        stopTracking.current = null;
        setSaving(null);
        if ("written" in result) onImported(result.written, report.unit ?? "row");
      },
      failed: (reason) => {
        stopTracking.current = null;
        setSaving(null);
        setOutcome(`Nothing imported: ${reason}.`);
      },
    });
    if ("refused" in result) {
      stopTracking.current = null;
      setSaving(null);
      setOutcome(result.refused.startsWith("This board is full") ? `Nothing imported. ${result.refused}.` : `Nothing imported: ${result.refused}.`);
    }
  }

  const reading = progress !== null && report === null;
  return (
    <div className={styles.dialog} role="dialog" aria-label="Import events">
      <div className={styles.header}>
        <h3>Import events</h3>
        <button type="button" className={styles.close} onClick={onClose} aria-label="Close import">
          ×
        </button>
      </div>
      <p className={styles.hint}>
        A CSV file in ACLED&apos;s column layout or a GeoJSON file of points: each row becomes a pin and a card linked to it.
        A KML or KMZ file (Google Earth, TAK): each point placemark becomes a pin, and a dated one also a card.
        Lines and polygons (GeoJSON or KML) become routes and areas.
        Up to {MAX_IMPORT_ROWS.toLocaleString("en")} rows or placemarks at once; KML up to {MAX_KML_BYTES / (1024 * 1024)} MiB.
        Try the <a href={SAMPLE} download>made-up sample file</a>.
      </p>
      <label className={styles.field}>
        <span>File</span>
        <input type="file" accept=".csv,.geojson,.json,.kml,.kmz,text/csv,application/geo+json,application/vnd.google-earth.kml+xml,application/vnd.google-earth.kmz" aria-label="File to import" onChange={(e) => void choose(e.target.files?.[0] ?? null)} />
      </label>
      {progress !== null && (
        <label className={styles.progress}>
          <span>{reading ? `Reading ${file?.name ?? ""}…` : "Read"}</span>
          <progress max={1} value={progress} aria-label="Import progress" />
        </label>
      )}
      {report && (
        <section aria-label="Import report" data-testid="import-report">
          {report.fatal ? (
            <p className={styles.fatal} role="alert">
              This file cannot be imported: {report.fatal}.
            </p>
          ) : (
            <p className={styles.summary}>
              {countOf(report.accepted.length, report.unit)}
              {areasNote(report)} ready to import
              {report.rejected.length > 0 && `, ${report.rejected.length} refused`}.
            </p>
          )}
          {report.rejected.length > 0 && (
            <ol className={styles.rejected} aria-label={report.unit === "placemark" ? "Refused placemarks" : "Refused rows"}>
              {report.rejected.slice(0, SHOWN_REJECTIONS).map((rejection) => (
                <li key={rejection.row}>
                  <strong>{report.unit === "placemark" ? "Placemark" : "Row"} {rejection.row}:</strong> {rejection.reason}
                </li>
              ))}
              {report.rejected.length > SHOWN_REJECTIONS && <li>… and {report.rejected.length - SHOWN_REJECTIONS} more.</li>}
            </ol>
          )}
          {!report.fatal && (
            <fieldset className={styles.modes}>
              <legend>If some {report.unit ?? "row"}s are refused</legend>
              <label>
                <input type="radio" name="import-mode" checked={mode === "all"} onChange={() => setMode("all")} /> Import only if every {report.unit ?? "row"} is valid
              </label>
              <label>
                <input type="radio" name="import-mode" checked={mode === "valid"} onChange={() => setMode("valid")} /> Import the valid {report.unit ?? "row"}s
              </label>
            </fieldset>
          )}
          <button type="button" className={styles.submit} onClick={handleImport} disabled={Boolean(report.fatal) || saving !== null}>
            Import
          </button>
          {saving !== null && (
            <label className={styles.progress} data-testid="import-saving">
              <span>Saving the import… {Math.floor(saving * 100)}%</span>
              <progress max={1} value={saving} aria-label="Import saved so far" />
            </label>
          )}
          {outcome && (
            <p className={styles.fatal} role="alert">
              {outcome}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
