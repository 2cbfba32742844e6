/**
 * The collaboration server alone, without Next: run as many instances as needed behind a load
 * balancer, on PostgreSQL (DATABASE_URL) with Redis (REDIS_URL) between them; tests also kill
 * and restart it. SIGTERM/SIGINT flush every open room before the process exits.
 */
import { ensureAuthSecret } from "@/lib/auth/secret";
import { openDatabase } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { createAppServer } from "./app";
import { exitOnSignals } from "./shutdown";

async function main(): Promise<void> {
  const env = readEnv();
  const database = await openDatabase({ dataDir: env.dataDir, url: env.DATABASE_URL });
  // Redis (ioredis) is loaded only when configured: a single instance never needs it.
  const fanout = env.REDIS_URL ? (await import("./fanout")).createRedisFanout(env.REDIS_URL, { prefix: env.REDIS_PREFIX }) : undefined;
  const server = createAppServer({
    database,
    secret: ensureAuthSecret(env.dataDir),
    allowedOrigins: env.APP_ORIGINS,
    fanout,
    reconvergeMs: env.RECONVERGE_MS,
    boardLimits: { maxBytes: env.BOARD_MAX_BYTES, maxItems: env.BOARD_MAX_ITEMS },
    versionIntervalMs: env.VERSION_INTERVAL_MS,
  });
  const port = await server.listen(env.PORT, env.HOST);
  // Before the line that says it listens: whoever waits for that line may stop it at once, and a
  // SIGTERM that came first would end the process without saving.
  exitOnSignals(async () => {
    await server.close();
    await fanout?.close();
    await database.close();
  });
  console.log(`collab listening on port ${port} (${database.dialect}${fanout ? ", Redis fan-out" : ""})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
