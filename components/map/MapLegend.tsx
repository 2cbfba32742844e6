"use client";
/** What the symbols mean, and whose data the map draws. */
import { PIN_KINDS, type Pin } from "@/lib/board/schema";
import styles from "./MapPanel.module.css";
import { KIND_LABEL, PIN_COLOR } from "./pinSymbols";

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

export function MapLegend({ dimming }: { dimming: boolean }) {
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
      </ul>
      {dimming ? <p>Faded: outside the time window</p> : null}
    </div>
  );
}

/** Credits for the offline data, shown in the map's attribution control. */
export const MAP_CREDITS = '© <a href="https://www.naturalearthdata.com/">Natural Earth</a> · Places © <a href="https://www.geonames.org/">GeoNames</a> (CC-BY 4.0)';
