"use client";
/** Records the version a briefing showed each time this person starts presenting. */
import { useEffect, useRef } from "react";
import { usePresentation } from "@/components/present/PresentationProvider";
import { recordBriefedVersion } from "./versionCalls";

export function useBriefedVersions(boardId: string): void {
  const { presenting } = usePresentation();
  const wasPresenting = useRef(false);
  useEffect(() => {
    const now = presenting !== null;
    if (now && !wasPresenting.current) void recordBriefedVersion(boardId, "presented");
    wasPresenting.current = now;
  }, [boardId, presenting]);
}
