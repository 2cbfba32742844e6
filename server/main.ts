/**
 * The app in one process on one port: Next serves pages and API routes, /collab/* upgrades to
 * the collaboration server. SIGTERM/SIGINT flush every open room before the process exits.
 */
import next from "next";
import path from "node:path";
import { ensureAuthSecret } from "@/lib/auth/secret";
import { openDatabase, setDatabase } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { createAppServer, ensureDemoBoard } from "./app";
import { createRedisFanout } from "./fanout";
import { exitOnSignals } from "./shutdown";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const env = readEnv();
  const dev = env.NODE_ENV !== "production";
  const secret = ensureAuthSecret(env.dataDir);
  const database = await openDatabase({ dataDir: env.dataDir, url: env.DATABASE_URL });
  setDatabase(database);
  if (env.SEED_DEMO) await ensureDemoBoard(database);

  const app = next({ dev, dir: path.resolve(here, ".."), hostname: "localhost", port: env.PORT });
  await app.prepare();
  const fanout = env.REDIS_URL ? createRedisFanout(env.REDIS_URL, { prefix: env.REDIS_PREFIX }) : undefined;
  const server = createAppServer({
    database,
    secret,
    fanout,
    reconvergeMs: env.RECONVERGE_MS,
    boardRetentionDays: env.BOARD_RETENTION_DAYS,
    boardLimits: { maxBytes: env.BOARD_MAX_BYTES, maxItems: env.BOARD_MAX_ITEMS },
    versionIntervalMs: env.VERSION_INTERVAL_MS,
    versionRetention: env.VERSION_RETENTION,
    allowedOrigins: env.APP_ORIGINS,
    trustProxy: env.TRUST_PROXY,
    handleRequest: app.getRequestHandler(),
    handleOtherUpgrade: dev ? app.getUpgradeHandler() : undefined,
  });
  const port = await server.listen(env.PORT, env.HOST);
  console.log(`Situation Board on http://localhost:${port} (data in ${env.dataDir})`);

  exitOnSignals(async () => {
    await server.close();
    await fanout?.close();
    await app.close();
    await database.close();
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
