/**
 * The least memory any collaboration server built on this stack can hold, measured the way the
 * benchmark measures the servers (`/proc/<pid>/status` VmRSS), so the memory figures of "many
 * boards" can be read against it (`npm run bench:floor` prints it alone; "many boards" prints it
 * under its table):
 *
 * - idle RSS of a Node process that only loads what a y-websocket server loads (ws, Yjs,
 *   y-protocols) and listens, then of one that also loads the SQLite driver and opens a database
 *   in WAL mode, as every server storing boards in SQLite must;
 * - what each further pair of idle WebSocket connections (a board's two people) adds to a server
 *   that does nothing with them but hold them: `ws` alone, no document, no room.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";
import { sleep } from "./scenario";
import { ROOT } from "./servers";

/** How long a process sits idle before its RSS is read (many-boards reads after its setup, ≥ 1 s). */
const SETTLE_MS = 3000;

/** A child's program: loads `modules`, optionally opens a database, listens, and answers "rss". */
function program(modules: string[], database: string | null): string {
  return [
    ...modules.map((name, i) => `const m${i} = require(${JSON.stringify(name)});`),
    database
      ? `const db = new (require("better-sqlite3"))(${JSON.stringify(database)}); db.pragma("journal_mode = WAL"); db.pragma("synchronous = FULL"); db.prepare("create table if not exists t (id integer primary key, data blob)").run(); db.prepare("select * from t limit 1").all();`
      : "",
    `const held = [];`,
    `const wss = new (require("ws").WebSocketServer)({ port: 0, host: "127.0.0.1" }, () => process.send({ port: wss.address().port }));`,
    `wss.on("connection", (ws) => { held.push(ws); ws.on("message", (data) => ws.send(data)); });`,
    `process.on("message", () => process.send({ rss: Number(/VmRSS:\\s+(\\d+)/.exec(require("fs").readFileSync("/proc/self/status", "utf8"))[1]) * 1024 }));`,
  ].join("\n");
}

class Child {
  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {}

  static start(code: string): Promise<Child> {
    const child = spawn(process.execPath, ["-e", code], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    return new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code) => reject(new Error(`the measured process exited (${code})`)));
      child.once("message", (message: { port: number }) => resolve(new Child(child, message.port)));
    });
  }

  rss(): Promise<number> {
    return new Promise((resolve) => {
      this.child.once("message", (message: { rss: number }) => resolve(message.rss));
      this.child.send("rss");
    });
  }

  stop(): void {
    this.child.removeAllListeners("exit");
    this.child.kill();
  }
}

/** Opens `count` connections to `port` in batches of 50, each having sent and received one message. */
async function connect(port: number, count: number, into: WebSocket[]): Promise<void> {
  for (let done = 0; done < count; done += 50) {
    await Promise.all(
      Array.from({ length: Math.min(50, count - done) }, () => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}`);
        into.push(ws);
        return new Promise<void>((resolve, reject) => {
          ws.once("error", reject);
          ws.once("open", () => ws.send(new Uint8Array(40)));
          ws.once("message", () => resolve());
        });
      }),
    );
  }
}

async function idleRss(modules: string[], database: string | null): Promise<number> {
  const child = await Child.start(program(modules, database));
  try {
    await sleep(SETTLE_MS);
    return await child.rss();
  } finally {
    child.stop();
  }
}

export interface Floor {
  /** Idle RSS (bytes) of node with ws, listening. */
  bare: number;
  /** … with Yjs and y-protocols loaded too: what a y-websocket server loads. */
  yjs: number;
  /** … with better-sqlite3 loaded too and a WAL database open. */
  sqlite: number;
  /** RSS (bytes) each further pair of idle ws connections adds (`pairs` after `pairs`). */
  perPair: number;
}

/** Measures the floor; `pairs` pairs of connections are opened twice (the second batch is the slope). */
export async function measureFloor(pairs: number): Promise<Floor> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-floor-"));
  try {
    const yjsModules = ["ws", "yjs", "y-protocols/sync", "y-protocols/awareness"];
    const bare = await idleRss([], null);
    const yjs = await idleRss(yjsModules, null);
    const sqlite = await idleRss([...yjsModules, "better-sqlite3"], path.join(dir, "floor.sqlite"));
    const server = await Child.start(program([], null));
    const sockets: WebSocket[] = [];
    try {
      await connect(server.port, pairs * 2, sockets);
      await sleep(2000);
      const loaded = await server.rss();
      await connect(server.port, pairs * 2, sockets);
      await sleep(2000);
      const perPair = ((await server.rss()) - loaded) / pairs;
      return { bare, yjs, sqlite, perPair };
    } finally {
      for (const ws of sockets) ws.terminate();
      server.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor as lines of text. */
export function formatFloor(floor: Floor, pairs: number): string[] {
  const mb = (bytes: number) => (bytes / 1024 ** 2).toFixed(1);
  return [
    `Floor of the stack (bare processes, nothing else loaded; idle after ${SETTLE_MS / 1000} s):`,
    `  idle RSS MB: node + ws listening ${mb(floor.bare)}; + Yjs and y-protocols ${mb(floor.yjs)}; + better-sqlite3 with a WAL database open ${mb(floor.sqlite)}`,
    `  RSS per further pair of idle ws connections KB (${pairs} after ${pairs}, no document, no room): ${(floor.perPair / 1024).toFixed(1)}`,
  ];
}

// `tsx scripts/bench/floor.ts` (npm run bench:floor): prints the floor alone.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const pairs = Number(process.env.BENCH_BOARDS ?? 1000);
  measureFloor(pairs).then(
    (floor) => {
      console.log(formatFloor(floor, pairs).join("\n"));
      process.exit(0);
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
