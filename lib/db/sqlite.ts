/** The default driver: one SQLite file in WAL mode under the data directory. */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Tables } from "./tables";

/** Opens (creating if needed) the SQLite database at `file`. */
export function openSqlite(file: string): Kysely<Tables> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const database = new Database(file);
  database.pragma("journal_mode = WAL");
  // FULL: a commit the client was told is "Saved" survives power loss, not only a crash.
  database.pragma("synchronous = FULL");
  database.pragma("busy_timeout = 5000");
  database.pragma("foreign_keys = ON");
  return new Kysely<Tables>({ dialect: new SqliteDialect({ database }) });
}
