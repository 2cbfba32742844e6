/**
 * Child processes for tests, end-to-end fixtures and benchmarks: a free port, a server started
 * in its own process and awaited until it says (or shows) it listens, and a stop that waits for
 * the exit. Node built-ins only, so Vitest, Playwright and tsx scripts can all import it.
 * Everything listens on 127.0.0.1.
 */
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

/** The repository root: where servers are started from. */
export const ROOT = path.resolve(here, "../..");

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** A process started by `startProcess`, with what it has written so far. */
export interface StartedProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout so far. */
  stdout(): string;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

export interface StartOptions {
  /** Added to this process's environment. */
  env?: Record<string, string>;
  /** The process is ready once its stdout matches. */
  ready: RegExp;
}

/**
 * Starts `command` and resolves, with the match, once its stdout matches `ready`; rejects with
 * everything it wrote if it exits (or cannot start) before that.
 */
export function startProcess(
  command: string,
  args: readonly string[],
  options: StartOptions,
): Promise<StartedProcess & { match: RegExpExecArray }> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...options.env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let errors = "";
  let ready = false;
  child.stderr!.on("data", (chunk: Buffer) => (errors += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready ? null : options.ready.exec(output);
      if (!match) return;
      ready = true;
      resolve({ child, match, exited, stdout: () => output, stderr: () => errors });
    });
    child.once("error", reject);
    void exited.then((code) => reject(new Error(`${[command, ...args].join(" ")} exited with ${code}:\n${output}\n${errors}`)));
  });
}

/** A collaboration server process, with the base URL of its sockets. */
export interface CollabProcess extends StartedProcess {
  /** ws://127.0.0.1:<port>/collab */
  url: string;
}

/**
 * `server/collab-main.ts` (no Next) in production mode on a free port, once it listens, compiled
 * as `npm run start:collab` runs it (scripts/build-collab.ts, loaded only here). `env` must hold
 * AUTH_SECRET, and DATA_DIR or DATABASE_URL.
 */
export async function startCollab(env: Record<string, string>): Promise<CollabProcess> {
  const { buildCollabIfNeeded, COLLAB_NODE_FLAGS } = await import("../../scripts/build-collab");
  const started = await startProcess(process.execPath, [...COLLAB_NODE_FLAGS, await buildCollabIfNeeded(ROOT)], {
    env: { PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production", ...env },
    ready: /collab listening on port (\d+)/,
  });
  return { ...started, url: `ws://127.0.0.1:${started.match[1]}/collab` };
}

/** `server/main.ts` (Next and the collaboration server) in production mode on `port`, once it serves. */
export function startApp(port: number, env: Record<string, string>): Promise<StartedProcess> {
  return startProcess(process.execPath, ["--import", "tsx", "server/main.ts"], {
    env: { NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", ...env },
    ready: new RegExp(`http://localhost:${port}\\b`),
  });
}

/** Resolves once something accepts connections on 127.0.0.1:`port`; rejects if `child` exits first. */
export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before listening`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, "127.0.0.1", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not listen on ${port} within ${timeoutMs} ms`);
}

/**
 * Sends `signal` (unless the process has exited already) and resolves with the exit code once it
 * has exited; SIGKILLs it if it is still running after `killAfterMs`.
 */
export async function stopProcess(
  target: ChildProcess | { child: ChildProcess },
  signal: NodeJS.Signals = "SIGTERM",
  killAfterMs?: number,
): Promise<number | null> {
  const child = "child" in target ? target.child : target;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill(signal);
  const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill("SIGKILL"), killAfterMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}
