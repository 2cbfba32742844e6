"use client";
/**
 * Dragging a pin on the map. Each move is written to the document at most once per frame, so
 * everyone on the board sees the pin travel, not jump; the whole drag is one undo step.
 */
import type { Map as MapInstance, MapLayerMouseEvent, MapMouseEvent } from "maplibre-gl";
import { useEffect, useRef, useState } from "react";
import { PIN_HIT_LAYER } from "./PinLayer";

interface DragOptions {
  /** False for people who may not edit: the pin stays where it is and the map pans instead. */
  enabled: boolean;
  onStart(pinId: string): void;
  onMove(pinId: string, lng: number, lat: number): void;
  onEnd(pinId: string): void;
}

/** Returns the id of the pin being dragged, or null. */
export function usePinDrag(map: MapInstance | null, options: DragOptions): string | null {
  const latest = useRef(options);
  const [dragging, setDragging] = useState<string | null>(null);

  useEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    if (!map) return;
    const canvas = map.getCanvasContainer();

    const handleDown = (event: MapLayerMouseEvent) => {
      const pinId = event.features?.[0]?.properties?.id;
      if (!latest.current.enabled || typeof pinId !== "string" || event.originalEvent.button !== 0) return;
      // Keeps the map from panning while the pin moves.
      event.preventDefault();
      let frame = 0;
      let moved = false;
      let last: { lng: number; lat: number } | null = null;
      let written: { lng: number; lat: number } | null = null;
      const write = () => {
        if (!last || last === written) return;
        written = last;
        latest.current.onMove(pinId, last.lng, last.lat);
      };

      const handleMove = (move: MapMouseEvent) => {
        if (!moved) {
          moved = true;
          setDragging(pinId);
          canvas.style.cursor = "grabbing";
          latest.current.onStart(pinId);
        }
        last = move.lngLat.wrap();
        frame ||= requestAnimationFrame(() => {
          frame = 0;
          write();
        });
      };
      const handleUp = () => {
        map.off("mousemove", handleMove);
        cancelAnimationFrame(frame);
        if (!moved) return;
        write();
        canvas.style.cursor = "";
        setDragging(null);
        latest.current.onEnd(pinId);
      };
      map.on("mousemove", handleMove);
      map.once("mouseup", handleUp);
    };

    map.on("mousedown", PIN_HIT_LAYER, handleDown);
    return () => {
      map.off("mousedown", PIN_HIT_LAYER, handleDown);
    };
  }, [map]);

  return dragging;
}
