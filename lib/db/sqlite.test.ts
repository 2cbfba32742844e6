import { spawnSync } from "node:child_process";
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

describe("closing the database", () => {
  it("resolves in a process that has nothing else to do, after a board was written", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-sqlite-"));
    const script = path.join(dir, "close.mts");
    fs.writeFileSync(
      script,
      [
        `import { openDatabase } from ${JSON.stringify(path.resolve("lib/db/index.ts"))};`,
        `const database = await openDatabase({ dataDir: ${JSON.stringify(dir)} });`,
        `await database.users.create({ id: "owner1", email: "owner@example.com", name: "Owner", passwordHash: null });`,
        `await database.createBoard({ title: "Kept", question: "" }, "owner1");`,
        `await database.close();`,
        `console.log("closed");`,
      ].join("\n"),
    );
    try {
      const run = spawnSync(process.execPath, ["--import", "tsx", script], { encoding: "utf8", timeout: 30_000 });
      expect(run.stdout.trim(), run.stderr).toBe("closed");
      expect(run.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
