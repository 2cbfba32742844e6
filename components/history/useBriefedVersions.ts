"use client";
/** Records the version a briefing showed each time this person starts presenting. */
import { useEffect, useRef } from "react";
import { usePresentation } from "@/components/present/PresentationProvider";
import { recordBriefedVersion } from "./versionCalls";

/** Dispatched on `window` once a version was recorded, so an open history panel lists it. */
export const VERSIONS_CHANGED = "situation-board:versions-changed";

export function useBriefedVersions(boardId: string): void {
  const { presenting } = usePresentation();
  const wasPresenting = useRef(false);
  useEffect(() => {
    const now = presenting !== null;
    if (now && !wasPresenting.current) {
      void recordBriefedVersion(boardId, "presented").then((result) => {
        if (result.ok) window.dispatchEvent(new Event(VERSIONS_CHANGED));
      });
    }
    wasPresenting.current = now;
  }, [boardId, presenting]);
}
