/**
 * `npm run bench:versions`: what versions cost on the 10,000-event board. It builds the board (as
 * bench-board does), then stores `BENCH_VERSIONS` (50) automatic versions with a small edit
 * before each (one pin moved, its update appended to the log as the server commits it), and
 * prints:
 *
 * - the time to take and store one automatic version (what the collaboration server spends: the
 *   cheap state check, the full encoding on its event loop, compression and the write off it);
 * - the time to list the board's versions (what the history panel asks first), and to read one;
 * - bytes per automatic version, and how much the database grew for them.
 *
 * SQLite in a throwaway directory by default; with BENCH_DATABASE_URL (postgres://…) PostgreSQL in
 * a throwaway schema as well. `BENCH_EVENTS` changes the number of events. A measurement, not a test.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { sql } from "kysely";
import * as Y from "yjs";
import { importEvidence, listPins, updatePin } from "@/lib/board/model";
import { openDatabase, type Database } from "@/lib/db";
import { boardStateOf, captureBoard, storedState } from "@/lib/db/versions";
import { reviewRoomName } from "@/lib/collab/protocol";
import { createTestSchema } from "../test/support/services";
import { madeUpEvents } from "./made-up-events";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const VERSIONS = Number(process.env.BENCH_VERSIONS ?? 50);
const READS = 20;

const MiB = 1024 * 1024;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(2)} MiB`;
const ms = (value: number) => `${value.toFixed(1)} ms`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time<T>(work: () => Promise<T>): Promise<[number, T]> {
  const start = performance.now();
  const result = await work();
  return [performance.now() - start, result];
}

/** Bytes the database takes now: the SQLite file and its WAL, or PostgreSQL's versions table. */
async function databaseBytes(database: Database, dataDir: string): Promise<number> {
  if (database.dialect === "postgres") {
    const { rows } = await sql<{ bytes: string }>`select pg_total_relation_size('board_versions') as bytes`.execute(database.db);
    return Number(rows[0].bytes);
  }
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
  return ["situation-board.sqlite", "situation-board.sqlite-wal"]
    .map((file) => path.join(dataDir, file))
    .filter((file) => fs.existsSync(file))
    .reduce((bytes, file) => bytes + fs.statSync(file).size, 0);
}

async function run(label: string, database: Database, dataDir: string): Promise<void> {
  console.log(`\n${label}`);
  await database.users.create({ id: "bench-owner", email: "bench@example.com", name: "Bench", passwordHash: null });
  const events = madeUpEvents(EVENTS);
  const [built, board] = await time(() =>
    database.createBoard({ title: `${EVENTS} events`, question: "What changed?" }, "bench-owner", (doc) => {
      for (let i = 0; i < events.length; i += 1000) importEvidence(doc, events.slice(i, i + 1000), "bench");
    }),
  );
  const live = new Y.Doc();
  Y.applyUpdate(live, await storedState(database.docs, board.id));
  await database.clientIds.claim(board.id, [{ clientId: live.clientID, userId: "bench-owner" }]);
  const review = await storedState(database.docs, reviewRoomName(board.id));
  const pins = listPins(live);
  console.log(`  board: ${EVENTS} events, ${pins.length} pins, ${mib(Y.encodeStateAsUpdate(live).byteLength)} as one update (built in ${ms(built)})`);

  const before = await databaseBytes(database, dataDir);
  const states: number[] = [];
  const captures: number[] = [];
  const stores: number[] = [];
  for (let i = 0; i < VERSIONS; i++) {
    const pin = pins[i % pins.length];
    const at = Y.encodeStateVector(live);
    updatePin(live, pin.id, { lng: Math.max(-180, Math.min(180, pin.lng + 0.01 * (i + 1))) });
    await database.docs.append(board.id, [Y.encodeStateAsUpdate(live, at)]);
    // As the collaboration server does: the cheap state first, the full encoding once it differs.
    let start = performance.now();
    const state = boardStateOf(live);
    states.push(performance.now() - start);
    const capture = () => {
      start = performance.now();
      const captured = captureBoard(live);
      captures.push(performance.now() - start);
      return captured;
    };
    const [stored, made] = await time(() => database.versions.record({ boardId: board.id, kind: "auto", board: { state, capture }, review, onlyIfChanged: true }));
    if (!made) throw new Error("a version after an edit was not stored");
    stores.push(stored);
  }
  const after = await databaseBytes(database, dataDir);

  const lists: number[] = [];
  let listed = await database.versions.list(board.id);
  for (let i = 0; i < READS; i++) {
    const [took, versions] = await time(() => database.versions.list(board.id));
    lists.push(took);
    listed = versions;
  }
  const gets: number[] = [];
  for (let i = 0; i < READS; i++) {
    const version = listed[(i * 7) % listed.length];
    const [took, got] = await time(() => database.versions.get(board.id, version.id));
    if (!got) throw new Error("a listed version could not be read");
    gets.push(took);
  }
  const autoBytes = listed.filter((v) => v.kind === "auto").map((v) => v.bytes);
  console.log(`  ${VERSIONS} automatic versions, one small edit before each:`);
  console.log(`    on the server's event loop (median): state check ${ms(median(states))}, full encoding ${ms(median(captures))}`);
  console.log(`    record one version in all, compression and write included (median): ${ms(median(stores))}`);
  console.log(`    list ${listed.length} versions (median of ${READS}): ${ms(median(lists))}`);
  console.log(`    read one version's states (median of ${READS}): ${ms(median(gets))}`);
  console.log(`    bytes per automatic version: ${mib(median(autoBytes))} (median)`);
  console.log(`    database growth for them (with their ${VERSIONS} log rows): ${mib(after - before)}, ${mib((after - before) / VERSIONS)} per version`);
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-versions-"));
  try {
    const database = await openDatabase({ dataDir });
    try {
      await run("SQLite", database, dataDir);
    } finally {
      await database.close();
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  const url = process.env.BENCH_DATABASE_URL;
  if (url) {
    const schema = await createTestSchema(url);
    try {
      const database = await openDatabase({ dataDir: "", url: schema.url });
      try {
        await run("PostgreSQL", database, "");
      } finally {
        await database.close();
      }
    } finally {
      await schema.drop();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
