/**
 * The fault suite: "Saved means saved" proven under real faults — processes killed, the
 * database cut or stalled mid-commit, a stored row corrupted, Redis restarted — and a run of
 * random edits on two instances with random disconnects, after which every replica and the
 * database hold the same content. `npm run test:faults` runs the random edits for 2 minutes;
 * `npm test` for FAULT_DURATION_MS (20 s by default). Needs TEST_DATABASE_URL and
 * TEST_REDIS_URL for everything past the SQLite case. Random choices are seeded (faults/random.ts):
 * the seed is printed and reported, and FAULT_SEED replays it.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addPin, deletePin, listPins, readMeta, setMeta, updatePin } from "@/lib/board/model";
import { CloseCode, clientProtocols } from "@/lib/collab/protocol";
import { watchSaveState, type SaveState } from "@/lib/collab/save-state";
import { openDatabase, type Database } from "@/lib/db";
import { signTicket } from "@/lib/auth/ticket";
import { closeOf, connectProvider, createUser, eventually, memberTicket, openRawSocket, tempDataDir, TEST_SECRET } from "./support/servers";
import { createTestSchema, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema } from "./support/services";
import { hasRedisServer, PrivateRedis, TcpProxy } from "./faults/processes";
import { FAULT_SEED, random, replayCommand } from "./faults/random";
import { startCollab, stopProcess, type CollabProcess } from "./support/processes";
import { formatReport, injected, tally } from "./faults/report";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const DURATION_MS = Number(process.env.FAULT_DURATION_MS ?? 20_000);
console.log(`[faults] seed ${FAULT_SEED}; to replay this run: ${replayCommand(DURATION_MS)}`);
const REPORT_DIR = path.resolve(here, "../test-results");
const scaled = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL);
if (!scaled) {
  console.log("[faults] TEST_DATABASE_URL and TEST_REDIS_URL are not both set: only the SQLite fault cases run.");
}

const instances: CollabProcess[] = [];
const providers: WebsocketProvider[] = [];
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const p of providers.splice(0)) p.destroy();
  for (const instance of instances.splice(0)) await stopProcess(instance, "SIGKILL");
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Printed, and kept in test-results/ for CI's artifacts. */
afterAll(() => {
  const report = formatReport(scaled ? DURATION_MS : 0);
  console.log(report);
  fs.mkdirSync(REPORT_DIR, { recursive: true });
  fs.writeFileSync(path.join(REPORT_DIR, "fault-report.txt"), report + "\n");
});

async function launch(env: Record<string, string>): Promise<CollabProcess> {
  const instance = await startCollab({ AUTH_SECRET: TEST_SECRET, DATABASE_URL: "", REDIS_URL: "", ...env });
  instances.push(instance);
  return instance;
}

async function connect(url: string, room: string, ticket: string, doc = new Y.Doc(), onState?: (s: SaveState) => void) {
  const provider = await connectProvider(url, room, ticket, doc, (p) => onState && watchSaveState(p, onState));
  providers.push(provider);
  return provider;
}

/** A PostgreSQL schema of this test, dropped after it. */
async function postgresSchema(): Promise<TestSchema> {
  const schema = await createTestSchema(TEST_DATABASE_URL!);
  cleanups.push(() => schema.drop());
  return schema;
}

/** Opens a database handle, closed after the test. */
async function open(options: { dataDir: string; url?: string }): Promise<Database> {
  const database = await openDatabase(options);
  cleanups.push(() => database.close());
  return database;
}

/** An owner, a board and the owner's ticket. */
async function boardIn(database: Database, title = "Faults") {
  const owner = await createUser(database, "Owner");
  const { id } = await database.createBoard({ title, question: "" }, owner.id);
  return { id, owner, ticket: await memberTicket(database, owner, id, "owner") };
}

/** The document as the database holds it. */
async function stored(database: Database, room: string): Promise<Y.Doc> {
  const doc = new Y.Doc();
  for (const update of (await database.docs.load(room)).updates) Y.applyUpdate(doc, update);
  return doc;
}

/** What a person sees of a board, independent of how the updates were encoded. */
function content(doc: Y.Doc): string {
  const { title, question } = readMeta(doc);
  const pins = listPins(doc).sort((a, b) => a.id.localeCompare(b.id));
  return JSON.stringify({ title, question, pins });
}

/** The database URL of `schema` reached through `proxy` instead of directly. */
function throughProxy(schemaUrl: string, proxy: TcpProxy): string {
  const url = new URL(schemaUrl);
  url.hostname = "127.0.0.1";
  url.port = String(proxy.port);
  return url.toString();
}

async function startProxy(): Promise<TcpProxy> {
  const target = new URL(TEST_DATABASE_URL!);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
  await proxy.start();
  cleanups.push(() => proxy.close());
  return proxy;
}

/** Makes `count` pins, waits until the server reports them saved, and returns their titles. */
async function editUntilSaved(url: string, room: string, ticket: string, count: number) {
  let state: SaveState = "offline";
  const writer = await connect(url, room, ticket, new Y.Doc(), (s) => (state = s));
  const titles = Array.from({ length: count }, (_, i) => `Saved ${i}`);
  for (const title of titles) addPin(writer.doc, { title, lng: 0, lat: 0 }, "writer");
  tally.edits += count;
  await eventually(() => expect(state).toBe("saved"), 30_000);
  tally.savedEdits += count;
  return { writer, titles };
}

function countLost(expected: string[], doc: Y.Doc): number {
  const present = new Set(listPins(doc).map((p) => p.title));
  return expected.filter((title) => !present.has(title)).length;
}

describe("SIGKILL after edits reported saved", () => {
  it("keeps every saved edit on SQLite", async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const setup = await openDatabase({ dataDir: data.dir });
    const { id, ticket } = await boardIn(setup);
    await setup.close();

    const first = await launch({ DATA_DIR: data.dir });
    const { writer, titles } = await editUntilSaved(first.url, id, ticket, 300);
    writer.destroy();
    await stopProcess(first, "SIGKILL");
    injected("SIGKILL of an instance");

    const second = await launch({ DATA_DIR: data.dir });
    const reader = await connect(second.url, id, ticket);
    const lost = countLost(titles, reader.doc);
    tally.lost += lost;
    expect(lost).toBe(0);
  }, 60_000);

  it.skipIf(!scaled)("keeps every saved edit on PostgreSQL", async () => {
    const schema = await postgresSchema();
    const database = await open({ dataDir: "", url: schema.url });
    const { id, ticket } = await boardIn(database);
    const data = tempDataDir();
    cleanups.push(data.cleanup);

    const first = await launch({ DATA_DIR: data.dir, DATABASE_URL: schema.url });
    const { writer, titles } = await editUntilSaved(first.url, id, ticket, 300);
    writer.destroy();
    await stopProcess(first, "SIGKILL");
    injected("SIGKILL of an instance");

    const second = await launch({ DATA_DIR: data.dir, DATABASE_URL: schema.url });
    const reader = await connect(second.url, id, ticket);
    const lost = countLost(titles, reader.doc) + countLost(titles, await stored(database, id));
    tally.lost += lost;
    expect(lost).toBe(0);
  }, 60_000);
});

describe.skipIf(!scaled)("faults on PostgreSQL", () => {
  it("flushes writes still pending at SIGTERM before exiting", async () => {
    const schema = await postgresSchema();
    const database = await open({ dataDir: "", url: schema.url });
    const { id, ticket } = await boardIn(database);
    const proxy = await startProxy();
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const instance = await launch({ DATA_DIR: data.dir, DATABASE_URL: throughProxy(schema.url, proxy) });

    let state: SaveState = "offline";
    const writer = await connect(instance.url, id, ticket, new Y.Doc(), (s) => (state = s));
    const observer = await connect(instance.url, id, ticket);
    await eventually(() => expect(state).toBe("saved"));

    proxy.stall();
    injected("database stalled mid-commit");
    const titles = Array.from({ length: 50 }, (_, i) => `Pending ${i}`);
    for (const title of titles) addPin(writer.doc, { title, lng: 1, lat: 1 }, "writer");
    tally.edits += titles.length;
    // The server holds every edit (it fanned them out) but has committed none of them.
    await eventually(() => expect(listPins(observer.doc)).toHaveLength(titles.length));
    expect(state).toBe("saving");
    expect(countLost(titles, await stored(database, id))).toBe(titles.length);

    instance.child.kill("SIGTERM");
    injected("SIGTERM with writes pending");
    // Shutting down, and held there by the pending commit until the database answers again.
    await eventually(() => expect(instance.stdout()).toMatch(/SIGTERM: saving/));
    expect(instance.child.exitCode).toBeNull();
    proxy.resume();
    expect(await instance.exited).toBe(0);

    const lost = countLost(titles, await stored(database, id));
    tally.lost += lost;
    tally.savedEdits += titles.length - lost;
    expect(lost).toBe(0);
  }, 60_000);

  it("reports nothing saved while the database is cut, then writes the edits when it returns; refuses a load meanwhile", async () => {
    const schema = await postgresSchema();
    const database = await open({ dataDir: "", url: schema.url });
    const { id, ticket } = await boardIn(database, "Open");
    const other = await boardIn(database, "Closed meanwhile");
    const proxy = await startProxy();
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const instance = await launch({ DATA_DIR: data.dir, DATABASE_URL: throughProxy(schema.url, proxy) });

    const states: SaveState[] = [];
    const writer = await connect(instance.url, id, ticket, new Y.Doc(), (s) => states.push(s));
    await eventually(() => expect(states.at(-1)).toBe("saved"));

    proxy.cut();
    injected("database connection cut");
    const sinceCut = states.length;
    const titles = Array.from({ length: 30 }, (_, i) => `While down ${i}`);
    for (const title of titles) addPin(writer.doc, { title, lng: 2, lat: 2 }, "writer");
    tally.edits += titles.length;
    await eventually(() => expect(instance.stderr()).toMatch(/commit failed/), 15_000);
    expect(states.slice(sinceCut)).not.toContain("saved");
    expect(countLost(titles, await stored(database, id))).toBe(titles.length);

    // A board not yet loaded cannot be loaded now: the connection is refused, nothing is stored.
    const rowsBefore = await database.db.selectFrom("doc_updates").select("id").where("room", "=", other.id).execute();
    const refused = await openRawSocket(instance.url, other.id, clientProtocols(other.ticket));
    expect((await closeOf(refused)).code).toBe(CloseCode.unavailable);
    injected("database down at load");
    const rowsAfter = await database.db.selectFrom("doc_updates").select("id").where("room", "=", other.id).execute();
    expect(rowsAfter).toEqual(rowsBefore);
    expect(readMeta(await stored(database, other.id)).title).toBe("Closed meanwhile");

    proxy.restore();
    await eventually(() => expect(states.at(-1)).toBe("saved"), 20_000);
    const lost = countLost(titles, await stored(database, id));
    tally.lost += lost;
    tally.savedEdits += titles.length - lost;
    expect(lost).toBe(0);
    const later = await connect(instance.url, other.id, other.ticket);
    expect(readMeta(later.doc).title).toBe("Closed meanwhile");
  }, 60_000);

  it("quarantines a corrupted stored row, reports it and still loads the board", async () => {
    const schema = await postgresSchema();
    const database = await open({ dataDir: "", url: schema.url });
    const { id, ticket } = await boardIn(database, "Survives corruption");
    await database.db.insertInto("doc_updates").values({ room: id, data: randomBytes(64), created_at: Date.now() }).execute();
    injected("corrupted stored row");
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const instance = await launch({ DATA_DIR: data.dir, DATABASE_URL: schema.url });

    const reader = await connect(instance.url, id, ticket);
    expect(readMeta(reader.doc).title).toBe("Survives corruption");
    await eventually(() => expect(instance.stderr()).toMatch(/quarantined/));
    const quarantined = await database.db.selectFrom("doc_quarantine").select("room").execute();
    expect(quarantined).toEqual([{ room: id }]);
  }, 60_000);
});

describe.skipIf(!scaled || !hasRedisServer())("Redis restarted mid-session", () => {
  it("lets the clients of two instances converge", async () => {
    const redis = new PrivateRedis();
    await redis.start();
    cleanups.push(() => redis.kill());
    const schema = await postgresSchema();
    const database = await open({ dataDir: "", url: schema.url });
    const { id, ticket } = await boardIn(database);
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const env = { DATA_DIR: data.dir, DATABASE_URL: schema.url, REDIS_URL: redis.url, RECONVERGE_MS: "500" };
    const a = await launch(env);
    const b = await launch(env);
    const onA = await connect(a.url, id, ticket);
    const onB = await connect(b.url, id, ticket);
    addPin(onA.doc, { title: "Before", lng: 0, lat: 0 }, "a");
    await eventually(() => expect(listPins(onB.doc)).toHaveLength(1));

    await redis.kill();
    injected("Redis restart");
    const titles = ["Before"];
    for (let i = 0; i < 10; i++) {
      titles.push(`A ${i}`, `B ${i}`);
      addPin(onA.doc, { title: `A ${i}`, lng: 0, lat: 0 }, "a");
      addPin(onB.doc, { title: `B ${i}`, lng: 0, lat: 0 }, "b");
    }
    tally.edits += titles.length;
    await redis.start();
    addPin(onB.doc, { title: "After", lng: 0, lat: 0 }, "b");
    titles.push("After");
    tally.edits += 1;

    await eventually(async () => {
      expect(content(onA.doc)).toBe(content(onB.doc));
      expect(content(await stored(database, id))).toBe(content(onA.doc));
    }, 20_000);
    const lost = countLost(titles, onA.doc) + countLost(titles, onB.doc);
    tally.lost += lost;
    tally.savedEdits += titles.length;
    expect(lost).toBe(0);
  }, 60_000);
});

describe.skipIf(!scaled)("random edits on two instances with random disconnects, an instance killed and Redis restarted", () => {
  it(`ends with every replica equal to the database (${Math.round(DURATION_MS / 1000)} s)`, async () => {
    const schema = await postgresSchema();
    const database = await open({ dataDir: "", url: schema.url });
    const { id, owner } = await boardIn(database, "Soak");
    // Like the browser, each (re)connection gets a fresh ticket: a ticket lives two minutes.
    const ticket = () => signTicket({ sub: owner.id, name: owner.name, board: id }, TEST_SECRET);
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    // Its own Redis when this machine has redis-server, so the run can restart it; else the shared one.
    const redis = hasRedisServer() ? new PrivateRedis() : null;
    if (redis) {
      await redis.start();
      cleanups.push(() => redis.kill());
    }
    const env = {
      DATA_DIR: data.dir,
      DATABASE_URL: schema.url,
      REDIS_URL: redis?.url ?? TEST_REDIS_URL!,
      REDIS_PREFIX: `sbfaults:${randomBytes(6).toString("hex")}:`,
      RECONVERGE_MS: "1000",
    };
    /** The instances up now; a killed one leaves the list until its replacement listens. */
    const servers = [await launch(env), await launch(env)];
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];

    interface Client {
      doc: Y.Doc;
      provider: WebsocketProvider | null;
      server: CollabProcess | null;
      state: SaveState;
      edits: number;
    }
    const added = new Set<string>();
    const deleted = new Set<string>();
    const clients: Client[] = [];
    const detach = (client: Client) => {
      client.provider?.destroy();
      client.provider = null;
      client.server = null;
      client.state = "offline";
    };
    /** Connects `client` to a live instance, trying another when one does not answer. */
    const attach = async (client: Client, first = pick(servers)) => {
      for (let attempt = 0, server = first; ; attempt++, server = pick(servers)) {
        let provider: WebsocketProvider | null = null;
        try {
          await connectProvider(server.url, id, await ticket(), client.doc, (p) => {
            provider = p;
            watchSaveState(p, (state) => (client.state = state));
          });
          providers.push(provider!);
          // The instance was killed while this connection was made (after the kill looked for
          // its clients): a provider left on it would retry a dead address forever.
          if (!servers.includes(server)) throw new Error(`${server.url} was killed while connecting`);
          client.provider = provider;
          client.server = server;
          return;
        } catch (error) {
          (provider as WebsocketProvider | null)?.destroy();
          if (attempt >= 3) throw error;
        }
      }
    };
    for (let i = 0; i < 4; i++) {
      const client: Client = { doc: new Y.Doc(), provider: null, server: null, state: "offline", edits: 0 };
      await attach(client, servers[i % 2]);
      clients.push(client);
    }

    /** A third of the way in, an instance is killed and replaced; two thirds in, Redis restarts. */
    const started = Date.now();
    const chaos = (async () => {
      await new Promise((resolve) => setTimeout(resolve, DURATION_MS / 3));
      const victim = servers.shift()!;
      await stopProcess(victim, "SIGKILL");
      injected("SIGKILL of an instance");
      const orphans = clients.filter((c) => c.server === victim);
      for (const client of orphans) detach(client);
      servers.push(await launch(env));
      for (const client of orphans) await attach(client);
      if (!redis) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (2 * DURATION_MS) / 3 - Date.now())));
      await redis.kill();
      injected("Redis restart");
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await redis.start();
    })();

    const edit = (client: Client, n: number) => {
      const pins = listPins(client.doc);
      const roll = random();
      if (roll < 0.5 || pins.length === 0) {
        added.add(addPin(client.doc, { title: `Pin ${n}`, lng: random() * 40 - 20, lat: random() * 40 - 20 }, "soak"));
      } else if (roll < 0.75) {
        updatePin(client.doc, pick(pins).id, { lng: random() * 40 - 20 });
      } else if (roll < 0.85) {
        const pin = pick(pins);
        deleted.add(pin.id);
        deletePin(client.doc, pin.id);
      } else {
        setMeta(client.doc, { title: `Soak ${n}` });
      }
      client.edits += 1;
      tally.edits += 1;
    };

    const deadline = Date.now() + DURATION_MS;
    let n = 0;
    const reconnects: Array<Promise<void>> = [];
    while (Date.now() < deadline) {
      for (const client of clients) edit(client, n++);
      if (random() < 0.03) {
        const client = pick(clients.filter((c) => c.provider));
        if (client) {
          detach(client);
          injected("client disconnect");
          const away = 100 + random() * 1_500;
          reconnects.push(new Promise((resolve) => setTimeout(resolve, away)).then(() => attach(client)));
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 20 + random() * 60));
    }
    await chaos;
    await Promise.all(reconnects);

    await eventually(() => {
      for (const client of clients) expect(client.state).toBe("saved");
    }, 60_000);
    for (const client of clients) tally.savedEdits += client.edits;

    let reference = "";
    let diverged = 0;
    let lost = 0;
    try {
      await eventually(async () => {
        reference = content(await stored(database, id));
        const replicas = clients.map((c) => content(c.doc));
        diverged = replicas.filter((r) => r !== reference).length;
        expect(diverged).toBe(0);
      }, 30_000);
    } finally {
      if (diverged > 0) {
        // What differs, so a failure in CI says where to look.
        const expected = JSON.parse(content(await stored(database, id))) as { pins: Array<{ id: string }> };
        for (const [index, client] of clients.entries()) {
          const replica = JSON.parse(content(client.doc)) as { pins: Array<{ id: string }> };
          const ids = (list: Array<{ id: string }>) => new Set(list.map((p) => p.id));
          const missing = [...ids(expected.pins)].filter((pinId) => !ids(replica.pins).has(pinId));
          const extra = [...ids(replica.pins)].filter((pinId) => !ids(expected.pins).has(pinId));
          console.log(`[faults] client ${index} on ${client.server?.url ?? "nothing"}: ${missing.length} pin(s) missing, ${extra.length} extra; pending structs: ${client.doc.store.pendingStructs ? "yes" : "no"}`);
        }
      }
      const final = new Set(listPins(await stored(database, id)).map((p) => p.id));
      lost = Array.from(added).filter((pinId) => !final.has(pinId) && !deleted.has(pinId)).length;
      tally.lost += lost;
      tally.diverged += diverged;
    }
    expect(lost).toBe(0);
    expect(diverged).toBe(0);
  }, DURATION_MS + 150_000);
});
