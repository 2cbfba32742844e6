"use client";
/**
 * What one person is looking at on a board, shared by its panes but never written to the
 * document: the selected pin, card or claim (and the one hovered), the time window and the card
 * filter that filter map and timeline, pending "pick on the map / timeline" requests and the narrative's open side panel.
 * Each pane derives its highlights from this and the document.
 */
import { parseCellTargetId, type Card, type ReviewTarget } from "@/lib/board/schema";
import { createContext, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import { animateMove, prefersReducedMotion } from "@/components/ui/motion";

export type Selection = { kind: "pin" | "card" | "claim"; id: string } | null;

/** What choosing a review thread's target selects on the board: a cell its card, a hypothesis nothing. */
export function selectionOf(target: ReviewTarget): Selection {
  if (target.kind === "cell") {
    const cell = parseCellTargetId(target.id);
    return cell && { kind: "card", id: cell.cardId };
  }
  return target.kind === "hypothesis" ? null : { kind: target.kind, id: target.id };
}

/** A closed range of ISO dates (`YYYY-MM-DD`). */
export interface TimeWindow {
  start: string;
  end: string;
}

/**
 * Which cards the timeline lists and the map emphasises, besides the time window: those carrying
 * a tag, involving an actor (on either side of the event, or associated with either), of an event
 * type. A field left out lets every card through.
 */
export interface CardFilter {
  tag?: string;
  actor?: string;
  eventType?: string;
}

/** Every actor an event card names: both sides and the actors associated with each. */
function actorsOf(card: Card): string[] {
  return [card.event?.actor1, card.event?.actor2].flatMap((actor) => (actor ? [actor.name, ...(actor.associated ?? [])] : []));
}

/** The fields a card can be filtered by, with what each reads off a card (a card may hold several). */
const FILTER_FIELDS: ReadonlyArray<{ key: keyof CardFilter; label: string; any: string; values(card: Card): readonly string[] }> = [
  { key: "tag", label: "Tag", any: "all tags", values: (card) => card.tags },
  { key: "actor", label: "Actor", any: "all actors", values: actorsOf },
  { key: "eventType", label: "Event type", any: "all event types", values: (card) => (card.event?.eventType ? [card.event.eventType] : []) },
];

/** Whether a card passes the filter (the timeline's list and the map's dimming both ask this). */
export function matchesCardFilter(card: Card, filter: CardFilter | null): boolean {
  if (!filter) return true;
  return FILTER_FIELDS.every(({ key, values }) => filter[key] === undefined || values(card).includes(filter[key]));
}

/** Whether the filter lets only some cards through. */
export const isCardFilterActive = (filter: CardFilter | null): boolean => FILTER_FIELDS.some(({ key }) => filter?.[key] !== undefined);

/** The filter in words ("tag JNIM"), for the panes that say what they show; "" when inactive. */
export function describeCardFilter(filter: CardFilter | null): string {
  return FILTER_FIELDS.flatMap(({ key, label }) => (filter?.[key] === undefined ? [] : [`${label.toLowerCase()} ${filter[key]}`])).join(", ");
}

/** Each filter field with the values the cards carry, sorted, for the filter's choices (empty when no card has one). */
export function cardFilterFacets(cards: readonly Card[]): Array<{ key: keyof CardFilter; label: string; any: string; values: string[] }> {
  return FILTER_FIELDS.map(({ key, label, any, values }) => ({
    key,
    label,
    any,
    values: [...new Set(cards.flatMap((card) => values(card)))].sort((a, b) => a.localeCompare(b)),
  }));
}

/** A pane asking the map for a pin: the next pin clicked is handed to `onPick`. */
export interface PinPick {
  prompt: string;
  onPick(pinId: string): void;
}

/** A pane asking the timeline for a card: the next card clicked is handed to `onPick`. */
export interface CardPick {
  prompt: string;
  onPick(cardId: string): void;
}

/** Which side panel of the narrative is open. */
export type NarrativePanel = "outline" | "claims" | "review";

/** What a scene puts forward: its pins and cards, highlighted on the map and the timeline. */
export interface Focus {
  pinIds: readonly string[];
  cardIds: readonly string[];
}

/** Where the map looks (a scene's `view`). */
export interface CameraView {
  lng: number;
  lat: number;
  zoom: number;
  bearing: number;
  pitch: number;
}

/** A request for the map to go somewhere, flying or at once; `seq` makes each request new. */
export interface CameraRequest {
  view: CameraView;
  fly: boolean;
  seq: number;
}

/**
 * What changed since a version, marked on every pane ("since last brief", a comparison): new pins
 * ringed, moved pins with a ghost at their old place, changed cards, claims and narrative blocks.
 */
export interface ChangeMarks {
  newPins: readonly string[];
  movedPins: ReadonlyArray<{ id: string; from: { lng: number; lat: number } }>;
  cards: readonly string[];
  claims: readonly string[];
  /** Indexes of the narrative's top-level blocks. */
  narrativeBlocks: readonly number[];
}

export interface BoardUiState {
  selection: Selection;
  /** What the pointer rests on (a claim, a mention chip): highlighted like a selection, for a moment. */
  hover: Selection;
  timeWindow: TimeWindow | null;
  cardFilter: CardFilter | null;
  pinPick: PinPick | null;
  cardPick: CardPick | null;
  narrativePanel: NarrativePanel;
  /** A scene's focus; choosing a selection replaces it. */
  focus: Focus | null;
  /** Where the map is, as the map pane last reported it. */
  mapView: CameraView | null;
  camera: CameraRequest | null;
  /** Counts the moves a person made on the map by hand (drag, wheel, keys), not the ones asked for. */
  mapMovedByHand: number;
  changeMarks: ChangeMarks | null;
}

export interface BoardUiStore {
  get(): BoardUiState;
  set(patch: Partial<BoardUiState>): void;
  subscribe(listener: () => void): () => void;
}

function createBoardUiStore(): BoardUiStore {
  let state: BoardUiState = {
    selection: null,
    hover: null,
    timeWindow: null,
    cardFilter: null,
    pinPick: null,
    cardPick: null,
    narrativePanel: "claims",
    focus: null,
    mapView: null,
    camera: null,
    mapMovedByHand: 0,
    changeMarks: null,
  };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

const BoardUiContext = createContext<BoardUiStore | null>(null);

export function BoardUiProvider({ children }: { children: ReactNode }) {
  const [store] = useState(createBoardUiStore);
  return <BoardUiContext.Provider value={store}>{children}</BoardUiContext.Provider>;
}

function useStore(): BoardUiStore {
  const store = useContext(BoardUiContext);
  if (!store) throw new Error("useBoardUi must be used inside a BoardUiProvider");
  return store;
}

/** A slice of the UI state; the component re-renders only when that slice changes. */
export function useBoardUi<T>(select: (state: BoardUiState) => T): T {
  const store = useStore();
  return useSyncExternalStore(store.subscribe, () => select(store.get()), () => select(store.get()));
}

/** Setters for the UI state. */
export function useBoardUiActions() {
  const store = useStore();
  return useMemo(
    () => ({
      select: (selection: Selection) => store.set(selection ? { selection, focus: null } : { selection }),
      setTimeWindow: (timeWindow: TimeWindow | null) => store.set({ timeWindow }),
      setCardFilter: (cardFilter: CardFilter | null) => store.set({ cardFilter }),
      requestPinPick: (pinPick: PinPick | null) => store.set({ pinPick }),
      hover: (hover: Selection) => store.set({ hover }),
      requestCardPick: (cardPick: CardPick | null) => store.set({ cardPick }),
      showNarrativePanel: (narrativePanel: NarrativePanel) => store.set({ narrativePanel }),
      setFocus: (focus: Focus | null) => store.set({ focus }),
      // A flight (a presented scene, a pin found in history) lands at once for people who asked for reduced motion.
      moveCamera: (view: CameraView, fly: boolean) =>
        store.set({ camera: { view, fly: animateMove(fly, prefersReducedMotion()), seq: (store.get().camera?.seq ?? 0) + 1 } }),
      reportMapView: (mapView: CameraView) => store.set({ mapView }),
      noteMapMovedByHand: () => store.set({ mapMovedByHand: store.get().mapMovedByHand + 1 }),
      markChanges: (changeMarks: ChangeMarks | null) => store.set({ changeMarks }),
    }),
    [store],
  );
}
