/**
 * Burst: one client makes 10,000 edits (a pin each) and sends them back to back, twice: 10 edits
 * per update message (1,000 messages, within our per-connection burst allowance MESSAGE_BURST),
 * and one edit per message (10,000 single-transaction updates, as an app flushing an offline
 * session edit by edit would). Times until another client has all of them and, on our server,
 * until the sender has seen them saved (committed); counts the server's CPU over that time. A
 * server closing the sender's socket (our rate limit answers 4429) fails the point at once.
 */
import * as Y from "yjs";
import { addPin, listPins } from "@/lib/board/model";
import { ScenarioTable } from "./report";
import { envNumber, until, within, type Scenario } from "./scenario";
import { covers, FullClient, now, type Access, type Target } from "./wire";

// ------------------------------------------------------------------------------ client side

interface BurstResult {
  deliveredMs: number | null;
  savedMs: number | null;
  pins: number;
  equal: boolean;
  /** Close code of the sender's or the receiver's socket, if the server closed one. */
  closedWith: { client: "sender" | "receiver"; code: number; reason: string } | null;
}

let pair: { sender: FullClient; receiver: FullClient; saved: boolean } | null = null;

export const burstHandlers = {
  /** Connects both clients and makes the edits, held back: nothing reaches the server yet. */
  async "burst.prepare"(args: { target: Target; sender: Access; receiver: Access; edits: number; perMessage: number; saved: boolean }) {
    const receiver = new FullClient(args.target, args.receiver);
    const sender = new FullClient(args.target, args.sender);
    pair = { sender, receiver, saved: args.saved };
    await within(Promise.all([receiver.synced, sender.synced]), 60_000, "burst clients sync");
    sender.holding = true;
    for (let m = 0; m < args.edits / args.perMessage; m++) {
      sender.doc.transact(() => {
        for (let j = 0; j < args.perMessage; j++) addPin(sender.doc, { title: `Burst ${m * args.perMessage + j}`, lng: j, lat: m % 80 }, "bench");
      });
    }
  },

  /** Sends the held edits back to back and waits until the receiver has them all (and, on ours, they are saved). */
  async "burst.run"(): Promise<BurstResult> {
    if (!pair) throw new Error("burst.prepare first");
    const { sender, receiver, saved } = pair;
    try {
      const expected = Y.decodeStateVector(Y.encodeStateVector(sender.doc));
      let deliveredAt: number | null = null;
      let savedAt: number | null = null;
      let closedWith: BurstResult["closedWith"] = null;
      void sender.socket.closed.then(({ code, reason }) => (closedWith ??= { client: "sender", code, reason }));
      void receiver.socket.closed.then(({ code, reason }) => (closedWith ??= { client: "receiver", code, reason }));
      receiver.onApplied = () => {
        if (deliveredAt === null && covers(receiver.doc, expected)) deliveredAt = now();
      };
      sender.onServerState = (stateVector) => {
        const state = Y.decodeStateVector(stateVector);
        if (savedAt === null && Array.from(expected).every(([c, k]) => (state.get(c) ?? 0) >= k)) savedAt = now();
      };
      const started = now();
      sender.release();
      await until(() => closedWith !== null || (deliveredAt !== null && (!saved || savedAt !== null)), 120_000, 5);
      return {
        deliveredMs: deliveredAt === null ? null : deliveredAt - started,
        savedMs: savedAt === null ? null : savedAt - started,
        pins: listPins(receiver.doc).length,
        equal: Y.equalSnapshots(Y.snapshot(receiver.doc), Y.snapshot(sender.doc)),
        closedWith,
      };
    } finally {
      receiver.close();
      sender.close();
      pair = null;
    }
  },
};

// ------------------------------------------------------------------------------ driver side

export const burst: Scenario = {
  name: "burst",
  async run(ctx) {
    const edits = envNumber("BENCH_BURST_EDITS", 10_000);
    const table = new ScenarioTable(`Burst: ${edits} edits from one client, back to back (until another client has all)`, ctx.servers);
    const [worker] = ctx.workers(1);
    const variants = [
      { perMessage: 10, prefix: "", what: `in ${Math.ceil(edits / 10)} messages of 10` },
      { perMessage: 1, prefix: "single-transaction: ", what: `in ${edits} messages of 1` },
    ];
    for (const { perMessage, prefix, what } of variants) {
      for (const kind of ctx.servers) {
        const server = await ctx.startServer(kind);
        try {
          const room = server.setup ? await server.setup.newBoard("Burst") : "burst";
          const access = async (i: number): Promise<Access> => ({ room, ticket: await server.setup?.ticket(room, i) });
          await worker.call("burst.prepare", {
            target: { kind, port: server.port },
            sender: await access(1),
            receiver: await access(2),
            edits,
            perMessage,
            saved: kind === "ours",
          });
          const cpuBefore = server.cpuSeconds();
          const result = await worker.call<BurstResult>("burst.run", {});
          const cpu = (await server.cpuSecondsWhenQuiet()) - cpuBefore;
          const closed = result.closedWith;
          const problems = [
            closed && `the server closed the ${closed.client}'s socket with ${closed.code}${closed.reason ? ` (${closed.reason})` : ""}`,
            !closed && result.deliveredMs === null && "the receiver never had every edit",
            result.pins !== edits && `the receiver has ${result.pins} of ${edits} pins`,
            !result.equal && "replicas differ",
          ].filter(Boolean);
          const problem = problems.join("; ") || undefined;
          table.set(`${prefix}all delivered ms`, kind, result.deliveredMs, problem);
          table.set(`${prefix}edits/s delivered`, kind, result.deliveredMs ? edits / (result.deliveredMs / 1000) : null, problem);
          if (kind === "ours") table.set(`${prefix}all saved (committed) ms`, kind, result.savedMs, problem);
          table.set(`${prefix}server CPU s`, kind, cpu, problem);
          ctx.log.write({ scenario: "burst", server: kind, edits, perMessage, description: what, ...result, cpuSeconds: cpu, correct: !problem, problem });
        } finally {
          await server.stop();
        }
      }
    }
    return table;
  },
};
