"use client";
/**
 * Draws one scene's map (the offline basemap, every pin, the scene's pins highlighted, pins
 * outside its time window faint, the areas and routes holding in it) and hands it over as a PNG data URL once everything is drawn,
 * so the briefing prints an image rather than a live WebGL canvas.
 */
import "maplibre-gl/dist/maplibre-gl.css";
import type { Map as MapInstance } from "maplibre-gl";
import { useEffect, useMemo, useRef, useState } from "react";
import { Map } from "react-map-gl/maplibre";
import { AreaLayer } from "@/components/map/AreaLayer";
import { areasInWindow, citedAreas } from "@/components/map/areaFilters";
import { LOCAL_STYLE } from "@/components/map/localStyle";
import { MAPLIBRE_WORKER_URL } from "@/components/map/maplibreWorker";
import { pinsOutsideFilters } from "@/components/map/pinFilters";
import { CLUSTER_FROM, PinLayer } from "@/components/map/PinLayer";
import { marksAt, stackPins } from "@/components/map/windowClusters";
import { addPinSymbols } from "@/components/map/pinSymbols";
import { useLocalBasemap } from "@/components/map/useLocalBasemap";
import type { Area, Card, Pin, Scene } from "@/lib/board/schema";
import styles from "./briefing.module.css";

interface SceneMapImageProps {
  scene: Scene;
  pins: readonly Pin[];
  cards: readonly Card[];
  areas: readonly Area[];
  onImage(dataUrl: string): void;
}

const NO_RINGS: never[] = [];
const NO_CLAIMS: never[] = [];

export function SceneMapImage({ scene, pins, cards, areas, onImage }: SceneMapImageProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const handOver = useRef(onImage);
  useEffect(() => {
    handOver.current = onImage;
  }, [onImage]);
  const [map, setMap] = useState<MapInstance | null>(null);
  const { loaded, error } = useLocalBasemap(map, true, boxRef);
  // The pins in the scene's window, stacked per place; the others faint.
  const { marks, ghosts } = useMemo(() => {
    const outside = pinsOutsideFilters(cards, scene.timeWindow);
    return {
      marks: marksAt(stackPins(pins.filter((pin) => !outside.has(pin.id))), null, scene.view.zoom),
      ghosts: marksAt(stackPins(pins.filter((pin) => outside.has(pin.id))), null, 0),
    };
  }, [pins, cards, scene.timeWindow, scene.view.zoom]);
  const highlighted = useMemo(() => {
    const ofCards = cards.filter((card) => scene.focus.cardIds.includes(card.id)).flatMap((card) => card.pinIds);
    return [...new Set([...scene.focus.pinIds, ...ofCards])];
  }, [cards, scene.focus]);

  const sceneAreas = useMemo(() => areasInWindow(areas, scene.timeWindow), [areas, scene.timeWindow]);
  const areasOfCards = useMemo(() => citedAreas(cards, NO_CLAIMS, null, scene.focus.cardIds), [cards, scene.focus]);

  useEffect(() => {
    if (!map || !loaded) return;
    let done = false;
    const capture = () => {
      if (done) return;
      done = true;
      handOver.current(map.getCanvas().toDataURL("image/png"));
    };
    map.once("idle", capture);
    map.triggerRepaint();
    return () => {
      done = true;
      map.off("idle", capture);
    };
  }, [map, loaded]);

  return (
    <div ref={boxRef} className={styles.mapBox} data-testid="briefing-map-drawing">
      {error ? <p role="alert">{error}</p> : null}
      <Map
        mapStyle={LOCAL_STYLE}
        workerUrl={MAPLIBRE_WORKER_URL}
        initialViewState={{ longitude: scene.view.lng, latitude: scene.view.lat, zoom: scene.view.zoom, bearing: scene.view.bearing, pitch: scene.view.pitch }}
        interactive={false}
        attributionControl={false}
        fadeDuration={0}
        canvasContextAttributes={{ preserveDrawingBuffer: true }}
        onLoad={(event) => {
          addPinSymbols(event.target);
          setMap(event.target);
        }}
      >
        {/* Drawn once the pin symbols are registered (on load), so no symbol is ever missing. */}
        {map && <AreaLayer areas={sceneAreas} highlighted={areasOfCards} selectedId={null} />}
        {map && <PinLayer marks={marks} ghosts={ghosts} many={pins.length > CLUSTER_FROM} rings={NO_RINGS} highlighted={highlighted} />}
      </Map>
    </div>
  );
}
