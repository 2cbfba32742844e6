"use client";
/** What the map draws, derived from the document and the person's UI state (`boardUi.tsx`). */
import { useMemo } from "react";
import type * as Y from "yjs";
import { useBoardUi } from "@/components/board/boardUi";
import { useBoardValue } from "@/components/board/useBoardValue";
import { listCards, listClaims } from "@/lib/board/model";
import type { Card, Claim, Pin } from "@/lib/board/schema";
import { citedPins, pinsOutsideFilters } from "./pinFilters";
import { CLUSTER_FROM } from "./PinLayer";
import { usePins } from "./usePins";
import { basemapNames, clusterIndex, marksAt, stackPins, type BasemapLabel } from "./windowClusters";

const CARD_PARTS = ["cards", "pins"] as const;
const CLAIM_PARTS = ["claims"] as const;
const NO_CARDS: Card[] = [];
const NO_CLAIMS: Claim[] = [];
const NO_PINS: Pin[] = [];

/** What happens to pins outside the time window or the card filter: drawn faint, or not at all. */
export type OutsideMode = "faint" | "hidden";

interface MapDataOptions {
  /** The person wants nearby pins grouped (only applies past `CLUSTER_FROM` pins). */
  grouping: boolean;
  /** The map's zoom; clusters are computed per whole zoom level. */
  zoom: number;
  outside: OutsideMode;
  /** Names the basemap prints; a pin with the same name at the same place is not labelled again. */
  labels: readonly BasemapLabel[];
}

/**
 * Each step is memoised on what it reads, so a window change re-clusters without re-reading the
 * document, a zoom change re-reads only the index, and nothing here runs for a narrative edit.
 */
export function useMapData(doc: Y.Doc, { grouping, zoom, outside, labels }: MapDataOptions) {
  const pins = usePins(doc);
  const cards = useBoardValue(doc, CARD_PARTS, listCards, NO_CARDS);
  const selection = useBoardUi((ui) => ui.selection);
  const hover = useBoardUi((ui) => ui.hover);
  const timeWindow = useBoardUi((ui) => ui.timeWindow);
  const cardFilter = useBoardUi((ui) => ui.cardFilter);
  const focus = useBoardUi((ui) => ui.focus);

  const outsideIds = useMemo(() => pinsOutsideFilters(cards, timeWindow, cardFilter), [cards, timeWindow, cardFilter]);
  const inWindow = useMemo(() => (outsideIds.size === 0 ? pins : pins.filter((pin) => !outsideIds.has(pin.id))), [pins, outsideIds]);
  const outsidePins = useMemo(() => (outsideIds.size === 0 || outside === "hidden" ? NO_PINS : pins.filter((pin) => outsideIds.has(pin.id))), [pins, outsideIds, outside]);
  // Faint pins are stacked per place too: a window change sends the map one mark per place, not per pin.
  const ghostStacks = useMemo(() => stackPins(outsidePins), [outsidePins]);
  const ghosts = useMemo(() => marksAt(ghostStacks, null, 0), [ghostStacks]);
  const clustered = grouping && pins.length > CLUSTER_FROM;
  const stacks = useMemo(() => stackPins(inWindow), [inWindow]);
  const index = useMemo(() => (clustered ? clusterIndex(stacks) : null), [clustered, stacks]);
  const named = useMemo(() => basemapNames(labels), [labels]);
  const level = Math.floor(zoom);
  const marks = useMemo(() => marksAt(stacks, index, level, named), [stacks, index, level, named]);

  // `cards` changes whenever a card's links do, so the highlight follows them. What the pointer
  // rests on elsewhere (a claim, a mention chip) wins over the selection while it rests there;
  // a scene's focus adds its pins and the pins of its cards.
  const claims = useBoardValue(doc, CLAIM_PARTS, listClaims, NO_CLAIMS);
  const highlighted = useMemo(() => {
    const cited = hover?.kind === "pin" ? [hover.id] : citedPins(doc, cards && claims && (hover ?? selection));
    if (!focus) return cited;
    const ofCards = focus.cardIds.flatMap((id) => cards.find((card) => card.id === id)?.pinIds ?? []);
    return [...new Set([...cited, ...focus.pinIds, ...ofCards])];
  }, [doc, cards, claims, hover, selection, focus]);
  const selectedPinId = selection?.kind === "pin" ? selection.id : null;
  const selectedPin = useMemo(() => pins.find((pin) => pin.id === selectedPinId) ?? null, [pins, selectedPinId]);
  const cardOfPin = useMemo(() => {
    const byPin = new Map<string, Card>();
    for (const card of cards) for (const pinId of card.pinIds) if (!byPin.has(pinId)) byPin.set(pinId, card);
    return byPin;
  }, [cards]);

  return {
    pins,
    marks,
    ghosts,
    ghostStacks,
    stacks,
    index,
    clustered,
    highlighted,
    selectedPinId,
    selectedPin,
    cardOfPin,
    timeWindow,
    cardFilter,
    cards,
    inWindowCount: inWindow.length,
    dimmedCount: outsideIds.size,
  };
}
