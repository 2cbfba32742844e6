/**
 * `npm run bench:update-cost`: what one incoming update costs the server's event loop, by size and
 * shape, so MAX_UPDATE_BYTES (lib/collab/protocol.ts) can be chosen from figures. For each update
 * it times the synchronous work the collaboration server does on the main thread for one message
 * (decode the frame, validate the update, apply it to a board, encode it for the other peers,
 * digest it for the log) and then the append to a real SQLite store (written by its writer
 * thread). Shapes: many small map keys (the worst case per byte), many imported events with short
 * notes, imported events with 6 KB notes, one long text. Then it sends large imports in parts
 * (as the browser does) through a real server over a socket and reports the longest stall of the
 * event loop meanwhile: what another board's traffic would wait. Prints figures; not a test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import * as Y from "yjs";
import { importEvidence, initBoard, type EvidenceInput } from "@/lib/board/model";
import { writeNarrative } from "@/lib/board/narrative";
import { MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS, clientProtocols } from "@/lib/collab/protocol";
import { assertValidUpdate, decodeMessage, encodeUpdate, splitUpdate } from "@/lib/collab/wire";
import { openDatabase } from "@/lib/db";
import { digestOf } from "@/lib/db/doc-store";
import { createUser, eventually, logRows, memberTicket, openRawSocket, startTestServer, tempDataDir } from "@/test/support/servers";

const KiB = 1024;
const SIZES = (process.argv[2] ?? "64,256,512,1024,2048,4096,8000").split(",").map((s) => Number(s) * KiB);
const RUNS = Number(process.env.RUNS ?? 3);

/** A board as the server holds it before the update arrives. */
function board(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: "Bench", question: "What does one update cost?" });
  return doc;
}

/** The update a fresh client's transaction `write` makes on a board. */
function updateOf(base: Uint8Array, write: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const before = Y.encodeStateVector(doc);
  write(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

function event(i: number, notes: number): EvidenceInput {
  return {
    pin: { title: `Made-up place ${i}`, lat: 10 + (i % 1000) / 100, lng: -8 + (i % 700) / 100, kind: "event", note: `XXX${i} · Mopti · Mali` },
    card: {
      title: `Armed clash by Made-up group A in Made-up place ${i}`,
      body: `Made-up event ${i}. ` + "Fighters were reported near the market; two sources agree. ".repeat(Math.ceil(notes / 60)).slice(0, notes),
      when: { start: "2024-05-16", precision: "day" },
      source: { title: "Made-up source", url: "" },
      tags: ["A"],
    },
  };
}

type Shape = { name: string; make(base: Uint8Array, count: number): Uint8Array; perKiB: number };

const SHAPES: Shape[] = [
  {
    name: "map keys (one map, short keys and values)",
    perKiB: 55,
    make: (base, count) =>
      updateOf(base, (doc) =>
        doc.transact(() => {
          const pins = doc.getMap("pins");
          for (let i = 0; i < count; i++) pins.set(i.toString(36), i);
        }),
      ),
  },
  {
    name: "imported events, 60-byte notes",
    perKiB: 1.9,
    make: (base, count) => updateOf(base, (doc) => importEvidence(doc, Array.from({ length: count }, (_, i) => event(i, 60)), "bench")),
  },
  {
    name: "imported events, 6 KB notes",
    perKiB: 1 / 6.6,
    make: (base, count) => updateOf(base, (doc) => importEvidence(doc, Array.from({ length: Math.max(1, count) }, (_, i) => event(i, 6000)), "bench")),
  },
  {
    name: "one long narrative text",
    perKiB: 1000,
    make: (base, count) =>
      updateOf(base, (doc) => writeNarrative(doc, { type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text: "x".repeat(count) }] }] })),
  },
];

/** The update of `shape` whose size is close to `bytes`. */
function sized(shape: Shape, base: Uint8Array, bytes: number): Uint8Array {
  let count = Math.max(1, Math.round((bytes / KiB) * shape.perKiB));
  let update = shape.make(base, count);
  for (let i = 0; i < 3; i++) {
    count = Math.max(1, Math.round((count * bytes) / update.byteLength));
    update = shape.make(base, count);
  }
  return update;
}

interface Figures {
  decode: number;
  apply: number;
  encode: number;
  digest: number;
  store: number;
  items: number;
}

async function measure(update: Uint8Array, store: (update: Uint8Array) => Promise<void>, base: Uint8Array): Promise<Figures> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, base);
  const message = encodeUpdate(update);
  const t0 = performance.now();
  const decoded = decodeMessage(message);
  if (decoded.type !== 0) throw new Error("not a sync message");
  assertValidUpdate(decoded.payload);
  const t1 = performance.now();
  let applied: Uint8Array | null = null;
  doc.on("update", (u: Uint8Array) => (applied = u));
  Y.transact(doc, () => Y.applyUpdate(doc, decoded.payload), "peer");
  const t2 = performance.now();
  encodeUpdate(applied!);
  const t3 = performance.now();
  digestOf(applied!);
  const t4 = performance.now();
  await store(applied!);
  const t5 = performance.now();
  const items = Y.decodeUpdate(update).structs.length;
  doc.destroy();
  return { decode: t1 - t0, apply: t2 - t1, encode: t3 - t2, digest: t4 - t3, store: t5 - t4, items };
}

/**
 * Sends `update` in parts to a board of a real server (SQLite, in this process) and returns the
 * longest event-loop stall while the server applies and stores it, and how long until it is stored.
 */
async function throughServer(update: Uint8Array): Promise<{ parts: number; maxStallMs: number; storedMs: number }> {
  const data = tempDataDir();
  const server = await startTestServer(data.dir);
  try {
    const owner = await createUser(server.database, "Bench");
    const boardId = (await server.database.createBoard({ title: "Bench", question: "" }, owner.id)).id;
    const ticket = await memberTicket(server.database, owner, boardId, "owner");
    const parts = splitUpdate(update, { maxBytes: MAX_UPDATE_BYTES, maxStructs: MAX_UPDATE_STRUCTS }).map(encodeUpdate);
    const ws = await openRawSocket(server.url, boardId, clientProtocols(ticket));
    const rowsBefore = await logRows(server.database, boardId);
    const started = performance.now();
    for (const part of parts) ws.send(part);
    // Measured from here: the sending above is the client's work (this process plays both).
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await eventually(async () => {
      if ((await logRows(server.database, boardId)) <= rowsBefore || server.server.collab.room(boardId)?.dirty) throw new Error("not stored yet");
    }, 120_000);
    const storedMs = performance.now() - started;
    delay.disable();
    ws.close();
    return { parts: parts.length, maxStallMs: delay.max / 1e6, storedMs };
  } finally {
    await server.stop();
    data.cleanup();
  }
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-update-cost-"));
  const database = await openDatabase({ dataDir: dir });
  const base = Y.encodeStateAsUpdate(board());
  let room = 0;
  const store = (update: Uint8Array) => database.docs.append(`bench${room++}`, [update]);
  console.log(`MAX_UPDATE_BYTES = ${(MAX_UPDATE_BYTES / KiB).toFixed(0)} KiB; median of ${RUNS} runs; ms of main-thread time (store: awaited append, mostly on the writer thread)`);
  console.log(["shape", "KiB", "structs", "decode+validate", "apply", "encode", "digest", "main thread", "store"].join("\t"));
  try {
    for (const shape of SHAPES) {
      // Warm-up: the first run pays for the JIT.
      await measure(sized(shape, base, 64 * KiB), store, base);
      for (const bytes of SIZES) {
        const update = sized(shape, base, bytes);
        const runs: Figures[] = [];
        for (let i = 0; i < RUNS; i++) runs.push(await measure(update, store, base));
        const median = (pick: (f: Figures) => number) => runs.map(pick).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
        const main = median((f) => f.decode + f.apply + f.encode + f.digest);
        console.log(
          [
            shape.name,
            (update.byteLength / KiB).toFixed(0),
            runs[0].items,
            median((f) => f.decode).toFixed(1),
            median((f) => f.apply).toFixed(1),
            median((f) => f.encode).toFixed(1),
            median((f) => f.digest).toFixed(1),
            main.toFixed(1),
            median((f) => f.store).toFixed(1),
          ].join("\t"),
        );
      }
    }
  } finally {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log("\nwhole imports sent in parts through a real server (SQLite): longest event-loop stall meanwhile");
  console.log(["import", "MiB", "parts", "longest stall ms", "stored after ms"].join("\t"));
  for (const [rows, notes] of [[10_000, 60], [1_500, 6000]]) {
    const update = SHAPES[notes > 100 ? 2 : 1].make(base, rows);
    const figures = await throughServer(update);
    console.log([`${rows} events, ${notes}-byte notes`, (update.byteLength / 1024 / 1024).toFixed(1), figures.parts, figures.maxStallMs.toFixed(0), figures.storedMs.toFixed(0)].join("\t"));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
