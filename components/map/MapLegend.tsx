"use client";
/** What the symbols mean, what the time window and card filter leave in view, and whose data the map draws. */
import type { TimeWindow } from "@/components/board/boardUi";
import type { CSSProperties, ReactNode } from "react";
import { AREA_KIND_LABELS, AREA_KINDS, kindFitsGeometry, PIN_KINDS, type AreaKind, type Pin } from "@/lib/board/schema";
import { AREA_COLOR } from "./areaStyle";
import styles from "./MapPanel.module.css";
import { KIND_LABEL, PIN_COLOR } from "./pinSymbols";
import type { OutsideMode } from "./useMapData";

/** The same shapes as the map's symbols (`tracePinShape`), in a 14-pixel square. */
const SHAPE: Record<Pin["kind"], string> = {
  event: "M7 2 L12 11 L2 11 Z",
  place: "M7 2.5 A4.5 4.5 0 1 1 6.99 2.5 Z",
  actor: "M7 2 L12 7 L7 12 L2 7 Z",
};

function KindSymbol({ kind }: { kind: Pin["kind"] }) {
  return (
    <svg width="14" height="14" viewBox="0 0 14 14" className={styles.legendSymbol} aria-hidden="true">
      <path d={SHAPE[kind]} fill={PIN_COLOR[kind]} />
    </svg>
  );
}

/** An area kind's key: a filled outline for areas, a bar for lines, dashed for front lines. */
function AreaSymbol({ kind }: { kind: AreaKind }) {
  const style = { "--area-color": AREA_COLOR[kind] } as CSSProperties;
  return kindFitsGeometry(kind, "Polygon") ? (
    <span className={styles.legendArea} style={style} aria-hidden="true" />
  ) : (
    <span className={styles.legendLine} style={style} data-dashed={kind === "front"} aria-hidden="true" />
  );
}

interface MapLegendProps {
  /**
   * The time window (null without one), the card filter in words ("" without one) and what they
   * leave in view; null with neither.
   */
  window: { range: TimeWindow | null; filter: string; inView: number; total: number; outside: OutsideMode; onOutside(mode: OutsideMode): void } | null;
  /** The card filter's controls, offered under the map as on the timeline. */
  filters?: ReactNode;
}

const count = (n: number) => n.toLocaleString("en");

export function MapLegend({ window, filters }: MapLegendProps) {
  return (
    <div className={styles.legend} data-testid="map-legend">
      <ul aria-label="Legend">
        {PIN_KINDS.map((kind) => (
          <li key={kind}>
            <KindSymbol kind={kind} />
            {KIND_LABEL[kind]}
          </li>
        ))}
        <li>
          <span className={styles.legendHalo} aria-hidden="true" /> near
        </li>
        {AREA_KINDS.map((kind) => (
          <li key={kind}>
            <AreaSymbol kind={kind} />
            {AREA_KIND_LABELS[kind]}
          </li>
        ))}
      </ul>
      {filters}
      {window ? (
        <div className={styles.windowLegend} data-testid="window-legend">
          <span>
            {[window.range && `Window ${window.range.start} – ${window.range.end}`, window.filter && `Filter ${window.filter}`].filter(Boolean).join("; ")}:{" "}
            <strong>{count(window.inView)}</strong> of {count(window.total)} pins in view
          </span>
          <label>
            outside it{" "}
            <select aria-label="Pins outside the window" value={window.outside} onChange={(event) => window.onOutside(event.target.value as OutsideMode)}>
              <option value="faint">faint</option>
              <option value="hidden">hidden</option>
            </select>
          </label>
        </div>
      ) : null}
    </div>
  );
}

/** Credits for the offline data, shown in the map's attribution control. */
export const MAP_CREDITS = '© <a href="https://www.naturalearthdata.com/">Natural Earth</a> · Places © <a href="https://www.geonames.org/">GeoNames</a> (CC-BY 4.0)';
