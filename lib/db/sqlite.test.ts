import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { describeDatabaseContract } from "./database.contract";
import { openDatabase } from "./index";

async function openTemp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-sqlite-"));
  const database = await openDatabase({ dataDir: dir });
  return {
    ...database,
    // One process owns a SQLite file (busy waits block its event loop): a second "instance" shares the handle.
    reopen: async () => ({ ...database, close: async () => undefined }),
    dispose: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

describeDatabaseContract("SQLite", openTemp);

describe("SQLite database file", () => {
  it("runs in WAL mode and keeps its data across reopen", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-sqlite-"));
    try {
      const first = await openDatabase({ dataDir: dir });
      await first.users.create({ id: "owner1", email: "owner@example.com", name: "Owner", passwordHash: null });
      const board = await first.createBoard({ title: "Kept", question: "" }, "owner1");
      await first.close();
      expect(fs.existsSync(path.join(dir, "situation-board.sqlite"))).toBe(true);
      const second = await openDatabase({ dataDir: dir });
      expect((await second.boards.get(board.id))?.title).toBe("Kept");
      const { rows } = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(second.db);
      expect(rows[0].journal_mode).toBe("wal");
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
