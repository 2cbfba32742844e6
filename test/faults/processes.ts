/**
 * Real processes and real network faults for the fault suite: collaboration instances
 * (`server/collab-main.ts`) in child processes, a TCP proxy that can cut or stall the way to
 * PostgreSQL, and a private Redis server that can be killed and restarted. Everything listens
 * on 127.0.0.1 only.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { TEST_SECRET } from "../helpers";

const ROOT = path.resolve(__dirname, "../..");

export interface Instance {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/** Starts `server/collab-main.ts` with `env` on a free port and resolves once it listens. */
export function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/collab-main.ts"], {
    cwd: ROOT,
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production", AUTH_SECRET: TEST_SECRET, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /collab listening on port (\d+)/.exec(output);
      if (match) resolve({ child, url: `ws://127.0.0.1:${match[1]}/collab`, stdout: () => output, stderr: () => errors, exited });
    });
    void exited.then((code) => reject(new Error(`instance exited with ${code}: ${output}\n${errors}`)));
  });
}

/** Sends `signal` and resolves with the exit code. */
export async function stopInstance(instance: Instance, signal: NodeJS.Signals): Promise<number | null> {
  if (instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill(signal);
  return instance.exited;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A TCP proxy in front of a server (here PostgreSQL). `cut()` resets every connection and
 * refuses new ones until `restore()`; `stall()` holds every byte sent to the server until
 * `resume()`: the database is there, but answers nothing.
 */
export class TcpProxy {
  private server: net.Server;
  private pairs = new Set<[net.Socket, net.Socket]>();
  private down = false;
  private stalled = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = net.createServer((client) => this.accept(client));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  cut(): void {
    this.down = true;
    for (const [client, upstream] of this.pairs) {
      client.resetAndDestroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  restore(): void {
    this.down = false;
  }

  stall(): void {
    this.stalled = true;
    for (const [client, upstream] of this.pairs) {
      client.unpipe(upstream);
      client.pause();
    }
  }

  resume(): void {
    this.stalled = false;
    for (const [client, upstream] of this.pairs) client.pipe(upstream);
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    if (this.down) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    upstream.pipe(client);
    if (!this.stalled) client.pipe(upstream);
  }
}

/** Whether `redis-server` can be started here (for a Redis that the suite may restart). */
export function hasRedisServer(): boolean {
  return spawnSync("redis-server", ["--version"], { stdio: "ignore" }).status === 0;
}

/** A Redis server of the suite's own on 127.0.0.1, which it kills and restarts on the same port. */
export class PrivateRedis {
  private child: ChildProcess | null = null;
  port = 0;

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.port ||= await freePort();
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let output = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/i.test(output)) resolve();
      });
      child.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
    });
  }

  /** Kills the server (SIGKILL: subscribers and in-flight messages are lost). */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    this.child = null;
  }
}
