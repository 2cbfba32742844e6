"use client";

import { useMemo, useState } from "react";
import { isoFromDayNumber } from "@/lib/board/dates";
import styles from "./TrendChart.module.css";
import { BAMAKO, trendSeries, type Measure } from "./trend";
import type { TimelineEntry } from "./useTimeline";

const WIDTH = 360;
const HEIGHT = 150;
const PAD = { left: 38, right: 8, top: 8, bottom: 20 };
const COLORS = ["#1a73e8", "#d93025", "#188038", "#f29900", "#9334e6", "#00838f"];
/** More series than this would turn the chart into noise; the biggest tags are drawn. */
const MAX_SERIES = 5;

/**
 * Where events happened against when, per tag: latitude (north up) or distance from Bamako, with
 * each tag's fitted line and its slope per year, so "is it shifting south?" can be read off.
 */
export function TrendChart({ entries }: { entries: readonly TimelineEntry[] }) {
  const [measureKind, setMeasureKind] = useState<Measure["kind"]>("latitude");
  const series = useMemo(() => {
    const measure: Measure = measureKind === "latitude" ? { kind: "latitude" } : { kind: "distance", from: BAMAKO };
    return trendSeries(entries, measure).slice(0, MAX_SERIES);
  }, [entries, measureKind]);
  const points = series.flatMap((s) => s.points);
  if (points.length < 2) {
    return <p className={styles.empty}>The trend appears once two or more cards are linked to pins.</p>;
  }
  const days = points.map((p) => p.day);
  const values = points.map((p) => p.value);
  const [d0, d1] = [Math.min(...days), Math.max(...days) || 1];
  const [v0, v1] = [Math.min(...values), Math.max(...values)];
  const dSpan = Math.max(1, d1 - d0);
  const vSpan = Math.max(0.1, v1 - v0);
  const x = (day: number) => PAD.left + ((day - d0) / dSpan) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (value - v0) / vSpan) * (HEIGHT - PAD.top - PAD.bottom);
  const unit = measureKind === "latitude" ? "°" : " km";

  return (
    <figure className={styles.figure} data-testid="trend-chart">
      <figcaption className={styles.caption}>
        <label>
          Trend of{" "}
          <select aria-label="Trend measure" value={measureKind} onChange={(e) => setMeasureKind(e.target.value as Measure["kind"])}>
            <option value="latitude">latitude (north is up)</option>
            <option value="distance">distance from {BAMAKO.name}</option>
          </select>
        </label>
      </figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="xMinYMid meet" className={styles.chart} role="img" aria-label={`Events' ${measureKind === "latitude" ? "latitude" : "distance from Bamako"} over time, per tag`}>
        <defs>
          <clipPath id="trend-plot">
            <rect x={PAD.left} y={PAD.top} width={WIDTH - PAD.left - PAD.right} height={HEIGHT - PAD.top - PAD.bottom} />
          </clipPath>
        </defs>
        <line className={styles.axisLine} x1={PAD.left} x2={WIDTH - PAD.right} y1={HEIGHT - PAD.bottom} y2={HEIGHT - PAD.bottom} />
        <text className={styles.label} x={PAD.left} y={HEIGHT - 6}>{isoFromDayNumber(d0).slice(0, 7)}</text>
        <text className={styles.label} x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">{isoFromDayNumber(d1).slice(0, 7)}</text>
        <text className={styles.label} x={PAD.left - 4} y={PAD.top + 8} textAnchor="end">{`${v1.toFixed(measureKind === "latitude" ? 1 : 0)}${unit}`}</text>
        <text className={styles.label} x={PAD.left - 4} y={HEIGHT - PAD.bottom} textAnchor="end">{`${v0.toFixed(measureKind === "latitude" ? 1 : 0)}${unit}`}</text>
        {series.map((s, index) => (
          <g key={s.tag} style={{ color: COLORS[index % COLORS.length] }}>
            {s.points.map((p) => (
              <circle key={`${p.cardId}-${p.day}`} cx={x(p.day)} cy={y(p.value)} r={2.5} className={styles.point} />
            ))}
            {s.slopePerYear !== null && <line x1={x(d0)} x2={x(d1)} y1={y(s.at(d0))} y2={y(s.at(d1))} className={styles.fit} clipPath="url(#trend-plot)" />}
          </g>
        ))}
      </svg>
      <ul className={styles.legend}>
        {series.map((s, index) => (
          <li key={s.tag} style={{ color: COLORS[index % COLORS.length] }} data-testid="trend-series">
            <span className={styles.swatch} />
            {s.tag}: {s.points.length} {s.points.length === 1 ? "event" : "events"}
            {s.slopePerYear !== null && `, ${s.slopePerYear > 0 ? "+" : ""}${s.slopePerYear.toFixed(measureKind === "latitude" ? 2 : 0)}${unit} per year`}
          </li>
        ))}
      </ul>
    </figure>
  );
}

