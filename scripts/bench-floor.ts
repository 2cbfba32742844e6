/**
 * `npm run bench:floor`: the least memory any collaboration server built on this stack can hold,
 * measured the way `npm run bench` measures the servers (`/proc/<pid>/status` VmRSS), so the
 * memory figures of "many boards" can be read against it:
 *
 * - idle RSS of a Node process that only loads what a y-websocket server loads (ws, Yjs,
 *   y-protocols) and listens, then of one that also loads the SQLite driver and opens a database
 *   in WAL mode, as every server storing boards in SQLite must;
 * - what each further pair of idle WebSocket connections (a board's two people) adds to a server
 *   that does nothing with them but hold them: `ws` alone, no document, no room.
 *
 * Prints figures; it is a measurement, not a test.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { WebSocket } from "ws";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PAIRS = Number(process.env.BENCH_BOARDS ?? 1000);
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-floor-"));
  const MB = 1024 ** 2;
  try {
    const bare = await idleRss([], null);
    const yws = await idleRss(["ws", "yjs", "y-protocols/sync", "y-protocols/awareness"], null);
    const sqlite = await idleRss(["ws", "yjs", "y-protocols/sync", "y-protocols/awareness", "better-sqlite3"], path.join(dir, "floor.sqlite"));
    console.log(`idle RSS, MB (after ${SETTLE_MS / 1000} s)`);
    console.log(`  node + ws, listening                      ${(bare / MB).toFixed(1)}`);
    console.log(`  + Yjs and y-protocols                     ${(yws / MB).toFixed(1)}`);
    console.log(`  + better-sqlite3, a WAL database open     ${(sqlite / MB).toFixed(1)}`);

    const server = await Child.start(program([], null));
    const sockets: WebSocket[] = [];
    try {
      await connect(server.port, PAIRS * 2, sockets);
      await sleep(2000);
      const loaded = await server.rss();
      await connect(server.port, PAIRS * 2, sockets);
      await sleep(2000);
      const loadedTwice = await server.rss();
      console.log(`\nRSS per further pair of idle ws connections (${PAIRS} pairs after ${PAIRS}), KB: ${((loadedTwice - loaded) / PAIRS / 1024).toFixed(1)}`);
    } finally {
      for (const ws of sockets) ws.terminate();
      server.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
