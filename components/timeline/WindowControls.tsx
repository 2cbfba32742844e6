"use client";

import { useEffect, useState } from "react";
import type { TimeWindow } from "@/components/board/boardUi";
import { addDays, dayNumber, isoFromDayNumber } from "@/lib/board/dates";
import { playWindows, type Domain } from "./axis";
import styles from "./TimelinePane.module.css";

interface WindowControlsProps {
  timeWindow: TimeWindow | null;
  onWindow(window: TimeWindow | null): void;
  /** The span of the axis, which a typed date without a window starts from. */
  extent: Domain;
  /** The first and last day of the evidence, which playing sweeps across; null without cards. */
  evidence: Domain | null;
}

/** Milliseconds per frame of playback: 12.5 frames a second. */
const FRAME_MS = 80;


/**
 * The time window typed as dates (the keyboard's way to do what the brush does), and a play
 * button that slides the window across the evidence so map and list animate through time. Playing
 * stops with the window's end on the last event; it never slides past it.
 */
export function WindowControls({ timeWindow, onWindow, extent, evidence }: WindowControlsProps) {
  /** The windows still to show; null when paused. */
  const [playing, setPlaying] = useState<Domain[] | null>(null);

  function play() {
    if (!evidence) return;
    // Without a window, play a sixth of the evidence at a time; at the end, start again.
    const total = evidence.end - evidence.start;
    const width = timeWindow ? dayNumber(timeWindow.end) - dayNumber(timeWindow.start) : Math.max(7, Math.round(total / 6));
    const resume = timeWindow && dayNumber(timeWindow.end) < evidence.end ? dayNumber(timeWindow.start) : evidence.start;
    setPlaying(playWindows(evidence, width, resume));
  }

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    const show = () => onWindow({ start: isoFromDayNumber(playing[frame].start), end: isoFromDayNumber(playing[frame].end) });
    show();
    const timer = setInterval(() => {
      frame += 1;
      if (frame >= playing.length) {
        clearInterval(timer);
        setPlaying(null);
        return;
      }
      show();
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [playing, onWindow]);

  // A start typed after the end (or an end before the start) moves the whole window there, as wide as it was.
  const set = (key: keyof TimeWindow, value: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
    const current = { start: timeWindow?.start ?? isoFromDayNumber(extent.start), end: timeWindow?.end ?? isoFromDayNumber(extent.end) };
    const width = dayNumber(current.end) - dayNumber(current.start);
    const next = { ...current, [key]: value };
    if (next.start <= next.end) onWindow(next);
    else onWindow(key === "start" ? { start: value, end: addDays(value, width) } : { start: addDays(value, -width), end: value });
  };

  return (
    <div className={styles.window} role="group" aria-label="Time window">
      <label>
        From{" "}
        <input
          type="date"
          aria-label="Window from"
          value={timeWindow?.start ?? ""}
          onChange={(e) => set("start", e.target.value)}
        />
      </label>
      <label>
        to{" "}
        <input
          type="date"
          aria-label="Window to"
          value={timeWindow?.end ?? ""}
          onChange={(e) => set("end", e.target.value)}
        />
      </label>
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
