/**
 * GET and HEAD: the operator's PMTiles basemap (lib/basemap.ts), in the byte ranges the map's
 * PMTiles reader asks for (lib/byte-ranges.ts). 404 when no file is configured or present.
 * The proxy lets only signed-in people's requests through; the tiles are no secret beyond that.
 */
import { findBasemapFile } from "@/lib/basemap";
import { fileResponse } from "@/lib/byte-ranges";
import { readEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

function serve(request: Request): Response {
  const file = findBasemapFile(readEnv());
  if (!file) return Response.json({ error: "No PMTiles basemap is configured." }, { status: 404, headers: { "cache-control": "no-store" } });
  return fileResponse(request, { ...file, contentType: "application/vnd.pmtiles" });
}

export const GET = serve;
export const HEAD = serve;
