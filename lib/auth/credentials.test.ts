import { createHmac, hkdfSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "./password";
import { ensureAuthSecret } from "./secret";
import { signTicket, verifyTicket } from "./ticket";

describe("passwords", () => {
  it("verifies the right password only, with a fresh salt each time", async () => {
    const hash = await hashPassword("correct horse battery");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword("correct horse battery", hash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", hash)).toBe(false);
    expect(await hashPassword("correct horse battery")).not.toBe(hash);
    expect(await verifyPassword("anything", "not-a-hash")).toBe(false);
  });
});

describe("AUTH_SECRET", () => {
  const saved = process.env.AUTH_SECRET;
  afterEach(() => {
    if (saved === undefined) delete process.env.AUTH_SECRET;
    else process.env.AUTH_SECRET = saved;
  });

  it("is generated once into the data directory, readable only by its owner, and reused", () => {
    delete process.env.AUTH_SECRET;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "situation-board-secret-"));
    try {
      const first = ensureAuthSecret(dir);
      expect(first.length).toBeGreaterThanOrEqual(40);
      expect(fs.statSync(path.join(dir, "auth-secret")).mode & 0o777).toBe(0o600);
      delete process.env.AUTH_SECRET;
      expect(ensureAuthSecret(dir)).toBe(first);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("comes from the environment when set", () => {
    process.env.AUTH_SECRET = "from-the-environment";
    expect(ensureAuthSecret("/nonexistent")).toBe("from-the-environment");
  });
});

describe("collab tickets", () => {
  const ticket = { sub: "user1", name: "Ana", board: "board123" };

  it("round-trip their claims", async () => {
    expect(verifyTicket(await signTicket(ticket, "secret"), "secret")).toEqual(ticket);
  });

  it("are refused when signed with another secret, expired, tampered with, for another audience or not HS256", async () => {
    expect(() => verifyTicket("not.a-token", "secret")).toThrow();
    const other = await signTicket(ticket, "other");
    expect(() => verifyTicket(other, "secret")).toThrow(/signature/);
    const expired = await signTicket(ticket, "secret", -5);
    expect(() => verifyTicket(expired, "secret")).toThrow(/exp/);
    const [header, , signature] = (await signTicket(ticket, "secret")).split(".");
    const forged = Buffer.from(JSON.stringify({ ...ticket, board: "another-board", aud: "collab", exp: 9e9 })).toString("base64url");
    expect(() => verifyTicket(`${header}.${forged}.${signature}`, "secret")).toThrow(/signature/);
    // Well signed, but not what signTicket makes: another audience, another algorithm, no expiry.
    const key = new Uint8Array(hkdfSync("sha256", "secret", "situation-board", "collab-ticket", 32));
    const sign = (head: object, claims: object) => {
      const body = `${Buffer.from(JSON.stringify(head)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
      return `${body}.${createHmac("sha256", key).update(body).digest("base64url")}`;
    };
    const exp = Math.floor(Date.now() / 1000) + 60;
    expect(verifyTicket(sign({ alg: "HS256" }, { ...ticket, aud: "collab", exp }), "secret")).toEqual(ticket);
    expect(() => verifyTicket(sign({ alg: "HS256" }, { ...ticket, aud: "pages", exp }), "secret")).toThrow(/aud/);
    expect(() => verifyTicket(sign({ alg: "HS512" }, { ...ticket, aud: "collab", exp }), "secret")).toThrow();
    expect(() => verifyTicket(sign({ alg: "HS256", crit: ["b64"] }, { ...ticket, aud: "collab", exp }), "secret")).toThrow();
    expect(() => verifyTicket(sign({ alg: "HS256" }, { ...ticket, aud: "collab" }), "secret")).toThrow();
    expect(() => verifyTicket(sign({ alg: "HS256" }, { ...ticket, aud: "collab", exp, nbf: exp }), "secret")).toThrow(/nbf/);
    expect(() => verifyTicket(sign({ alg: "HS256" }, { sub: "user1", aud: "collab", exp }), "secret")).toThrow();
  });

  it("carry who and which board, never a role (admission reads the current one from the database)", async () => {
    const [, payload] = (await signTicket(ticket, "secret")).split(".");
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as Record<string, unknown>;
    expect(Object.keys(claims).sort()).toEqual(["aud", "board", "exp", "iat", "name", "sub"]);
  });

  it("expire within five minutes", async () => {
    const [, payload] = (await signTicket(ticket, "secret")).split(".");
    const { exp, iat } = JSON.parse(Buffer.from(payload, "base64url").toString()) as { exp: number; iat: number };
    expect(exp - iat).toBeLessThanOrEqual(300);
  });
});
