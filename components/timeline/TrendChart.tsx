"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { formatWhen, isoFromDayNumber } from "@/lib/board/dates";
import { LANE_MODES, ticksFor, type LaneMode } from "./axis";
import styles from "./TrendChart.module.css";
import { BAMAKO, describeTrend, MIN_TREND_EVENTS, niceTicks, trendSeries, type Measure, type TrendSeries } from "./trend";
import type { TimelineEntry } from "./useTimeline";

const HEIGHT = 190;
const PAD = { left: 46, right: 10, top: 10, bottom: 34 };
const COLORS = ["#1a73e8", "#d93025", "#188038", "#f29900", "#9334e6", "#00838f"];
/** More series than this would turn the chart into noise; the biggest groups are drawn. */
const MAX_SERIES = 5;
/** Rows the table shows at most; the exports hold every event. */
const MAX_TABLE_ROWS = 500;

const number = (n: number, digits: number) => n.toLocaleString("en", { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Where events happened against when, per tag, actor or event type (as the timeline's lanes): latitude (north up) or distance from Bamako, with
 * each tag's fitted line, its slope per year with a 95 % confidence interval, R² and the number of
 * events, so "is it shifting south?" can be read off, and "too few events to fit a trend" below
 * `MIN_TREND_EVENTS`. The points (thousands of them) are drawn on a canvas; axes, ticks and lines
 * are SVG above it.
 */
export function TrendChart({ entries, by = "tag" }: { entries: readonly TimelineEntry[]; by?: LaneMode }) {
  const [measureKind, setMeasureKind] = useState<Measure["kind"]>("latitude");
  const [asTable, setAsTable] = useState(false);
  const [box, setBox] = useState<HTMLDivElement | null>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [width, setWidth] = useState(360);
  const series = useMemo(() => {
    const measure: Measure = measureKind === "latitude" ? { kind: "latitude" } : { kind: "distance", from: BAMAKO };
    return trendSeries(entries, measure, by).slice(0, MAX_SERIES);
  }, [entries, measureKind, by]);
  const noun = LANE_MODES.find((lane) => lane.mode === by)?.noun ?? "tag";

  const scale = useMemo(() => {
    let [d0, d1, v0, v1] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const s of series) {
      for (const p of s.points) {
        [d0, d1] = [Math.min(d0, p.day), Math.max(d1, p.day)];
        [v0, v1] = [Math.min(v0, p.value), Math.max(v1, p.value)];
      }
    }
    const dSpan = Math.max(1, d1 - d0);
    const vPad = Math.max(0.05, (v1 - v0) * 0.05);
    return { d0, d1: d0 + dSpan, v0: v0 - vPad, v1: v1 + vPad };
  }, [series]);
  const x = (day: number) => PAD.left + ((day - scale.d0) / (scale.d1 - scale.d0)) * (width - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + (1 - (value - scale.v0) / (scale.v1 - scale.v0)) * (HEIGHT - PAD.top - PAD.bottom);
  const points = series.reduce((n, s) => n + s.points.length, 0);

  useEffect(() => {
    if (!box) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(240, Math.round(entry.contentRect.width))));
    observer.observe(box);
    return () => observer.disconnect();
  }, [box]);

  // The points on the canvas: one path per series, however many thousand points.
  useEffect(() => {
    const canvas = canvasRef.current;
    const context = canvas?.getContext("2d");
    if (!canvas || !context) return;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = width * ratio;
    canvas.height = HEIGHT * ratio;
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, width, HEIGHT);
    const radius = points > 2000 ? 1.2 : points > 300 ? 1.8 : 2.5;
    context.globalAlpha = points > 2000 ? 0.35 : 0.6;
    series.forEach((s, index) => {
      context.fillStyle = COLORS[index % COLORS.length];
      context.beginPath();
      for (const p of s.points) {
        const px = PAD.left + ((p.day - scale.d0) / (scale.d1 - scale.d0)) * (width - PAD.left - PAD.right);
        const py = PAD.top + (1 - (p.value - scale.v0) / (scale.v1 - scale.v0)) * (HEIGHT - PAD.top - PAD.bottom);
        context.moveTo(px + radius, py);
        context.arc(px, py, radius, 0, Math.PI * 2);
      }
      context.fill();
    });
  }, [series, scale, width, points]);

  if (points < 2) {
    return <p className={styles.empty}>The trend appears once two or more cards are linked to pins.</p>;
  }
  const latitude = measureKind === "latitude";
  const unit = latitude ? "°" : " km";
  const digits = latitude ? 2 : 0;
  const xTicks = ticksFor({ start: scale.d0, end: scale.d1 }, Math.max(2, Math.floor((width - PAD.left) / 70)));
  const yTicks = niceTicks(scale.v0, scale.v1, 4);
  const plotBottom = HEIGHT - PAD.bottom;
  const measureLabel = latitude ? "Latitude (° north)" : `Distance from ${BAMAKO.name} (km)`;

  return (
    <figure className={styles.figure} data-testid="trend-chart">
      <figcaption className={styles.caption}>
        <label>
          Trend of{" "}
          <select aria-label="Trend measure" value={measureKind} onChange={(e) => setMeasureKind(e.target.value as Measure["kind"])}>
            <option value="latitude">latitude (north is up)</option>
            <option value="distance">distance from {BAMAKO.name}</option>
          </select>
        </label>{" "}
        <span className={styles.count}>{points.toLocaleString("en")} events</span>{" "}
        <button type="button" className={styles.tableToggle} aria-expanded={asTable} onClick={() => setAsTable((shown) => !shown)}>
          {asTable ? "Hide table" : "Show as table"}
        </button>
      </figcaption>
      {asTable && <TrendTable entries={entries} series={series} noun={noun} measureLabel={measureLabel} digits={digits} />}
      <div ref={setBox} className={styles.plot} style={{ height: HEIGHT }}>
        <canvas ref={canvasRef} className={styles.canvas} style={{ width, height: HEIGHT }} aria-hidden="true" />
        <svg width={width} height={HEIGHT} className={styles.chart} role="img" aria-label={`${measureLabel} of events over time, per ${noun}, with fitted trends`}>
          <defs>
            <clipPath id="trend-plot">
              <rect x={PAD.left} y={PAD.top} width={width - PAD.left - PAD.right} height={plotBottom - PAD.top} />
            </clipPath>
          </defs>
          <line className={styles.axisLine} x1={PAD.left} x2={width - PAD.right} y1={plotBottom} y2={plotBottom} />
          <line className={styles.axisLine} x1={PAD.left} x2={PAD.left} y1={PAD.top} y2={plotBottom} />
          {xTicks.map((tick) => (
            <g key={tick.day} transform={`translate(${x(tick.day)},${plotBottom})`}>
              <line className={styles.tick} y2={4} />
              <text className={styles.label} y={14} textAnchor="middle">
                {tick.label}
              </text>
            </g>
          ))}
          {yTicks.map((value) => (
            <g key={value} transform={`translate(${PAD.left},${y(value)})`}>
              <line className={styles.grid} x2={width - PAD.left - PAD.right} />
              <text className={styles.label} x={-4} y={3} textAnchor="end">
                {number(value, latitude && yTicks.length > 1 && yTicks[1] - yTicks[0] < 1 ? 1 : 0)}
              </text>
            </g>
          ))}
          <text className={styles.axisTitle} x={(PAD.left + width - PAD.right) / 2} y={HEIGHT - 4} textAnchor="middle">
            Date of the event ({isoFromDayNumber(scale.d0).slice(0, 4)}–{isoFromDayNumber(scale.d1).slice(0, 4)})
          </text>
          <text className={styles.axisTitle} transform={`translate(11,${(PAD.top + plotBottom) / 2}) rotate(-90)`} textAnchor="middle">
            {measureLabel}
          </text>
          {series.map((s, index) =>
            s.slopePerYear !== null ? (
              <line
                key={s.group}
                style={{ color: COLORS[index % COLORS.length] }}
                x1={x(scale.d0)}
                x2={x(scale.d1)}
                y1={y(s.at(scale.d0))}
                y2={y(s.at(scale.d1))}
                className={styles.fit}
                clipPath="url(#trend-plot)"
              />
            ) : null,
          )}
        </svg>
      </div>
      <ul className={styles.legend} aria-label={`Trend per ${noun}`}>
        {series.map((s, index) => (
          <li key={s.group} style={{ color: COLORS[index % COLORS.length] }} data-testid="trend-series">
            <span className={styles.swatch} />
            <span className={styles.legendText}>
              <strong>{s.group}</strong> {describeTrend(s, unit, digits)}
            </span>
          </li>
        ))}
      </ul>
      <p className={styles.note}>Lines are least-squares fits; a {noun} with fewer than {MIN_TREND_EVENTS} events (or three dates) gets none.</p>
    </figure>
  );
}

/**
 * The chart's points as a table, for people who cannot see the chart or want the figures: one row
 * per event and series, in date order, each with its card's own date.
 */
function TrendTable({
  entries,
  series,
  noun,
  measureLabel,
  digits,
}: {
  entries: readonly TimelineEntry[];
  series: readonly TrendSeries[];
  noun: string;
  measureLabel: string;
  digits: number;
}) {
  const cards = useMemo(() => new Map(entries.map(({ card }) => [card.id, card])), [entries]);
  const rows = useMemo(
    () => series.flatMap((s) => s.points.map((p) => ({ ...p, group: s.group }))).sort((a, b) => a.day - b.day || a.group.localeCompare(b.group)),
    [series],
  );
  const shown = rows.slice(0, MAX_TABLE_ROWS);
  return (
    // Scrolls on its own: focusable so the keyboard can scroll it too.
    <div className={styles.tableBox} role="region" aria-label="Trend as a table" tabIndex={0}>
      <table className={styles.table} data-testid="trend-table">
        <caption>
          {measureLabel} per event{rows.length > shown.length ? ` (the first ${shown.length.toLocaleString("en")} of ${rows.length.toLocaleString("en")}; the exports hold every event)` : ""}
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Card</th>
            <th scope="col">{noun.slice(0, 1).toUpperCase() + noun.slice(1)}</th>
            <th scope="col">{measureLabel}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => {
            const card = cards.get(row.cardId);
            return (
              <tr key={`${row.cardId}\n${row.group}`}>
                <td>{card ? formatWhen(card.when) : isoFromDayNumber(row.day)}</td>
                <td>{card?.title ?? ""}</td>
                <td>{row.group}</td>
                <td>{number(row.value, digits)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
