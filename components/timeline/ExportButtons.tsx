"use client";

import type * as Y from "yjs";
import { readMeta } from "@/lib/board/model";
import { evidenceSpan, exportCsv, exportGeoJson } from "@/lib/export/evidence";
import { download } from "@/components/ui/download";
import styles from "./TimelinePane.module.css";

/** Downloads the board's cards and pins as CSV (ACLED's layout) or GeoJSON, built in the browser. */
export function ExportButtons({ doc }: { doc: Y.Doc }) {
  // Read on click: the board may hold thousands of cards, which no render should re-read.
  const base = () => `${readMeta(doc).title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "board"}-${evidenceSpan(doc)}`;
  return (
    <span className={styles.exports}>
      <button type="button" onClick={() => download(`${base()}.csv`, "text/csv", exportCsv(doc))}>
        Export CSV
      </button>
      <button type="button" onClick={() => download(`${base()}.geojson`, "application/geo+json", exportGeoJson(doc))}>
        Export GeoJSON
      </button>
    </span>
  );
}
