"use client";

import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type PointerEvent } from "react";
import type { TimeWindow } from "@/components/board/boardUi";
import { dayNumber, formatWhen, isoFromDayNumber, whenBounds } from "@/lib/board/dates";
import { densityBuckets, DENSITY_FROM, laneOf, middleDay, packRows, ticksFor, zoomDomain, type Density, type Domain, type LaneMode } from "./axis";
import { useRovingFocus } from "@/components/ui/useRovingFocus";
import styles from "./TimeAxis.module.css";
import type { TimelineEntry } from "./useTimeline";

interface TimeAxisProps {
  entries: readonly TimelineEntry[];
  domain: Domain;
  onDomain(domain: Domain): void;
  laneMode: LaneMode;
  selectedId: string | null;
  highlighted: ReadonlySet<string>;
  timeWindow: TimeWindow | null;
  onWindow(window: TimeWindow | null): void;
  onSelect(cardId: string): void;
}

const TICK_HEIGHT = 22;
const BRUSH_HEIGHT = 22;
const ROW_HEIGHT = 14;
const LANE_PADDING = 8;
const LANE_LABEL = 18;
/** The tallest bar of a lane's histogram. */
const DENSITY_HEIGHT = 36;

interface Mark {
  entry: TimelineEntry;
  x0: number;
  x1: number;
  point: boolean;
  row: number;
}

interface Lane {
  name: string;
  top: number;
  height: number;
  /** The cards in view, one mark each; empty when the lane shows its density. */
  marks: Mark[];
  /** Cards per stretch of time when too many are in view to draw one by one; null otherwise. */
  density: Density | null;
  /** Cards in the lane, in view or not. */
  count: number;
}

/**
 * The cards on a horizontal time axis, one lane per tag or actor. A date known to the day is a
 * point; a month, a year or a range is a bar over every day it may be; an approximate date is a
 * bar that fades at both ends. Wheel or +/− zooms (years to days), dragging pans, dragging on the
 * strip below (or Shift+drag anywhere) draws the time window. Keyboard: Tab reaches the axis,
 * ←/→ pan, +/− zoom; Tab again reaches the selected (or first) card, where ←/→ (or ↑/↓) move to
 * the previous or next card, Home/End the first and last, and Enter or Space selects it.
 */
export function TimeAxis({ entries, domain, onDomain, laneMode, selectedId, highlighted, timeWindow, onWindow, onSelect }: TimeAxisProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const [width, setWidth] = useState(600);
  const drag = useRef<{ kind: "pan" | "brush"; startX: number; domain: Domain } | null>(null);
  const [brushDraft, setBrushDraft] = useState<{ a: number; b: number } | null>(null);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const observer = new ResizeObserver(([entry]) => setWidth(Math.max(200, entry.contentRect.width)));
    observer.observe(svg);
    return () => observer.disconnect();
  }, []);

  const span = domain.end - domain.start;
  const x = useCallback((day: number) => ((day - domain.start) / (domain.end - domain.start)) * width, [domain, width]);
  const dayAt = (px: number) => domain.start + (px / width) * span;

  // The wheel zooms the axis, not the page: React's wheel listeners are passive and cannot stop the scroll.
  const latest = useRef({ domain, onDomain, dayAt });
  useEffect(() => {
    latest.current = { domain, onDomain, dayAt };
  });
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const { domain: d, onDomain: set, dayAt: at } = latest.current;
      const px = event.clientX - svg.getBoundingClientRect().left;
      set(zoomDomain(d, event.deltaY > 0 ? 1.2 : 1 / 1.2, at(px)));
    };
    svg.addEventListener("wheel", onWheel, { passive: false });
    return () => svg.removeEventListener("wheel", onWheel);
  }, []);

  const lanes = useMemo(() => {
    const groups = new Map<string, TimelineEntry[]>();
    for (const entry of entries) {
      const lane = laneOf(entry.card, entry.pins, laneMode);
      const group = groups.get(lane);
      if (group) group.push(entry);
      else groups.set(lane, [entry]);
    }
    let top = TICK_HEIGHT;
    return [...groups.entries()].map(([name, group]): Lane => {
      // Only the cards in view are drawn; past DENSITY_FROM of them, the lane is a histogram.
      const inView = group.filter((entry) => {
        const bounds = whenBounds(entry.card.when);
        return dayNumber(bounds.end) + 1 >= domain.start && dayNumber(bounds.start) <= domain.end;
      });
      if (inView.length > DENSITY_FROM) {
        const density = densityBuckets(group.map((entry) => middleDay(entry.card)), domain, width);
        const lane: Lane = { name, top, height: LANE_LABEL + DENSITY_HEIGHT + LANE_PADDING, marks: [], density, count: group.length };
        top += lane.height;
        return lane;
      }
      const spans = inView.map((entry) => {
        const bounds = whenBounds(entry.card.when);
        const point = entry.card.when.precision === "day" && bounds.start === bounds.end;
        const x0 = x(dayNumber(bounds.start));
        const x1 = x(dayNumber(bounds.end) + 1);
        return point ? { entry, point, x0: (x0 + x1) / 2 - 5, x1: (x0 + x1) / 2 + 5 } : { entry, point, x0, x1: Math.max(x1, x0 + 6) };
      });
      const rows = packRows(spans, 2);
      const marks: Mark[] = spans.map((s, i) => ({ ...s, row: rows[i] }));
      const height = LANE_LABEL + (Math.max(0, ...rows) + 1) * ROW_HEIGHT + LANE_PADDING;
      const lane: Lane = { name, top, height, marks, density: null, count: group.length };
      top += height;
      return lane;
    });
  }, [entries, laneMode, x, domain, width]);

  const plotBottom = lanes.length > 0 ? lanes[lanes.length - 1].top + lanes[lanes.length - 1].height : TICK_HEIGHT + 40;
  const height = plotBottom + BRUSH_HEIGHT;
  const ticks = ticksFor(domain, Math.max(2, Math.floor(width / 70)));
  const order = useMemo(() => entries.map((e) => e.card.id), [entries]);
  /** A card moved to by keyboard that is drawn only once the axis has panned to it. */
  const pendingFocus = useRef<string | null>(null);
  const focusMark = useCallback(
    (id: string) => {
      const mark = svgRef.current?.querySelector<SVGGElement>(`[data-card-id="${CSS.escape(id)}"]`);
      if (mark) mark.focus();
      else pendingFocus.current = id;
      const day = dayNumber(whenBounds(entries.find((e) => e.card.id === id)!.card.when).start);
      if (day < domain.start || day > domain.end) onDomain({ start: day - span / 2, end: day + span / 2 });
    },
    [entries, domain, span, onDomain],
  );
  useEffect(() => {
    const id = pendingFocus.current;
    const mark = id ? svgRef.current?.querySelector<SVGGElement>(`[data-card-id="${CSS.escape(id)}"]`) : null;
    if (mark) {
      pendingFocus.current = null;
      mark.focus();
    }
  });
  // One tab stop for all the cards (a roving tabindex): Tab moves past the axis, arrows move within it.
  const roving = useRovingFocus({ ids: order, selected: selectedId, orientation: "horizontal", focus: focusMark });
  const drawn = useMemo(() => new Set(lanes.flatMap((lane) => lane.marks.map((mark) => mark.entry.card.id))), [lanes]);
  // A card out of view has no mark: the first one drawn holds the stop instead.
  const tabStop = roving.tabStop !== undefined && drawn.has(roving.tabStop) ? roving.tabStop : order.find((id) => drawn.has(id));

  function pointerX(event: PointerEvent) {
    return event.clientX - svgRef.current!.getBoundingClientRect().left;
  }

  function handlePointerDown(event: PointerEvent<SVGRectElement>, kind: "pan" | "brush") {
    event.currentTarget.setPointerCapture(event.pointerId);
    drag.current = { kind: event.shiftKey ? "brush" : kind, startX: pointerX(event), domain };
  }

  function handlePointerMove(event: PointerEvent<SVGRectElement>) {
    const current = drag.current;
    if (!current) return;
    const px = pointerX(event);
    if (current.kind === "pan") {
      const shift = ((px - current.startX) / width) * (current.domain.end - current.domain.start);
      onDomain({ start: current.domain.start - shift, end: current.domain.end - shift });
    } else {
      setBrushDraft({ a: current.startX, b: px });
    }
  }

  function handlePointerUp() {
    const current = drag.current;
    drag.current = null;
    if (current?.kind !== "brush" || !brushDraft) return;
    setBrushDraft(null);
    const [a, b] = [brushDraft.a, brushDraft.b].sort((m, n) => m - n);
    if (b - a < 3) {
      onWindow(null);
      return;
    }
    onWindow({ start: isoFromDayNumber(Math.floor(dayAt(a))), end: isoFromDayNumber(Math.floor(dayAt(b))) });
  }

  function handleAxisKey(event: KeyboardEvent<SVGSVGElement>) {
    if (event.target !== event.currentTarget) return;
    const step = span * 0.1;
    const keys: Record<string, () => Domain> = {
      ArrowLeft: () => ({ start: domain.start - step, end: domain.end - step }),
      ArrowRight: () => ({ start: domain.start + step, end: domain.end + step }),
      "+": () => zoomDomain(domain, 1 / 1.5, (domain.start + domain.end) / 2),
      "=": () => zoomDomain(domain, 1 / 1.5, (domain.start + domain.end) / 2),
      "-": () => zoomDomain(domain, 1.5, (domain.start + domain.end) / 2),
    };
    if (keys[event.key]) {
      event.preventDefault();
      onDomain(keys[event.key]());
    }
  }

  const markOf = (target: EventTarget) => (target instanceof Element ? target.closest<SVGGElement>("[data-card-id]")?.dataset.cardId : undefined);

  function handleMarksClick(event: MouseEvent<SVGGElement>) {
    const cardId = markOf(event.target);
    if (cardId) onSelect(cardId);
  }

  function handleMarksKey(event: KeyboardEvent<SVGGElement>) {
    const cardId = markOf(event.target);
    if (cardId) handleMarkKey(event, cardId);
  }

  function handleMarkKey(event: KeyboardEvent<SVGGElement>, cardId: string) {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(cardId);
      return;
    }
    roving.onKey(event, cardId);
  }

  // The marks do not depend on the time window (outside it is shaded over them), so a window
  // change, and every frame of playback, redraws two rectangles rather than every card.
  const marks = useMemo(
    () =>
      lanes.map((lane) => (
        <g key={lane.name} data-testid="axis-lane" data-lane={lane.name} data-mode={lane.density ? "density" : "marks"}>
            <line className={styles.laneRule} x1={0} x2={width} y1={lane.top} y2={lane.top} />
            <text className={styles.laneName} x={4} y={lane.top + 12}>
              {lane.density ? `${lane.name} · ${lane.count.toLocaleString("en")} cards, zoom in for each` : lane.name}
            </text>
            {lane.density && <DensityBars density={lane.density} top={lane.top + LANE_LABEL} x={x} />}
            {lane.marks.map(({ entry, x0, x1, point, row }) => {
              const { card } = entry;
              const y = lane.top + LANE_LABEL + row * ROW_HEIGHT;
              const selected = card.id === selectedId;
              return (
                <g
                  key={card.id}
                  role="button"
                  tabIndex={card.id === tabStop ? 0 : -1}
                  aria-pressed={selected}
                  aria-label={`${formatWhen(card.when)}: ${card.title}`}
                  data-card-id={card.id}
                  data-highlighted={highlighted.has(card.id) || undefined}
                  className={`${styles.mark} ${selected ? styles.selected : ""} ${highlighted.has(card.id) ? styles.highlighted : ""}`}
                >
                  <title>{`${formatWhen(card.when)} · ${card.title}`}</title>
                  {point ? (
                    <circle cx={(x0 + x1) / 2} cy={y + 5} r={5} />
                  ) : (
                    <rect x={x0} y={y} width={x1 - x0} height={10} rx={3} fill={card.when.precision === "approx" ? "url(#fuzzy)" : undefined} className={card.when.precision === "approx" ? styles.fuzzy : styles.span} />
                  )}
                </g>
              );
            })}
          </g>
        )),
    [lanes, width, x, selectedId, highlighted, tabStop],
  );
  const outsideWindow = timeWindow
    ? [
        { key: "before", x: 0, w: Math.max(0, x(dayNumber(timeWindow.start))) },
        { key: "after", x: Math.max(0, x(dayNumber(timeWindow.end) + 1)), w: Math.max(0, width - x(dayNumber(timeWindow.end) + 1)) },
      ].filter((rect) => rect.w > 0 && rect.x < width)
    : [];

  const windowRect = brushDraft
    ? { x: Math.min(brushDraft.a, brushDraft.b), w: Math.abs(brushDraft.b - brushDraft.a) }
    : timeWindow
      ? { x: x(dayNumber(timeWindow.start)), w: x(dayNumber(timeWindow.end) + 1) - x(dayNumber(timeWindow.start)) }
      : null;

  return (
    <svg
      ref={svgRef}
      className={styles.axis}
      width="100%"
      height={height}
      role="group"
      aria-label="Time axis: arrow keys pan, plus and minus zoom"
      tabIndex={0}
      onKeyDown={handleAxisKey}
      data-testid="time-axis"
    >
      <defs>
        <linearGradient id="fuzzy" x1="0" x2="1" y1="0" y2="0">
          <stop offset="0" stopColor="#1a73e8" stopOpacity="0.05" />
          <stop offset="0.3" stopColor="#1a73e8" stopOpacity="0.55" />
          <stop offset="0.7" stopColor="#1a73e8" stopOpacity="0.55" />
          <stop offset="1" stopColor="#1a73e8" stopOpacity="0.05" />
        </linearGradient>
      </defs>
      <rect className={styles.plot} x={0} y={0} width={width} height={plotBottom} onPointerDown={(e) => handlePointerDown(e, "pan")} onPointerMove={handlePointerMove} onPointerUp={handlePointerUp} />
      {ticks.map((tick) => (
        <g key={tick.day} className={styles.tick} transform={`translate(${x(tick.day)},0)`}>
          <line y1={TICK_HEIGHT - 4} y2={plotBottom} />
          <text x={3} y={12}>
            {tick.label}
          </text>
        </g>
      ))}
      {windowRect && <rect className={styles.window} x={windowRect.x} y={TICK_HEIGHT} width={Math.max(1, windowRect.w)} height={height - TICK_HEIGHT} pointerEvents="none" />}
      {/* One listener for every mark: the marks themselves stay memoised. */}
      <g onClick={handleMarksClick} onKeyDown={handleMarksKey} onFocus={(event) => markOf(event.target) && roving.onFocusItem(markOf(event.target)!)}>
        {marks}
      </g>
      {outsideWindow.map((rect) => (
        <rect key={rect.key} className={styles.outside} x={rect.x} y={TICK_HEIGHT} width={rect.w} height={plotBottom - TICK_HEIGHT} pointerEvents="none" />
      ))}
      <rect
        className={styles.brush}
        x={0}
        y={plotBottom}
        width={width}
        height={BRUSH_HEIGHT}
        data-testid="time-brush"
        onPointerDown={(e) => handlePointerDown(e, "brush")}
        onPointerMove={handlePointerMove}
        onPointerUp={handlePointerUp}
      />
      <text className={styles.brushHint} x={width / 2} y={plotBottom + 15} textAnchor="middle" pointerEvents="none">
        drag here to choose a time window
      </text>
    </svg>
  );
}

/** A lane's histogram: a bar per stretch of time, as tall as its share of the busiest one. */
function DensityBars({ density, top, x }: { density: Density; top: number; x: (day: number) => number }) {
  const busiest = Math.max(1, ...density.counts);
  return (
    <g className={styles.density} data-testid="axis-density">
      {density.counts.map((count, i) => {
        if (count === 0) return null;
        const start = density.first + i * density.days;
        const height = Math.max(2, (count / busiest) * DENSITY_HEIGHT);
        const label = density.days === 1 ? formatWhen({ start: isoFromDayNumber(start), precision: "day" }) : `${formatWhen({ start: isoFromDayNumber(start), end: isoFromDayNumber(start + density.days - 1), precision: "day" })}`;
        return (
          <rect key={start} x={x(start)} y={top + DENSITY_HEIGHT - height} width={Math.max(1, x(start + density.days) - x(start) - 1)} height={height}>
            <title>{`${count} ${count === 1 ? "card" : "cards"}, ${label}`}</title>
          </rect>
        );
      })}
    </g>
  );
}
