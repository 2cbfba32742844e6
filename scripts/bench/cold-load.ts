/**
 * Cold load: a board of 10,000 pins, 2,000 cards and a 50 KB narrative. Times a new client from
 * opening its socket until it has the whole content — while the board is open (from memory) and
 * as the first client after a server restart (from disk) — and checks that `synced` (the first
 * sync step 2) never arrives before the content does. Counts the server's CPU for each load.
 */
import * as Y from "yjs";
import { addCard, addPin, listCards, listPins } from "@/lib/board/model";
import { narrativeText, writeNarrative } from "@/lib/board/narrative";
import { ScenarioTable } from "./report";
import { envNumber, sleep, until, within, type Scenario } from "./scenario";
import { percentile } from "./stats";
import { covers, FullClient, now, type Access, type Target } from "./wire";

// ------------------------------------------------------------------------------ client side

const SIZE = { pins: 10_000, cards: 2_000, narrativeBytes: 50_000 };
let content: { update: Uint8Array; expected: Map<number, number> } | null = null;
let holder: FullClient | null = null;

function buildContent(): { update: Uint8Array; expected: Map<number, number> } {
  const doc = new Y.Doc();
  let seed = 7;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  doc.transact(() => {
    const pins: string[] = [];
    for (let i = 0; i < SIZE.pins; i++) {
      pins.push(addPin(doc, { title: `Event ${i}`, lng: -20 + random() * 35, lat: 8 + random() * 17, note: `Reported by source ${i % 97}` }, "bench"));
    }
    for (let i = 0; i < SIZE.cards; i++) {
      addCard(doc, {
        title: `Report ${i}`,
        body: `Fighters were reported near the market on day ${i % 28}; two sources agree.`,
        when: { start: `2019-${String(1 + (i % 12)).padStart(2, "0")}-${String(1 + (i % 28)).padStart(2, "0")}`, precision: "day" },
        pinIds: [pins[i % pins.length]],
        source: { title: `Source ${i % 50}`, url: "" },
        grade: { reliability: "B", credibility: 2 },
        tags: ["bench"],
      }, "bench");
    }
  });
  const sentence = "It is likely that the group is shifting its operations south, towards the central regions. ";
  const paragraphs: Array<{ type: string; content: Array<{ type: string; text: string }> }> = [];
  let bytes = 0;
  for (let i = 0; bytes < SIZE.narrativeBytes; i++) {
    const text = `${i + 1}. ${sentence.repeat(5)}`;
    paragraphs.push({ type: "paragraph", content: [{ type: "text", text }] });
    bytes += text.length;
  }
  writeNarrative(doc, { type: "doc", content: paragraphs });
  const update = Y.encodeStateAsUpdate(doc);
  const expected = Y.decodeStateVector(Y.encodeStateVector(doc));
  doc.destroy();
  return { update, expected };
}

interface Load {
  /** Socket opened → the message completing the content arrived. */
  receivedMs: number | null;
  /** Socket opened → the content is applied and observable. */
  completeMs: number | null;
  /** Whether the content was all there when `synced` fired. */
  syncedWithContent: boolean | null;
  /** Counts of pins, cards and narrative characters match. */
  contentChecked: boolean;
}

async function load(target: Target, access: Access, timeoutMs: number): Promise<Load> {
  const { expected } = content!;
  const started = now();
  const client = new FullClient(target, access);
  const result: Load = { receivedMs: null, completeMs: null, syncedWithContent: null, contentChecked: false };
  client.onApplied = () => {
    const has = covers(client.doc, expected);
    if (result.syncedWithContent === null && client.syncedAt !== null) result.syncedWithContent = has;
    if (has && result.completeMs === null) {
      result.completeMs = now() - started;
      result.receivedMs = client.receivedAt - started;
    }
  };
  try {
    await until(() => result.completeMs !== null, timeoutMs, 5);
    if (result.completeMs !== null) {
      result.contentChecked =
        listPins(client.doc).length === SIZE.pins && listCards(client.doc).length === SIZE.cards && narrativeText(client.doc).length >= SIZE.narrativeBytes;
    }
    return result;
  } finally {
    client.close();
  }
}

export const coldLoadHandlers = {
  async "cold.upload"(args: { target: Target; access: Access }) {
    if (!content) {
      content = buildContent();
      // Warms this process's Yjs up on a board this size, so the first server measured pays no JIT.
      for (let i = 0; i < 2; i++) Y.applyUpdate(new Y.Doc(), content.update);
    }
    const doc = new Y.Doc();
    Y.applyUpdate(doc, content.update);
    holder = new FullClient(args.target, args.access, doc);
    await within(holder.synced, 60_000, "uploader sync");
    // Stored when a client joining now gets all of it.
    for (let i = 0; i < 30; i++) if ((await load(args.target, args.access, 10_000)).completeMs !== null) return content.update.byteLength;
    throw new Error("the uploaded board never reached a new client");
  },
  async "cold.load"(args: { target: Target; access: Access }) {
    return load(args.target, args.access, 60_000);
  },
  async "cold.release"() {
    holder?.close();
    holder = null;
  },
};

// ------------------------------------------------------------------------------ driver side

const PERSISTENT = new Set(["ours", "yws-leveldb"]);

export const coldLoad: Scenario = {
  name: "cold-load",
  async run(ctx) {
    const memoryRuns = envNumber("BENCH_COLD_MEMORY_RUNS", 5);
    const diskRuns = envNumber("BENCH_COLD_DISK_RUNS", 3);
    const table = new ScenarioTable("Cold load: 10,000 pins, 2,000 cards, 50 KB narrative (socket open → whole content)", ctx.servers);
    const [worker] = ctx.workers(1);
    for (const kind of ctx.servers) {
      const server = await ctx.startServer(kind);
      try {
        const room = server.setup ? await server.setup.newBoard("Cold load") : "cold-load";
        const access = async (i: number): Promise<Access> => ({ room, ticket: await server.setup?.ticket(room, i) });
        const target: Target = { kind, port: server.port };
        const bytes = await worker.call<number>("cold.upload", { target, access: await access(1) });
        const loads: Array<Load & { from: string; cpuSeconds: number }> = [];
        // One load, with the server's CPU from just before the socket opens until the server went quiet after it.
        const measured = async (from: string) => {
          const args = { target, access: await access(2) };
          const cpuBefore = server.cpuSeconds();
          const load = await worker.call<Load>("cold.load", args);
          loads.push({ from, ...load, cpuSeconds: (await server.cpuSecondsWhenQuiet()) - cpuBefore });
        };
        for (let i = 0; i < memoryRuns; i++) await measured("memory");
        await worker.call("cold.release", {});
        if (PERSISTENT.has(kind)) {
          await sleep(2000); // the reference LevelDB server writes asynchronously and has no graceful shutdown
          for (let i = 0; i < diskRuns; i++) {
            await server.restart();
            await measured("disk");
          }
        }
        for (const from of ["memory", "disk"]) {
          const runs = loads.filter((l) => l.from === from);
          if (runs.length === 0) continue;
          const problems: string[] = [];
          const incomplete = runs.filter((l) => l.completeMs === null || !l.contentChecked).length;
          const early = runs.filter((l) => l.syncedWithContent === false).length;
          if (incomplete > 0) problems.push(`${incomplete}/${runs.length} loads never had the whole content`);
          if (early > 0) problems.push(`synced before the content was there in ${early}/${runs.length} loads`);
          const problem = problems.join("; ") || undefined;
          const median = (pick: (l: (typeof runs)[number]) => number | null) => percentile(runs.map(pick).filter((v): v is number => v !== null), 50);
          table.set(`from ${from}: content complete ms (median)`, kind, median((l) => l.completeMs), problem);
          table.set(`from ${from}: content received ms (median)`, kind, median((l) => l.receivedMs), problem);
          table.set(`from ${from}: server CPU ms (median)`, kind, median((l) => l.cpuSeconds * 1000), problem);
          ctx.log.write({ scenario: "cold-load", server: kind, from, updateBytes: bytes, runs, correct: !problem, problem });
        }
      } finally {
        await worker.call("cold.release", {});
        await server.stop();
      }
    }
    return table;
  },
};
