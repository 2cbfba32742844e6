"use client";
/**
 * Drawing and reshaping areas with terra-draw over the maplibre map. terra-draw holds only what is
 * being drawn or reshaped right now; the areas themselves live in the document and are drawn by
 * `AreaLayer`, so everyone (and the mapbox renderer) sees the same thing. A finished shape is
 * handed to `onDrawn`, a finished drag of a vertex or of the whole area to `onReshaped`.
 */
import type { Map as MapInstance } from "maplibre-gl";
import { useEffect, useRef, useState } from "react";
import { TerraDraw, TerraDrawLineStringMode, TerraDrawPolygonMode, TerraDrawSelectMode, type GeoJSONStoreFeatures } from "terra-draw";
import { TerraDrawMapLibreGLAdapter } from "terra-draw-maplibre-gl-adapter";
import { AreaGeometrySchema, type Area, type AreaGeometry } from "@/lib/board/schema";
import { AREA_COLOR } from "./areaStyle";

/** What a person draws: an area (polygon) or a route (line). */
export type DrawShape = "polygon" | "linestring";

const MODE_OF: Record<AreaGeometry["type"], DrawShape> = { Polygon: "polygon", LineString: "linestring" };

/** Reshaping: vertices dragged, added (midpoints) or removed, and the whole shape dragged. */
const RESHAPE = { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } };

/**
 * terra-draw refuses positions with more than 9 decimals (its default precision, a millimetre);
 * a shape typed, imported or moved by the arrow keys may carry more, so what it is handed is
 * rounded to that (the document keeps the shape as it is).
 */
const DRAW_DECIMALS = 9;

function forDrawing(geometry: AreaGeometry): AreaGeometry {
  const round = ([lng, lat]: number[]): [number, number] => [Number(lng.toFixed(DRAW_DECIMALS)), Number(lat.toFixed(DRAW_DECIMALS))];
  return geometry.type === "Polygon"
    ? { type: "Polygon", coordinates: [geometry.coordinates[0].map(round)] }
    : { type: "LineString", coordinates: geometry.coordinates.map(round) };
}

export interface AreaDraw {
  /** Whether terra-draw is ready on the map. */
  available: boolean;
  /** The area terra-draw holds for reshaping (the map's own layer leaves it out), or null. */
  reshapingId: string | null;
  /** Whether a pointer event fell on the shape in hand or one of its handles. */
  holds(event: MouseEvent): boolean;
  /** The shape being drawn, or null. */
  drawing: DrawShape | null;
  start(shape: DrawShape): void;
  /** Finishes the shape being drawn, as Enter on the map does. */
  finish(): void;
  /** Leaves drawing; the unfinished shape is dropped. */
  cancel(): void;
}

interface AreaDrawOptions {
  /** The maplibre map, or null (no map yet, the mapbox renderer, or a person who may not edit). */
  map: MapInstance | null;
  /** The area offered for reshaping: its vertices and body can be dragged. */
  reshaping: Area | null;
  onDrawn(geometry: AreaGeometry): void;
  onReshaped(areaId: string, geometry: AreaGeometry): void;
}

/** The geometry terra-draw holds for a feature, if it is one an area can have. */
function geometryOf(feature: GeoJSONStoreFeatures | undefined): AreaGeometry | null {
  const parsed = AreaGeometrySchema.safeParse(feature?.geometry);
  return parsed.success ? parsed.data : null;
}

export function useAreaDraw({ map, reshaping, onDrawn, onReshaped }: AreaDrawOptions): AreaDraw {
  const [draw, setDraw] = useState<TerraDraw | null>(null);
  const [drawing, setDrawing] = useState<DrawShape | null>(null);
  const reshaped = useRef<{ featureId: string | number; areaId: string } | null>(null);
  const handlers = useRef({ onDrawn, onReshaped });
  useEffect(() => {
    handlers.current = { onDrawn, onReshaped };
  });

  useEffect(() => {
    if (!map) return;
    const instance = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode({ styles: { fillColor: AREA_COLOR.operation, fillOpacity: 0.15, outlineColor: AREA_COLOR.operation, outlineWidth: 2 } }),
        new TerraDrawLineStringMode({ styles: { lineStringColor: AREA_COLOR.route, lineStringWidth: 3 } }),
        new TerraDrawSelectMode({
          flags: { polygon: RESHAPE, linestring: RESHAPE },
          // The shape stays in hand until the person closes the area's panel.
          allowManualDeselection: false,
          keyEvents: null,
          styles: { selectedPolygonColor: AREA_COLOR.operation, selectedPolygonOutlineColor: "#1f2933", selectedLineStringColor: "#1f2933" },
        }),
      ],
    });
    instance.start();
    instance.on("finish", (id, context) => {
      const geometry = geometryOf(instance.getSnapshotFeature(id));
      if (context.action === "draw") {
        // The document takes the shape from here; terra-draw lets go of it once it has finished.
        setTimeout(() => {
          if (instance.enabled && instance.hasFeature(id)) instance.removeFeatures([id]);
        });
        setDrawing(null);
        if (geometry) handlers.current.onDrawn(geometry);
        return;
      }
      const held = reshaped.current;
      if (held && held.featureId === id && geometry) handlers.current.onReshaped(held.areaId, geometry);
    });
    setDraw(instance);
    return () => {
      setDraw(null);
      setDrawing(null);
      reshaped.current = null;
      // The map may already be gone (a basemap switch removes it); terra-draw then has nothing to undo.
      try {
        instance.stop();
      } catch {
        /* the map was removed first */
      }
    };
  }, [map]);

  // The area offered for reshaping is handed to terra-draw's select mode; another area, or none,
  // takes it back.
  const reshapingId = !drawing && reshaping ? reshaping.id : null;
  const reshapingGeometry = reshapingId ? forDrawing(reshaping!.geometry) : null;
  const reshapingKey = reshapingGeometry ? JSON.stringify(reshapingGeometry) : null;
  useEffect(() => {
    if (!draw || !reshapingId || !reshapingGeometry) return;
    const [added] = draw.addFeatures([{ type: "Feature", geometry: reshapingGeometry, properties: { mode: MODE_OF[reshapingGeometry.type] } }]);
    const featureId = added?.valid ? added.id : undefined;
    if (featureId === undefined) return;
    draw.setMode("select");
    draw.selectFeature(featureId);
    reshaped.current = { featureId, areaId: reshapingId };
    return () => {
      reshaped.current = null;
      if (!draw.enabled) return;
      if (draw.hasFeature(featureId)) draw.removeFeatures([featureId]);
      if (draw.getMode() === "select") draw.setMode("static");
    };
    // A change of the area's shape by someone else is followed below, without letting go of it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [draw, reshapingId]);

  // Followed by its text (the geometry is a new object every render), not its identity.
  useEffect(() => {
    const held = reshaped.current;
    if (!draw || !held || !reshapingKey || !draw.hasFeature(held.featureId)) return;
    const current = draw.getSnapshotFeature(held.featureId)?.geometry;
    if (JSON.stringify(current) === reshapingKey) return;
    try {
      draw.updateFeatureGeometry(held.featureId, JSON.parse(reshapingKey) as AreaGeometry);
    } catch (error) {
      // A shape terra-draw will not hold stays drawn by the map's own layer; the page goes on.
      console.warn("The area's new shape could not be handed to the drawing tool:", error);
    }
  }, [draw, reshapingKey]);

  // Set after any reshaping has let go (cleanups run before effects), so that never undoes it.
  useEffect(() => {
    if (!draw || !drawing) return;
    draw.setMode(drawing);
    return () => {
      if (draw.enabled && draw.getMode() === drawing) draw.setMode("static");
    };
  }, [draw, drawing]);

  return {
    available: draw !== null,
    reshapingId: draw ? reshapingId : null,
    holds: (event) => (draw?.enabled ? draw.getFeaturesAtPointerEvent(event, { includePolygonsWithinPointerDistance: true }).length > 0 : false),
    drawing,
    start: (shape) => {
      if (draw) setDrawing(shape);
    },
    finish: () => {
      // terra-draw finishes a shape on Enter; the button says the same thing in the same words.
      map?.getCanvas().dispatchEvent(new KeyboardEvent("keyup", { key: "Enter" }));
    },
    cancel: () => setDrawing(null),
  };
}
