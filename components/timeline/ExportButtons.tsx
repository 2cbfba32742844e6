"use client";

import { useParams } from "next/navigation";
import { useId, useState, type KeyboardEvent } from "react";
import type * as Y from "yjs";
import { readMeta } from "@/lib/board/model";
import { evidenceSpan, exportCsv, exportGeoJson } from "@/lib/export/evidence";
import { exportKml } from "@/lib/export/kml";
import { stixBundleJson } from "@/lib/export/stix";
import { PIN_COLOR } from "@/components/map/pinSymbols";
import { download } from "@/components/ui/download";
import styles from "./TimelinePane.module.css";

/**
 * Downloads the board's cards and pins, built in the browser: CSV (ACLED's layout), GeoJSON, KML
 * (Google Earth, pins styled in the map's kind colours) and a STIX 2.1 bundle (threat-intelligence
 * platforms), produced in the name of `author`. One "Export" button opens the four, so the
 * timeline's header keeps room for its title; Escape or a download closes them.
 */
export function ExportButtons({ doc, author }: { doc: Y.Doc; author?: string }) {
  const params = useParams<{ boardId?: string }>();
  // Read on click: the board may hold thousands of cards, which no render should re-read.
  const base = () => `${readMeta(doc).title.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "board"}-${evidenceSpan(doc)}`;
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const save = (name: string, type: string, content: () => string) => {
    download(name, type, content());
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape" && open) {
      event.stopPropagation();
      setOpen(false);
    }
  };
  return (
    <span className={styles.exports} onKeyDown={onKeyDown}>
      <button type="button" aria-expanded={open} aria-controls={menuId} onClick={() => setOpen((value) => !value)}>
        Export
      </button>
      {open && (
        <span id={menuId} role="group" aria-label="Export the evidence" className={styles.exportMenu}>
          <button type="button" onClick={() => save(`${base()}.csv`, "text/csv", () => exportCsv(doc))}>
            Export CSV
          </button>
          <button type="button" onClick={() => save(`${base()}.geojson`, "application/geo+json", () => exportGeoJson(doc))}>
            Export GeoJSON
          </button>
          <button type="button" onClick={() => save(`${base()}.kml`, "application/vnd.google-earth.kml+xml", () => exportKml(doc, PIN_COLOR).kml)}>
            Export KML
          </button>
          <button
            type="button"
            onClick={() => save(`${base()}.stix.json`, "application/stix+json", () => stixBundleJson(doc, { boardId: params?.boardId, author }))}
          >
            Export STIX
          </button>
        </span>
      )}
    </span>
  );
}
