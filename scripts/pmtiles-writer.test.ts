import { VectorTile } from "@mapbox/vector-tile";
import { PbfReader } from "pbf";
import { PMTiles, TileType, type Source } from "pmtiles";
import { describe, expect, it } from "vitest";
import { TEST_BASEMAP_BOUNDS, TEST_BASEMAP_LAYERS, TEST_BASEMAP_MAX_ZOOM, testBasemap } from "./make-test-basemap";

/** The archive's bytes as the reader asks for them. */
function bufferSource(bytes: Buffer): Source {
  return {
    getKey: () => "memory",
    getBytes: async (offset, length) => ({ data: bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + length) as ArrayBuffer }),
  };
}

async function layersAt(archive: PMTiles, z: number, lng: number, lat: number) {
  const x = Math.floor(((lng + 180) / 360) * 2 ** z);
  const rad = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** z);
  const tile = await archive.getZxy(z, x, y);
  if (!tile) return null;
  // The reader unzips each tile as the header says they are stored.
  return new VectorTile(new PbfReader(new Uint8Array(tile.data))).layers;
}

describe("the PMTiles writer, read back by the pmtiles reader", () => {
  const bytes = testBasemap();
  const archive = new PMTiles(bufferSource(bytes));

  it("writes a v3 header that says what the archive holds", async () => {
    const header = await archive.getHeader();
    expect(header).toMatchObject({ specVersion: 3, tileType: TileType.Mvt, minZoom: 0, maxZoom: TEST_BASEMAP_MAX_ZOOM, clustered: true });
    expect([header.minLon, header.minLat, header.maxLon, header.maxLat]).toEqual(TEST_BASEMAP_BOUNDS);
    const metadata = (await archive.getMetadata()) as { vector_layers: Array<{ id: string }> };
    expect(metadata.vector_layers.map((layer) => layer.id)).toEqual([...TEST_BASEMAP_LAYERS]);
  });

  it("finds every zoom's tile over Gao, with Protomaps' layers and properties in it", async () => {
    for (let z = 0; z <= TEST_BASEMAP_MAX_ZOOM; z++) {
      const layers = await layersAt(archive, z, -0.0444, 16.2666);
      expect(Object.keys(layers ?? {}).sort(), `zoom ${z}`).toEqual(expect.arrayContaining(["earth", "places", "roads", "water"]));
    }
    const places = (await layersAt(archive, 8, -0.0444, 16.2666))!.places;
    const names = Array.from({ length: places.length }, (_, i) => places.feature(i).properties);
    expect(names).toContainEqual(expect.objectContaining({ kind: "locality", name: "Gao", population_rank: 11 }));
  });

  it("has no tile outside its box", async () => {
    expect(await layersAt(archive, 8, 30, 0)).toBeNull();
  });
});
