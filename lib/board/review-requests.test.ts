import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ZodError } from "zod";
import { can } from "@/lib/auth/roles";
import { listThreads, openThread, verdictsFor } from "./review";
import {
  MentionError,
  ReviewRequestSchema,
  assertMembersMentioned,
  permissionFor,
  reviewChange,
  type ReviewRequestInput,
} from "./review-requests";

const session = { id: "user-ana", name: "Ana" };
const members = new Set(["user-ana", "user-bo"]);
const target = { kind: "claim" as const, id: "claim1" };

/** Parses a request as the actions do and applies its change as the session user. */
function run(doc: Y.Doc, input: unknown, actor = session): void {
  const request = ReviewRequestSchema.parse(input);
  assertMembersMentioned(request, members);
  reviewChange(request, actor)(doc);
}

describe("review requests", () => {
  it("writes comments as the session user", () => {
    const doc = new Y.Doc();
    run(doc, { kind: "openThread", target, body: "Which source?", mentions: ["user-bo"] });
    const [thread] = listThreads(doc);
    run(doc, { kind: "reply", threadId: thread.id, body: "Still waiting" });
    expect(listThreads(doc)[0].comments.map((c) => [c.authorId, c.authorName, c.body, c.mentions])).toEqual([
      ["user-ana", "Ana", "Which source?", ["user-bo"]],
      ["user-ana", "Ana", "Still waiting", []],
    ]);
  });

  it.each([
    ["authorId", { authorId: "user-bo" }],
    ["authorName", { authorName: "Bo" }],
    ["role", { role: "owner" }],
  ])("refuses a request that names its own %s, and writes nothing", (_field, forged) => {
    const doc = new Y.Doc();
    expect(() => run(doc, { kind: "openThread", target, body: "Forged", ...forged })).toThrow(ZodError);
    const threadId = openThread(doc, { target, body: "Real" }, session);
    expect(() => run(doc, { kind: "reply", threadId, body: "Forged", ...forged })).toThrow(ZodError);
    expect(() => run(doc, { kind: "setVerdict", claimId: "claim1", verdict: "agree", userId: "user-bo", ...forged })).toThrow(
      ZodError,
    );
    expect(listThreads(doc)[0].comments.map((c) => c.body)).toEqual(["Real"]);
    expect(verdictsFor(doc, "claim1")).toEqual({});
  });

  it("records a verdict for the session user only", () => {
    const doc = new Y.Doc();
    run(doc, { kind: "setVerdict", claimId: "claim1", verdict: "needs-source" });
    run(doc, { kind: "setVerdict", claimId: "claim1", verdict: "dispute" }, { id: "user-bo", name: "Bo" });
    expect(verdictsFor(doc, "claim1")).toEqual({ "user-ana": "needs-source", "user-bo": "dispute" });
    run(doc, { kind: "setVerdict", claimId: "claim1", verdict: null });
    expect(verdictsFor(doc, "claim1")).toEqual({ "user-bo": "dispute" });
  });

  it("resolves and reopens a thread", () => {
    const doc = new Y.Doc();
    const threadId = openThread(doc, { target, body: "Check" }, session);
    run(doc, { kind: "resolve", threadId });
    expect(listThreads(doc)[0].status).toBe("resolved");
    run(doc, { kind: "reopen", threadId });
    expect(listThreads(doc)[0].status).toBe("open");
  });

  it("refuses mentions of people outside the board", () => {
    const doc = new Y.Doc();
    expect(() => run(doc, { kind: "openThread", target, body: "Hey @stranger", mentions: ["user-stranger"] })).toThrow(
      MentionError,
    );
    expect(listThreads(doc)).toEqual([]);
  });

  it.each<[string, unknown]>([
    ["an unknown kind", { kind: "deleteThread", threadId: "t1" }],
    ["an empty comment", { kind: "openThread", target, body: " " }],
    ["a comment over 5,000 characters", { kind: "reply", threadId: "t1", body: "x".repeat(5_001) }],
    ["an unknown verdict", { kind: "setVerdict", claimId: "claim1", verdict: "maybe" }],
    ["a bad thread id", { kind: "resolve", threadId: "../t1" }],
    ["no input at all", null],
  ])("refuses %s", (_what, input) => {
    expect(() => ReviewRequestSchema.parse(input)).toThrow(ZodError);
  });

  it("asks for review:verdict to judge a claim and review:comment for everything else", () => {
    const parse = (input: ReviewRequestInput) => ReviewRequestSchema.parse(input);
    expect(permissionFor(parse({ kind: "setVerdict", claimId: "claim1", verdict: "agree" }))).toBe("review:verdict");
    for (const input of [
      { kind: "openThread", target, body: "x" },
      { kind: "reply", threadId: "t1", body: "x" },
      { kind: "resolve", threadId: "t1" },
      { kind: "reopen", threadId: "t1" },
    ] as const) {
      expect(permissionFor(parse(input))).toBe("review:comment");
    }
    // What that means per role, from the one permission table.
    expect(can("editor", "review:comment")).toBe(true);
    expect(can("editor", "review:verdict")).toBe(false);
    expect(can("viewer", "review:comment")).toBe(false);
  });
});
