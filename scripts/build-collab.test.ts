import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, startCollab, stopProcess } from "../test/support/processes";
import { buildCollabIfNeeded, COLLAB_NODE_FLAGS, COLLAB_OUTPUT } from "./build-collab";

/** Preloaded into the server: writes the CommonJS modules it loaded when it exits. */
const RECORD_LOADED = `
const fs = require("node:fs");
process.on("exit", () => fs.writeFileSync(process.env.LOADED_MODULES_FILE, JSON.stringify(Object.keys(require.cache))));
`;

describe("the compiled collaboration server", () => {
  it("serves on SQLite without loading the PostgreSQL, Redis or SMTP clients", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sb-collab-loads-"));
    try {
      const hook = path.join(dir, "record-loaded.cjs");
      const loaded = path.join(dir, "loaded.json");
      fs.writeFileSync(hook, RECORD_LOADED);
      const server = await startCollab({
        DATA_DIR: path.join(dir, "data"),
        AUTH_SECRET: "test-secret-not-for-production",
        DATABASE_URL: "",
        REDIS_URL: "",
        SMTP_URL: "",
        NODE_OPTIONS: `--require ${hook}`,
        LOADED_MODULES_FILE: loaded,
      });
      // Stopped as soon as it says it listens: it must still exit as it should (0, after saving).
      expect(await stopProcess(server)).toBe(0);
      const modules = JSON.parse(fs.readFileSync(loaded, "utf8")) as string[];
      expect(modules.some((file) => file.includes(`${path.sep}better-sqlite3${path.sep}`))).toBe(true);
      for (const library of ["pg", "ioredis", "nodemailer"]) {
        expect(modules.filter((file) => file.includes(`${path.sep}node_modules${path.sep}${library}${path.sep}`))).toEqual([]);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("is started by npm run start:collab with the flags the tests and the benchmark run it with", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts["start:collab"]).toContain(`exec node ${COLLAB_NODE_FLAGS.join(" ")} ${COLLAB_OUTPUT}`);
  });

  it("holds the narrative's tables, not the editor's schema code they are computed from", async () => {
    const output = await buildCollabIfNeeded(ROOT);
    expect(path.relative(ROOT, output)).toBe(COLLAB_OUTPUT);
    const compiled = fs.readFileSync(output, "utf8");
    expect(compiled).toContain("NARRATIVE_NODES");
    // ProseMirror's content expressions, by name (the build keeps identifiers).
    expect(compiled).not.toContain("class ContentMatch");
  });
});
