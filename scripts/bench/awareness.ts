/**
 * Awareness storm: N people moving their cursors at 5 states/s, each client sending only its
 * own state (as our client does). Latency runs from a state change to its arrival at every other
 * client; correct when every client ends with every other client's last state. Server CPU is
 * counted from the first state until the last one arrived (and the server went quiet).
 */
import { ScenarioTable } from "./report";
import { envList, envNumber, inBatches, until, within, type Scenario } from "./scenario";
import { emptyHistogram, histogramPercentile, mergeHistograms, record, type Histogram } from "./stats";
import { encodeAwarenessEntries, readAwarenessEntries } from "@/lib/collab/wire";
import { LightClient, now, type Access, type Target } from "./wire";
import { split } from "./workers";

// ------------------------------------------------------------------------------ client side

interface Mover {
  index: number;
  client: LightClient;
  /** Last state number seen from each other client (-1: none). */
  last: Int32Array;
  seen: number;
  messagesAtStart: number;
}

let movers: Mover[] = [];
let latencies: Histogram = emptyHistogram();
let plan = { n: 0, states: 0 };

/** A caret at the end of the narrative, as y-tiptap puts one in awareness. */
const CARET = { type: null, tname: "narrative", item: null, assoc: -1 };

/**
 * A state as our client sends one (a caret and the map's pointer). Servers relay only the fields
 * of the presence schema, so the bench's own numbers travel in the selected pin's id.
 */
function benchState(i: number, seq: number, t: number) {
  const selectedPinId = `b${i}_${seq}_${Math.round(t * 1000).toString(36)}`;
  return { cursor: { anchor: CARET, head: CARET }, map: { selectedPinId, pointer: [((seq * 37) % 360) - 180, i % 90] } };
}

/** The bench's numbers in a state received, if it carries them. */
function readBench(state: unknown): { i: number; seq: number; t: number } | null {
  const id = (state as { map?: { selectedPinId?: unknown } } | null)?.map?.selectedPinId;
  const match = typeof id === "string" ? /^b(\d+)_(\d+)_([0-9a-z]+)$/.exec(id) : null;
  return match ? { i: Number(match[1]), seq: Number(match[2]), t: parseInt(match[3], 36) / 1000 } : null;
}

export const awarenessHandlers = {
  async "storm.connect"(args: { target: Target; clients: Array<{ index: number; access: Access }>; n: number; states: number }) {
    plan = { n: args.n, states: args.states };
    movers = [];
    await inBatches(args.clients, 25, async ({ index, access }) => {
      const mover: Mover = { index, client: new LightClient(args.target, access), last: new Int32Array(args.n).fill(-1), seen: 0, messagesAtStart: 0 };
      mover.client.socket.onAwareness = (update) => {
        const at = now();
        for (const entry of readAwarenessEntries(update)) {
          const bench = readBench(JSON.parse(entry.state));
          if (!bench || bench.i === index || bench.i >= plan.n || bench.seq <= mover.last[bench.i]) continue;
          mover.last[bench.i] = bench.seq;
          mover.seen += 1;
          record(latencies, at - bench.t);
        }
      };
      await within(mover.client.synced, 60_000, `client ${index} sync`);
      movers.push(mover);
    });
  },

  async "storm.run"(args: { startAt: number; intervalMs: number }) {
    latencies = emptyHistogram();
    for (const m of movers) m.messagesAtStart = m.client.socket.messages;
    await Promise.all(
      movers.map(
        (mover) =>
          new Promise<void>((resolve) => {
            let seq = 0;
            const offset = (mover.index / plan.n) * args.intervalMs;
            const tick = () => {
              const state = benchState(mover.index, seq, now());
              const entry = { clientId: mover.client.doc.clientID, clock: seq + 1, state: JSON.stringify(state) };
              mover.client.socket.sendAwareness(encodeAwarenessEntries([entry]));
              seq += 1;
              if (seq >= plan.states) return resolve();
              setTimeout(tick, Math.max(0, args.startAt + offset + seq * args.intervalMs - now()));
            };
            setTimeout(tick, Math.max(0, args.startAt + offset - now()));
          }),
      ),
    );
  },

  async "storm.drain"(args: { timeoutMs: number }) {
    const finalOf = (m: Mover) => m.last.reduce((sum, seq, i) => sum + (i !== m.index && seq === plan.states - 1 ? 1 : 0), 0);
    await until(() => movers.every((m) => finalOf(m) === plan.n - 1), args.timeoutMs, 50);
    return {
      latencies,
      finals: movers.reduce((sum, m) => sum + finalOf(m), 0),
      expectedFinals: movers.length * (plan.n - 1),
      seen: movers.reduce((sum, m) => sum + m.seen, 0),
      messages: movers.reduce((sum, m) => sum + m.client.socket.messages - m.messagesAtStart, 0),
      clients: movers.length,
    };
  },

  async "storm.close"() {
    for (const m of movers) m.client.close();
    movers = [];
  },
};

// ------------------------------------------------------------------------------ driver side

interface StormResult {
  latencies: Histogram;
  finals: number;
  expectedFinals: number;
  seen: number;
  messages: number;
  clients: number;
}

export const awarenessStorm: Scenario = {
  name: "awareness",
  async run(ctx) {
    const sizes = envList("BENCH_AWARENESS_N", [50, 200]);
    const seconds = envNumber("BENCH_AWARENESS_S", 10);
    const intervalMs = 200;
    const states = Math.max(1, Math.round((seconds * 1000) / intervalMs));
    const table = new ScenarioTable(`Awareness storm: N people moving cursors at 5/s for ${seconds} s`, ctx.servers);
    for (const n of sizes) {
      for (const kind of ctx.servers) {
        const server = await ctx.startServer(kind);
        try {
          const room = server.setup ? await server.setup.newBoard(`Awareness ${n}`) : `awareness-${n}`;
          const clients = await Promise.all(
            Array.from({ length: n }, async (_, index) => ({ index, access: { room, ticket: await server.setup?.ticket(room, index) } })),
          );
          const workers = ctx.workers(n >= 200 ? 2 : 1);
          const shares = split(clients, workers.length);
          const target: Target = { kind, port: server.port };
          await Promise.all(shares.map((share, w) => workers[w].call("storm.connect", { target, clients: share, n, states })));
          const started = now();
          const cpuBefore = server.cpuSeconds();
          await Promise.all(shares.map((_, w) => workers[w].call("storm.run", { startAt: now() + 300, intervalMs })));
          const results = await Promise.all(shares.map((_, w) => workers[w].call<StormResult>("storm.drain", { timeoutMs: envNumber("BENCH_DRAIN_S", 10) * 1000 })));
          const elapsedS = (now() - started) / 1000;
          const cpu = (await server.cpuSecondsWhenQuiet()) - cpuBefore;
          await Promise.all(shares.map((_, w) => workers[w].call("storm.close", {})));
          const latency = mergeHistograms(results.map((r) => r.latencies));
          const sum = (pick: (r: StormResult) => number) => results.reduce((s, r) => s + pick(r), 0);
          const finals = sum((r) => r.finals);
          const expected = sum((r) => r.expectedFinals);
          const problem = finals < expected ? `last states delivered ${((100 * finals) / expected).toFixed(2)}%` : undefined;
          const messagesPerClientPerS = sum((r) => r.messages) / sum((r) => r.clients) / elapsedS;
          const seenShare = sum((r) => r.seen) / (n * (n - 1) * states);
          table.set(`N=${n} p50 ms`, kind, histogramPercentile(latency, 50), problem);
          table.set(`N=${n} p99 ms`, kind, histogramPercentile(latency, 99), problem);
          table.set(`N=${n} msgs received/client/s`, kind, messagesPerClientPerS, problem);
          table.set(`N=${n} states seen %`, kind, 100 * seenShare, problem);
          table.set(`N=${n} server CPU s`, kind, cpu, problem);
          ctx.log.write({
            scenario: "awareness", server: kind, n, seconds, p50: histogramPercentile(latency, 50), p99: histogramPercentile(latency, 99),
            messagesPerClientPerS, seenShare, finals, expected, cpuSeconds: cpu, correct: !problem, problem,
          });
        } finally {
          await server.stop();
        }
      }
    }
    return table;
  },
};
