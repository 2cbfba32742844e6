/**
 * What the driver prints and keeps: one table per scenario (a row per figure, a column per
 * server, then ours/peer ratios, FAIL on every figure of a point whose correctness check failed)
 * and one JSON line per measured point in bench-results/.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SERVER_LABELS, ROOT } from "./servers";
import { formatRatio, formatTable, formatValue } from "./stats";
import type { ServerKind } from "./wire";

export interface Cell {
  value: number | null;
  problem?: string;
}

/** One scenario's figures; rows keep the order they were first set in. */
export class ScenarioTable {
  private rows = new Map<string, Map<ServerKind, Cell>>();
  /** Lines printed under the table (figures measured beside the servers). */
  readonly notes: string[] = [];

  constructor(
    readonly title: string,
    private readonly servers: readonly ServerKind[],
  ) {}

  set(label: string, server: ServerKind, value: number | null, problem?: string): void {
    let row = this.rows.get(label);
    if (!row) this.rows.set(label, (row = new Map()));
    row.set(server, { value, problem });
  }

  /** Every row with its cells, in order (for the summary across scenarios). */
  entries(): Array<{ label: string; cells: Map<ServerKind, Cell> }> {
    return Array.from(this.rows, ([label, cells]) => ({ label, cells }));
  }

  format(): string {
    const peers = this.servers.filter((s) => s !== "ours");
    const withOurs = this.servers.includes("ours");
    const header = ["", ...this.servers.map((s) => SERVER_LABELS[s]), ...(withOurs ? peers.map((p) => `ours/${SERVER_LABELS[p]}`) : [])];
    const lines = Array.from(this.rows, ([label, row]) => {
      const cell = (s: ServerKind) => {
        const c = row.get(s);
        if (!c) return "—";
        return c.problem ? `${formatValue(c.value)} FAIL` : formatValue(c.value);
      };
      const ratios = withOurs ? peers.map((p) => formatRatio(row.get("ours")?.value, row.get(p)?.value)) : [];
      return [label, ...this.servers.map(cell), ...ratios];
    });
    // A failed check marks every figure of its point; its reason is printed once, at the first.
    const printed = new Set<string>();
    const problems: string[] = [];
    for (const [label, row] of this.rows) {
      for (const server of this.servers) {
        const problem = row.get(server)?.problem;
        const key = JSON.stringify([server, pointOf(label), problem]);
        if (!problem || printed.has(key)) continue;
        printed.add(key);
        problems.push(`  FAIL ${SERVER_LABELS[server]} · ${label}: ${problem}`);
      }
    }
    return [`## ${this.title}`, formatTable(header, lines), ...problems, ...this.notes].join("\n");
  }
}

/** The point a row belongs to, named by its label's prefix (`N=50`, `from disk:`, `single-transaction:`), "" for none. */
export function pointOf(label: string): string {
  return /^(N=\d+|[^:]+:)/.exec(label)?.[1] ?? "";
}

/** Appends JSON lines to bench-results/<start time>.jsonl. */
export class ResultLog {
  readonly file: string;

  constructor() {
    const dir = path.join(ROOT, "bench-results");
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`);
  }

  write(record: Record<string, unknown>): void {
    fs.appendFileSync(this.file, JSON.stringify({ time: new Date().toISOString(), ...record }) + "\n");
  }
}

/** The machine, as PERFORMANCE.md reports it. */
export function machine(): Record<string, unknown> {
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}
