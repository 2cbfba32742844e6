/**
 * What the history panel and the "since last brief" mode share: versions read into documents of
 * their own (never the live room's), who is who, the change list between two of them, and how a
 * change is shown in place on the board's panes.
 */
import * as Y from "yjs";
import { selectionOf, type BoardUiState, type ChangeMarks, type CameraView, type Selection } from "@/components/board/boardUi";
import { scrollNarrativeTo } from "@/components/present/narrativeScroll";
import { formatMoment } from "@/lib/board/dates";
import { diffBoards, type BoardState, type Change, type ChangeList, type Person } from "@/lib/board/diff";
import { getPin } from "@/lib/board/model";
import { fetchVersion, type ClientIdPeople, type ListedVersion } from "./versionCalls";

/** Dispatched on `window` once a version was recorded, so an open history panel lists it. */
export const VERSIONS_CHANGED = "situation-board:versions-changed";

/** Tells an open history panel that the board has a new version. */
export function announceVersions(): void {
  window.dispatchEvent(new Event(VERSIONS_CHANGED));
}

/** One stored version, read: a board document and a review document nobody connects to. */
const loaded = new Map<string, Promise<BoardState>>();

/** The version's board and review, read once per page and kept (versions never change). */
export function loadVersion(boardId: string, versionId: string): Promise<BoardState> {
  const key = `${boardId}/${versionId}`;
  let state = loaded.get(key);
  if (!state) {
    state = fetchVersion(boardId, versionId).then(({ board, review }) => {
      const boardDoc = new Y.Doc();
      Y.applyUpdate(boardDoc, board);
      const reviewDoc = new Y.Doc();
      if (review.length > 0) Y.applyUpdate(reviewDoc, review);
      return { board: boardDoc, review: reviewDoc };
    });
    state.catch(() => loaded.delete(key));
    loaded.set(key, state);
  }
  return state;
}

const KIND_LABELS: Record<ListedVersion["kind"], string> = { auto: "Automatic", named: "Named", briefed: "Briefing" };

/** "Named", "Automatic", "Briefing". */
export const versionKindLabel = (version: ListedVersion) => KIND_LABELS[version.kind];

/** "29 Nov 2026, 14:02" in the reader's language and time zone (versions are only listed in the browser). */
export const versionTime = (createdAt: number): string => formatMoment(createdAt);

/** How a version is named in a sentence: its name, or its kind and time. */
export function versionTitle(version: ListedVersion): string {
  return version.name ?? `${versionKindLabel(version)} version of ${versionTime(version.createdAt)}`;
}

/**
 * The change list from `from` to `to` (a version, or the live board when `to` is null). A removal
 * is attributed to the authors of the versions made in between and to whoever wrote since.
 */
export function compareStates(
  from: { version: ListedVersion; state: BoardState },
  to: { version: ListedVersion | null; state: BoardState },
  versions: readonly ListedVersion[],
  people: ClientIdPeople,
): ChangeList {
  const names = new Map<string, string>();
  for (const person of Object.values(people)) names.set(person.id, person.name);
  for (const version of versions) version.authors.forEach((id, i) => names.set(id, version.authorNames[i] ?? id));
  const end = to.version?.createdAt ?? Number.POSITIVE_INFINITY;
  const range = new Map<string, Person>();
  for (const version of versions) {
    if (version.createdAt <= from.version.createdAt || version.createdAt > end) continue;
    for (const id of version.authors) range.set(id, { id, name: names.get(id) ?? id });
  }
  return diffBoards(from.state, to.state, (client) => people[String(client)] ?? null, [...range.values()], (id) => names.get(id) ?? null);
}

/** What a change list marks on the panes. */
export function marksOf(list: ChangeList): ChangeMarks {
  const newPins: string[] = [];
  const movedPins: Array<{ id: string; from: { lng: number; lat: number } }> = [];
  const cards = new Set<string>();
  const claims = new Set<string>();
  const narrativeBlocks = new Set<number>();
  for (const change of list.changes) {
    const { target } = change;
    if (target.kind === "pin" && change.action === "added") newPins.push(target.id);
    else if (target.kind === "pin" && change.action === "moved" && change.from) movedPins.push({ id: target.id, from: change.from });
    else if (target.kind === "card" && change.action !== "removed") cards.add(target.id);
    else if (target.kind === "claim" && change.group === "claims" && change.action !== "removed") claims.add(target.id);
    else if (target.kind === "narrative" && change.action !== "removed") narrativeBlocks.add(target.index);
  }
  return { newPins, movedPins, cards: [...cards], claims: [...claims], narrativeBlocks: [...narrativeBlocks] };
}

/** What a restore from the change list puts back: the entry a change is about, if it is one. */
export function restorableTarget(change: Change): { kind: "pin" | "card" | "claim" | "area"; id: string } | null {
  const { target } = change;
  if (target.kind !== "pin" && target.kind !== "card" && target.kind !== "claim" && target.kind !== "area") return null;
  if (change.group === "review") return null;
  return { kind: target.kind, id: target.id };
}

export const RESTORE_LABELS = { pin: "Restore this pin", card: "Restore this card", claim: "Restore this claim", area: "Restore this area" } as const;

interface ShowActions {
  select(selection: Selection): void;
  moveCamera(view: CameraView, fly: boolean): void;
  showNarrativePanel(panel: BoardUiState["narrativePanel"]): void;
}

const FLY_ZOOM = 8;

/**
 * Shows a change where it is: selects and flies to the pin on the map, selects the card (the
 * timeline scrolls to it), opens the claim and scrolls the narrative to it, or scrolls the
 * narrative to the passage. `shown` is the board on screen; `before` finds what was removed.
 */
export function showChange(change: Change, shown: Y.Doc, before: Y.Doc, ui: ShowActions, mapZoom: number | null): void {
  const { target } = change;
  if (target.kind === "pin") {
    const pin = getPin(shown, target.id) ?? getPin(before, target.id);
    if (getPin(shown, target.id)) ui.select({ kind: "pin", id: target.id });
    if (pin) ui.moveCamera({ lng: pin.lng, lat: pin.lat, zoom: Math.max(mapZoom ?? 0, FLY_ZOOM), bearing: 0, pitch: 0 }, true);
  } else if (target.kind === "card") {
    ui.select({ kind: "card", id: target.id });
  } else if (target.kind === "claim") {
    ui.select({ kind: "claim", id: target.id });
    ui.showNarrativePanel("claims");
    scrollNarrativeTo(target.id, true);
  } else if (target.kind === "thread") {
    const selection = selectionOf(target.target);
    if (selection) ui.select(selection);
  } else if (target.kind === "narrative") {
    scrollNarrativeBlock(target.index);
  }
}

/** Brings a top-level block of the narrative into view and flashes it. */
function scrollNarrativeBlock(index: number): void {
  const block = document.querySelector<HTMLElement>(`[data-testid="narrative-pane"] .ProseMirror > :nth-child(${index + 1})`);
  if (!block) return;
  block.scrollIntoView({ block: "center", behavior: "smooth" });
  block.animate?.([{ backgroundColor: "rgba(250, 204, 21, 0.6)" }, { backgroundColor: "transparent" }], { duration: 1600 });
}
