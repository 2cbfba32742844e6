/**
 * Fan-out: one board, N people each editing their own pin at 2 edits/s. Latency runs from the
 * edit to every other client's observer (full clients) or to the arrival of the update that
 * carries it (light clients, beyond FULL_CLIENT_LIMIT). Correct when every client received every
 * other client's every edit and a client joining afterwards reads each pin's last edit. Server CPU
 * is counted from the first edit until the last delivery (and the server gone quiet).
 *
 * `fanout-stock` is the same with clients behaving as y-websocket 1.5.4's provider does: each
 * also holds an awareness state, moves its caret with every edit, and sends back every awareness
 * update that is new to it (see stockAwareness in wire.ts).
 */
import { addPin, listPins, observeBoard, updatePin } from "@/lib/board/model";
import { ScenarioTable } from "./report";
import { inBatches, envList, envNumber, until, within, type BenchContext, type Scenario } from "./scenario";
import { emptyHistogram, histogramPercentile, mergeHistograms, record, type Histogram } from "./stats";
import type { RunningServer } from "./servers";
import {
  FullClient,
  LightClient,
  lightStockAwareness,
  marker,
  markersIn,
  now,
  stockAwareness,
  type Access,
  type StockPresence,
  type Target,
} from "./wire";
import { split } from "./workers";

/** Beyond this many people one process cannot apply every update: light clients take over. */
export const FULL_CLIENT_LIMIT = 75;

// ------------------------------------------------------------------------------ client side

interface Editor {
  index: number;
  client: FullClient | LightClient;
  pinId: string;
  seen: Uint8Array;
  received: number;
  messagesAtStart: number;
  sentAtStart: number;
  presence: StockPresence | null;
  /** Close code, once the server closed this client's socket. */
  closedWith: number | null;
}

/** A stock client's awareness state: who it is, its narrative caret and its map pointer. */
function presenceState(index: number) {
  return {
    user: { id: `bench-${index}`, name: `Bench ${index}`, color: "#1971c2" },
    cursor: null,
    map: { selectedPinId: null, pointer: [(index % 360) - 180, 10] },
  };
}

/** The caret a stock client moves with each edit (a relative position after the item `clock` of its own). */
function caret(clientId: number, clock: number) {
  const position = { type: null, tname: "narrative", item: { client: clientId, clock }, assoc: -1 };
  return { anchor: position, head: position };
}

let editors: Editor[] = [];
let latencies: Histogram = emptyHistogram();
let plan = { n: 0, edits: 0 };

function credit(editor: Editor, from: number, seq: number, sentAt: number, at: number): void {
  if (from === editor.index || from >= plan.n || seq >= plan.edits) return;
  const slot = from * plan.edits + seq;
  if (editor.seen[slot]) return;
  editor.seen[slot] = 1;
  editor.received += 1;
  record(latencies, at - sentAt);
}

export const fanoutHandlers = {
  async "fanout.connect"(args: { target: Target; clients: Array<{ index: number; access: Access }>; n: number; edits: number; light: boolean; stock: boolean }) {
    plan = { n: args.n, edits: args.edits };
    editors = [];
    await inBatches(args.clients, 25, async ({ index, access: given }) => {
      const access: Access = { ...given, stock: args.stock };
      const editor: Editor = {
        index, client: null as never, pinId: "", seen: new Uint8Array(args.n * args.edits), received: 0, messagesAtStart: 0, sentAtStart: 0, presence: null, closedWith: null,
      };
      if (args.light) {
        const client = new LightClient(args.target, access);
        client.onUpdate = (payload) => {
          const at = now();
          markersIn(payload, (from, seq, sentAt) => credit(editor, from, seq, sentAt, at));
        };
        if (args.stock) editor.presence = lightStockAwareness(client, presenceState(index));
        editor.client = client;
      } else {
        const client = new FullClient(args.target, access);
        let observedAt: number | null = null;
        observeBoard(client.doc, ["pins"], () => (observedAt ??= now()));
        client.onApplied = (payload) => {
          const at = observedAt ?? now();
          observedAt = null;
          markersIn(payload, (from, seq, sentAt) => credit(editor, from, seq, sentAt, at));
        };
        if (args.stock) editor.presence = stockAwareness(client, presenceState(index));
        editor.client = client;
      }
      void editor.client.socket.closed.then(({ code }) => (editor.closedWith ??= code));
      await within(editor.client.synced, 60_000, `client ${index} sync`);
      editor.pinId = addPin(editor.client.doc, { title: `client ${index}`, lng: (index % 360) - 180, lat: 10 }, "bench");
      editors.push(editor);
    });
    return editors.length;
  },

  /** Full clients wait until they see every pin, so the run starts from equal replicas. */
  async "fanout.ready"(args: { n: number }) {
    const full = editors.filter((e) => e.client instanceof FullClient);
    return until(() => full.every((e) => listPins(e.client.doc).length >= args.n), 60_000, 100);
  },

  async "fanout.run"(args: { startAt: number; intervalMs: number }) {
    latencies = emptyHistogram();
    for (const e of editors) {
      e.messagesAtStart = e.client.socket.messages;
      e.sentAtStart = e.client.socket.sent;
    }
    await Promise.all(
      editors.map(
        (editor) =>
          new Promise<void>((resolve) => {
            let seq = 0;
            const offset = (editor.index / plan.n) * args.intervalMs;
            const tick = () => {
              updatePin(editor.client.doc, editor.pinId, { note: marker(editor.index, seq, now()) });
              editor.presence?.setField("cursor", caret(editor.client.doc.clientID, seq));
              seq += 1;
              if (seq >= plan.edits) return resolve();
              setTimeout(tick, Math.max(0, args.startAt + offset + seq * args.intervalMs - now()));
            };
            setTimeout(tick, Math.max(0, args.startAt + offset - now()));
          }),
      ),
    );
  },

  /** Waits until every edit reached every client (or the timeout), then reports. */
  async "fanout.drain"(args: { timeoutMs: number }) {
    const expected = (plan.n - 1) * plan.edits;
    await until(() => editors.every((e) => e.received >= expected), args.timeoutMs, 50);
    const full = editors.filter((e) => e.client instanceof FullClient);
    const digests = new Set(full.map((e) => JSON.stringify(listPins(e.client.doc).map((p) => [p.id, p.note]).sort())));
    const result = {
      latencies,
      received: editors.reduce((sum, e) => sum + e.received, 0),
      expected: expected * editors.length,
      messages: editors.reduce((sum, e) => sum + e.client.socket.messages - e.messagesAtStart, 0),
      sent: editors.reduce((sum, e) => sum + e.client.socket.sent - e.sentAtStart, 0),
      clients: editors.length,
      fullReplicasEqual: digests.size <= 1,
      closedWith: editors.flatMap((e) => (e.closedWith === null ? [] : [e.closedWith])),
    };
    return result;
  },

  async "fanout.close"() {
    for (const e of editors) {
      e.presence?.destroy();
      e.client.close();
    }
    editors = [];
  },

  /** A client joining after the run (editors still connected) reads each pin's last edit. */
  async "fanout.verify"(args: { target: Target; access: Access; n: number; edits: number }) {
    const client = new FullClient(args.target, args.access);
    try {
      if (!(await until(() => client.syncedAt !== null, 15_000, 20))) return -1;
      const notes = new Map(listPins(client.doc).map((p) => [p.title, p.note]));
      let wrong = 0;
      for (let i = 0; i < args.n; i++) if (!notes.get(`client ${i}`)?.startsWith(`@@${i}.${args.edits - 1}.`)) wrong += 1;
      return wrong;
    } finally {
      client.close();
    }
  },
};

// ------------------------------------------------------------------------------ driver side

interface DrainResult {
  latencies: Histogram;
  received: number;
  expected: number;
  messages: number;
  /** Messages the clients sent (edits, and with stock clients their awareness and its echoes). */
  sent: number;
  clients: number;
  fullReplicasEqual: boolean;
  /** Close codes of the sockets the server closed during the point. */
  closedWith: number[];
}

async function runFanout(ctx: BenchContext, options: { scenario: string; title: string; sizes: number[]; stock: boolean }) {
  const seconds = envNumber("BENCH_DURATION_S", 20);
  const drainMs = envNumber("BENCH_DRAIN_S", 10) * 1000;
  const intervalMs = 500;
  const edits = Math.max(1, Math.round((seconds * 1000) / intervalMs));
  const table = new ScenarioTable(`${options.title} for ${seconds} s (latency edit → others' observer)`, ctx.servers);
  for (const n of options.sizes) {
    for (const kind of ctx.servers) {
      const server = await ctx.startServer(kind);
      try {
        await measurePoint(ctx, table, server, { ...options, n, edits, seconds, drainMs, intervalMs });
      } finally {
        await server.stop();
      }
    }
  }
  return table;
}

async function measurePoint(
  ctx: BenchContext,
  table: ScenarioTable,
  server: RunningServer,
  point: { scenario: string; stock: boolean; n: number; edits: number; seconds: number; drainMs: number; intervalMs: number },
) {
  const { kind } = server;
  const { n, edits, stock, intervalMs } = point;
  const room = server.setup ? await server.setup.newBoard(`Fan-out ${n}`) : `fanout-${n}`;
  const access = async (i: number): Promise<Access> => ({ room, ticket: server.setup ? await server.setup.ticket(room, i) : undefined });
  const clients = await Promise.all(Array.from({ length: n }, async (_, index) => ({ index, access: await access(index) })));
  const target: Target = { kind, port: server.port };
  const light = n > FULL_CLIENT_LIMIT;
  const workers = ctx.workers(n >= 200 ? 2 : 1);
  const shares = split(clients, workers.length);
  const rssBefore = server.rss();
  await Promise.all(shares.map((share, w) => workers[w].call("fanout.connect", { target, clients: share, n, edits, light, stock })));
  await Promise.all(shares.map((_, w) => workers[w].call("fanout.ready", { n })));
  let peakRss = server.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.rss())), 250);
  const started = now();
  const cpuBefore = server.cpuSeconds();
  await Promise.all(shares.map((_, w) => workers[w].call("fanout.run", { startAt: now() + 300, intervalMs })));
  const results = await Promise.all(shares.map((_, w) => workers[w].call<DrainResult>("fanout.drain", { timeoutMs: point.drainMs })));
  const elapsedS = (now() - started) / 1000;
  const cpu = (await server.cpuSecondsWhenQuiet()) - cpuBefore;
  clearInterval(sampler);
  const wrong = await workers[0].call<number>("fanout.verify", { target, access: await access(n), n, edits });
  await Promise.all(shares.map((_, w) => workers[w].call("fanout.close", {})));
  const merged = mergeResults(results);
  const problems: string[] = [];
  if (merged.received < merged.expected) problems.push(`delivered ${((100 * merged.received) / merged.expected).toFixed(2)}% of ${merged.expected} edits`);
  if (!merged.fullReplicasEqual) problems.push("replicas differ");
  if (merged.closedWith.length > 0) problems.push(`the server closed ${merged.closedWith.length} clients (codes ${[...new Set(merged.closedWith)].join(", ")})`);
  if (wrong < 0) problems.push("a client joining after the run did not sync within 15 s");
  if (wrong > 0) problems.push(`${wrong} pins lack their last edit on the server`);
  const problem = problems.join("; ") || undefined;
  const p = (q: number) => histogramPercentile(merged.latencies, q);
  const cpuPerMessageUs = merged.received > 0 ? (cpu * 1e6) / merged.received : null;
  table.set(`N=${n} p50 ms`, kind, p(50), problem);
  table.set(`N=${n} p95 ms`, kind, p(95), problem);
  table.set(`N=${n} p99 ms`, kind, p(99), problem);
  table.set(`N=${n} msgs/client/s`, kind, merged.messages / merged.clients / elapsedS, problem);
  table.set(`N=${n} peak RSS MB`, kind, peakRss / 1024 ** 2, problem);
  table.set(`N=${n} server CPU s`, kind, cpu, problem);
  table.set(`N=${n} CPU µs per delivered message`, kind, cpuPerMessageUs, problem);
  ctx.log.write({
    scenario: point.scenario, server: kind, n, light, stock, seconds: point.seconds, edits,
    p50: p(50), p95: p(95), p99: p(99), max: merged.latencies.maxMs,
    received: merged.received, expected: merged.expected, messagesPerClientPerS: merged.messages / merged.clients / elapsedS,
    sentPerClientPerS: merged.sent / merged.clients / elapsedS, rssBeforeMb: rssBefore / 1024 ** 2, peakRssMb: peakRss / 1024 ** 2, cpuSeconds: cpu, cpuPerMessageUs, closedWith: merged.closedWith,
    correct: !problem, problem,
  });
}

export const fanout: Scenario = {
  name: "fanout",
  run: (ctx) =>
    runFanout(ctx, { scenario: "fanout", title: "Fan-out: one board, N people each editing a pin at 2 edits/s", sizes: envList("BENCH_FANOUT_N", [10, 50, 200, 400]), stock: false }),
};

export const fanoutStock: Scenario = {
  name: "fanout-stock",
  run: (ctx) =>
    runFanout(ctx, {
      scenario: "fanout-stock",
      title: "Fan-out, stock clients: as fan-out, each client also moving its caret in awareness with every edit and re-sending every awareness update new to it (y-websocket 1.5.4's provider)",
      sizes: envList("BENCH_STOCK_N", [10, 50, 200]),
      stock: true,
    }),
};

function mergeResults(results: DrainResult[]): DrainResult {
  return {
    latencies: mergeHistograms(results.map((r) => r.latencies)),
    received: results.reduce((s, r) => s + r.received, 0),
    expected: results.reduce((s, r) => s + r.expected, 0),
    messages: results.reduce((s, r) => s + r.messages, 0),
    sent: results.reduce((s, r) => s + r.sent, 0),
    clients: results.reduce((s, r) => s + r.clients, 0),
    fullReplicasEqual: results.every((r) => r.fullReplicasEqual),
    closedWith: results.flatMap((r) => r.closedWith),
  };
}
