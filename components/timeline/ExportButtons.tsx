"use client";

import { useParams } from "next/navigation";
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
 * platforms), produced in the name of `author`.
 */
export function ExportButtons({ doc, author }: { doc: Y.Doc; author?: string }) {
  const params = useParams<{ boardId?: string }>();
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
      <button type="button" onClick={() => download(`${base()}.kml`, "application/vnd.google-earth.kml+xml", exportKml(doc, PIN_COLOR).kml)}>
        Export KML
      </button>
      <button
        type="button"
        onClick={() => download(`${base()}.stix.json`, "application/stix+json", stixBundleJson(doc, { boardId: params?.boardId, author }))}
      >
        Export STIX
      </button>
    </span>
  );
}
