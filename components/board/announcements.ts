/**
 * What the board says aloud to screen-reader users, as summaries: who joined or left, and saving
 * when it matters (going offline, being refused, everything saved again). Typing is saved every
 * few hundred milliseconds; "Saving…, Saved" after each burst would talk over the person, so the
 * ordinary round trip is never announced.
 */
import type { SaveStatus } from "@/lib/collab/save-state";
import { saveStateOf } from "@/lib/collab/save-state";
import type { BoardUser } from "./types";

/** "Ben", "Ben and Cleo", "Ben, Cleo and Dan". */
function names(people: readonly BoardUser[]): string {
  const list = people.map((person) => person.name);
  return list.length <= 1 ? (list[0] ?? "") : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

/** "Ben joined. Cleo left." for the people (other than `me`) who came or went; null when nobody did. */
export function presenceAnnouncement(before: readonly BoardUser[], after: readonly BoardUser[], me: string): string | null {
  const was = new Set(before.map((person) => person.id));
  const is = new Set(after.map((person) => person.id));
  const joined = after.filter((person) => person.id !== me && !was.has(person.id));
  const left = before.filter((person) => person.id !== me && !is.has(person.id));
  const parts = [joined.length ? `${names(joined)} joined.` : "", left.length ? `${names(left)} left.` : ""].filter(Boolean);
  return parts.length ? parts.join(" ") : null;
}

/** The part of saving worth announcing; null while it goes on as usual (saving, connecting). */
export type SaveSummary = "offline" | "notSaved" | "saved" | null;

export function saveSummary(status: SaveStatus): SaveSummary {
  const state = saveStateOf(status);
  return state === "offline" || state === "notSaved" || state === "saved" ? state : null;
}

/**
 * What to say when saving reaches `status`, `last` being the last summary it had (not null):
 * going offline (and where the changes are kept), being refused (and why), and "all changes
 * saved" once back from either. Null otherwise, so saving while typing stays quiet.
 */
export function saveAnnouncement(last: SaveSummary, status: SaveStatus): string | null {
  const to = saveSummary(status);
  if (to === null || to === last) return null;
  if (to === "offline") {
    if (status.pending === 0) return "Offline — no unsaved changes.";
    return status.durable ? "Offline — changes kept on this device." : "Offline — changes kept in this tab only; keep it open.";
  }
  if (to === "notSaved") return `Changes not saved — ${status.refusal}.`;
  return last === "offline" || last === "notSaved" ? "Back online — all changes saved." : null;
}
