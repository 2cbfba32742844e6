"use client";

import "maplibre-gl/dist/maplibre-gl.css";
import type { Map as MapInstance } from "maplibre-gl";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { MapLayerMouseEvent, ViewState } from "react-map-gl/maplibre";
import { describeCardFilter, isCardFilterActive, useBoardUi, useBoardUiActions } from "@/components/board/boardUi";
import { CardFilterControls } from "@/components/board/CardFilterControls";
import type { BoardPaneProps } from "@/components/board/types";
import { CitingClaims } from "@/components/narrative/CitingClaims";
import { TargetThreads } from "@/components/review/TargetThreads";
import { addPin, deletePin, readStartView, setStartView, updatePin } from "@/lib/board/model";
import type { BasemapConfig } from "@/lib/basemap";
import type { AreaGeometry, Pin, PinPatch } from "@/lib/board/schema";
import { AddPinForm } from "./AddPinForm";
import { AREA_HIT_LAYER, AreaLayer } from "./AreaLayer";
import { AreaList } from "./AreaList";
import { AreaPanel } from "./AreaPanel";
import { basemapsFor, NO_OWN_BASEMAP, type Basemap } from "./basemaps";
import { boundsOf, type ViewBounds } from "./geo";
import type { NearArea, Place } from "./gazetteer";
import { MapLegend, MAP_CREDITS } from "./MapLegend";
import { attempt, DeletedNotice, DrawPrompt, PickPrompt, StatusChip } from "./MapNotices";
import { MAPLIBRE_KIT, MapKitProvider, loadMapboxKit, MAPBOX_TOKEN, type MapKit } from "./mapKit";
import { MAPLIBRE_WORKER_URL } from "./maplibreWorker";
import styles from "./MapPane.module.css";
import panelStyles from "./MapPanel.module.css";
import { MapToolbar } from "./MapToolbar";
import { chooseOpeningView, WORLD_VIEW } from "./openingView";
import { formatViewParam, parseViewParam, shareableUrl, VIEW_PARAM } from "./mapView";
import { PeerPointers } from "./PeerPointers";
import type { PinRing } from "./pinFeatures";
import { CLUSTER_FROM, CLUSTER_LAYER, GHOST_LAYER, PIN_HIT_LAYER, PinLayer } from "./PinLayer";
import { PIN_LIST_NOTE_ID, PinList } from "./PinList";
import { PinPanel } from "./PinPanel";
import { addPinSymbols } from "./pinSymbols";
import { PlaceSearch } from "./PlaceSearch";
import { PrecisionRegions } from "./PrecisionRegions";
import { StackList } from "./StackList";
import { useLocalBasemap } from "./useLocalBasemap";
import { useMapAreas } from "./useMapAreas";
import { useMapData, type OutsideMode } from "./useMapData";
import { useMapPresence } from "./useMapPresence";
import { showOpeningView, useOpeningView } from "./useOpeningView";
import { usePinDrag } from "./usePinDrag";
import { usePinUndo } from "./usePinUndo";
import { pinsOfMark, type MarkCollection, type MarkProperties } from "./windowClusters";

/** Where a new pin would go: the clicked or searched location, awaiting a title. */
interface Draft {
  lng: number;
  lat: number;
  title: string;
  /** A clicked spot is an event; a place found by name is a place. */
  kind: Pin["kind"];
}

const INTERACTIVE_LAYERS = [PIN_HIT_LAYER, CLUSTER_LAYER, GHOST_LAYER, AREA_HIT_LAYER];
/** Past this many marks the pane does not list their counts in `data-mark-counts`. */
const MARK_COUNTS_HOOK_LIMIT = 1000;

/** The counts of what the map draws, for the `data-mark-counts` hook. */
function markCounts(marks: MarkCollection): string {
  return marks.features.length > MARK_COUNTS_HOOK_LIMIT ? "" : marks.features.map((f) => f.properties.count).join(" ");
}
const FLY_TO_MIN_ZOOM = 6;
/** While the map moves, where it is is reported at most this often. */
const VIEW_REPORT_MS = 150;

const cameraViewOf = (view: Pick<ViewState, "longitude" | "latitude" | "zoom" | "bearing" | "pitch">) => ({
  lng: view.longitude,
  lat: view.latitude,
  zoom: view.zoom,
  bearing: view.bearing,
  pitch: view.pitch,
});

/**
 * The map pane of the board: the offline basemap (or Mapbox's, with a token), every pin of the
 * document as one GeoJSON source, adding by click or place search, dragging, a side panel to edit
 * the selected pin, per-person undo, and everyone's selections and pointers live. Areas and routes
 * (`useMapAreas`) are drawn under the pins, those outside the time window hidden; editors draw and
 * reshape them with terra-draw.
 *
 * Pins outside the time window or the card filter (shared with the timeline, offered in the
 * legend too) are drawn faint or hidden, as the person chooses in the legend;
 * the pins in it are stacked per place and, past `CLUSTER_FROM` pins, clustered, both computed
 * from the pins in the window so every count follows it (`windowClusters.ts`). A counted stack
 * opens a list of its pins.
 *
 * Test hooks on the root: `data-testid="map-pane"`, `data-pin-count` (pins on the board),
 * `data-dimmed-count` (pins the time window leaves out), `data-window-count` (pins in view),
 * `data-mark-counts` (the count of every pin, stack and cluster drawn, space-separated, up to
 * 1,000 marks), `data-window-drawn` (the window, `start..end` or `all`, whose pins the map has drawn),
 * `data-map-ready` (the style has loaded and clicks reach the map), `data-basemap-ready`
 * (countries and regions are drawn), `data-view` (`lng,lat,zoom` after the last move) and
 * `data-dragging` (the id of the pin being dragged), `data-map-idle` (nothing left to load or draw),
 * `data-areas-drawn` (the ids of the areas drawn, space-separated).
 *
 * It goes where `boardUi`'s camera requests say (scenes, a followed presenter), reports where it is,
 * and counts the moves a person makes by hand, so a follower who pans away can be told.
 *
 * Memoised: the shell re-renders on every save-state and presence change (each keystroke in the
 * narrative), and the map depends on neither.
 */
export const MapPane = memo(function MapPane({ doc, awareness, user, loading, canEdit, basemaps: own = NO_OWN_BASEMAP }: BoardPaneProps & { basemaps?: BasemapConfig }) {
  const [grouping, setGrouping] = useState(true);
  const [zoom, setZoom] = useState(4);
  const [outside, setOutside] = useState<OutsideMode>("faint");
  const [map, setMap] = useState<MapInstance | null>(null);
  const paneRef = useRef<HTMLDivElement>(null);
  const basemaps = useMemo(() => basemapsFor(own), [own]);
  const [basemapId, setBasemapId] = useState<Basemap["id"]>(basemaps[0].id);
  const basemap = basemaps.find((b) => b.id === basemapId) ?? basemaps[0];
  const local = useLocalBasemap(map, basemap.renderer === "maplibre", paneRef);
  const { pins, cards, marks, ghosts, ghostStacks, stacks, index, highlighted, selectedPinId, selectedPin, cardOfPin, timeWindow, cardFilter, inWindowCount, dimmedCount } = useMapData(doc, {
    grouping,
    zoom,
    outside,
    labels: local.labels,
  });
  const [openStack, setOpenStack] = useState<{ lng: number; lat: number; pins: Pin[] } | null>(null);
  const pinPick = useBoardUi((ui) => ui.pinPick);
  const ui = useBoardUiActions();
  const undo = usePinUndo(doc);
  const { peers, setPointer } = useMapPresence(awareness, selectedPinId);
  const editable = canEdit && !loading;
  const camera = useBoardUi((state) => state.camera);
  const changeMarks = useBoardUi((state) => state.changeMarks);
  const lastViewReport = useRef(0);

  const [kit, setKit] = useState<MapKit | null>(MAPLIBRE_KIT);
  const [mapError, setMapError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [hoveringPin, setHoveringPin] = useState(false);
  const [deleted, setDeleted] = useState<string | null>(null);
  /** The pin just added here: its panel takes the focus from the form that closed. */
  const [addedPin, setAddedPin] = useState<string | null>(null);
  const [initialView] = useState(() => parseViewParam(new URLSearchParams(window.location.search).get(VIEW_PARAM)));
  const [view, setView] = useState(() => (initialView ? formatViewParam(initialView) : ""));
  const [viewBounds, setViewBounds] = useState<ViewBounds | null>(null);
  const noteBounds = (target: MapInstance) => {
    const b = target.getBounds();
    setViewBounds([b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]);
  };
  const areas = useMapAreas(doc, {
    drawMap: basemap.renderer === "maplibre" ? map : null,
    editable,
    author: user.name,
    undo,
    cards,
    onDeleted: setDeleted,
    onShow: (bounds) => map?.fitBounds(bounds, { padding: 64, maxZoom: 9, duration: 600 }),
  });

  const chooseBasemap = (id: Basemap["id"]) => {
    const next = basemaps.find((b) => b.id === id);
    if (!next) return;
    setMap(null);
    setBasemapId(id);
    if (next.renderer === "maplibre") return setKit(MAPLIBRE_KIT);
    setKit(null);
    loadMapboxKit().then(setKit, (error: unknown) => setMapError(error instanceof Error ? error.message : String(error)));
  };

  // Each request moves the map once, also when it came before the map was ready; a basemap switch
  // (a new map) keeps where the person is rather than replaying the last request.
  const cameraDone = useRef(0);
  useEffect(() => {
    if (!map || !camera || camera.seq === cameraDone.current) return;
    cameraDone.current = camera.seq;
    const { lng, lat, zoom, bearing, pitch } = camera.view;
    const target = { center: [lng, lat] as [number, number], zoom, bearing, pitch };
    if (camera.fly) map.flyTo(target);
    else map.jumpTo(target);
  }, [map, camera]);

  const error = mapError ?? local.error;

  // `data-window-drawn` says which window's pins are on screen: set on the first frame drawn after
  // the pins' source has taken this window's marks. Written to the DOM, not to state.
  const windowKey = timeWindow ? `${timeWindow.start}..${timeWindow.end}` : "all";
  useEffect(() => {
    const pane = paneRef.current;
    if (!map || !pane || !marks) return;
    let waiting = true;
    const drawn = () => {
      if (!waiting || !map.isSourceLoaded("pins")) return;
      waiting = false;
      map.once("render", () => (pane.dataset.windowDrawn = windowKey));
      map.triggerRepaint();
    };
    map.on("sourcedata", drawn);
    // The source may already hold these marks (a window with the same pins in it).
    const check = setTimeout(drawn, 0);
    return () => {
      clearTimeout(check);
      map.off("sourcedata", drawn);
    };
  }, [map, marks, windowKey]);

  const dragging = usePinDrag(map, {
    enabled: editable,
    onStart: (id) => {
      undo.beginStep();
      ui.select({ kind: "pin", id });
    },
    onMove: (id, lng, lat) => updatePin(doc, id, { lng, lat }, undo.origin),
    onEnd: () => undo.endStep(),
  });

  const selectPin = useCallback((id: string) => ui.select({ kind: "pin", id }), [ui]);

  /** A pin chosen on the map or in a stack's list: selected, or handed to the pane that asked for one. */
  const choosePinId = (id: string) => {
    setDraft(null);
    setOpenStack(null);
    if (pinPick) {
      pinPick.onPick(id);
      ui.requestPinPick(null);
    } else selectPin(id);
  };

  const handleClick = (event: MapLayerMouseEvent) => {
    if (areas.handleMapClick(event)) return;
    const feature = event.features?.[0];
    const props = feature?.properties as Partial<MarkProperties> | undefined;
    if (feature?.layer.id === CLUSTER_LAYER && props?.group !== undefined && index) {
      const [lng, lat] = (feature.geometry as GeoJSON.Point).coordinates;
      const expansion = Math.min(index.getClusterExpansionZoom(Number(props.group)), 20);
      map?.easeTo({ center: [lng, lat], zoom: Math.max(expansion, (map?.getZoom() ?? 4) + 1) });
      return;
    }
    if (props?.mark === "stack" && props.group) {
      const [lng, lat] = (feature!.geometry as GeoJSON.Point).coordinates;
      const faint = feature!.layer.id === GHOST_LAYER;
      setDraft(null);
      setOpenStack({ lng, lat, pins: pinsOfMark({ mark: "stack", group: props.group }, faint ? ghostStacks : stacks, faint ? null : index) });
      return;
    }
    const hit = props?.id;
    if (typeof hit === "string" && hit !== "") {
      choosePinId(hit);
      return;
    }
    setOpenStack(null);
    if (pinPick) return;
    if (selectedPinId) ui.select(null);
    if (!editable) return;
    const { lng, lat } = event.lngLat.wrap();
    setDraft({ lng, lat, title: "", kind: "event" });
  };

  const handleAdd = (title: string): string[] => {
    if (!draft || !editable) return ["The board cannot be edited right now."];
    return attempt(() => {
      const id = addPin(doc, { lng: draft.lng, lat: draft.lat, title, kind: draft.kind }, user.name, undo.origin);
      setDraft(null);
      setAddedPin(id);
      selectPin(id);
    });
  };

  const handleChange = (patch: PinPatch): string[] =>
    selectedPinId && editable ? attempt(() => updatePin(doc, selectedPinId, patch, undo.origin)) : [];

  const handleDelete = () => {
    if (!selectedPin || !editable) return;
    // A delete is its own undo step: the toast's Undo must not also revert the edit before it.
    undo.stopCapturing();
    deletePin(doc, selectedPin.id, undo.origin);
    undo.stopCapturing();
    ui.select(null);
    setDeleted(selectedPin.title);
  };

  const flyTo = useCallback(
    (lng: number, lat: number) => {
      map?.flyTo({ center: [lng, lat], zoom: Math.max(map.getZoom(), FLY_TO_MIN_ZOOM), essential: true });
    },
    [map],
  );

  /** A pin chosen in the list: answers a pending "pick a pin" as a click on the map would, else selects it. */
  const choosePin = useCallback(
    (pin: Pin) => {
      if (pinPick) {
        pinPick.onPick(pin.id);
        ui.requestPinPick(null);
        return;
      }
      selectPin(pin.id);
      flyTo(pin.lng, pin.lat);
    },
    [pinPick, ui, selectPin, flyTo],
  );

  const choosePlace = (place: Place) => {
    flyTo(place.lng, place.lat);
    if (editable) setDraft({ lng: place.lng, lat: place.lat, title: place.name, kind: "place" });
  };

  /** The pins' extent and the view: a search offers their places first. */
  const searchNear = (): NearArea[] => {
    const view = map?.getBounds();
    const areas = [boundsOf(pins), view ? ([[view.getWest(), view.getSouth()], [view.getEast(), view.getNorth()]] as NearArea) : null];
    return areas.filter((area) => area !== null);
  };

  useOpeningView(map, { doc, loading, pins, link: initialView, moved: () => cameraDone.current !== 0 });

  const fitBoard = () => map && showOpeningView(map, chooseOpeningView({ link: null, pins, startView: readStartView(doc) }), 600);

  const setStart = () => {
    const center = map?.getCenter();
    if (!map || !center || !editable) return;
    const wrapped = center.wrap();
    const round = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
    setStartView(doc, { lng: round(wrapped.lng, 5), lat: round(Math.max(-85, Math.min(85, wrapped.lat)), 5), zoom: round(map.getZoom(), 2) });
  };

  const currentView = () => {
    const center = map?.getCenter();
    return { longitude: center?.lng ?? 0, latitude: center?.lat ?? 0, zoom: map?.getZoom() ?? 0 };
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    areas.handleKeyDown(event);
    const target = event.target as HTMLElement;
    if (!editable || !(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== "z") return;
    if (target.closest("input, textarea, select, [contenteditable='true']")) return;
    event.preventDefault();
    if (event.shiftKey) undo.redo();
    else undo.undo();
  };

  // With a pin selected, the arrow keys on the map move the pin (Shift: five times as far) rather
  // than the map: the way to nudge a pin without dragging it; with an area or route open, the
  // whole shape. Caught before the map's own keys.
  const handleKeyDownCapture = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    const target = event.target as HTMLElement;
    const area = selectedPin ? null : areas.selected;
    if (!step || !map || !(selectedPin || area) || !editable || event.altKey || event.ctrlKey || event.metaKey) return;
    if (!target.classList.contains("maplibregl-canvas") && !target.classList.contains("mapboxgl-canvas")) return;
    event.preventDefault();
    event.stopPropagation();
    const px = event.shiftKey ? 50 : 10;
    const moved = (lng: number, lat: number) => {
      const at = map.project([lng, lat]);
      return map.unproject([at.x + step[0] * px, at.y + step[1] * px]);
    };
    // Six decimals: a tenth of a metre, and a shape whose corners read as typed.
    const shift = ([lng, lat]: number[]) => {
      const to = moved(lng, lat);
      return [Number(to.lng.toFixed(6)), Number(to.lat.toFixed(6))];
    };
    undo.stopCapturing();
    if (selectedPin) {
      const to = moved(selectedPin.lng, selectedPin.lat).wrap();
      updatePin(doc, selectedPin.id, { lng: to.lng, lat: Math.max(-85, Math.min(85, to.lat)) }, undo.origin);
    } else if (area) {
      // Every position by the same distance on screen; a shape pushed off the world stays where it is.
      const geometry =
        area.geometry.type === "Polygon"
          ? { type: "Polygon" as const, coordinates: [area.geometry.coordinates[0].map(shift)] as [number[][]] }
          : { type: "LineString" as const, coordinates: area.geometry.coordinates.map(shift) };
      const positions = geometry.type === "Polygon" ? geometry.coordinates[0] : geometry.coordinates;
      if (positions.every(([lng, lat]) => Math.abs(lng) <= 180 && Math.abs(lat) <= 85)) areas.change({ geometry: geometry as AreaGeometry });
    }
  };

  const rings = useMemo((): PinRing[] => {
    const list: PinRing[] = peers.flatMap((peer) => (peer.selectedPinId ? [{ pinId: peer.selectedPinId, color: peer.user.color }] : []));
    if (selectedPinId) list.push({ pinId: selectedPinId, color: user.color });
    return list;
  }, [peers, selectedPinId, user.color]);

  const rendererProps =
    basemap.renderer === "maplibre" ? { workerUrl: MAPLIBRE_WORKER_URL } : { mapboxAccessToken: MAPBOX_TOKEN };

  return (
    <div
      ref={paneRef}
      className={styles.pane}
      data-testid="map-pane"
      data-pin-count={pins.length}
      data-dimmed-count={dimmedCount}
      data-window-count={inWindowCount}
      data-mark-counts={markCounts(marks)}
      data-map-ready={map ? "true" : "false"}
      data-basemap-ready={local.loaded ? "true" : "false"}
      data-view={view}
      data-dragging={dragging ?? ""}
      data-areas-drawn={areas.drawn.map((area) => area.id).join(" ")}
      data-changed-pins={changeMarks?.newPins.join(" ") || undefined}
      data-moved-pins={changeMarks?.movedPins.map((moved) => moved.id).join(" ") || undefined}
      onKeyDown={handleKeyDown}
      onKeyDownCapture={handleKeyDownCapture}
    >
      <div className={styles.mapArea}>
        {kit ? (
          <MapKitProvider value={kit}>
            <kit.Map
              key={basemap.id}
              mapStyle={basemap.style}
              {...rendererProps}
              // A switch of basemap remounts the map where the person left it.
              initialViewState={parseViewParam(view) ?? WORLD_VIEW}
              attributionControl={{ compact: true, customAttribution: MAP_CREDITS }}
              interactiveLayerIds={INTERACTIVE_LAYERS}
              cursor={areas.drawTools?.drawing ? "crosshair" : dragging ? "grabbing" : hoveringPin ? (editable ? "move" : "pointer") : editable ? "crosshair" : "grab"}
              dragRotate={false}
              pitchWithRotate={false}
              onLoad={(event) => {
                // The canvas is the map's own "Map" region: it too points at its text version.
                event.target.getCanvas().setAttribute("aria-describedby", PIN_LIST_NOTE_ID);
                addPinSymbols(event.target);
                setZoom(event.target.getZoom());
                event.target.on("styleimagemissing", () => addPinSymbols(event.target));
                setMap(event.target);
                const center = event.target.getCenter();
                const loaded = { longitude: center.lng, latitude: center.lat, zoom: event.target.getZoom(), bearing: event.target.getBearing(), pitch: event.target.getPitch() };
                setView(formatViewParam(loaded));
                noteBounds(event.target);
                ui.reportMapView(cameraViewOf(loaded));
              }}
              onClick={handleClick}
              onMouseMove={(event) => setPointer([event.lngLat.lng, event.lngLat.lat])}
              onMouseOut={() => setPointer(null)}
              onMoveStart={(event) => {
                if (event.originalEvent) ui.noteMapMovedByHand();
              }}
              onMove={(event) => {
                // Clusters are per whole zoom level: the pane re-renders only when that changes.
                if (Math.floor(event.viewState.zoom) !== Math.floor(zoom)) setZoom(event.viewState.zoom);
                if (performance.now() - lastViewReport.current < VIEW_REPORT_MS) return;
                lastViewReport.current = performance.now();
                ui.reportMapView(cameraViewOf(event.viewState));
              }}
              onMoveEnd={(event) => {
                const { longitude, latitude, zoom } = event.viewState;
                setView(formatViewParam({ longitude, latitude, zoom }));
                noteBounds(event.target);
                lastViewReport.current = performance.now();
                ui.reportMapView(cameraViewOf(event.viewState));
              }}
              onMouseEnter={() => setHoveringPin(true)}
              onMouseLeave={() => setHoveringPin(false)}
            >
              <kit.NavigationControl position="top-right" showCompass={false} />
              <PrecisionRegions pins={pins} regions={local.regions} />
              {map && <AreaLayer areas={areas.drawn} highlighted={areas.highlighted} selectedId={areas.selected?.id ?? null} />}
              {/* Drawn once the pin symbols are registered (on load), so no symbol is ever missing. */}
              {map && <PinLayer marks={marks} ghosts={ghosts} many={pins.length > CLUSTER_FROM} rings={rings} highlighted={highlighted} changes={changeMarks} pins={pins} />}
              <PeerPointers peers={peers} />
              {draft && editable ? (
                <kit.Popup
                  longitude={draft.lng}
                  latitude={draft.lat}
                  offset={10}
                  closeButton={false}
                  closeOnClick={false}
                  maxWidth="280px"
                  className={styles.popup}
                >
                  <AddPinForm key={`${draft.lng},${draft.lat}`} initialTitle={draft.title} onAdd={handleAdd} onCancel={() => setDraft(null)} />
                </kit.Popup>
              ) : null}
              {openStack ? (
                <kit.Popup
                  longitude={openStack.lng}
                  latitude={openStack.lat}
                  offset={14}
                  closeButton={false}
                  closeOnClick={false}
                  maxWidth="320px"
                  className={styles.popup}
                >
                  <StackList pins={openStack.pins} cardOfPin={cardOfPin} onChoose={(pin) => choosePinId(pin.id)} onClose={() => setOpenStack(null)} />
                </kit.Popup>
              ) : null}
            </kit.Map>
          </MapKitProvider>
        ) : (
          <div className={panelStyles.loadingMap}>Loading {basemap.label}…</div>
        )}
        <div className={panelStyles.topLeft} data-beside-panel={selectedPin || areas.selected ? "true" : undefined}>
          <PlaceSearch onChoose={choosePlace} near={searchNear} />
          <MapToolbar
            onFit={fitBoard}
            onSetStart={editable ? setStart : null}
            shareLink={() => shareableUrl(window.location.href, currentView())}
            undo={editable ? undo : null}
            basemaps={basemaps}
            basemap={basemap.id}
            onBasemap={chooseBasemap}
            grouping={pins.length > CLUSTER_FROM ? { on: grouping, set: setGrouping } : null}
            draw={areas.drawTools}
          />
          <StatusChip loading={loading} canEdit={canEdit} error={error} />
        </div>
        {pinPick ? <PickPrompt pick={pinPick} onCancel={() => ui.requestPinPick(null)} /> : null}
        {areas.drawTools?.drawing ? <DrawPrompt shape={areas.drawTools.drawing} onFinish={areas.drawTools.finish} onCancel={areas.drawTools.cancel} onTyped={areas.drawTools.addTyped} /> : null}
        {areas.selected && !selectedPin ? (
          <AreaPanel
            key={areas.selected.id}
            area={areas.selected}
            canEdit={editable}
            numericOrder={areas.numericOrder}
            linkedCards={cards.filter((card) => card.areaIds.includes(areas.selected!.id))}
            onChange={areas.change}
            onDelete={areas.remove}
            onClose={areas.close}
          />
        ) : null}
        {selectedPin ? (
          <PinPanel
            key={selectedPin.id}
            pin={selectedPin}
            takeFocus={addedPin === selectedPin.id}
            canEdit={editable}
            onChange={handleChange}
            onDelete={handleDelete}
            onClose={() => ui.select(null)}
          >
            <CitingClaims doc={doc} item={{ kind: "pin", id: selectedPin.id }} />
            <TargetThreads target={{ kind: "pin", id: selectedPin.id }} noun="pin" />
          </PinPanel>
        ) : null}
        {deleted ? (
          <DeletedNotice
            title={deleted}
            onUndo={() => {
              undo.undo();
              setDeleted(null);
            }}
            onDismiss={() => setDeleted(null)}
          />
        ) : null}
        <MapLegend
          window={
            timeWindow || isCardFilterActive(cardFilter)
              ? { range: timeWindow, filter: describeCardFilter(cardFilter), inView: inWindowCount, total: pins.length, outside, onOutside: setOutside }
              : null
          }
          filters={cards.length > 0 ? <CardFilterControls cards={cards} className={panelStyles.mapFilters} /> : null}
        />
      </div>
      <PinList
        pins={pins}
        selectedId={selectedPinId}
        highlighted={highlighted}
        view={viewBounds}
        picking={pinPick !== null}
        onSelect={choosePin}
        emptyHint={editable ? "No pins yet. Click the map or search a place to add one." : "No pins yet."}
      />
      {areas.areas.length > 0 ? (
        <AreaList areas={areas.areas} shown={areas.shownIds} selectedId={areas.selected?.id ?? null} highlighted={areas.highlighted} onSelect={areas.show} />
      ) : null}
    </div>
  );
});
