"use client";
/**
 * The board's one polite live region: collaborators joining and leaving, and saving when it
 * matters (components/board/announcements.ts). Mounted once in the board shell; every other
 * status on the board stays quiet about these.
 */
import { useEffect, useRef, useState } from "react";
import type { SaveStatus } from "@/lib/collab/save-state";
import { presenceAnnouncement, saveAnnouncement, saveSummary, type SaveSummary } from "./announcements";
import type { BoardUser } from "./types";

/**
 * Announcements kept in the region: a new one is added (which is what a screen reader reads out),
 * so one said a moment earlier is not cut off; the oldest are dropped.
 */
const KEPT = 5;

interface BoardAnnouncerProps {
  me: string;
  present: BoardUser[];
  save: SaveStatus;
  /** While the board loads, the people already there are not "joining". */
  loading: boolean;
}

export function BoardAnnouncer({ me, present, save, loading }: BoardAnnouncerProps) {
  const [messages, setMessages] = useState<Array<{ key: number; text: string }>>([]);
  const seen = useRef<{ present: BoardUser[] | null; save: SaveSummary }>({ present: null, save: null });

  useEffect(() => {
    const last = seen.current;
    const said = [
      // The first list after loading is who was already here, not who joined.
      !loading && last.present !== null ? presenceAnnouncement(last.present, present, me) : null,
      saveAnnouncement(last.save, save),
    ].filter(Boolean);
    seen.current = { present: loading ? null : present, save: saveSummary(save) ?? last.save };
    if (said.length === 0) return;
    // Set after the change, not during render; never cancelled, so a quick next change loses nothing.
    setTimeout(() => setMessages((shown) => [...shown, { key: (shown.at(-1)?.key ?? 0) + 1, text: said.join(" ") }].slice(-KEPT)), 0);
  }, [me, present, save, loading]);

  return (
    <div className="sr-only" role="status" aria-live="polite" data-testid="board-announcer">
      {messages.map((message) => (
        <p key={message.key}>{message.text}</p>
      ))}
    </div>
  );
}
