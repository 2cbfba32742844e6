"use client";
/**
 * Everything the map does with areas and routes, for the map pane to place: what to draw (the
 * areas holding in the time window), what to emphasise (those of the selected card, claim or
 * scene), the open area, drawing new ones and reshaping the open one with terra-draw, and the
 * writes, each with the map's undo origin so Undo takes them back.
 *
 * The open area is this person's own (not the board's shared selection, which holds pins, cards
 * and claims): it closes when anything else is selected.
 */
import type { Map as MapInstance } from "maplibre-gl";
import { useCallback, useMemo, useState, type KeyboardEvent } from "react";
import type { MapLayerMouseEvent } from "react-map-gl/maplibre";
import type * as Y from "yjs";
import { useBoardUi, useBoardUiActions, type Selection } from "@/components/board/boardUi";
import { useBoardValue } from "@/components/board/useBoardValue";
import { addArea, deleteArea, listAreas, listClaims, readNumericDateOrder, updateArea } from "@/lib/board/model";
import type { Area, AreaGeometry, AreaPatch, Card, Claim } from "@/lib/board/schema";
import { AREA_HIT_LAYER } from "./AreaLayer";
import { areasInWindow, citedAreas } from "./areaFilters";
import { boundsOf } from "./geo";
import { attempt } from "./MapNotices";
import { useAreaDraw, type DrawShape } from "./useAreaDraw";
import type { PinUndo } from "./usePinUndo";

const AREA_PARTS = ["areas"] as const;
const CLAIM_PARTS = ["claims"] as const;
const META_PARTS = ["meta"] as const;
const NO_AREAS: Area[] = [];
const NO_CLAIMS: Claim[] = [];

interface MapAreasOptions {
  /** The map when terra-draw can draw on it (maplibre); null otherwise. */
  drawMap: MapInstance | null;
  editable: boolean;
  author: string;
  undo: PinUndo;
  cards: readonly Card[];
  /** Told the title of an area this person deleted, to offer Undo. */
  onDeleted(title: string): void;
  /** Shows an area: the map fits its bounds. */
  onShow(bounds: [[number, number], [number, number]]): void;
}

/** "Area 3" for the third polygon, "Route 2" for the second line; never a title already taken. */
function defaultTitle(areas: readonly Area[], shape: DrawShape): string {
  const noun = shape === "polygon" ? "Area" : "Route";
  const type = shape === "polygon" ? "Polygon" : "LineString";
  const taken = new Set(areas.map((area) => area.title));
  let n = areas.filter((area) => area.geometry.type === type).length + 1;
  while (taken.has(`${noun} ${n}`)) n++;
  return `${noun} ${n}`;
}

export function useMapAreas(doc: Y.Doc, { drawMap, editable, author, undo, cards, onDeleted, onShow }: MapAreasOptions) {
  const areas = useBoardValue(doc, AREA_PARTS, listAreas, NO_AREAS);
  const claims = useBoardValue(doc, CLAIM_PARTS, listClaims, NO_CLAIMS);
  const numericOrder = useBoardValue(doc, META_PARTS, readNumericDateOrder, "day-first");
  const timeWindow = useBoardUi((ui) => ui.timeWindow);
  const selection = useBoardUi((ui) => ui.selection);
  const hover = useBoardUi((ui) => ui.hover);
  const focus = useBoardUi((ui) => ui.focus);
  const ui = useBoardUiActions();

  const inWindow = useMemo(() => areasInWindow(areas, timeWindow), [areas, timeWindow]);
  const shownIds = useMemo(() => new Set(inWindow.map((area) => area.id)), [inWindow]);
  const highlighted = useMemo(() => citedAreas(cards, claims, hover ?? selection, focus?.cardIds), [cards, claims, hover, selection, focus]);

  // Open while the board's selection stays what it was when the area was opened.
  const [open, setOpen] = useState<{ areaId: string; selection: Selection } | null>(null);
  const selected = (open && open.selection === selection && areas.find((area) => area.id === open.areaId)) || null;
  const openArea = useCallback(
    (areaId: string) => {
      setOpen({ areaId, selection: null });
      ui.select(null);
    },
    [ui],
  );
  const close = useCallback(() => setOpen(null), []);

  /** Adds a drawn (or typed) shape under a default title and opens it. */
  const addDrawn = (geometry: AreaGeometry) => {
    const shape: DrawShape = geometry.type === "Polygon" ? "polygon" : "linestring";
    const kind = shape === "polygon" ? "operation" : "route";
    undo.stopCapturing();
    const errors = attempt(() => openArea(addArea(doc, { title: defaultTitle(areas, shape), kind, geometry }, author, undo.origin)));
    if (errors.length > 0) window.alert(`The ${shape === "polygon" ? "area" : "route"} was not added: ${errors.join("; ")}`);
  };

  const draw = useAreaDraw({
    map: editable ? drawMap : null,
    reshaping: editable ? selected : null,
    onDrawn: addDrawn,
    onReshaped: (areaId, geometry) => {
      undo.stopCapturing();
      attempt(() => updateArea(doc, areaId, { geometry }, undo.origin));
      undo.stopCapturing();
    },
  });

  const startDrawing = (shape: DrawShape) => {
    close();
    ui.select(null);
    draw.start(shape);
  };

  /** A click on the map: true when it was about areas (or drawing), so the pin logic leaves it. */
  const handleMapClick = (event: MapLayerMouseEvent): boolean => {
    if (draw.drawing) return true;
    const feature = event.features?.[0];
    const areaId = feature?.layer.id === AREA_HIT_LAYER ? (feature.properties as { id?: unknown }).id : undefined;
    if (typeof areaId === "string") {
      openArea(areaId);
      return true;
    }
    if (!selected) return false;
    if (!feature && draw.holds(event.originalEvent)) return true;
    close();
    return !feature;
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== "Escape") return;
    if (draw.drawing) draw.cancel();
    else if (selected && !(event.target as HTMLElement).closest("input, textarea, select")) close();
    else return;
    event.preventDefault();
  };

  const change = (patch: AreaPatch): string[] => (selected && editable ? attempt(() => updateArea(doc, selected.id, patch, undo.origin)) : []);

  const remove = () => {
    if (!selected || !editable) return;
    // A delete is its own undo step: the toast's Undo must not also revert the edit before it.
    undo.stopCapturing();
    deleteArea(doc, selected.id, undo.origin);
    undo.stopCapturing();
    close();
    onDeleted(selected.title);
  };

  const show = (area: Area) => {
    openArea(area.id);
    const positions = area.geometry.type === "Polygon" ? area.geometry.coordinates[0] : area.geometry.coordinates;
    const bounds = boundsOf(positions.map(([lng, lat]) => ({ lng, lat })));
    if (bounds) onShow(bounds);
  };

  return {
    areas,
    /** The areas the map draws: those in the window, less the one terra-draw holds for reshaping. */
    drawn: useMemo(() => (draw.reshapingId ? inWindow.filter((area) => area.id !== draw.reshapingId) : inWindow), [inWindow, draw.reshapingId]),
    shownIds,
    highlighted,
    selected,
    numericOrder,
    /** The drawing tools, when this person may draw here. */
    drawTools: editable && draw.available
      ? {
          drawing: draw.drawing,
          start: startDrawing,
          finish: draw.finish,
          cancel: draw.cancel,
          /** Adds the shape typed instead of clicked, and leaves drawing. */
          addTyped: (geometry: AreaGeometry) => {
            draw.cancel();
            addDrawn(geometry);
          },
        }
      : null,
    handleMapClick,
    handleKeyDown,
    change,
    remove,
    close,
    show,
  };
}
