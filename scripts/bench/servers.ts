/**
 * The servers under test, each in its own process on 127.0.0.1: ours (the collaboration server
 * alone, durable SQLite, ticket auth) and the peers (y-websocket 1.5.4 in memory and on LevelDB,
 * Hocuspocus 3 in memory). Every process started here is killed when the driver exits, however
 * it exits.
 */
import { execSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import type { Role } from "@/lib/auth/roles";
import { signTicket } from "@/lib/auth/ticket";
import { newId } from "@/lib/ids";
import { openDatabase, type Database } from "@/lib/db";
import type * as Y from "yjs";
import { freePort, stopProcess, waitForPort } from "../../test/support/processes";
import type { ServerKind } from "./wire";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

export const ROOT = path.resolve(here, "../..");
/** Checkout our server runs from: this one, or BENCH_OURS_DIR (to compare before and after a change). */
const OURS_DIR = path.resolve(process.env.BENCH_OURS_DIR ?? ROOT);
export const SERVER_KINDS: readonly ServerKind[] = ["ours", "yws-memory", "yws-leveldb", "hocuspocus"];
export const SERVER_LABELS: Record<ServerKind, string> = {
  ours: "ours",
  "yws-memory": "y-ws mem",
  "yws-leveldb": "y-ws LevelDB",
  hocuspocus: "hocuspocus",
};

/** Every child process of the driver, killed on exit. */
const children = new Set<ChildProcess>();
let cleanupInstalled = false;

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("exit", () => children.delete(child));
  if (!cleanupInstalled) {
    cleanupInstalled = true;
    const killAll = () => {
      for (const c of children) c.kill("SIGKILL");
    };
    process.once("exit", killAll);
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      process.once(signal, () => {
        killAll();
        process.exit(130);
      });
    }
  }
  return child;
}

/** Resident set size of a process in bytes, from /proc/<pid>/status. */
export function rssOf(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS for ${pid}`);
  return Number(match[1]) * 1024;
}

/** Kernel clock ticks per second, the unit of the CPU times in /proc/<pid>/stat (read once; 100 on Linux almost always). */
let clockTicks: number | null = null;

/** CPU time (user + system, every thread) a process has used so far, in seconds, from /proc/<pid>/stat. */
export function cpuSecondsOf(pid: number): number {
  clockTicks ??= Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")",
  // which leaves field 3 (the state) first, so utime (14) and stime (15) at 11 and 12.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Our server's accounts and boards, written into its SQLite file while it runs (WAL allows it). */
export class OursSetup {
  private users = new Map<number, string>();

  private constructor(
    readonly database: Database,
    readonly secret: string,
  ) {}

  static async open(dataDir: string, secret: string): Promise<OursSetup> {
    const database = await openDatabase({ dataDir });
    // Setup rows need not survive a power cut; the server's own connection stays synchronous=FULL.
    await sql`PRAGMA synchronous = OFF`.execute(database.db);
    return new OursSetup(database, secret);
  }

  /** A board owned by bench user 0, optionally filled; returns its id (the room name). */
  async newBoard(title = "Benchmark", fill?: (doc: Y.Doc) => void): Promise<string> {
    const board = await this.database.createBoard({ title, question: "How fast?" }, await this.user(0), fill);
    return board.id;
  }

  /** Makes bench user `index` a member of `boardId` and returns a ticket for it, valid for an hour. */
  async ticket(boardId: string, index: number, role: Role = "editor"): Promise<string> {
    const userId = await this.user(index);
    if (role !== "owner" || index !== 0) await this.database.members.set(boardId, userId, role);
    return signTicket({ sub: userId, name: `Bench ${index}`, board: boardId }, this.secret, 3600);
  }

  private async user(index: number): Promise<string> {
    let id = this.users.get(index);
    if (!id) {
      id = newId();
      await this.database.users.create({ id, email: `bench-${index}-${id}@example.com`, name: `Bench ${index}`, passwordHash: null });
      this.users.set(index, id);
    }
    return id;
  }

  close(): Promise<void> {
    return this.database.close();
  }
}

export interface ServerOptions {
  /** Extra node flags for our server (e.g. --cpu-prof). */
  nodeFlags?: string[];
}

/** One server under test; `restart` keeps its port and its data. */
export class RunningServer {
  private child: ChildProcess | null = null;
  /** Set for our server only. */
  setup: OursSetup | null = null;

  private constructor(
    readonly kind: ServerKind,
    readonly port: number,
    private readonly dataDir: string,
    private readonly options: ServerOptions,
  ) {}

  static async start(kind: ServerKind, options: ServerOptions = {}): Promise<RunningServer> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `sb-bench-${kind}-`));
    const server = new RunningServer(kind, await freePort(), dataDir, options);
    await server.spawn();
    if (kind === "ours") server.setup = await OursSetup.open(dataDir, BENCH_SECRET);
    return server;
  }

  get pid(): number {
    if (!this.child?.pid) throw new Error(`${this.kind} is not running`);
    return this.child.pid;
  }

  rss(): number {
    return rssOf(this.pid);
  }

  /** CPU seconds the server process has used since it started. */
  cpuSeconds(): number {
    return cpuSecondsOf(this.pid);
  }

  /**
   * CPU seconds used so far, read once the server has gone quiet (no CPU tick for `quietMs`, at
   * most `maxMs` of waiting), so that work a server defers past the measured phase (ours commits
   * on a timer, LevelDB writes in the background) is counted too.
   */
  async cpuSecondsWhenQuiet(quietMs = 200, maxMs = 2000): Promise<number> {
    const deadline = Date.now() + maxMs;
    let last = this.cpuSeconds();
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      const current = this.cpuSeconds();
      if (current === last || Date.now() >= deadline) return current;
      last = current;
    }
  }

  /** Stops the process (SIGTERM: ours flushes every open room first) and starts it again. */
  async restart(): Promise<void> {
    await this.terminate();
    await this.spawn();
  }

  async stop(): Promise<void> {
    await this.setup?.close();
    this.setup = null;
    await this.terminate();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  private async spawn(): Promise<void> {
    const env: NodeJS.ProcessEnv = { ...process.env, HOST: "127.0.0.1", PORT: String(this.port) };
    let args: string[];
    if (this.kind === "ours") {
      Object.assign(env, { NODE_ENV: "production", DATA_DIR: this.dataDir, AUTH_SECRET: BENCH_SECRET, DATABASE_URL: "", REDIS_URL: "" });
      const { buildCollabIfNeeded, COLLAB_NODE_FLAGS } = await import("../build-collab");
      args = [...(this.options.nodeFlags ?? []), ...COLLAB_NODE_FLAGS, await buildCollabIfNeeded(OURS_DIR)];
    } else if (this.kind === "hocuspocus") {
      args = ["--import", "tsx", path.join(here, "hocuspocus-peer.ts")];
    } else {
      if (this.kind === "yws-leveldb") env.YPERSISTENCE = path.join(this.dataDir, "leveldb");
      args = [path.join(ROOT, "node_modules/y-websocket-reference/bin/server.js")];
    }
    const child = track(spawn(process.execPath, args, { cwd: ROOT, env, stdio: ["ignore", "ignore", "inherit"] }));
    this.child = child;
    await waitForPort(this.port, child);
  }

  private async terminate(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child) await stopProcess(child, "SIGTERM", 15_000);
  }
}

/** AUTH_SECRET of our server in the benchmark (a throwaway data directory, never a real one). */
export const BENCH_SECRET = "bench-secret-not-for-production";
