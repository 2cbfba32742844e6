/**
 * Unit tests of the hypotheses matrix in the board document: hypotheses added, edited, reordered
 * and deleted (with undo), per-person ratings that never overwrite each other, card relevance,
 * and what deleting a card or a hypothesis takes with it.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addCard,
  addClaim,
  addHypothesis,
  deleteCard,
  deleteHypothesis,
  getClaim,
  getHypothesis,
  listHypotheses,
  listRatings,
  moveHypothesis,
  readRelevance,
  setRating,
  setRelevance,
  undoScope,
  updateClaim,
  updateHypothesis,
} from "./index";
import {
  AUTHOR,
  boardOf,
  cardInput,
  countUpdates,
  expectConverged,
  expectInvalid,
  expectMissing,
  expectNoWrite,
  freezeClock,
  newBoard,
  replica,
  stockClient,
  sync,
  T0,
  yMap,
} from "./test-support";

freezeClock();

const titles = (doc: Y.Doc) => listHypotheses(doc).map((h) => h.title);

/** A board with one card and hypotheses titled `names`. */
function matrixBoard(names = ["South", "North", "Others"], clientID?: number) {
  const doc = newBoard(clientID);
  const card = addCard(doc, cardInput(), AUTHOR);
  const ids = names.map((title) => addHypothesis(doc, { title }, AUTHOR));
  return { doc, card, ids };
}

describe("addHypothesis", () => {
  it("adds hypotheses in order, with an empty description by default", () => {
    const doc = newBoard();
    const south = addHypothesis(doc, { title: "JNIM is shifting south", description: "Toward Mopti" }, AUTHOR);
    const north = addHypothesis(doc, { title: "  Only pushed out of the north " }, AUTHOR);
    expect(listHypotheses(doc)).toEqual([
      { id: south, title: "JNIM is shifting south", description: "Toward Mopti", order: 1, createdBy: AUTHOR, createdAt: T0 },
      { id: north, title: "Only pushed out of the north", description: "", order: 2, createdBy: AUTHOR, createdAt: T0 },
    ]);
    expect(getHypothesis(doc, north)?.title).toBe("Only pushed out of the north");
    expect(getHypothesis(doc, "nope")).toBeNull();
  });

  it("refuses an empty title or an overlong description and writes nothing", () => {
    const doc = newBoard();
    expectInvalid(doc, () => addHypothesis(doc, { title: "  " }, AUTHOR), [["title"]]);
    expectInvalid(doc, () => addHypothesis(doc, { title: "x", description: "y".repeat(5_001) }, AUTHOR), [["description"]]);
  });

  it("skips an entry a stock client wrote badly", () => {
    const doc = newBoard();
    const good = addHypothesis(doc, { title: "Good" }, AUTHOR);
    stockClient.setEntity(doc, "hypotheses", "bad", yMap({ title: "", order: 0 }));
    expect(listHypotheses(doc).map((h) => h.id)).toEqual([good]);
  });
});

describe("updateHypothesis", () => {
  it("changes only the fields it names; concurrent edits of the other field both win", () => {
    const { doc: alice, ids } = matrixBoard(["South"], 1);
    const bob = replica(alice, 2);
    updateHypothesis(alice, ids[0], { title: "JNIM shifts south" });
    updateHypothesis(bob, ids[0], { description: "Toward the capital" });
    sync(alice, bob);
    expectConverged(alice, bob);
    expect(getHypothesis(alice, ids[0])).toMatchObject({ title: "JNIM shifts south", description: "Toward the capital", order: 1 });
  });

  it("refuses a bad patch or an unknown id and writes nothing", () => {
    const { doc, ids } = matrixBoard(["South"]);
    expectInvalid(doc, () => updateHypothesis(doc, ids[0], { title: "" }), [["title"]]);
    expectMissing(doc, () => updateHypothesis(doc, "ghost", { title: "x" }), "No hypothesis with id ghost");
  });
});

describe("moveHypothesis", () => {
  it("moves a hypothesis to any place, writing only its order", () => {
    const { doc, ids } = matrixBoard(["A", "B", "C", "D"]);
    expect(countUpdates(doc, () => moveHypothesis(doc, ids[3], 0))).toBe(1);
    expect(titles(doc)).toEqual(["D", "A", "B", "C"]);
    moveHypothesis(doc, ids[0], 2);
    expect(titles(doc)).toEqual(["D", "B", "A", "C"]);
    moveHypothesis(doc, ids[3], 99);
    expect(titles(doc)).toEqual(["B", "A", "C", "D"]);
    moveHypothesis(doc, ids[2], -5);
    expect(titles(doc)).toEqual(["C", "B", "A", "D"]);
    expect(addHypothesis(doc, { title: "E" }, AUTHOR)).toBeTruthy();
    expect(titles(doc)).toEqual(["C", "B", "A", "D", "E"]);
  });

  it("stays in order however many times one gap is split", () => {
    const { doc, ids } = matrixBoard(["A", "B", "C"]);
    // C and B swap into the gap after A over and over: each move halves it.
    for (let i = 0; i < 120; i++) moveHypothesis(doc, ids[i % 2 === 0 ? 2 : 1], 1);
    expect(titles(doc)).toEqual(["A", "B", "C"]);
    moveHypothesis(doc, ids[2], 1);
    expect(titles(doc)).toEqual(["A", "C", "B"]);
    expect(new Set(listHypotheses(doc).map((h) => h.order)).size).toBe(3);
  });

  it("keeps both when two people move different hypotheses at once", () => {
    const { doc: alice, ids } = matrixBoard(["A", "B", "C", "D"], 1);
    const bob = replica(alice, 2);
    moveHypothesis(alice, ids[0], 3); // B C D A
    moveHypothesis(bob, ids[2], 0); // C A B D
    sync(alice, bob);
    expectConverged(alice, bob);
    expect(titles(alice)).toEqual(["C", "B", "D", "A"]);
  });

  it("refuses an unknown id and writes nothing", () => {
    const { doc } = matrixBoard(["A"]);
    expectMissing(doc, () => moveHypothesis(doc, "ghost", 0), "No hypothesis with id ghost");
  });
});

describe("ratings", () => {
  it("keeps each person's rating of one cell, also when two rate it at once", () => {
    const { doc: alice, card, ids } = matrixBoard(["South"], 1);
    const bob = replica(alice, 2);
    setRating(alice, { cardId: card, hypothesisId: ids[0], userId: "alice" }, "CC");
    setRating(bob, { cardId: card, hypothesisId: ids[0], userId: "bob" }, "II");
    sync(alice, bob);
    expectConverged(alice, bob);
    expect(listRatings(alice)).toEqual([
      { cardId: card, hypothesisId: ids[0], userId: "alice", rating: "CC" },
      { cardId: card, hypothesisId: ids[0], userId: "bob", rating: "II" },
    ]);
  });

  it("changes and clears a person's rating, writing nothing when it is unchanged", () => {
    const { doc, card, ids } = matrixBoard(["South"]);
    const cell = { cardId: card, hypothesisId: ids[0], userId: "ana" };
    setRating(doc, cell, "I");
    setRating(doc, cell, "II");
    expect(listRatings(doc)).toEqual([{ ...cell, rating: "II" }]);
    expectNoWrite(doc, () => setRating(doc, cell, "II"));
    setRating(doc, cell, null);
    expect(listRatings(doc)).toEqual([]);
    expectNoWrite(doc, () => setRating(doc, cell, null));
  });

  it("refuses an unknown rating, a bad id, or a card or hypothesis that does not exist, writing nothing", () => {
    const { doc, card, ids } = matrixBoard(["South"]);
    expectInvalid(doc, () => setRating(doc, { cardId: card, hypothesisId: ids[0], userId: "ana" }, "X" as never), [[]]);
    expectInvalid(doc, () => setRating(doc, { cardId: card, hypothesisId: ids[0], userId: "a/b" }, "C"), [[]]);
    expectMissing(doc, () => setRating(doc, { cardId: "ghost", hypothesisId: ids[0], userId: "ana" }, "C"), "No card with id ghost");
    expectMissing(doc, () => setRating(doc, { cardId: card, hypothesisId: "ghost", userId: "ana" }, "C"), "No hypothesis with id ghost");
  });

  it("skips what a stock client wrote badly and ratings of cards or hypotheses deleted meanwhile", () => {
    const { doc: alice, card, ids } = matrixBoard(["South", "North"], 1);
    stockClient.setRating(alice, `${card}/${ids[0]}/ana`, "maybe");
    stockClient.setRating(alice, "not-a-key", "C");
    stockClient.setRating(alice, `${card}/ghost/ana`, "C");
    expect(listRatings(alice)).toEqual([]);
    const bob = replica(alice, 2);
    deleteHypothesis(alice, ids[1]);
    setRating(bob, { cardId: card, hypothesisId: ids[1], userId: "bob" }, "I");
    setRating(bob, { cardId: card, hypothesisId: ids[0], userId: "bob" }, "C");
    sync(alice, bob);
    expectConverged(alice, bob);
    expect(listRatings(alice)).toEqual([{ cardId: card, hypothesisId: ids[0], userId: "bob", rating: "C" }]);
  });
});

describe("deleting", () => {
  it("deletes a hypothesis with everyone's ratings of it and the claims' links to it (as read), in one update", () => {
    const { doc, card, ids } = matrixBoard(["South", "North"]);
    for (const userId of ["ana", "ben"]) {
      for (const hypothesisId of ids) setRating(doc, { cardId: card, hypothesisId, userId }, "I");
    }
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low", hypothesisId: ids[0] });
    expect(countUpdates(doc, () => deleteHypothesis(doc, ids[0]))).toBe(1);
    expect(titles(doc)).toEqual(["North"]);
    expect(listRatings(doc).map((r) => [r.hypothesisId, r.userId])).toEqual([
      [ids[1], "ana"],
      [ids[1], "ben"],
    ]);
    expect(getClaim(doc, claim)?.hypothesisId).toBeNull();
    expectNoWrite(doc, () => deleteHypothesis(doc, "ghost"));
  });

  it("deletes a card's ratings with the card, leaving them in the document for an undo", () => {
    const { doc, card, ids } = matrixBoard(["South"]);
    const other = addCard(doc, cardInput({ title: "Other" }), AUTHOR);
    setRating(doc, { cardId: card, hypothesisId: ids[0], userId: "ana" }, "I");
    setRating(doc, { cardId: other, hypothesisId: ids[0], userId: "ana" }, "C");
    deleteCard(doc, card);
    expect(listRatings(doc)).toEqual([{ cardId: other, hypothesisId: ids[0], userId: "ana", rating: "C" }]);
  });

  it("brings back everyone's ratings when the person who deleted undoes it, without writing any rating", () => {
    const { doc, card, ids } = matrixBoard(["South", "North"]);
    for (const userId of ["ana", "ben"]) setRating(doc, { cardId: card, hypothesisId: ids[0], userId }, "II");
    const before = boardOf(doc);
    const mine = { person: "carl" };
    const undo = new Y.UndoManager(undoScope(doc, ["cards", "claims", "hypotheses", "ratings"]), { trackedOrigins: new Set([mine]), captureTimeout: 0 });
    deleteCard(doc, card, mine);
    deleteHypothesis(doc, ids[0], mine);
    expect(listRatings(doc)).toEqual([]);
    const written: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => written.push(update));
    undo.undo();
    undo.undo();
    expect(boardOf(doc)).toEqual(before);
    // Carl's undo writes no rating, so the server's rule (ratings only in one's own name) lets it through.
    const ratingKeys = written.flatMap((update) => Y.decodeUpdate(update).structs.flatMap((s) => ("parentSub" in s && s.parentSub?.includes("/") ? [s.parentSub] : [])));
    expect(ratingKeys).toEqual([]);
  });

  it("undoes a deleted hypothesis with its ratings and claim links in one step", () => {
    const { doc, card, ids } = matrixBoard(["South", "North"]);
    setRating(doc, { cardId: card, hypothesisId: ids[0], userId: "ana" }, "II");
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    updateClaim(doc, claim, { hypothesisId: ids[0] });
    const before = boardOf(doc);
    const mine = { person: "me" };
    const undo = new Y.UndoManager(undoScope(doc, ["hypotheses", "ratings", "claims"]), { trackedOrigins: new Set([mine]), captureTimeout: 0 });
    deleteHypothesis(doc, ids[0], mine);
    expect(boardOf(doc)).not.toEqual(before);
    undo.undo();
    expect(boardOf(doc)).toEqual(before);
    expect(getClaim(doc, claim)?.hypothesisId).toBe(ids[0]);
  });
});

describe("relevance", () => {
  it("reads medium until set, and refuses an unknown value or card", () => {
    const { doc, card } = matrixBoard(["South"]);
    expect(readRelevance(doc, card)).toBe("medium");
    setRelevance(doc, card, "high");
    expect(readRelevance(doc, card)).toBe("high");
    expect(boardOf(doc).cards[0].relevance).toBe("high");
    expectInvalid(doc, () => setRelevance(doc, card, "huge" as never), [[]]);
    expectMissing(doc, () => setRelevance(doc, "ghost", "low"), "No card with id ghost");
  });
});

describe("a claim's hypothesis", () => {
  it("is set and cleared by updateClaim; an unknown hypothesis is refused", () => {
    const { doc, ids } = matrixBoard(["South"]);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expect(getClaim(doc, claim)).toEqual({ id: claim, likelihood: "likely", confidence: "low", evidence: [] });
    updateClaim(doc, claim, { hypothesisId: ids[0] });
    expect(getClaim(doc, claim)?.hypothesisId).toBe(ids[0]);
    updateClaim(doc, claim, { hypothesisId: null });
    expect(getClaim(doc, claim)?.hypothesisId).toBeNull();
    expectMissing(doc, () => updateClaim(doc, claim, { hypothesisId: "ghost" }), "No hypothesis with id ghost");
    expectMissing(doc, () => addClaim(doc, { likelihood: "likely", confidence: "low", hypothesisId: "ghost" }), "No hypothesis with id ghost");
  });

  it("reads as none when another person deleted the hypothesis meanwhile", () => {
    const { doc: alice, ids } = matrixBoard(["South"], 1);
    const claim = addClaim(alice, { likelihood: "likely", confidence: "low" });
    const bob = replica(alice, 2);
    deleteHypothesis(alice, ids[0]);
    updateClaim(bob, claim, { hypothesisId: ids[0] });
    sync(alice, bob);
    expectConverged(alice, bob);
    expect(getClaim(alice, claim)?.hypothesisId).toBeNull();
  });
});
