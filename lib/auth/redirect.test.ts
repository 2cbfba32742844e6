import { describe, expect, it } from "vitest";
import { safeCallbackPath, signInPath } from "./redirect";

describe("safeCallbackPath", () => {
  it.each([
    ["/", "/"],
    ["/boards/abc123", "/boards/abc123"],
    ["/boards/abc123?scene=s1#h-key", "/boards/abc123?scene=s1#h-key"],
    ["/join/TOKEN_0123456789", "/join/TOKEN_0123456789"],
    ["/boards/é", "/boards/%C3%A9"],
    ["/a/../boards", "/boards"],
  ])("keeps %j, a path on this site", (value, expected) => {
    expect(safeCallbackPath(value)).toBe(expected);
  });

  it.each([
    ["protocol-relative", "//evil.example/"],
    ["backslash", "/\\evil.example/"],
    ["backslashes only", "\\\\evil.example"],
    ["absolute", "https://evil.example"],
    ["absolute http", "http://evil.example/boards/x"],
    ["encoded, read once", "%2F%2Fevil.example"],
    ["a tab browsers drop", "/\t/evil.example"],
    ["a newline browsers drop", "/\n/evil.example"],
    ["dot segments that collapse to //", "/.//evil.example"],
    ["dot-dot segments that collapse to //", "/a/..//evil.example"],
    ["javascript:", "javascript:alert(1)"],
    ["relative", "boards/abc"],
    ["empty", ""],
  ])("refuses %s (%j)", (_why, value) => {
    expect(safeCallbackPath(value)).toBe("/");
    expect(safeCallbackPath(value, "/boards")).toBe("/boards");
  });

  it("refuses what is not a string (a repeated query parameter, a missing one)", () => {
    expect(safeCallbackPath(["/a", "/b"])).toBe("/");
    expect(safeCallbackPath(undefined)).toBe("/");
    expect(safeCallbackPath(null)).toBe("/");
  });
});

describe("signInPath", () => {
  it("carries a path of ours, and nothing else, to the sign-in page", () => {
    expect(signInPath("/join/abc?x=1")).toBe("/signin?callbackUrl=%2Fjoin%2Fabc%3Fx%3D1");
    expect(signInPath("//evil.example/")).toBe("/signin?callbackUrl=%2F");
  });
});
