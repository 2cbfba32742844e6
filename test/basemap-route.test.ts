/**
 * The PMTiles basemap route over a real HTTP server and a real file: the byte ranges a map reader
 * asks for, the validators that tell it the file changed, and a file dropped into DATA_DIR being
 * served without a restart. The pmtiles library's own reader reads the archive through it.
 */
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { FetchSource, PMTiles } from "pmtiles";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET, HEAD } from "@/app/api/map/basemap.pmtiles/route";
import { basemapConfig, BASEMAP_PMTILES_PATH } from "@/lib/basemap";
import { readEnv } from "@/lib/env";
import { testBasemap } from "@/scripts/make-test-basemap";

const saved = { DATA_DIR: process.env.DATA_DIR, MAP_PMTILES: process.env.MAP_PMTILES };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "basemap-route-"));
const dropped = path.join(dataDir, "basemap.pmtiles");
const archive = testBasemap();
let server: http.Server;
let url: string;

/** The route handler behind a plain Node server, as Next runs it. */
function serve(req: http.IncomingMessage, res: http.ServerResponse): void {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  const request = new Request(`http://${req.headers.host}${req.url}`, { method: req.method, headers });
  const response = req.method === "HEAD" ? HEAD(request) : GET(request);
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (response.body) Readable.fromWeb(response.body as import("node:stream/web").ReadableStream).pipe(res);
  else res.end();
}

beforeAll(async () => {
  process.env.DATA_DIR = dataDir;
  delete process.env.MAP_PMTILES;
  server = http.createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${BASEMAP_PMTILES_PATH}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

beforeEach(() => {
  fs.rmSync(dropped, { force: true });
  delete process.env.MAP_PMTILES;
});

const range = (value: string, more: Record<string, string> = {}) => fetch(url, { headers: { range: value, ...more } });

describe("the PMTiles basemap route", () => {
  it("answers 404 until a file is dropped into DATA_DIR, then serves it without a restart", async () => {
    expect((await fetch(url)).status).toBe(404);
    expect(basemapConfig(readEnv()).pmtiles).toBeNull();
    fs.writeFileSync(dropped, archive);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(archive)).toBe(true);
    expect(basemapConfig(readEnv()).pmtiles).toMatch(new RegExp(`^${BASEMAP_PMTILES_PATH.replaceAll(".", "\\.")}\\?v=`));
  });

  it("gives the ranges asked for, whole or from the end, with their place in the file", async () => {
    fs.writeFileSync(dropped, archive);
    const head = await range("bytes=0-126");
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-126/${archive.length}`);
    expect(head.headers.get("content-length")).toBe("127");
    expect(head.headers.get("accept-ranges")).toBe("bytes");
    expect(Buffer.from(await head.arrayBuffer()).equals(archive.subarray(0, 127))).toBe(true);

    const tail = await range("bytes=-10");
    expect(tail.headers.get("content-range")).toBe(`bytes ${archive.length - 10}-${archive.length - 1}/${archive.length}`);
    expect(Buffer.from(await tail.arrayBuffer()).equals(archive.subarray(-10))).toBe(true);

    // A reader's first fetch asks for 16 KiB, more than a small file has: it gets what there is.
    const past = await range(`bytes=100-${archive.length + 16_384}`);
    expect(past.status).toBe(206);
    expect(past.headers.get("content-range")).toBe(`bytes 100-${archive.length - 1}/${archive.length}`);
    expect((await past.arrayBuffer()).byteLength).toBe(archive.length - 100);
  });

  it("refuses ranges it cannot give with 416 and the file's size", async () => {
    fs.writeFileSync(dropped, archive);
    for (const bad of [`bytes=${archive.length}-`, "bytes=500-100", "bytes=0-1,5-9", "bytes=-0", "bytes=x-y"]) {
      const response = await range(bad);
      expect(response.status, bad).toBe(416);
      expect(response.headers.get("content-range"), bad).toBe(`bytes */${archive.length}`);
    }
    // Not a byte range at all: ignored, the whole file.
    expect((await range("pages=1-2")).status).toBe(200);
  });

  it("answers HEAD with the headers only, and revalidates by ETag and date", async () => {
    fs.writeFileSync(dropped, archive);
    const head = await fetch(url, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(archive.length));
    expect(head.headers.get("last-modified")).toBe(new Date(fs.statSync(dropped).mtimeMs).toUTCString());
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const etag = head.headers.get("etag")!;
    expect(etag).toMatch(/^"[^"]+"$/);

    expect((await fetch(url, { headers: { "if-none-match": etag } })).status).toBe(304);
    // A piece of the file as it was is still a piece of the file as it is; a stale one gets the whole file.
    expect((await range("bytes=0-9", { "if-range": etag })).status).toBe(206);
    expect((await range("bytes=0-9", { "if-range": '"gone"' })).status).toBe(200);

    // The file replaced: a new validator and a new URL, so no reader mixes old and new pieces.
    const before = basemapConfig(readEnv()).pmtiles;
    fs.writeFileSync(dropped, Buffer.concat([archive, Buffer.alloc(1)]));
    const replaced = await fetch(url, { method: "HEAD" });
    expect(replaced.headers.get("etag")).not.toBe(etag);
    expect(basemapConfig(readEnv()).pmtiles).not.toBe(before);
  });

  it("serves the file MAP_PMTILES names instead of DATA_DIR's", async () => {
    const elsewhere = path.join(dataDir, "sahel.pmtiles");
    fs.writeFileSync(elsewhere, archive);
    fs.writeFileSync(dropped, Buffer.from("not this one"));
    process.env.MAP_PMTILES = elsewhere;
    expect(Number((await fetch(url, { method: "HEAD" })).headers.get("content-length"))).toBe(archive.length);
    process.env.MAP_PMTILES = path.join(dataDir, "missing.pmtiles");
    expect((await fetch(url)).status).toBe(404);
  });

  it("is read by the pmtiles library's own reader, header and tiles", async () => {
    fs.writeFileSync(dropped, archive);
    const reader = new PMTiles(new FetchSource(url));
    expect((await reader.getHeader()).maxZoom).toBe(8);
    const tile = await reader.getZxy(8, 127, 113);
    expect(tile?.data.byteLength).toBeGreaterThan(0);
  });
});

describe("the basemap settings", () => {
  it("take a style on this site or at an http(s) URL, and refuse anything else with the setting's name", () => {
    expect(readEnv({ MAP_STYLE_URL: "/styles/sahel.json" }).MAP_STYLE_URL).toBe("/styles/sahel.json");
    expect(readEnv({ MAP_STYLE_URL: "https://tiles.example.org/style.json" }).MAP_STYLE_URL).toBe("https://tiles.example.org/style.json");
    expect(readEnv({ MAP_STYLE_URL: "", MAP_PMTILES: "" })).toMatchObject({ MAP_STYLE_URL: undefined, MAP_PMTILES: undefined });
    for (const bad of ["//elsewhere.example/style.json", "javascript:alert(1)", "styles/sahel.json"]) {
      expect(() => readEnv({ MAP_STYLE_URL: bad }), bad).toThrow(/MAP_STYLE_URL/);
    }
  });
});
