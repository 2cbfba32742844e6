"use client";
/** The regions that "region"-precision pins stand for, shaded so the uncertainty shows. */
import type { FeatureCollection } from "geojson";
import { useMemo } from "react";
import type { Pin } from "@/lib/board/schema";
import { regionAt } from "./geo";
import { useMapKit } from "./mapKit";

export function PrecisionRegions({ pins, regions }: { pins: readonly Pin[]; regions: FeatureCollection | null }) {
  const { Source, Layer } = useMapKit();
  const data = useMemo((): FeatureCollection => {
    const names = new Set<string>();
    if (regions) {
      for (const pin of pins) {
        if (pin.geoPrecision !== "region") continue;
        const name = regionAt(regions, [pin.lng, pin.lat]);
        if (name) names.add(name);
      }
    }
    return { type: "FeatureCollection", features: regions?.features.filter((f) => names.has(f.properties?.name)) ?? [] };
  }, [pins, regions]);
  return (
    <Source id="pin-regions" type="geojson" data={data}>
      <Layer id="pin-regions-fill" type="fill" paint={{ "fill-color": "#d1495b", "fill-opacity": 0.12 }} />
      <Layer id="pin-regions-line" type="line" paint={{ "line-color": "#d1495b", "line-width": 1.5, "line-opacity": 0.6 }} />
    </Source>
  );
}
