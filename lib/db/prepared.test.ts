import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "./index";
import { prepared } from "./prepared";
import type { Tables } from "./tables";

describe("prepared queries (SQLite file)", () => {
  let dir: string;
  let database: Database;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-prepared-"));
    database = await openDatabase({ dataDir: dir });
    for (const [id, email] of [["u1", "ana@example.com"], ["u2", "ben@example.com"], ["u3", "cleo@example.com"]]) {
      await database.users.create({ id, email, name: id, passwordHash: null });
    }
  });

  afterAll(async () => {
    await database.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("builds the query once and binds each run's arguments, constants kept in place", async () => {
    let builds = 0;
    const usersBetween = prepared(2, (db: Kysely<Tables>, from: string, to: string) => {
      builds += 1;
      return db.selectFrom("users").select("id").where("id", ">=", from).where("id", "<=", to).orderBy("id").limit(2);
    });
    expect((await usersBetween(database.db, "u1", "u3")).map((row) => row.id)).toEqual(["u1", "u2"]);
    expect((await usersBetween(database.db, "u2", "u3")).map((row) => row.id)).toEqual(["u2", "u3"]);
    expect((await usersBetween(database.db, "u3", "u9")).map((row) => row.id)).toEqual(["u3"]);
    expect(builds).toBe(1);
  });

  it("reads outside a transaction at once, and waits for a transaction holding the connection", async () => {
    const userById = prepared(1, (db: Kysely<Tables>, id: string) => db.selectFrom("users").select(["id", "email"]).where("id", "=", id));
    const viaKysely = vi.spyOn(database.db, "executeQuery");
    try {
      expect(await userById(database.db, "u2")).toEqual([{ id: "u2", email: "ben@example.com" }]);
      expect(viaKysely).not.toHaveBeenCalled();

      // A transaction on the same connection: a read made meanwhile must not see what it wrote
      // and then rolled back.
      let inside: () => void = () => {};
      const started = new Promise<void>((resolve) => (inside = resolve));
      let release: () => void = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      const transaction = database.db.transaction().execute(async (trx) => {
        await trx.insertInto("users").values({ id: "u9", email: "dan@example.com", name: "u9", password_hash: null, created_at: Date.now() }).execute();
        inside();
        await held;
        throw new Error("rolled back");
      });
      await started;
      const read = userById(database.db, "u9");
      release();
      await expect(transaction).rejects.toThrow("rolled back");
      expect(await read).toEqual([]);
      expect(viaKysely).toHaveBeenCalledTimes(1);
    } finally {
      viaKysely.mockRestore();
    }
  });

  it("refuses a query that does not pass an argument as a value", async () => {
    const shaped = prepared(1, (db: Kysely<Tables>, column: string) => db.selectFrom("users").select(column as "id"));
    await expect(shaped(database.db, "email")).rejects.toThrow(/argument 0 is not among the compiled parameters/);
  });
});
