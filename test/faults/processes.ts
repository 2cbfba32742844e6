/**
 * Real network faults for the fault suite (its collaboration instances come from
 * `test/support/processes.ts`): a TCP proxy that can cut or stall the way to PostgreSQL, and a
 * private Redis server that can be killed and restarted. Everything listens on 127.0.0.1 only.
 */
import { spawnSync, type ChildProcess } from "node:child_process";
import net from "node:net";
import { freePort, startProcess, stopProcess } from "../support/processes";

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
    const args = ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
    this.child = (await startProcess("redis-server", args, { ready: /Ready to accept connections/i })).child;
  }

  /** Kills the server (SIGKILL: subscribers and in-flight messages are lost). */
  async kill(): Promise<void> {
    if (!this.child) return;
    await stopProcess(this.child, "SIGKILL");
    this.child = null;
  }
}
