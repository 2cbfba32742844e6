/**
 * A small PMTiles v3 writer (https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md) for
 * vector tiles cut from GeoJSON: enough to make test basemaps, not a tiler for real extracts (use
 * the `pmtiles` CLI for those). Tiles are cut and encoded as Mapbox Vector Tiles by maplibre's own
 * `@maplibre/geojson-vt` and `@maplibre/vt-pbf` (as maplibre does for GeoJSON sources), then gzipped; the archive has one root directory, no leaf directories, tiles in tile-id
 * order (clustered), and gzipped JSON metadata naming each layer.
 */
import zlib from "node:zlib";
import type { FeatureCollection } from "geojson";
import { GeoJSONVT } from "@maplibre/geojson-vt";
import { fromGeojsonVt } from "@maplibre/vt-pbf";
import { zxyToTileId } from "pmtiles";

const HEADER_BYTES = 127;
/** The header and root directory must fit in the first 16 KiB, which readers fetch first. */
const FIRST_FETCH_BYTES = 16_384;
const GZIP = 2;
const MVT = 1;
/** geojson-vt's default tile extent, which the encoder must be told. */
const EXTENT = 4096;

export interface VectorArchive {
  /** Each layer's features, by layer name. */
  layers: Record<string, FeatureCollection>;
  minZoom: number;
  maxZoom: number;
  /** West, south, east, north: tiles are cut over this box. */
  bounds: [number, number, number, number];
  /** Added to the metadata beside `vector_layers` (name, attribution…). */
  metadata?: Record<string, unknown>;
}

interface Entry {
  tileId: number;
  offset: number;
  length: number;
}

/** Tile x or y at `zoom` of a longitude or latitude (Web Mercator). */
function tileX(lng: number, zoom: number): number {
  return Math.min(2 ** zoom - 1, Math.max(0, Math.floor(((lng + 180) / 360) * 2 ** zoom)));
}
function tileY(lat: number, zoom: number): number {
  const rad = (lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * 2 ** zoom;
  return Math.min(2 ** zoom - 1, Math.max(0, Math.floor(y)));
}

/** Unsigned LEB128, as the spec's directories use; numbers may pass 2^32. */
function varint(value: number, out: number[]): void {
  let rest = value;
  while (rest >= 0x80) {
    out.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  out.push(rest);
}

/** A directory: entry count, then tile-id deltas, run lengths, lengths and offsets, column by column. */
function directory(entries: readonly Entry[]): Buffer {
  const out: number[] = [];
  varint(entries.length, out);
  entries.forEach((entry, i) => varint(entry.tileId - (i > 0 ? entries[i - 1].tileId : 0), out));
  for (let i = 0; i < entries.length; i++) varint(1, out);
  for (const entry of entries) varint(entry.length, out);
  entries.forEach((entry, i) => {
    const previous = entries[i - 1];
    // 0 means "right after the previous tile"; any other offset is stored plus one.
    varint(previous && entry.offset === previous.offset + previous.length ? 0 : entry.offset + 1, out);
  });
  return Buffer.from(out);
}

/** The archive's bytes. */
export function writePmtiles(archive: VectorArchive): Buffer {
  const cutters = Object.entries(archive.layers).map(([name, data]) => ({
    name,
    index: new GeoJSONVT(data, { maxZoom: archive.maxZoom, indexMaxZoom: archive.maxZoom, extent: EXTENT, buffer: 64 }),
  }));
  const [west, south, east, north] = archive.bounds;
  const tiles: Array<{ tileId: number; data: Buffer }> = [];
  for (let z = archive.minZoom; z <= archive.maxZoom; z++) {
    for (let x = tileX(west, z); x <= tileX(east, z); x++) {
      for (let y = tileY(north, z); y <= tileY(south, z); y++) {
        const layers = Object.fromEntries(
          cutters.flatMap(({ name, index }) => {
            const tile = index.getTile(z, x, y);
            return tile && tile.features.length > 0 ? [[name, tile]] : [];
          }),
        );
        if (Object.keys(layers).length === 0) continue;
        tiles.push({ tileId: zxyToTileId(z, x, y), data: zlib.gzipSync(fromGeojsonVt(layers, { version: 2, extent: EXTENT })) });
      }
    }
  }
  tiles.sort((a, b) => a.tileId - b.tileId);

  const entries: Entry[] = [];
  let offset = 0;
  for (const tile of tiles) {
    entries.push({ tileId: tile.tileId, offset, length: tile.data.length });
    offset += tile.data.length;
  }
  const root = zlib.gzipSync(directory(entries));
  if (HEADER_BYTES + root.length > FIRST_FETCH_BYTES) throw new Error("Too many tiles for a root directory alone; this writer makes no leaf directories.");
  const vectorLayers = Object.entries(archive.layers).map(([id, data]) => ({
    id,
    fields: Object.fromEntries(data.features.flatMap((f) => Object.keys(f.properties ?? {})).map((key) => [key, "String"])),
    minzoom: archive.minZoom,
    maxzoom: archive.maxZoom,
  }));
  const metadata = zlib.gzipSync(JSON.stringify({ ...archive.metadata, vector_layers: vectorLayers }));
  const tileData = Buffer.concat(tiles.map((tile) => tile.data));

  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + root.length;
  const leavesOffset = metadataOffset + metadata.length;
  const dataOffset = leavesOffset;
  const header = Buffer.alloc(HEADER_BYTES);
  header.write("PMTiles", 0, "ascii");
  header.writeUInt8(3, 7);
  const u64 = [rootOffset, root.length, metadataOffset, metadata.length, leavesOffset, 0, dataOffset, tileData.length, entries.length, entries.length, tiles.length];
  u64.forEach((value, i) => header.writeBigUInt64LE(BigInt(value), 8 + i * 8));
  header.writeUInt8(1, 96); // clustered
  header.writeUInt8(GZIP, 97); // directories and metadata
  header.writeUInt8(GZIP, 98); // tiles
  header.writeUInt8(MVT, 99);
  header.writeUInt8(archive.minZoom, 100);
  header.writeUInt8(archive.maxZoom, 101);
  const e7 = (degrees: number) => Math.round(degrees * 1e7);
  header.writeInt32LE(e7(west), 102);
  header.writeInt32LE(e7(south), 106);
  header.writeInt32LE(e7(east), 110);
  header.writeInt32LE(e7(north), 114);
  header.writeUInt8(archive.minZoom, 118);
  header.writeInt32LE(e7((west + east) / 2), 119);
  header.writeInt32LE(e7((south + north) / 2), 123);
  return Buffer.concat([header, root, metadata, tileData]);
}
