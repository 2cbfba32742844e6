import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, newNonce } from "./security-headers";

const directives = (policy: string) => Object.fromEntries(policy.split("; ").map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));

describe("contentSecurityPolicy", () => {
  const base = { nonce: "abc123", host: "board.example:3000", development: false, mapbox: false };

  it("runs only scripts with the response's nonce, frames nothing and talks to this host only", () => {
    const policy = directives(contentSecurityPolicy(base));
    expect(policy["script-src"]).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy["style-src"]).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy["img-src"]).toEqual(["'self'", "data:", "blob:"]);
    expect(policy["connect-src"]).toEqual(["'self'", "ws://board.example:3000", "wss://board.example:3000"]);
    expect(policy["worker-src"]).toEqual(["'self'", "blob:"]);
    expect(policy["frame-ancestors"]).toEqual(["'none'"]);
    expect(policy["object-src"]).toEqual(["'none'"]);
    expect(policy["form-action"]).toEqual(["'self'"]);
  });

  it("adds what development, Mapbox and an identity provider need, and nothing else", () => {
    const policy = directives(contentSecurityPolicy({ ...base, development: true, mapbox: true, oidcIssuer: "https://id.example/realms/x" }));
    expect(policy["script-src"]).toContain("'unsafe-eval'");
    expect(policy["connect-src"]).toContain("https://api.mapbox.com");
    expect(policy["img-src"]).toContain("https://api.mapbox.com");
    expect(policy["form-action"]).toEqual(["'self'", "https://id.example"]);
  });

  it("lets the map fetch from the origin of an operator's style on another site, and from nowhere else", () => {
    const elsewhere = directives(contentSecurityPolicy({ ...base, mapStyleUrl: "https://tiles.example.org/styles/sahel.json" }));
    expect(elsewhere["connect-src"]).toEqual(["'self'", "ws://board.example:3000", "wss://board.example:3000", "https://tiles.example.org"]);
    expect(elsewhere["img-src"]).toContain("https://tiles.example.org");
    const here = directives(contentSecurityPolicy({ ...base, mapStyleUrl: "/styles/sahel.json" }));
    expect(here["connect-src"]).toEqual(["'self'", "ws://board.example:3000", "wss://board.example:3000"]);
  });

  it("never echoes a Host header that could add a directive", () => {
    for (const host of ["evil.example; script-src *", "a b", "x'y"]) {
      expect(contentSecurityPolicy({ ...base, host })).not.toContain(host);
      expect(directives(contentSecurityPolicy({ ...base, host }))["connect-src"]).toEqual(["'self'"]);
    }
    expect(directives(contentSecurityPolicy({ ...base, host: "[::1]:3000" }))["connect-src"]).toContain("ws://[::1]:3000");
  });
});

describe("newNonce", () => {
  it("is 128 random bits, new each time", () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));
    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
  });
});
