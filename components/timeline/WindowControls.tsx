"use client";

import { useEffect, useState } from "react";
import type { TimeWindow } from "@/components/board/boardUi";
import { dayNumber, isoFromDayNumber } from "@/lib/board/dates";
import type { Domain } from "./axis";
import styles from "./TimelinePane.module.css";

interface WindowControlsProps {
  timeWindow: TimeWindow | null;
  onWindow(window: TimeWindow | null): void;
  /** The span of the evidence, which playing sweeps across. */
  extent: Domain;
}

/** Milliseconds per frame of playback, and the number of frames one sweep across the evidence takes. */
const FRAME_MS = 120;
const STEPS = 60;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The time window typed as dates (the keyboard's way to do what the brush does), and a play
 * button that slides the window across the evidence so map and list animate through time.
 */
export function WindowControls({ timeWindow, onWindow, extent }: WindowControlsProps) {
  /** Where playback started and how wide its window is, in day numbers; null when paused. */
  const [playing, setPlaying] = useState<{ start: number; width: number } | null>(null);
  /**
   * What was typed while it is not a window yet (From after To): each field shows what was typed
   * and the pair says what is wrong. Kept only while the window it was typed against is current.
   */
  const [draft, setDraft] = useState<{ against: TimeWindow | null; start: string; end: string } | null>(null);
  const typed = draft && draft.against === timeWindow ? draft : null;

  function play() {
    const total = extent.end - extent.start;
    // Without a window, play a sixth of the evidence at a time; at the end, start again.
    const width = timeWindow ? dayNumber(timeWindow.end) - dayNumber(timeWindow.start) : Math.max(7, Math.round(total / 6));
    const start = timeWindow && dayNumber(timeWindow.end) < extent.end ? dayNumber(timeWindow.start) : Math.floor(extent.start);
    setPlaying({ start, width });
  }

  useEffect(() => {
    if (!playing) return;
    const step = Math.max(1, Math.round((extent.end - extent.start) / STEPS));
    let start = playing.start;
    const show = () => onWindow({ start: isoFromDayNumber(start), end: isoFromDayNumber(start + playing.width) });
    show();
    const timer = setInterval(() => {
      start += step;
      if (start > extent.end) {
        clearInterval(timer);
        setPlaying(null);
        return;
      }
      show();
    }, FRAME_MS);
    return () => clearInterval(timer);
  }, [playing, extent, onWindow]);

  const fields = typed ?? { start: timeWindow?.start ?? "", end: timeWindow?.end ?? "" };
  const reversed = typed !== null && ISO_DATE.test(typed.start) && ISO_DATE.test(typed.end) && typed.start > typed.end;

  const set = (key: keyof TimeWindow, value: string) => {
    const next = { ...fields, [key]: value };
    // A field left empty stands for the evidence's own start or end.
    const window = { start: next.start || isoFromDayNumber(extent.start), end: next.end || isoFromDayNumber(extent.end) };
    if (ISO_DATE.test(window.start) && ISO_DATE.test(window.end) && window.start <= window.end) {
      setDraft(null);
      onWindow(window);
    } else {
      setDraft({ against: timeWindow, ...next });
    }
  };

  return (
    <div className={styles.window} role="group" aria-label="Time window">
      <label>
        From{" "}
        <input
          type="date"
          aria-label="Window from"
          value={fields.start}
          aria-invalid={reversed || undefined}
          aria-describedby={reversed ? "window-error" : undefined}
          onChange={(e) => set("start", e.target.value)}
        />
      </label>
      <label>
        to{" "}
        <input
          type="date"
          aria-label="Window to"
          value={fields.end}
          aria-invalid={reversed || undefined}
          aria-describedby={reversed ? "window-error" : undefined}
          onChange={(e) => set("end", e.target.value)}
        />
      </label>
      {reversed && (
        <span id="window-error" role="alert" className={styles.windowError}>
          The window ends before it starts: set “to” on or after “from”.
        </span>
      )}
      <button type="button" onClick={() => (playing ? setPlaying(null) : play())} aria-pressed={playing !== null}>
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
