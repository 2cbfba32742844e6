/**
 * Scaled out: two app instances on different ports, one PostgreSQL database, Redis between
 * them, a person in a browser on each. What one does appears at the other. Runs when
 * TEST_DATABASE_URL and TEST_REDIS_URL are set (as `.ci/run` does).
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Browser } from "@playwright/test";
import { freePort, startApp, stopProcess, type StartedProcess } from "../test/support/processes";
import { createTestSchema, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema } from "../test/support/services";
import { BoardPage } from "./board-page";

async function personOn(browser: Browser, baseURL: string, name: string): Promise<BoardPage> {
  const context = await browser.newContext({ baseURL });
  const person = new BoardPage(await context.newPage());
  await person.signUp(name);
  return person;
}

test.describe("two instances behind one database and Redis", () => {
  test.skip(!TEST_DATABASE_URL || !TEST_REDIS_URL, "needs TEST_DATABASE_URL and TEST_REDIS_URL");

  let schema: TestSchema;
  const children: StartedProcess[] = [];
  const ports: number[] = [];
  const dataDirs: string[] = [];

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
      // Each instance has its own data directory; what they share is PostgreSQL and Redis.
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-scale-"));
      dataDirs.push(dataDir);
      children.push(await startApp(port, { DATA_DIR: dataDir, SEED_DEMO: "false", ...env }));
    }
  });

  test.afterAll(async () => {
    for (const child of children) await stopProcess(child, "SIGTERM");
    for (const dataDir of dataDirs) fs.rmSync(dataDir, { recursive: true, force: true });
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
