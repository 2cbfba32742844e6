"use client";

import { useEffect, useId, useState, type KeyboardEvent } from "react";
import type { TimeWindow } from "@/components/board/boardUi";
import { playMotion, prefersReducedMotion } from "@/components/ui/motion";
import { addDays, dayNumber, formatWhen, formatWindow, isoFromDayNumber, parseWhen, whenBounds, type NumericDateOrder } from "@/lib/board/dates";
import { playWindows, type Domain } from "./axis";
import styles from "./TimelinePane.module.css";

interface WindowControlsProps {
  timeWindow: TimeWindow | null;
  onWindow(window: TimeWindow | null): void;
  /** The span of the axis, which a typed date without a window starts from. */
  extent: Domain;
  /** The first and last day of the evidence, which playing sweeps across; null without cards. */
  evidence: Domain | null;
  /** How the board reads a numeric date both orders make sense of (its setting). */
  numericOrder: NumericDateOrder;
}

/**
 * The time window typed as dates (the keyboard's way to do what the brush does), and a play
 * button that slides the window across the evidence so map and list animate through time. Playing
 * stops with the window's end on the last event; it never slides past it.
 */
export function WindowControls({ timeWindow, onWindow, extent, evidence, numericOrder }: WindowControlsProps) {
  /** The windows still to show and how often; null when paused. */
  const [playing, setPlaying] = useState<{ frames: Domain[]; frameMs: number } | null>(null);
  const wordsId = useId();

  function play() {
    if (!evidence) return;
    // Without a window, play a sixth of the evidence at a time; at the end, start again.
    const total = evidence.end - evidence.start;
    const width = timeWindow ? dayNumber(timeWindow.end) - dayNumber(timeWindow.start) : Math.max(7, Math.round(total / 6));
    const resume = timeWindow && dayNumber(timeWindow.end) < evidence.end ? dayNumber(timeWindow.start) : evidence.start;
    const motion = playMotion(prefersReducedMotion(), width + 1);
    setPlaying({ frames: playWindows(evidence, width, resume, motion.stepDays), frameMs: motion.frameMs });
  }

  useEffect(() => {
    if (!playing) return;
    const { frames, frameMs } = playing;
    let frame = 0;
    const show = () => onWindow({ start: isoFromDayNumber(frames[frame].start), end: isoFromDayNumber(frames[frame].end) });
    show();
    const timer = setInterval(() => {
      frame += 1;
      if (frame >= frames.length) {
        clearInterval(timer);
        setPlaying(null);
        return;
      }
      show();
    }, frameMs);
    return () => clearInterval(timer);
  }, [playing, onWindow]);

  // A start typed after the end (or an end before the start) moves the whole window there, as wide as it was.
  const set = (key: keyof TimeWindow, value: string) => {
    const current = { start: timeWindow?.start ?? isoFromDayNumber(extent.start), end: timeWindow?.end ?? isoFromDayNumber(extent.end) };
    const width = dayNumber(current.end) - dayNumber(current.start);
    const next = { ...current, [key]: value };
    if (next.start <= next.end) onWindow(next);
    else onWindow(key === "start" ? { start: value, end: addDays(value, width) } : { start: addDays(value, -width), end: value });
  };

  return (
    <div className={styles.window} role="group" aria-label="Time window">
      <WindowDate label="From" name="Window from" edge="start" value={timeWindow?.start ?? ""} numericOrder={numericOrder} describedBy={wordsId} onDate={(day) => set("start", day)} />
      <WindowDate label="to" name="Window to" edge="end" value={timeWindow?.end ?? ""} numericOrder={numericOrder} describedBy={wordsId} onDate={(day) => set("end", day)} />
      <span id={wordsId} className={styles.windowWords} data-testid="window-words">
        {timeWindow ? formatWindow(timeWindow) : "All dates"}
      </span>
      <button type="button" onClick={() => (playing ? setPlaying(null) : play())} aria-pressed={playing !== null} disabled={!evidence}>
        {playing ? "Pause" : "Play"}
      </button>
      {timeWindow && (
        <button
          type="button"
          onClick={() => {
            setPlaying(null);
            onWindow(null);
          }}
        >
          All dates
        </button>
      )}
    </div>
  );
}

interface WindowDateProps {
  label: string;
  /** The field's accessible name. */
  name: string;
  /** Which end of a typed period counts: "Feb 2019" starts a window on the 1st and ends it on the 28th. */
  edge: "start" | "end";
  /** The window's day (`YYYY-MM-DD`), or "" without a window. */
  value: string;
  numericOrder: NumericDateOrder;
  describedBy: string;
  onDate(day: string): void;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * One end of the window as text, read by the board's own date reader ("2019-02-01", "1 Feb 2019",
 * "Feb 2019", "01/02/2019" in the board's order) rather than a date picker, whose digits follow
 * the browser's locale (mm/dd/yyyy in the US). A full ISO day applies as it is typed; anything
 * else on Enter or on leaving the field. What was read is said in words next to the fields.
 */
function WindowDate({ label, name, edge, value, numericOrder, describedBy, onDate }: WindowDateProps) {
  /** What the person is typing; null shows the window's own day. */
  const [draft, setDraft] = useState<string | null>(null);
  const problemId = useId();
  const reading = draft === null || draft.trim() === "" ? null : parseWhen(draft, { numericOrder });
  const day = reading && whenBounds(reading)[edge];
  const unreadable = draft !== null && draft.trim() !== "" && !day;

  const commit = () => {
    if (day && day !== value) onDate(day);
    if (!unreadable) setDraft(null);
  };

  return (
    <label className={styles.windowDate}>
      {label}{" "}
      <input
        type="text"
        aria-label={name}
        aria-describedby={unreadable ? problemId : describedBy}
        aria-invalid={unreadable || undefined}
        placeholder="YYYY-MM-DD"
        size={11}
        value={draft ?? value}
        onChange={(event) => {
          const text = event.target.value;
          setDraft(text);
          if (ISO_DAY.test(text.trim())) {
            const read = parseWhen(text, { numericOrder });
            if (read) onDate(whenBounds(read)[edge]);
          }
        }}
        onBlur={commit}
        onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
          if (event.key === "Enter") commit();
          if (event.key === "Escape" && draft !== null) {
            event.stopPropagation();
            setDraft(null);
          }
        }}
      />
      {unreadable && (
        <span id={problemId} className={styles.windowProblem} role="status">
          Not a date: try 2019-02-01 or 1 Feb 2019
        </span>
      )}
      {draft !== null && day && day !== value && <span className={styles.windowWords}>Enter for {formatWhen({ start: day, precision: "day" })}</span>}
    </label>
  );
}
