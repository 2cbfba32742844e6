/**
 * Scaled out: two app instances on different ports, one PostgreSQL database, Redis between
 * them, a person in a browser on each. What one does appears at the other. Runs when
 * TEST_DATABASE_URL and TEST_REDIS_URL are set (as `.ci/run` does).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { createTestSchema, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema } from "../test/services";
import { BoardPage } from "./board-page";

const ROOT = path.resolve(__dirname, "..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function startInstance(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-scale-"));
  const child = spawn(process.execPath, ["--import", "tsx", "server/main.ts"], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.once("exit", () => fs.rmSync(dataDir, { recursive: true, force: true }));
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(`http://localhost:${port}`)) resolve(child);
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`instance exited with ${code}:\n${output}`)));
  });
}

async function personOn(browser: Browser, baseURL: string, name: string): Promise<BoardPage> {
  const context = await browser.newContext({ baseURL });
  const person = new BoardPage(await context.newPage());
  await person.signUp(name);
  return person;
}

test.describe("two instances behind one database and Redis", () => {
  test.skip(!TEST_DATABASE_URL || !TEST_REDIS_URL, "needs TEST_DATABASE_URL and TEST_REDIS_URL");

  let schema: TestSchema;
  const children: ChildProcess[] = [];
  const ports: number[] = [];

  test.beforeAll(async () => {
    schema = await createTestSchema(TEST_DATABASE_URL!);
    const env = {
      DATABASE_URL: schema.url,
      REDIS_URL: TEST_REDIS_URL!,
      REDIS_PREFIX: `sbe2e:${randomBytes(6).toString("hex")}:`,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
    };
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      ports.push(port);
      children.push(await startInstance(port, env));
    }
  });

  test.afterAll(async () => {
    for (const child of children) {
      if (child.exitCode !== null) continue;
      await new Promise((resolve) => {
        child.once("exit", resolve);
        child.kill("SIGTERM");
      });
    }
    await schema?.drop();
  });

  test("a person on each instance sees the other's edits and presence live", async ({ browser }) => {
    const ana = await personOn(browser, `http://localhost:${ports[0]}`, "Ana");
    const ben = await personOn(browser, `http://localhost:${ports[1]}`, "Ben");

    const boardId = await ana.createBoard("Two instances", "Does it scale?");
    await ana.invite(ben.email, "Editor");
    await ana.page.keyboard.press("Escape");
    await ben.open(boardId);
    await expect(ana.page.getByTestId("present-user")).toHaveCount(2);

    await ana.addPinByClick("Pin made on the first instance");
    await expect(ben.pins).toContainText("Pin made on the first instance");
    await ben.write("Sentence written on the second instance.");
    await expect(ana.editor).toContainText("Sentence written on the second instance.");
    await ana.expectSaved();
    await ben.expectSaved();

    await ana.page.context().close();
    await ben.page.context().close();
  });
});
