/**
 * Signing in as people and attackers do: through the sign-in form's server action and through
 * Auth.js's own endpoint (POST /api/auth/callback/credentials), down the real Credentials
 * `authorize`, against a real database. Guessing is slowed per account+address pair, per address
 * and per account (for addresses that never signed in to it) — never into a lock that someone
 * else can set off for the owner — and the address is the socket's, never X-Forwarded-For's
 * unless a trusted proxy wrote it. Next's request scope (headers, cookies, redirect) is the only
 * stand-in: server/app.ts puts the client's address in CLIENT_ADDRESS_HEADER, so the tests do too.
 */
import http from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/client-address";
import { handlers } from "@/lib/auth/config";
import { hashPassword } from "@/lib/auth/password";
import { newId } from "@/lib/ids";
import { openDatabase, setDatabase, type Database } from "@/lib/db";
import { createAppServer } from "@/server/app";
import { signInAction, signUpAction } from "@/app/auth-actions";
import { eventually, tempDataDir, TEST_SECRET } from "./support/servers";

const scope = vi.hoisted(() => ({ headers: new Headers() }));

/** What `redirect` throws in Next: here, the sign-in succeeded and the page moves on. */
class Redirected extends Error {}

vi.mock("next/headers", () => ({
  headers: async () => scope.headers,
  cookies: async () => ({ get: () => undefined, getAll: () => [], has: () => false, set: () => undefined, delete: () => undefined }),
}));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Redirected(url);
  },
}));
// Counts scrypt runs: an unknown account must cost as many as a known one.
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  return { ...actual, scrypt: vi.fn(actual.scrypt) };
});
const crypto = await import("node:crypto");

const PASSWORD = "correct horse battery";
const MISMATCH = "That email and password do not match an account.";
const TOO_MANY = "Too many failed attempts. Wait a little and try again; each further failure makes the wait longer.";

let data: ReturnType<typeof tempDataDir>;
let database: Database;
let net = 0;

/** A fresh /24 per test, so limits counted by one test never reach another. */
let addresses: (host: number) => string;

beforeAll(async () => {
  // Auth.js logs every refused sign-in; here they are expected, and anything else still prints.
  const print = console.error.bind(console);
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void (String(args[0]).startsWith("[auth]") || print(...args)));
  process.env.AUTH_SECRET = TEST_SECRET;
  data = tempDataDir();
  database = await openDatabase({ dataDir: data.dir });
  setDatabase(database);
});

afterAll(async () => {
  await database.close();
  data.cleanup();
});

beforeEach(() => {
  const block = ++net;
  addresses = (host) => `10.${block}.0.${host}`;
});

async function account(): Promise<string> {
  const email = `${newId()}@example.com`;
  await database.users.create({ id: newId(), email, name: "Owner", passwordHash: await hashPassword(PASSWORD) });
  return email;
}

function form(fields: Record<string, string>): FormData {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.set(name, value);
  return body;
}

/** The sign-in form, sent from `address` (as server/app.ts tells the action): "signed in" or the form's error. */
async function signInForm(address: string, email: string, password: string, extraHeaders: Record<string, string> = {}): Promise<string> {
  scope.headers = new Headers({ host: "localhost:3000", [CLIENT_ADDRESS_HEADER]: address, ...extraHeaders });
  try {
    const state = await signInAction({ error: null, email: "" }, form({ email, password, callbackUrl: "/" }));
    return state.error ?? "no answer";
  } catch (error) {
    if (error instanceof Redirected) return "signed in";
    throw error;
  }
}

/** Auth.js's endpoint, as a script would call it: "signed in", or the `code` of the error it redirects to. */
async function signInEndpoint(address: string, email: string, password: string, forwardedFor: string): Promise<string> {
  const base = "http://localhost:3000/api/auth";
  const csrf = await handlers.GET(new Request(`${base}/csrf`) as never);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const response = await handlers.POST(
    new Request(`${base}/callback/credentials`, {
      method: "POST",
      headers: {
        cookie,
        "content-type": "application/x-www-form-urlencoded",
        "x-forwarded-for": forwardedFor,
        [CLIENT_ADDRESS_HEADER]: address,
      },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/boards" }),
    }) as never,
  );
  const location = new URL(response.headers.get("location") ?? "", base);
  return location.pathname === "/boards" ? "signed in" : (location.searchParams.get("code") ?? location.href);
}

const randomAddress = () => Array.from({ length: 4 }, () => Math.floor(Math.random() * 254) + 1).join(".");

describe("sign-in limits", () => {
  it("slow down the address that fails, never another one (the form used to count every client as one)", async () => {
    const owner = await account();
    const attacker = addresses(1);
    const answers = [];
    for (let i = 0; i < 51; i++) answers.push(await signInForm(attacker, `nobody-${i}-${newId()}@example.com`, "guess"));
    expect(new Set(answers)).toEqual(new Set([MISMATCH]));
    expect(await signInForm(attacker, owner, PASSWORD)).toBe(TOO_MANY);
    expect(await signInForm(addresses(2), owner, PASSWORD)).toBe("signed in");
  });

  it("slow down someone guessing one person's password, whatever X-Forwarded-For they send, and not the person", async () => {
    const owner = await account();
    const attacker = addresses(1);
    const victim = addresses(2);
    for (let i = 0; i < 6; i++) {
      expect(await signInForm(attacker, owner, `guess ${i}`, { "x-forwarded-for": i % 2 ? randomAddress() : victim })).toBe(MISMATCH);
    }
    expect(await signInForm(attacker, owner, PASSWORD, { "x-forwarded-for": randomAddress() })).toBe(TOO_MANY);
    expect(await signInForm(victim, owner, PASSWORD)).toBe("signed in");
  });

  it("on Auth.js's endpoint too: rotating X-Forwarded-For does not escape the address's limit, and spoofing one slows no one else", async () => {
    const bystander = await account();
    const attacker = addresses(1);
    const spoofed = addresses(2);
    for (let i = 0; i < 51; i++) {
      expect(await signInEndpoint(attacker, `nobody-${i}-${newId()}@example.com`, "guess", i % 2 ? randomAddress() : spoofed)).toBe("credentials");
    }
    expect(await signInEndpoint(attacker, bystander, PASSWORD, randomAddress())).toBe("rate_limited");
    expect(await signInEndpoint(spoofed, bystander, PASSWORD, "")).toBe("signed in");
  });

  it("hold back an attack on one account from many addresses, but never the owner at an address they signed in from", async () => {
    const owner = await account();
    const home = addresses(1);
    expect(await signInForm(home, owner, PASSWORD)).toBe("signed in");
    for (let host = 10; host < 31; host++) expect(await signInForm(addresses(host), owner, "guess")).toBe(MISMATCH);
    expect(await signInForm(addresses(99), owner, PASSWORD)).toBe(TOO_MANY);
    expect(await signInForm(home, owner, PASSWORD)).toBe("signed in");
    expect(await signInForm(home, owner, "a typo")).toBe(MISMATCH);
  });

  it("are a delay, not a lock: once the wait is over the next attempt is heard", async () => {
    const owner = await account();
    const here = addresses(1);
    for (let i = 0; i < 6; i++) expect(await signInForm(here, owner, `guess ${i}`)).toBe(MISMATCH);
    expect(await signInForm(here, owner, PASSWORD)).toBe(TOO_MANY);
    await eventually(async () => expect(await signInForm(here, owner, PASSWORD)).toBe("signed in"), 5_000);
  });

  it("cost an unknown account the same password check as a known one", async () => {
    const owner = await account();
    const here = addresses(1);
    await signInForm(here, `warm-up-${newId()}@example.com`, "guess");
    const scrypt = vi.mocked(crypto.scrypt);
    const checksFor = async (email: string) => {
      scrypt.mockClear();
      expect(await signInForm(here, email, "wrong password")).toBe(MISMATCH);
      return scrypt.mock.calls.map((call) => (call[3] as { N?: number }).N);
    };
    expect(await checksFor(owner)).toEqual([16384]);
    expect(await checksFor(`nobody-${newId()}@example.com`)).toEqual([16384]);
  });
});

describe("sign-up", () => {
  it("with a taken email answers with the form's message, also when the repository is the server's copy of the module", async () => {
    const taken = await account();
    vi.resetModules();
    const serverCopy = await import("@/lib/db/users");
    setDatabase({ ...database, users: new serverCopy.UserRepository(database.db) });
    try {
      const state = await signUpAction({ error: null, email: "" }, form({ name: "Second", email: taken, password: PASSWORD, callbackUrl: "/" }));
      expect(state).toEqual({ error: "An account with that email already exists. Sign in instead.", email: taken, name: "Second" });
    } finally {
      setDatabase(database);
    }
  });

  it("whose sign-in must wait still creates the account and says so, never a server error", async () => {
    const email = `${newId()}@example.com`;
    // Someone guessed at the address from many places before its owner signed up.
    for (let host = 10; host < 31; host++) expect(await signInForm(addresses(host), email, "guess")).toBe(MISMATCH);
    scope.headers = new Headers({ host: "localhost:3000", [CLIENT_ADDRESS_HEADER]: addresses(1) });
    const state = await signUpAction({ error: null, email: "" }, form({ name: "Late", email, password: PASSWORD, callbackUrl: "/" }));
    expect(state).toEqual({ error: "Your account was created, but you could not be signed in yet. Sign in in a little while.", email, name: "Late" });
    expect(await database.users.findByEmail(email)).toMatchObject({ name: "Late" });
  });
});

describe("the client address", () => {
  it("is the socket's, whatever the client claims, and X-Forwarded-For's only as far as proxies are trusted", async () => {
    const seen = async (trustProxy: number) => {
      const server = createAppServer({
        database,
        secret: TEST_SECRET,
        trustProxy,
        handleRequest: (req, res) => res.end(String(req.headers[CLIENT_ADDRESS_HEADER])),
      });
      const port = await server.listen(0, "127.0.0.1");
      try {
        return await new Promise<string>((resolve, reject) => {
          const request = http.get(
            { port, host: "127.0.0.1", headers: { "x-forwarded-for": "203.0.113.7, 198.51.100.2", [CLIENT_ADDRESS_HEADER]: "192.0.2.99" } },
            (response) => {
              let body = "";
              response.on("data", (chunk) => (body += chunk));
              response.on("end", () => resolve(body));
            },
          );
          request.on("error", reject);
        });
      } finally {
        await server.close();
      }
    };
    expect(await seen(0)).toBe("127.0.0.1");
    expect(await seen(1)).toBe("198.51.100.2");
    expect(await seen(2)).toBe("203.0.113.7");
    expect(await seen(5)).toBe("203.0.113.7");
  });
});
