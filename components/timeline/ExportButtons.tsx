"use client";

import type * as Y from "yjs";
import { readMeta } from "@/lib/board/model";
import { evidenceSpan, exportCsv, exportGeoJson } from "@/lib/export/evidence";
import styles from "./TimelinePane.module.css";

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

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
