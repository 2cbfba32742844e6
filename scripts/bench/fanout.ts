/**
 * Fan-out: one board, N people each editing their own pin at 2 edits/s. Latency runs from the
 * edit to every other client's observer (full clients) or to the arrival of the update that
 * carries it (light clients, beyond FULL_CLIENT_LIMIT). Correct when every client received every
 * other client's every edit and a client joining afterwards reads each pin's last edit.
 */
import { addPin, listPins, observeBoard, updatePin } from "@/lib/board/model";
import { ScenarioTable } from "./report";
import { inBatches, envList, envNumber, until, within, type Scenario } from "./scenario";
import { emptyHistogram, histogramPercentile, mergeHistograms, record, type Histogram } from "./stats";
import { FullClient, LightClient, marker, markersIn, now, type Access, type Target } from "./wire";
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
  async "fanout.connect"(args: { target: Target; clients: Array<{ index: number; access: Access }>; n: number; edits: number; light: boolean }) {
    plan = { n: args.n, edits: args.edits };
    editors = [];
    await inBatches(args.clients, 25, async ({ index, access }) => {
      const editor: Editor = { index, client: null as never, pinId: "", seen: new Uint8Array(args.n * args.edits), received: 0, messagesAtStart: 0 };
      if (args.light) {
        const client = new LightClient(args.target, access);
        client.onUpdate = (payload) => {
          const at = now();
          markersIn(payload, (from, seq, sentAt) => credit(editor, from, seq, sentAt, at));
        };
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
        editor.client = client;
      }
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
    for (const e of editors) e.messagesAtStart = e.client.socket.messages;
    await Promise.all(
      editors.map(
        (editor) =>
          new Promise<void>((resolve) => {
            let seq = 0;
            const offset = (editor.index / plan.n) * args.intervalMs;
            const tick = () => {
              updatePin(editor.client.doc, editor.pinId, { note: marker(editor.index, seq, now()) });
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
      clients: editors.length,
      fullReplicasEqual: digests.size <= 1,
    };
    return result;
  },

  async "fanout.close"() {
    for (const e of editors) e.client.close();
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
  clients: number;
  fullReplicasEqual: boolean;
}

export const fanout: Scenario = {
  name: "fanout",
  async run(ctx) {
    const sizes = envList("BENCH_FANOUT_N", [10, 50, 200, 400]);
    const seconds = envNumber("BENCH_DURATION_S", 20);
    const drainMs = envNumber("BENCH_DRAIN_S", 10) * 1000;
    const intervalMs = 500;
    const edits = Math.max(1, Math.round((seconds * 1000) / intervalMs));
    const table = new ScenarioTable(`Fan-out: one board, N people each editing a pin at 2 edits/s for ${seconds} s (latency edit → others' observer)`, ctx.servers);
    for (const n of sizes) {
      for (const kind of ctx.servers) {
        const server = await ctx.startServer(kind);
        try {
          const room = server.setup ? await server.setup.newBoard(`Fan-out ${n}`) : `fanout-${n}`;
          const access = async (i: number): Promise<Access> => ({ room, ticket: server.setup ? await server.setup.ticket(room, i) : undefined });
          const clients = await Promise.all(Array.from({ length: n }, async (_, index) => ({ index, access: await access(index) })));
          const target: Target = { kind, port: server.port };
          const light = n > FULL_CLIENT_LIMIT;
          const workers = ctx.workers(n >= 200 ? 2 : 1);
          const shares = split(clients, workers.length);
          const rssBefore = server.rss();
          await Promise.all(shares.map((share, w) => workers[w].call("fanout.connect", { target, clients: share, n, edits, light })));
          await Promise.all(shares.map((_, w) => workers[w].call("fanout.ready", { n })));
          let peakRss = server.rss();
          const sampler = setInterval(() => (peakRss = Math.max(peakRss, server.rss())), 250);
          const started = now();
          await Promise.all(shares.map((_, w) => workers[w].call("fanout.run", { startAt: now() + 300, intervalMs })));
          const results = await Promise.all(shares.map((_, w) => workers[w].call<DrainResult>("fanout.drain", { timeoutMs: drainMs })));
          const elapsedS = (now() - started) / 1000;
          clearInterval(sampler);
          const wrong = await workers[0].call<number>("fanout.verify", { target, access: await access(n), n, edits });
          await Promise.all(shares.map((_, w) => workers[w].call("fanout.close", {})));
          const merged = mergeResults(results);
          const problems: string[] = [];
          if (merged.received < merged.expected) problems.push(`delivered ${((100 * merged.received) / merged.expected).toFixed(2)}% of ${merged.expected} edits`);
          if (!merged.fullReplicasEqual) problems.push("replicas differ");
          if (wrong < 0) problems.push("a client joining after the run did not sync within 15 s");
          if (wrong > 0) problems.push(`${wrong} pins lack their last edit on the server`);
          const problem = problems.join("; ") || undefined;
          const p = (q: number) => histogramPercentile(merged.latencies, q);
          table.set(`N=${n} p50 ms`, kind, p(50));
          table.set(`N=${n} p95 ms`, kind, p(95));
          table.set(`N=${n} p99 ms`, kind, p(99), problem);
          table.set(`N=${n} msgs/client/s`, kind, merged.messages / merged.clients / elapsedS);
          table.set(`N=${n} peak RSS MB`, kind, peakRss / 1024 ** 2);
          ctx.log.write({
            scenario: "fanout", server: kind, n, light, seconds, edits,
            p50: p(50), p95: p(95), p99: p(99), max: merged.latencies.maxMs,
            received: merged.received, expected: merged.expected, messagesPerClientPerS: merged.messages / merged.clients / elapsedS,
            rssBeforeMb: rssBefore / 1024 ** 2, peakRssMb: peakRss / 1024 ** 2, correct: !problem, problem,
          });
        } finally {
          await server.stop();
        }
      }
    }
    return table;
  },
};

function mergeResults(results: DrainResult[]): DrainResult {
  return {
    latencies: mergeHistograms(results.map((r) => r.latencies)),
    received: results.reduce((s, r) => s + r.received, 0),
    expected: results.reduce((s, r) => s + r.expected, 0),
    messages: results.reduce((s, r) => s + r.messages, 0),
    clients: results.reduce((s, r) => s + r.clients, 0),
    fullReplicasEqual: results.every((r) => r.fullReplicasEqual),
  };
}
