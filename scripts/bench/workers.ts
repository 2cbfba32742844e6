/**
 * Client workers: child processes that play the people. The driver calls named handlers in them
 * (`call`) and gets their results back over IPC ("advanced" serialization carries typed arrays).
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { ROOT, track } from "./servers";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

export type Handler = (args: never) => Promise<unknown>;

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

export class ClientWorker {
  private next = 1;
  private waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private readonly child: ChildProcess;

  constructor() {
    this.child = track(
      spawn(process.execPath, ["--max-old-space-size=4096", "--import", "tsx", path.join(here, "worker.ts")], {
        cwd: ROOT,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
        serialization: "advanced",
      }),
    );
    this.child.on("message", (message: Reply) => {
      const pending = this.waiting.get(message.id);
      if (!pending) return;
      this.waiting.delete(message.id);
      if (message.error !== undefined) pending.reject(new Error(message.error));
      else pending.resolve(message.result);
    });
    this.child.once("exit", (code) => {
      for (const pending of this.waiting.values()) pending.reject(new Error(`client worker exited with ${code}`));
      this.waiting.clear();
    });
  }

  call<T>(method: string, args: unknown): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, method, args });
    });
  }

  stop(): void {
    this.child.kill("SIGKILL");
  }
}

/** Serves handler calls inside a worker process. */
export function serveHandlers(handlers: Record<string, (args: never) => Promise<unknown>>): void {
  process.on("message", (message: { id: number; method: string; args: never }) => {
    const handler = handlers[message.method];
    const run = handler ? handler(message.args) : Promise.reject(new Error(`no handler ${message.method}`));
    run.then(
      (result) => process.send?.({ id: message.id, result } satisfies Reply),
      (error: unknown) => process.send?.({ id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply),
    );
  });
  process.on("disconnect", () => process.exit(0));
}

/** Splits `items` into `parts` contiguous slices of near-equal size. */
export function split<T>(items: readonly T[], parts: number): T[][] {
  const size = Math.ceil(items.length / parts);
  return Array.from({ length: parts }, (_, i) => items.slice(i * size, (i + 1) * size)).filter((s) => s.length > 0);
}
