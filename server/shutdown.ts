/**
 * How a server process ends on SIGTERM/SIGINT: once, saving what it holds first (`close` flushes
 * every open room and closes the database), and exiting anyway if that hangs, so an orchestrator's
 * stop never waits forever. The fault suite relies on the "<signal>: saving" line.
 */

/** Runs `close` on the first SIGTERM or SIGINT, then exits 0; exits 1 if it takes over `forceAfterMs`. */
export function exitOnSignals(close: () => Promise<void>, forceAfterMs = 10_000): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: saving open boards and shutting down…`);
    const forced = setTimeout(() => process.exit(1), forceAfterMs);
    try {
      await close();
    } finally {
      clearTimeout(forced);
      process.exit(0);
    }
  };
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void stop(signal));
}
