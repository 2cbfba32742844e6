"use client";
/**
 * The renderer behind the map: react-map-gl's `/maplibre` entry (offline, the default) or its
 * `/mapbox` entry (only with `NEXT_PUBLIC_MAPBOX_TOKEN`). Both expose the same components over
 * the same style spec, so the pane and its layers are written once against this kit.
 */
import { createContext, useContext } from "react";
import * as maplibreKit from "react-map-gl/maplibre";

/** Typed as the maplibre entry; the mapbox entry has the same components and props at runtime. */
export type MapKit = Pick<typeof maplibreKit, "Map" | "Source" | "Layer" | "Marker" | "Popup" | "NavigationControl">;

export const MAPLIBRE_KIT: MapKit = maplibreKit;

/** The Mapbox token baked in at build time; without it the app never loads or calls Mapbox. */
export const MAPBOX_TOKEN = process.env.NEXT_PUBLIC_MAPBOX_TOKEN ?? "";

let mapboxKit: Promise<MapKit> | null = null;

/** Loads mapbox-gl and its react-map-gl entry on first use, so the default bundle stays without it. */
export function loadMapboxKit(): Promise<MapKit> {
  mapboxKit ??= Promise.all([import("react-map-gl/mapbox"), import("mapbox-gl/dist/mapbox-gl.css")]).then(
    ([kit]) => kit as unknown as MapKit,
  );
  return mapboxKit;
}

const MapKitContext = createContext<MapKit>(MAPLIBRE_KIT);

export const MapKitProvider = MapKitContext.Provider;

/** The components of the map being drawn. */
export function useMapKit(): MapKit {
  return useContext(MapKitContext);
}
