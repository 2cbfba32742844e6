/**
 * A file served in pieces, as HTTP range requests ask (RFC 9110 §14): a PMTiles reader fetches a
 * header, then directories and tiles, each by a `Range: bytes=a-b` request, never the whole file.
 *
 * One range per request: a multipart answer is a format no map reader asks for, so a request for
 * several, or for bytes past the end, is answered 416 with the file's size. A range that does not
 * parse as bytes is ignored, as the RFC says, and the whole file is sent.
 */
import fs from "node:fs";
import { Readable } from "node:stream";

/** Bytes `start` to `end`, both included. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The one range a `Range` header asks of a file of `size` bytes: null when there is no header or
 * it is not in bytes (send everything), "unsatisfiable" when it cannot be served (send 416).
 */
export function parseRange(header: string | null, size: number): ByteRange | null | "unsatisfiable" {
  if (!header) return null;
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return null;
  const spec = /^(\d*)-(\d*)$/.exec(match[1].trim());
  if (!spec || (spec[1] === "" && spec[2] === "")) return "unsatisfiable";
  if (spec[1] === "") {
    // A suffix: the last n bytes.
    const length = Number(spec[2]);
    if (length === 0 || size === 0) return "unsatisfiable";
    return { start: Math.max(0, size - length), end: size - 1 };
  }
  const start = Number(spec[1]);
  const end = spec[2] === "" ? size - 1 : Math.min(Number(spec[2]), size - 1);
  if (start >= size || end < start) return "unsatisfiable";
  return { start, end };
}

export interface ServedFile {
  path: string;
  size: number;
  mtimeMs: number;
  contentType: string;
}

/** A strong validator from size and modification time: a replaced file gets a new one. */
export function etagOf(file: Pick<ServedFile, "size" | "mtimeMs">): string {
  return `"${file.size.toString(36)}-${Math.floor(file.mtimeMs).toString(36)}"`;
}

/**
 * The response to a GET or HEAD of `file`: 200 with everything, 206 with the range asked for, 304
 * when the client's copy is current, 416 for a range the file cannot give. `If-Range` with another
 * validator (the file was replaced) gets the whole new file rather than a piece of it.
 */
export function fileResponse(request: Request, file: ServedFile): Response {
  const etag = etagOf(file);
  const headers = new Headers({
    "Accept-Ranges": "bytes",
    "Content-Type": file.contentType,
    ETag: etag,
    "Last-Modified": new Date(file.mtimeMs).toUTCString(),
    // The operator may replace the file at any time: every use revalidates (a 304 is cheap).
    "Cache-Control": "no-cache",
  });
  if (matches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });

  const ifRange = request.headers.get("if-range");
  const range = ifRange && ifRange !== etag ? null : parseRange(request.headers.get("range"), file.size);
  if (range === "unsatisfiable") {
    headers.set("Content-Range", `bytes */${file.size}`);
    headers.delete("Content-Type");
    return new Response(null, { status: 416, headers });
  }
  const { start, end } = range ?? { start: 0, end: file.size - 1 };
  headers.set("Content-Length", String(end - start + 1));
  if (range) headers.set("Content-Range", `bytes ${start}-${end}/${file.size}`);
  const status = range ? 206 : 200;
  if (request.method === "HEAD" || file.size === 0) return new Response(null, { status, headers });
  const stream = Readable.toWeb(fs.createReadStream(file.path, { start, end })) as ReadableStream<Uint8Array>;
  return new Response(stream, { status, headers });
}

function matches(header: string | null, etag: string): boolean {
  if (!header) return false;
  return header.trim() === "*" || header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
