import { describe, expect, it } from "vitest";
import { basemapsFor, NO_OWN_BASEMAP } from "./basemaps";
import { PMTILES_SOURCE, protomapsStyle } from "./protomapsStyle";

describe("basemapsFor", () => {
  it("offers only the local basemap when nothing is configured (and no Mapbox token is baked in)", () => {
    expect(basemapsFor(NO_OWN_BASEMAP).map((b) => b.id)).toEqual(["local"]);
  });

  it("puts the operator's basemaps first, their own style before the PMTiles file", () => {
    const basemaps = basemapsFor({ pmtiles: "/api/map/basemap.pmtiles?v=1", styleUrl: "/styles/sahel.json" });
    expect(basemaps.map((b) => [b.id, b.label])).toEqual([
      ["custom", "Custom map"],
      ["pmtiles", "Streets (offline)"],
      ["local", "Local (offline)"],
    ]);
    expect(basemaps[0].style).toBe("/styles/sahel.json");
  });
});

describe("protomapsStyle", () => {
  const style = protomapsStyle("/api/map/basemap.pmtiles?v=1");

  it("asks nothing of any other site: no glyphs, no sprite, tiles from the file this app serves", () => {
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(style.sources).toEqual({ [PMTILES_SOURCE]: expect.objectContaining({ type: "vector", url: "pmtiles:///api/map/basemap.pmtiles?v=1" }) });
    expect(JSON.stringify(style.layers)).not.toMatch(/https?:|\/\//);
  });

  it("draws Protomaps' layers with no icon it would lack, and credits OpenStreetMap and Protomaps", () => {
    const sourceLayers = new Set(style.layers.flatMap((layer) => ("source-layer" in layer && layer["source-layer"] ? [layer["source-layer"]] : [])));
    expect([...sourceLayers]).toEqual(expect.arrayContaining(["earth", "water", "roads", "boundaries", "places"]));
    expect(style.layers.filter((layer) => layer.layout && "icon-image" in layer.layout)).toEqual([]);
    expect(style.layers.find((layer) => layer.id === "places_locality")?.layout).toHaveProperty("text-field");
    const source = style.sources[PMTILES_SOURCE];
    expect("attribution" in source ? source.attribution : "").toMatch(/OpenStreetMap.*Protomaps/);
  });
});
