import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { ZodError } from "zod";
import { addCard, addClaim, addHypothesis, addPin, deleteCard, deleteClaim, deleteHypothesis, deletePin } from "./model";
import { cellTargetId, parseCellTargetId } from "./schema";
import {
  buildComment,
  claimReviewStatuses,
  listThreads,
  observeReview,
  openThread,
  orphanedThreads,
  reviewTargetTitle,
  reopenThread,
  reply,
  resolveThread,
  setVerdict,
  verdictsFor,
} from "./review";
import { writeNarrative } from "./narrative";

const ana = { id: "user-ana", name: "Ana" };
const bo = { id: "user-bo", name: "Bo" };
const claimTarget = (id: string) => ({ kind: "claim" as const, id });

/** Everything a doc holds, to prove that a refused write changed nothing. */
const stateOf = (doc: Y.Doc) => Y.encodeStateAsUpdate(doc);

/** Applies every update of `from` to `to` and back, as two synced peers would. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe("threads", () => {
  it("opens a thread with a first comment by the given author", () => {
    const doc = new Y.Doc();
    const id = openThread(doc, { target: claimTarget("c1"), body: "  Which source says so?  " }, ana, 1_000);
    const [thread] = listThreads(doc);
    expect(thread).toMatchObject({ id, target: { kind: "claim", id: "c1" }, status: "open", createdAt: 1_000 });
    expect(thread.comments).toEqual([
      { id: expect.any(String), authorId: "user-ana", authorName: "Ana", body: "Which source says so?", mentions: [], createdAt: 1_000 },
    ]);
  });

  it("lists comments oldest first and threads by when they were opened", () => {
    const doc = new Y.Doc();
    const later = openThread(doc, { target: { kind: "pin", id: "p1" }, body: "second" }, ana, 2_000);
    const first = openThread(doc, { target: { kind: "card", id: "k1" }, body: "first" }, ana, 1_000);
    reply(doc, first, { body: "reply at 3" }, bo, 3_000);
    reply(doc, first, { body: "reply at 2" }, bo, 1_500);
    const list = listThreads(doc);
    expect(list.map((t) => t.id)).toEqual([first, later]);
    expect(list[0].comments.map((c) => c.body)).toEqual(["first", "reply at 2", "reply at 3"]);
  });

  it("resolves and reopens; a reply to a resolved thread reopens it", () => {
    const doc = new Y.Doc();
    const id = openThread(doc, { target: claimTarget("c1"), body: "Dated source?" }, ana);
    resolveThread(doc, id);
    expect(listThreads(doc)[0].status).toBe("resolved");
    reopenThread(doc, id);
    expect(listThreads(doc)[0].status).toBe("open");
    resolveThread(doc, id);
    reply(doc, id, { body: "Not settled after all" }, bo);
    expect(listThreads(doc)[0].status).toBe("open");
  });

  it("keeps mentions, each once", () => {
    const doc = new Y.Doc();
    const id = openThread(doc, { target: claimTarget("c1"), body: "@Bo look", mentions: ["user-bo", "user-bo"] }, ana);
    expect(listThreads(doc).find((t) => t.id === id)?.comments[0].mentions).toEqual(["user-bo"]);
  });

  it.each([
    ["an empty body", { target: claimTarget("c1"), body: "   " }, ana],
    ["a body over 5,000 characters", { target: claimTarget("c1"), body: "x".repeat(5_001) }, ana],
    ["an unknown target kind", { target: { kind: "scene", id: "s1" }, body: "hi" }, ana],
    ["a bad target id", { target: { kind: "claim", id: "no spaces" }, body: "hi" }, ana],
    ["a bad mention", { target: claimTarget("c1"), body: "hi", mentions: ["not an id!"] }, ana],
    ["an author without an id", { target: claimTarget("c1"), body: "hi" }, { id: "", name: "Ana" }],
  ])("refuses %s and writes nothing", (_what, input, author) => {
    const doc = new Y.Doc();
    const before = stateOf(doc);
    expect(() => openThread(doc, input as Parameters<typeof openThread>[1], author)).toThrow(ZodError);
    expect(stateOf(doc)).toEqual(before);
    expect(listThreads(doc)).toEqual([]);
  });

  it("refuses an invalid reply and writes nothing", () => {
    const doc = new Y.Doc();
    const id = openThread(doc, { target: claimTarget("c1"), body: "hi" }, ana);
    const before = stateOf(doc);
    expect(() => reply(doc, id, { body: "" }, bo)).toThrow(ZodError);
    expect(() => reply(doc, id, { body: "x".repeat(5_001) }, bo)).toThrow(ZodError);
    expect(() => reply(doc, "missing", { body: "hi" }, bo)).toThrow(/No review thread/);
    expect(() => resolveThread(doc, "missing")).toThrow(/No review thread/);
    expect(stateOf(doc)).toEqual(before);
  });

  it("keeps both replies written concurrently on two docs", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    const id = openThread(a, { target: claimTarget("c1"), body: "Opening" }, ana, 1);
    sync(a, b);
    reply(a, id, { body: "from a" }, ana, 2);
    reply(b, id, { body: "from b" }, bo, 3);
    sync(a, b);
    for (const doc of [a, b]) {
      expect(listThreads(doc)[0].comments.map((c) => c.body)).toEqual(["Opening", "from a", "from b"]);
    }
  });

  it("skips entries that fail validation instead of breaking the list", () => {
    const doc = new Y.Doc();
    const id = openThread(doc, { target: claimTarget("c1"), body: "good" }, ana);
    const threads = doc.getMap<unknown>("threads");
    threads.set("bogus", new Y.Map());
    const comments = (threads.get(id) as Y.Map<unknown>).get("comments") as Y.Array<unknown>;
    comments.push([{ body: "no author" }]);
    expect(listThreads(doc).map((t) => [t.id, t.comments.length])).toEqual([[id, 1]]);
  });
});

describe("buildComment", () => {
  it("takes the author from the session user, never from the input", () => {
    const forged = { body: "I am someone else", authorId: "user-bo", authorName: "Bo" };
    expect(() => buildComment(ana, forged as never)).toThrow(ZodError);
    const comment = buildComment(ana, { body: "honest" });
    expect(comment).toMatchObject({ authorId: "user-ana", authorName: "Ana" });
  });
});

describe("verdicts", () => {
  it("records, changes and withdraws one verdict per person and claim", () => {
    const doc = new Y.Doc();
    setVerdict(doc, "c1", ana.id, "agree");
    setVerdict(doc, "c1", bo.id, "needs-source");
    setVerdict(doc, "c2", ana.id, "dispute");
    setVerdict(doc, "c1", ana.id, "dispute");
    expect(verdictsFor(doc, "c1")).toEqual({ "user-ana": "dispute", "user-bo": "needs-source" });
    setVerdict(doc, "c1", ana.id, null);
    expect(verdictsFor(doc, "c1")).toEqual({ "user-bo": "needs-source" });
    expect(verdictsFor(doc, "c2")).toEqual({ "user-ana": "dispute" });
  });

  it("refuses an unknown verdict or a bad id and writes nothing", () => {
    const doc = new Y.Doc();
    const before = stateOf(doc);
    expect(() => setVerdict(doc, "c1", ana.id, "maybe" as never)).toThrow(ZodError);
    expect(() => setVerdict(doc, "c1/x", ana.id, "agree")).toThrow(ZodError);
    expect(() => setVerdict(doc, "c1", "", "agree")).toThrow(ZodError);
    expect(stateOf(doc)).toEqual(before);
  });

  it("keeps the first verdicts of two people on one claim written concurrently", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    setVerdict(a, "c1", ana.id, "agree");
    setVerdict(b, "c1", bo.id, "dispute");
    sync(a, b);
    expect(verdictsFor(a, "c1")).toEqual({ "user-ana": "agree", "user-bo": "dispute" });
    expect(verdictsFor(b, "c1")).toEqual(verdictsFor(a, "c1"));
  });
});

describe("orphanedThreads", () => {
  it("finds threads whose claim, pin or card was deleted from the board", () => {
    const board = new Y.Doc();
    const review = new Y.Doc();
    const pinId = addPin(board, { lng: -7.5, lat: 12.8, title: "Koulikoro" }, "Ana");
    const cardId = addCard(board, { title: "Attack", when: { start: "2024-02-24", precision: "day" } }, "Ana");
    const claimId = addClaim(board, { likelihood: "likely", confidence: "moderate" });
    writeNarrative(board, {
      type: "doc",
      content: [{ type: "paragraph", content: [{ type: "text", text: "A claim.", marks: [{ type: "claim", attrs: { claimId } }] }] }],
    });
    const onClaim = openThread(review, { target: claimTarget(claimId), body: "claim" }, ana);
    const onPin = openThread(review, { target: { kind: "pin", id: pinId }, body: "pin" }, ana);
    const onCard = openThread(review, { target: { kind: "card", id: cardId }, body: "card" }, ana);
    expect(orphanedThreads(review, board)).toEqual([]);

    deleteClaim(board, claimId);
    expect(orphanedThreads(review, board).map((t) => t.id)).toEqual([onClaim]);
    deletePin(board, pinId);
    deleteCard(board, cardId);
    expect(orphanedThreads(review, board).map((t) => t.id).sort()).toEqual([onClaim, onPin, onCard].sort());
  });

  it("finds threads on a hypothesis or a matrix cell once the hypothesis or the cell's card is gone, and names what they are about", () => {
    const board = new Y.Doc();
    const review = new Y.Doc();
    const cardId = addCard(board, { title: "Convoy ambushed", when: { start: "2024-02-24", precision: "day" } }, "Ana");
    const south = addHypothesis(board, { title: "JNIM is shifting south" }, "Ana");
    const north = addHypothesis(board, { title: "Only pushed out of the north" }, "Ana");
    const onHypothesis = openThread(review, { target: { kind: "hypothesis", id: north }, body: "Evidence?" }, ana);
    const cell = { kind: "cell" as const, id: cellTargetId(cardId, south) };
    const onCell = openThread(review, { target: cell, body: "Why consistent?" }, ana);
    expect(parseCellTargetId(cell.id)).toEqual({ cardId, hypothesisId: south });
    expect(reviewTargetTitle(board, cell)).toBe("Convoy ambushed × JNIM is shifting south");
    expect(reviewTargetTitle(board, { kind: "hypothesis", id: north })).toBe("Only pushed out of the north");
    expect(orphanedThreads(review, board)).toEqual([]);

    deleteHypothesis(board, north);
    expect(orphanedThreads(review, board).map((t) => t.id)).toEqual([onHypothesis]);
    deleteCard(board, cardId);
    expect(orphanedThreads(review, board).map((t) => t.id).sort()).toEqual([onHypothesis, onCell].sort());
    expect(reviewTargetTitle(board, cell)).toBeNull();
    // A cell id that is not two ids is no cell.
    expect(parseCellTargetId("justone")).toBeNull();
  });
});

describe("claimReviewStatuses", () => {
  it("counts each claim's open and resolved threads and its verdicts", () => {
    const doc = new Y.Doc();
    const first = openThread(doc, { target: claimTarget("c1"), body: "one" }, ana);
    openThread(doc, { target: claimTarget("c1"), body: "two" }, bo);
    openThread(doc, { target: { kind: "pin", id: "p1" }, body: "pin" }, bo);
    resolveThread(doc, first);
    setVerdict(doc, "c1", ana.id, "dispute");
    setVerdict(doc, "c1", bo.id, "agree");
    setVerdict(doc, "c2", bo.id, "needs-source");
    const statuses = claimReviewStatuses(doc);
    expect(statuses.get("c1")).toEqual({ openThreads: 1, threads: 2, verdicts: { agree: 1, dispute: 1, "needs-source": 0 } });
    expect(statuses.get("c2")).toEqual({ openThreads: 0, threads: 0, verdicts: { agree: 0, dispute: 0, "needs-source": 1 } });
    expect(statuses.has("p1")).toBe(false);
  });

  it("is observed: a change to threads or verdicts is reported once per transaction", () => {
    const doc = new Y.Doc();
    let calls = 0;
    const stop = observeReview(doc, () => calls++);
    openThread(doc, { target: claimTarget("c1"), body: "one" }, ana);
    setVerdict(doc, "c1", ana.id, "agree");
    expect(calls).toBe(2);
    stop();
    setVerdict(doc, "c1", ana.id, null);
    expect(calls).toBe(2);
  });
});
