/**
 * Fixtures for people on a board: a real app server (production build, its own data directory,
 * restartable) and one browser context per person. Every request a page makes must stay on
 * 127.0.0.1/localhost, nothing the app does may be refused by its Content-Security-Policy, and
 * the map may not warn about a symbol it could not draw; a test fails if any of these happens.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test as base, expect, type Browser, type Page } from "@playwright/test";
import { createAccount } from "@/lib/auth/accounts";
import { openDatabase, type Database } from "@/lib/db";
import { freePort, startApp, stopProcess, type StartedProcess } from "../test/support/processes";
import { BoardPage } from "./board-page";

export interface AppServer {
  baseURL: string;
  /** Stops the server: SIGKILL unless told otherwise. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the stopped server again on the same port and data. */
  start(): Promise<void>;
  /** Stops the server (SIGKILL unless told otherwise) and starts it again. */
  restart(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Yjs warns once a second copy of itself is loaded in a process: Next's bundle and the server
 * must share one, or a document made by one is silently misread by the other.
 */
function checkServerOutput(app: StartedProcess): void {
  expect(app.stdout() + app.stderr(), "the app server's output").not.toContain("Yjs was already imported");
  // The app's own editors never write what the server's rules refuse (server/room.ts logs each refusal).
  expect(app.stdout() + app.stderr(), "the app server's output").not.toMatch(/refused an update from/);
}

/**
 * Opens a new person (browser context + page) that may only talk to localhost; what the page's
 * Content-Security-Policy refused (an injected script, or something the app needs that the policy
 * forgot) is collected in `refused`.
 */
async function newPerson(browser: Browser, baseURL: string, outside: string[], refused: string[], mapWarnings: string[]): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  context.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
    if (/Image ".*" could not be loaded/i.test(message.text())) mapWarnings.push(message.text());
  });
  context.on("request", (request) => {
    const host = new URL(request.url()).hostname;
    if (!["127.0.0.1", "localhost"].includes(host) && !request.url().startsWith("data:") && !request.url().startsWith("blob:")) {
      outside.push(request.url());
    }
  });
  return context.newPage();
}

/**
 * A person on the board list, signed in: to `account` when given, else to a new account with a
 * fresh address and the password "correct horse battery". Signing up and signing in through the
 * forms are stories of their own (boards.spec.ts, roles.spec.ts); every other person's account is
 * made as the sign-up form makes it (the account, then the invitations waiting for its address)
 * and signed in through Auth.js's own credentials endpoint, so each person costs one page load.
 */
export type PersonFactory = (name: string, account?: { email: string; password: string }) => Promise<BoardPage>;

export const PASSWORD = "correct horse battery";

/** Creates an account in the app's database as the sign-up form does; returns its address. */
async function newAccount(database: Database, name: string): Promise<string> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${Math.random().toString(36).slice(2, 10)}@example.com`;
  await createAccount(database, { name, email, password: PASSWORD });
  return email;
}

/** Signs `page`'s context in through Auth.js's credentials endpoint, then opens the board list. */
async function signInDirectly(person: BoardPage, email: string, password: string): Promise<void> {
  const { request } = person.page;
  const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: "/" },
    maxRedirects: 0,
  });
  expect(response.status(), `signing ${email} in`).toBe(302);
  expect(response.headers()["location"] ?? "", `signing ${email} in`).not.toContain("error");
  person.email = email;
  await person.page.goto("/");
  await expect(person.page.getByRole("heading", { name: "Situation Board", exact: true })).toBeVisible();
}

export const test = base.extend<
  { app: AppServer; person: PersonFactory },
  { appProcess: { port: number; dataDir: string; child: { current: StartedProcess } } }
>({
  appProcess: [
    async ({}, use) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-e2e-"));
      const port = await freePort();
      const child = { current: await startApp(port, { DATA_DIR: dataDir }) };
      await use({ port, dataDir, child });
      await stopProcess(child.current, "SIGTERM");
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    { scope: "worker", timeout: 60_000 },
  ],

  app: async ({ appProcess }, use) => {
    const stop = async (signal: NodeJS.Signals = "SIGKILL") => {
      await stopProcess(appProcess.child.current, signal);
    };
    const start = async () => {
      const { child } = appProcess.child.current;
      if (child.exitCode === null && child.signalCode === null) return;
      checkServerOutput(appProcess.child.current);
      appProcess.child.current = await startApp(appProcess.port, { DATA_DIR: appProcess.dataDir });
    };
    await use({
      baseURL: `http://localhost:${appProcess.port}`,
      stop,
      start,
      restart: async (signal) => {
        await stop(signal);
        await start();
      },
    });
    await start();
    checkServerOutput(appProcess.child.current);
  },

  person: async ({ browser, app, appProcess }, use) => {
    const outside: string[] = [];
    const refused: string[] = [];
    const mapWarnings: string[] = [];
    const pages: Page[] = [];
    const opened: { database?: Promise<Database> } = {};
    await use(async (name, account) => {
      const page = await newPerson(browser, app.baseURL, outside, refused, mapWarnings);
      pages.push(page);
      const person = new BoardPage(page);
      opened.database ??= openDatabase({ dataDir: appProcess.dataDir });
      const email = account?.email ?? (await newAccount(await opened.database, name));
      await signInDirectly(person, email, account?.password ?? PASSWORD);
      return person;
    });
    for (const page of pages) await page.context().close();
    if (opened.database) await (await opened.database).close();
    expect(outside, "requests that left localhost").toEqual([]);
    expect(refused, "what the Content-Security-Policy refused").toEqual([]);
    expect(mapWarnings, "symbols the map could not draw").toEqual([]);
  },
});

export { expect };
