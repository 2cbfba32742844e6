import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addClaim, claimCreatorClient, initBoard } from "./model";
import { applyWithNotices } from "./review-notices";
import { ReviewRequestSchema, reviewChange, type ReviewRequestInput } from "./review-requests";

const ana = { id: "user-ana", name: "Ana" };
const bo = { id: "user-bo", name: "Bo" };
const cy = { id: "user-cy", name: "Cy" };
const claim = { kind: "claim" as const, id: "claim1" };

/** Applies a request as the review writer does and returns who hears of it. */
function run(doc: Y.Doc, input: ReviewRequestInput, actor: typeof ana, claimAuthor: string | null = null) {
  const request = ReviewRequestSchema.parse(input);
  return applyWithNotices(doc, request, actor, reviewChange(request, actor), claimAuthor);
}

const threadId = (doc: Y.Doc) => Array.from(doc.getMap("threads").keys())[0];

describe("who hears of a review change", () => {
  it("tells the people mentioned in a new thread, never the writer", () => {
    const doc = new Y.Doc();
    const notices = run(doc, { kind: "openThread", target: claim, body: "@Bo which source?", mentions: ["user-bo", "user-ana"] }, ana);
    expect(notices).toEqual([{ userId: "user-bo", kind: "mention", target: claim, excerpt: "@Bo which source?" }]);
  });

  it("tells everyone in a thread of a reply, once each; a mention outranks the reply", () => {
    const doc = new Y.Doc();
    run(doc, { kind: "openThread", target: claim, body: "Which source?" }, ana);
    run(doc, { kind: "reply", threadId: threadId(doc), body: "The UN report" }, bo);
    const notices = run(doc, { kind: "reply", threadId: threadId(doc), body: "@Ana see page 4", mentions: ["user-ana"] }, cy);
    expect(notices).toEqual([
      { userId: "user-ana", kind: "mention", target: claim, excerpt: "@Ana see page 4" },
      { userId: "user-bo", kind: "reply", target: claim, excerpt: "@Ana see page 4" },
    ]);
    // Replying to your own thread with nobody else in it tells nobody.
    const alone = new Y.Doc();
    run(alone, { kind: "openThread", target: claim, body: "Note to self" }, ana);
    expect(run(alone, { kind: "reply", threadId: threadId(alone), body: "Done" }, ana)).toEqual([]);
  });

  it("tells a claim's author of each verdict, and once that it is at risk when a dispute first arrives", () => {
    const doc = new Y.Doc();
    expect(run(doc, { kind: "setVerdict", claimId: "claim1", verdict: "agree" }, bo, "user-ana")).toEqual([
      { userId: "user-ana", kind: "verdict", target: claim, excerpt: "Agrees" },
    ]);
    expect(run(doc, { kind: "setVerdict", claimId: "claim1", verdict: "dispute" }, cy, "user-ana")).toEqual([
      { userId: "user-ana", kind: "at-risk", target: claim, excerpt: "Disputes" },
    ]);
    // Already at risk: a further challenge is a verdict, not a second alarm.
    expect(run(doc, { kind: "setVerdict", claimId: "claim1", verdict: "needs-source" }, bo, "user-ana")).toEqual([
      { userId: "user-ana", kind: "verdict", target: claim, excerpt: "Needs a source" },
    ]);
    // A withdrawn verdict, a verdict on your own claim, or a claim of unknown authorship tell nobody.
    expect(run(doc, { kind: "setVerdict", claimId: "claim1", verdict: null }, bo, "user-ana")).toEqual([]);
    expect(run(doc, { kind: "setVerdict", claimId: "claim1", verdict: "dispute" }, ana, "user-ana")).toEqual([]);
    expect(run(doc, { kind: "setVerdict", claimId: "claim2", verdict: "dispute" }, bo, null)).toEqual([]);
  });

  it("resolving or reopening a thread tells nobody", () => {
    const doc = new Y.Doc();
    run(doc, { kind: "openThread", target: claim, body: "Which source?" }, ana);
    expect(run(doc, { kind: "resolve", threadId: threadId(doc) }, bo)).toEqual([]);
  });

  it("knows which client created a claim", () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: "Board", question: "" });
    const id = addClaim(doc, { likelihood: "likely", confidence: "moderate" });
    expect(claimCreatorClient(doc, id)).toBe(doc.clientID);
    expect(claimCreatorClient(doc, "nope")).toBeNull();
  });
});
