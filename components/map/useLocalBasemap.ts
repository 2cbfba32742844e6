"use client";
/**
 * Fills the offline style's sources once the map exists, and keeps the pane's `data-map-idle`
 * hook current, and with a PMTiles basemap `data-basemap-layers` (the layers of the file drawn
 * when the map first settled, e.g. "boundaries earth places roads water"; once per map, as
 * querying every rendered feature is not free). Both are written straight to the DOM: a state
 * update on every idle would re-render the whole pane.
 */
import type { FeatureCollection } from "geojson";
import type { GeoJSONSource, Map as MapInstance } from "maplibre-gl";
import { useEffect, useState, type RefObject } from "react";
import { loadBasemapData, type BasemapData } from "./basemapData";
import { BASEMAP_SOURCE } from "./localStyle";
import { PMTILES_SOURCE } from "./protomapsStyle";
import type { BasemapLabel } from "./windowClusters";

const NO_LABELS: BasemapLabel[] = [];

function labelsOf(data: BasemapData): BasemapLabel[] {
  return [...data.countryLabels.features, ...data.regionLabels.features].flatMap((feature) => {
    const name = feature.properties?.name;
    const [lng, lat] = feature.geometry.coordinates;
    return typeof name === "string" ? [{ name, lng, lat }] : [];
  });
}

/** The layers of the PMTiles file with features on screen, by name, sorted. */
function drawnSourceLayers(map: MapInstance): string {
  const layers = map.getStyle().layers.flatMap((layer) => ("source" in layer && layer.source === PMTILES_SOURCE ? [layer.id] : []));
  const drawn = new Set(map.queryRenderedFeatures({ layers }).map((feature) => feature.sourceLayer ?? ""));
  return [...drawn].filter(Boolean).sort().join(" ");
}

export function useLocalBasemap(map: MapInstance | null, active: boolean, paneRef: RefObject<HTMLElement | null>) {
  const [regions, setRegions] = useState<FeatureCollection | null>(null);
  const [labels, setLabels] = useState<BasemapLabel[]>(NO_LABELS);
  const [loadedOn, setLoadedOn] = useState<MapInstance | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const pane = paneRef.current;
    if (!map || !pane) return;
    const busy = () => (pane.dataset.mapIdle = "false");
    const idle = () => (pane.dataset.mapIdle = "true");
    const drawn = () => {
      if (map.getSource(PMTILES_SOURCE)) pane.dataset.basemapLayers = drawnSourceLayers(map);
    };
    delete pane.dataset.basemapLayers;
    map.once("idle", drawn);
    map.on("movestart", busy);
    map.on("dataloading", busy);
    map.on("idle", idle);
    return () => {
      map.off("movestart", busy);
      map.off("dataloading", busy);
      map.off("idle", idle);
      map.off("idle", drawn);
    };
  }, [map, paneRef]);

  useEffect(() => {
    if (!map || !active) return;
    let cancelled = false;
    loadBasemapData()
      .then((loaded) => {
        if (cancelled) return;
        for (const key of Object.keys(BASEMAP_SOURCE) as Array<keyof BasemapData>) {
          map.getSource<GeoJSONSource>(BASEMAP_SOURCE[key])?.setData(loaded[key]);
        }
        setRegions(loaded.regions);
        setLabels(labelsOf(loaded));
        map.once("idle", () => !cancelled && setLoadedOn(map));
      })
      .catch((reason: unknown) => {
        if (!cancelled) setError(reason instanceof Error ? reason.message : String(reason));
      });
    return () => {
      cancelled = true;
    };
  }, [map, active]);

  /** `loaded`: countries and regions are drawn on the current map; `labels`: the names it prints. */
  return { regions, labels: active ? labels : NO_LABELS, loaded: loadedOn !== null && loadedOn === map, error };
}
