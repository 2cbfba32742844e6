"use client";
/**
 * The map's buttons: fit the board, copy a link to this view, make this view where the board
 * opens while it has no pins, draw an area or a route, undo and redo, the basemap.
 */
import { useState } from "react";
import styles from "./MapPanel.module.css";
import type { Basemap } from "./basemaps";
import type { DrawShape } from "./useAreaDraw";

interface MapToolbarProps {
  onFit(): void;
  /** Stores this view as the board's start view; null for people who may not. */
  onSetStart: (() => void) | null;
  /** Returns the link to copy. */
  shareLink(): string;
  undo: { canUndo: boolean; canRedo: boolean; undo(): void; redo(): void } | null;
  basemaps: readonly Basemap[];
  basemap: Basemap["id"];
  onBasemap(id: Basemap["id"]): void;
  /** Whether nearby pins are grouped into counted clusters; null when there are too few to group. */
  grouping: { on: boolean; set(on: boolean): void } | null;
  /** Drawing areas and routes; null for people who may not edit (or a renderer terra-draw does not serve). */
  draw?: { drawing: DrawShape | null; start(shape: DrawShape): void; cancel(): void } | null;
}

export function MapToolbar({ onFit, onSetStart, shareLink, undo, basemaps, basemap, onBasemap, grouping, draw }: MapToolbarProps) {
  const [copied, setCopied] = useState<string | null>(null);
  const [startSet, setStartSet] = useState(false);
  const copy = async () => {
    const link = shareLink();
    window.history.replaceState(null, "", link);
    try {
      await navigator.clipboard.writeText(link);
      setCopied("Link copied");
    } catch {
      setCopied("Link is in the address bar");
    }
  };
  return (
    <div className={styles.toolbar} role="toolbar" aria-label="Map tools">
      <button type="button" onClick={onFit}>
        Zoom to fit
      </button>
      <button type="button" onClick={copy} onBlur={() => setCopied(null)}>
        {copied ?? "Link to this view"}
      </button>
      {onSetStart ? (
        <button
          type="button"
          title="Where the map opens while the board has no pins"
          onClick={() => {
            onSetStart();
            setStartSet(true);
          }}
          onBlur={() => setStartSet(false)}
        >
          {startSet ? "Start view set" : "Set as start view"}
        </button>
      ) : null}
      {draw
        ? (["polygon", "linestring"] as const).map((shape) => (
            <button
              key={shape}
              type="button"
              aria-pressed={draw.drawing === shape}
              onClick={() => (draw.drawing === shape ? draw.cancel() : draw.start(shape))}
            >
              {shape === "polygon" ? "Draw area" : "Draw route"}
            </button>
          ))
        : null}
      {undo ? (
        <>
          <button type="button" onClick={undo.undo} disabled={!undo.canUndo} aria-label="Undo map change" title="Undo (Ctrl+Z)">
            ↶
          </button>
          <button type="button" onClick={undo.redo} disabled={!undo.canRedo} aria-label="Redo map change" title="Redo (Ctrl+Shift+Z)">
            ↷
          </button>
        </>
      ) : null}
      {grouping ? (
        <label className={styles.toggle}>
          <input type="checkbox" checked={grouping.on} onChange={(event) => grouping.set(event.target.checked)} />
          Group nearby pins
        </label>
      ) : null}
      {basemaps.length > 1 ? (
        <select aria-label="Basemap" value={basemap} onChange={(event) => onBasemap(event.target.value as Basemap["id"])}>
          {basemaps.map((option) => (
            <option key={option.id} value={option.id}>
              {option.label}
            </option>
          ))}
        </select>
      ) : null}
    </div>
  );
}
