/**
 * `npm run bench [-- scenario…]`: our collaboration server side by side with the y-websocket
 * 1.5.4 reference server (memory and LevelDB) and Hocuspocus 3, each in its own process on
 * 127.0.0.1, driven by real Yjs clients in separate worker processes. Prints one table per
 * scenario, then a summary of ours against the best peer with the targets (targets.ts), and
 * appends JSON lines to bench-results/. A measurement, never a test.
 *
 * Arguments filter scenarios (fanout — which measures latency too —, fanout-stock, many-boards,
 * cold-load, burst, awareness) and servers (ours, yws-memory, yws-leveldb, hocuspocus).
 * Environment: see docs/PERFORMANCE.md.
 */
import { awarenessStorm } from "./awareness";
import { burst } from "./burst";
import { coldLoad } from "./cold-load";
import { fanout, fanoutStock } from "./fanout";
import { manyBoards } from "./many-boards";
import { machine, ResultLog, type ScenarioTable } from "./report";
import type { BenchContext, Scenario } from "./scenario";
import { RunningServer, SERVER_KINDS, SERVER_LABELS } from "./servers";
import { formatSummary, summarize, type SummaryInput } from "./targets";
import { ClientWorker } from "./workers";
import type { ServerKind } from "./wire";

const SCENARIOS: Scenario[] = [fanout, fanoutStock, manyBoards, coldLoad, burst, awarenessStorm];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const unknown = args.filter((a) => !SCENARIOS.some((s) => s.name === a) && !SERVER_KINDS.includes(a as ServerKind));
  if (unknown.length > 0) {
    throw new Error(`Unknown argument(s) ${unknown.join(", ")}; scenarios: ${SCENARIOS.map((s) => s.name).join(", ")}; servers: ${SERVER_KINDS.join(", ")}`);
  }
  const scenarios = SCENARIOS.filter((s) => !args.some((a) => SCENARIOS.some((x) => x.name === a)) || args.includes(s.name));
  const servers = SERVER_KINDS.filter((k) => !args.some((a) => SERVER_KINDS.includes(a as ServerKind)) || args.includes(k));
  const log = new ResultLog();
  const pool: ClientWorker[] = [];
  const profile = process.env.BENCH_PROFILE_DIR;
  const ctx: BenchContext = {
    servers,
    log,
    startServer: (kind) =>
      RunningServer.start(kind, kind === "ours" && profile ? { nodeFlags: ["--cpu-prof", `--cpu-prof-dir=${profile}`] } : {}),
    workers(count) {
      while (pool.length < count) pool.push(new ClientWorker());
      return pool.slice(0, count);
    },
  };
  const info = machine();
  log.write({ scenario: "machine", ...info });
  console.log(`Situation Board collaboration benchmark · ${info.cpus} cores (${info.cpuModel}), ${info.memoryGb} GB, Node ${info.node}, load ${String(info.loadAverage)}`);
  const started = Date.now();
  const tables: Array<{ scenario: string; table: ScenarioTable }> = [];
  try {
    for (const scenario of scenarios) {
      const began = Date.now();
      const table = await scenario.run(ctx);
      tables.push({ scenario: scenario.name, table });
      console.log(`\n${table.format()}\n(${((Date.now() - began) / 1000).toFixed(0)} s)`);
    }
  } finally {
    for (const worker of pool) worker.stop();
  }
  const inputs: SummaryInput[] = tables.flatMap(({ scenario, table }) => table.entries().map(({ label, cells }) => ({ scenario, label, cells })));
  const summary = summarize(inputs);
  log.write({ scenario: "summary", rows: summary });
  console.log(`\n${formatSummary(summary, (server) => SERVER_LABELS[server as ServerKind] ?? server)}`);
  console.log(`\nDone in ${((Date.now() - started) / 1000).toFixed(0)} s; JSON lines in ${log.file}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
