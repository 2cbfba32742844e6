/**
 * The PostgreSQL driver, for running several collaboration instances on one database. A pool of
 * connections behind Kysely's PostgresDialect; compaction is serialised across instances by an
 * advisory lock taken inside its own transaction.
 */
import { Pool, types } from "pg";
import { Kysely, PostgresDialect, sql } from "kysely";
import type { RoomLock } from "./doc-store";
import type { Tables } from "./tables";

/** bigint columns hold millisecond times and log ids, far below 2^53: read them as numbers. */
const INT8_OID = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === INT8_OID ? (value: string) => Number(value) : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};

/** Opens a pool on `url` (a `postgres://` URL; `?options=-c search_path=…` and `application_name=…` are honoured). */
export function openPostgres(url: string): Kysely<Tables> {
  const pool = new Pool({
    connectionString: url,
    types: typeParsers,
    max: 10,
    // A database that does not answer fails the operation instead of hanging it: commits are retried.
    connectionTimeoutMillis: 5_000,
    query_timeout: 30_000,
  });
  // An idle connection cut by the server (restart, failover) must not crash the process.
  pool.on("error", (error) => console.error("[db] idle PostgreSQL connection failed:", error.message));
  return new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
}

/** The room lock across every instance: `pg_advisory_xact_lock`, released with the transaction. */
export const advisoryRoomLock: RoomLock = (db, room, work) =>
  db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${room}))`.execute(trx);
    return work(trx);
  });
