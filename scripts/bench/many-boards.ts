/**
 * Many boards: B boards, two people on each. The first adds three pins, the second must see them.
 * Reports connect time (socket opened → synced), the server's RSS per open board (what B further
 * boards opened afterwards add, divided by B; beside it the growth over idle RSS divided by B,
 * which also holds what the first board costs once: a writer thread, code compiled on first use)
 * and its CPU from before the first connect until every second client saw the pins (and the
 * server went quiet). Correct when both replicas of every board are equal. Under the table, the
 * floor of the stack (floor.ts): the RSS of bare processes, to read the memory figures against.
 */
import * as Y from "yjs";
import { addPin, listPins } from "@/lib/board/model";
import { formatFloor, measureFloor } from "./floor";
import { ScenarioTable } from "./report";
import { envNumber, inBatches, sleep, until, within, type Scenario } from "./scenario";
import { emptyHistogram, histogramPercentile, mergeHistograms, record, type Histogram } from "./stats";
import { FullClient, now, type Access, type Target } from "./wire";

// ------------------------------------------------------------------------------ client side

let pairs: Array<[FullClient, FullClient]> = [];

async function connect(target: Target, access: Access, times: Histogram): Promise<FullClient> {
  const started = now();
  const client = new FullClient(target, access);
  await within(client.synced, 120_000, `board ${access.room} sync`);
  record(times, now() - started);
  return client;
}

export const manyBoardsHandlers = {
  async "boards.connect"(args: { target: Target; boards: Array<{ a: Access; b: Access }> }) {
    const times = emptyHistogram();
    const started = now();
    const firsts: FullClient[] = new Array(args.boards.length);
    await inBatches(args.boards, 50, async ({ a }, i) => {
      firsts[i] = await connect(args.target, a, times);
      for (let p = 0; p < 3; p++) addPin(firsts[i].doc, { title: `Pin ${p}`, lng: p, lat: p }, "bench");
    });
    const opened: Array<[FullClient, FullClient]> = new Array(args.boards.length);
    await inBatches(args.boards, 50, async ({ b }, i) => {
      opened[i] = [firsts[i], await connect(args.target, b, times)];
    });
    const wallMs = now() - started;
    // Boards opened by an earlier call stay open (and are verified) with these.
    pairs.push(...opened);
    const complete = await until(() => opened.every(([, b]) => listPins(b.doc).length === 3), 60_000, 200);
    return { times, wallMs, complete };
  },

  async "boards.verify"() {
    let differ = 0;
    for (const [a, b] of pairs) {
      if (!Y.equalSnapshots(Y.snapshot(a.doc), Y.snapshot(b.doc))) differ += 1;
      a.close();
      b.close();
    }
    pairs = [];
    return differ;
  },
};

// ------------------------------------------------------------------------------ driver side

export const manyBoards: Scenario = {
  name: "many-boards",
  async run(ctx) {
    const count = envNumber("BENCH_BOARDS", 1000);
    const table = new ScenarioTable(`Many boards: ${count} boards × 2 clients`, ctx.servers);
    for (const kind of ctx.servers) {
      const server = await ctx.startServer(kind);
      try {
        const boards: Array<{ a: Access; b: Access }> = [];
        // Twice the boards: the second half is opened after the measured connects, to find what
        // each further open board costs (the slope), without what the first board costs once.
        for (let i = 0; i < count * 2; i++) {
          const room = server.setup ? await server.setup.newBoard(`Board ${i}`) : `board-${i}`;
          boards.push({
            a: { room, ticket: await server.setup?.ticket(room, 1) },
            b: { room, ticket: await server.setup?.ticket(room, 2) },
          });
        }
        await sleep(1000);
        const idle = server.rss();
        const [worker] = ctx.workers(1);
        const cpuBefore = server.cpuSeconds();
        const result = await worker.call<{ times: Histogram; wallMs: number; complete: boolean }>("boards.connect", {
          target: { kind, port: server.port },
          boards: boards.slice(0, count),
        });
        const cpu = (await server.cpuSecondsWhenQuiet()) - cpuBefore;
        await sleep(2000);
        const loaded = server.rss();
        const more = await worker.call<{ complete: boolean }>("boards.connect", { target: { kind, port: server.port }, boards: boards.slice(count) });
        await sleep(2000);
        const loadedTwice = server.rss();
        const differ = await worker.call<number>("boards.verify", {});
        const problems = [
          !(result.complete && more.complete) && "some second clients never saw the first's pins",
          differ > 0 && `${differ} boards' replicas differ`,
        ].filter(Boolean);
        const problem = problems.join("; ") || undefined;
        const times = mergeHistograms([result.times]);
        const perBoardKb = (loadedTwice - loaded) / count / 1024;
        table.set("RSS per open board KB", kind, perBoardKb, problem);
        table.set(`RSS growth ÷ ${count} boards KB`, kind, (loaded - idle) / count / 1024, problem);
        table.set("server RSS idle MB", kind, idle / 1024 ** 2, problem);
        table.set("server RSS loaded MB", kind, loaded / 1024 ** 2, problem);
        table.set("connect p50 ms", kind, histogramPercentile(times, 50), problem);
        table.set("connect p99 ms", kind, histogramPercentile(times, 99), problem);
        table.set(`all ${count * 2} connected s`, kind, result.wallMs / 1000, problem);
        table.set("server CPU s", kind, cpu, problem);
        table.set("CPU ms per connection", kind, (cpu * 1000) / (count * 2), problem);
        ctx.log.write({
          scenario: "many-boards", server: kind, boards: count, perBoardKb, idleRssMb: idle / 1024 ** 2, loadedRssMb: loaded / 1024 ** 2, loadedTwiceRssMb: loadedTwice / 1024 ** 2,
          connectP50: histogramPercentile(times, 50), connectP99: histogramPercentile(times, 99), wallMs: result.wallMs, cpuSeconds: cpu, correct: !problem, problem,
        });
      } finally {
        await server.stop();
      }
    }
    // What any server of this stack holds, to read the memory figures against (BENCH_FLOOR=0: not measured).
    if (process.env.BENCH_FLOOR !== "0") {
      const floor = await measureFloor(count);
      table.notes.push(...formatFloor(floor, count));
      ctx.log.write({ scenario: "many-boards", server: "floor", boards: count, ...floor });
    }
    return table;
  },
};
