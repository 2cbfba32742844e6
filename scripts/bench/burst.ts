/**
 * Burst: one client makes 10,000 edits (a pin each) and sends them back to back, 10 edits per
 * update message — 1,000 messages, within our per-connection burst allowance (MESSAGE_BURST; a
 * single flood of 10,000 frames is refused with 4429 by design). Times until another client has
 * all of them and, on our server, until the sender has seen them saved (committed).
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
}

export const burstHandlers = {
  async "burst.run"(args: { target: Target; sender: Access; receiver: Access; edits: number; perMessage: number; saved: boolean }): Promise<BurstResult> {
    const receiver = new FullClient(args.target, args.receiver);
    const sender = new FullClient(args.target, args.sender);
    try {
      await within(Promise.all([receiver.synced, sender.synced]), 60_000, "burst clients sync");
      sender.holding = true;
      for (let m = 0; m < args.edits / args.perMessage; m++) {
        sender.doc.transact(() => {
          for (let j = 0; j < args.perMessage; j++) addPin(sender.doc, { title: `Burst ${m * args.perMessage + j}`, lng: j, lat: m % 80 }, "bench");
        });
      }
      const expected = Y.decodeStateVector(Y.encodeStateVector(sender.doc));
      let deliveredAt: number | null = null;
      let savedAt: number | null = null;
      receiver.onApplied = () => {
        if (deliveredAt === null && covers(receiver.doc, expected)) deliveredAt = now();
      };
      sender.onServerState = (stateVector) => {
        const state = Y.decodeStateVector(stateVector);
        if (savedAt === null && Array.from(expected).every(([c, k]) => (state.get(c) ?? 0) >= k)) savedAt = now();
      };
      const started = now();
      sender.release();
      await until(() => deliveredAt !== null && (!args.saved || savedAt !== null), 120_000, 5);
      return {
        deliveredMs: deliveredAt === null ? null : deliveredAt - started,
        savedMs: savedAt === null ? null : savedAt - started,
        pins: listPins(receiver.doc).length,
        equal: Y.equalSnapshots(Y.snapshot(receiver.doc), Y.snapshot(sender.doc)),
      };
    } finally {
      receiver.close();
      sender.close();
    }
  },
};

// ------------------------------------------------------------------------------ driver side

export const burst: Scenario = {
  name: "burst",
  async run(ctx) {
    const edits = envNumber("BENCH_BURST_EDITS", 10_000);
    const perMessage = 10;
    const table = new ScenarioTable(`Burst: ${edits} edits from one client in ${edits / perMessage} messages (until another client has all)`, ctx.servers);
    const [worker] = ctx.workers(1);
    for (const kind of ctx.servers) {
      const server = await ctx.startServer(kind);
      try {
        const room = server.setup ? await server.setup.newBoard("Burst") : "burst";
        const access = async (i: number): Promise<Access> => ({ room, ticket: await server.setup?.ticket(room, i) });
        const result = await worker.call<BurstResult>("burst.run", {
          target: { kind, port: server.port },
          sender: await access(1),
          receiver: await access(2),
          edits,
          perMessage,
          saved: kind === "ours",
        });
        const problems = [
          result.deliveredMs === null && "the receiver never had every edit",
          result.pins !== edits && `the receiver has ${result.pins} of ${edits} pins`,
          !result.equal && "replicas differ",
        ].filter(Boolean);
        const problem = problems.join("; ") || undefined;
        table.set("all delivered ms", kind, result.deliveredMs, problem);
        table.set("edits/s delivered", kind, result.deliveredMs ? edits / (result.deliveredMs / 1000) : null);
        if (kind === "ours") table.set("all saved (committed) ms", kind, result.savedMs);
        ctx.log.write({ scenario: "burst", server: kind, edits, perMessage, ...result, correct: !problem, problem });
      } finally {
        await server.stop();
      }
    }
    return table;
  },
};
