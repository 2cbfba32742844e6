/**
 * The judgements on claims that react to their evidence, over real board and review documents:
 * "at risk" (verdicts, open threads on cited evidence, a downgrade since citing, deleted evidence),
 * "single source", and whether the claim's hypothesis still leads the matrix.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  describeRiskReason,
  isDowngrade,
  readClaimJudgements,
  sourceKey,
  verdictsPutAtRisk,
  type ClaimJudgement,
} from "./claim-risk";
import {
  addCard,
  addClaim,
  addHypothesis,
  addPin,
  citedGrades,
  deleteCard,
  deletePin,
  dismissLostEvidence,
  getClaim,
  initBoard,
  linkEvidence,
  setRating,
  undoScope,
  updateCard,
  updateClaim,
} from "./model";
import { AUTHOR, cardInput, freezeClock, newBoard, pinInput } from "./model/test-support";
import { openThread, resolveThread, setVerdict } from "./review";
import { isAtRisk } from "./review-notices";
import { DEMO_BOARD, seedDemoBoard } from "./seed";

freezeClock();

const reviewer = { id: "rev1", name: "Reviewer" };
const ACLED = { title: "ACLED", url: "" };
const RFI = { title: "RFI", url: "https://www.rfi.fr/fr/afrique/20190301-mali" };

/** A board with two cards from different sources, a pin linked to the first, and a claim citing both cards. */
function board() {
  const doc = newBoard();
  const pin = addPin(doc, pinInput(), AUTHOR);
  const acled = addCard(doc, cardInput({ title: "ACLED event", source: ACLED, grade: { reliability: "B", credibility: 2 }, pinIds: [pin] }), AUTHOR);
  const rfi = addCard(doc, cardInput({ title: "RFI report", source: RFI, grade: { reliability: "C", credibility: 3 } }), AUTHOR);
  const claim = addClaim(doc, { likelihood: "likely", confidence: "moderate", evidence: [{ kind: "card", id: acled }] });
  linkEvidence(doc, claim, { kind: "card", id: rfi });
  return { doc, review: new Y.Doc(), pin, acled, rfi, claim };
}

const judge = (doc: Y.Doc, review: Y.Doc | null, claim: string): ClaimJudgement => readClaimJudgements(doc, review).get(claim)!;

describe("at risk", () => {
  it("is not, for a claim nobody questions", () => {
    const { doc, review, claim } = board();
    expect(judge(doc, review, claim)).toEqual({ claimId: claim, atRisk: false, reasons: [], singleSource: null, hypothesis: null });
    expect(judge(doc, null, claim).atRisk).toBe(false);
  });

  it("is, while a reviewer disputes the claim or asks for a source — the rule the author's notice uses", () => {
    const { doc, review, claim } = board();
    setVerdict(review, claim, "rev1", "agree");
    expect(judge(doc, review, claim).atRisk).toBe(false);
    setVerdict(review, claim, "rev1", "dispute");
    setVerdict(review, claim, "rev2", "needs-source");
    const judged = judge(doc, review, claim);
    expect(judged.reasons).toEqual([{ kind: "verdicts", disputes: 1, needsSource: 1 }]);
    expect(describeRiskReason(judged.reasons[0])).toBe("1 reviewer disputes it; 1 asks for a source");
    setVerdict(review, claim, "rev1", null);
    setVerdict(review, claim, "rev2", null);
    expect(judge(doc, review, claim).atRisk).toBe(false);
    expect(isAtRisk({ openThreads: 0, threads: 0, verdicts: { agree: 3, dispute: 0, "needs-source": 1 } })).toBe(true);
    expect(verdictsPutAtRisk(undefined)).toBe(false);
  });

  it("is, while a review thread is open on a cited card or pin, and no longer once it is resolved", () => {
    const { doc, review, acled, claim } = board();
    const pin = addPin(doc, pinInput({ title: "Mopti" }), AUTHOR);
    linkEvidence(doc, claim, { kind: "pin", id: pin });
    openThread(review, { target: { kind: "claim", id: claim }, body: "A comment on the claim itself" }, reviewer);
    expect(judge(doc, review, claim).atRisk).toBe(false);
    const onCard = openThread(review, { target: { kind: "card", id: acled }, body: "This event is double counted" }, reviewer);
    openThread(review, { target: { kind: "pin", id: pin }, body: "Wrong place?" }, reviewer);
    const judged = judge(doc, review, claim);
    expect(judged.reasons).toEqual([
      { kind: "evidence-questioned", ref: { kind: "card", id: acled }, title: "ACLED event", openThreads: 1 },
      { kind: "evidence-questioned", ref: { kind: "pin", id: pin }, title: "Mopti", openThreads: 1 },
    ]);
    expect(describeRiskReason(judged.reasons[0])).toBe("A review thread is open on the cited card “ACLED event”");
    resolveThread(review, onCard);
    expect(judge(doc, review, claim).reasons.map((r) => r.kind)).toEqual(["evidence-questioned"]);
  });

  it("is, when a cited card is regraded below its grade when cited, and not when regraded up", () => {
    const { doc, review, acled, rfi, claim } = board();
    expect(citedGrades(doc, claim)).toEqual(
      new Map([
        [acled, { reliability: "B", credibility: 2 }],
        [rfi, { reliability: "C", credibility: 3 }],
      ]),
    );
    updateCard(doc, rfi, { grade: { reliability: "B", credibility: 2 } });
    expect(judge(doc, review, claim).atRisk).toBe(false);
    updateCard(doc, acled, { grade: { reliability: "D", credibility: 4 } });
    const judged = judge(doc, review, claim);
    expect(judged.reasons).toEqual([
      { kind: "regraded", cardId: acled, title: "ACLED event", from: { reliability: "B", credibility: 2 }, to: { reliability: "D", credibility: 4 } },
    ]);
    expect(describeRiskReason(judged.reasons[0])).toBe("The cited card “ACLED event” was regraded from B2 to D4");
    updateCard(doc, acled, { grade: { reliability: "A", credibility: 2 } });
    expect(judge(doc, review, claim).atRisk).toBe(false);
  });

  it("weighs a regrade by the matrix's Admiralty weights", () => {
    expect(isDowngrade({ reliability: "B", credibility: 2 }, { reliability: "C", credibility: 2 })).toBe(true);
    expect(isDowngrade({ reliability: "C", credibility: 2 }, { reliability: "F", credibility: 6 })).toBe(true); // 0.625 → 0.5
    expect(isDowngrade({ reliability: "A", credibility: 2 }, { reliability: "B", credibility: 1 })).toBe(false); // 0.875 both
    expect(isDowngrade({ reliability: "F", credibility: 6 }, { reliability: "C", credibility: 3 })).toBe(false); // 0.5 both
  });

  it("is, when a cited card or pin is deleted, until dismissed or brought back by undo", () => {
    const { doc, review, acled, claim } = board();
    const pin = addPin(doc, pinInput({ title: "Mopti" }), AUTHOR);
    linkEvidence(doc, claim, { kind: "pin", id: pin });
    const mine = { person: "me" };
    const undo = new Y.UndoManager(undoScope(doc, ["cards", "claims", "ratings"]), { trackedOrigins: new Set([mine]), captureTimeout: 0 });
    deleteCard(doc, acled, mine);
    deletePin(doc, pin);
    expect(getClaim(doc, claim)?.lostEvidence).toEqual([
      { kind: "card", id: acled, title: "ACLED event" },
      { kind: "pin", id: pin, title: "Mopti" },
    ]);
    const judged = judge(doc, review, claim);
    expect(judged.reasons).toEqual([
      { kind: "evidence-deleted", ref: { kind: "card", id: acled }, title: "ACLED event" },
      { kind: "evidence-deleted", ref: { kind: "pin", id: pin }, title: "Mopti" },
    ]);
    expect(describeRiskReason(judged.reasons[1])).toBe("The cited pin “Mopti” was deleted");

    dismissLostEvidence(doc, claim, { kind: "pin", id: pin });
    expect(judge(doc, review, claim).reasons).toEqual([{ kind: "evidence-deleted", ref: { kind: "card", id: acled }, title: "ACLED event" }]);
    undo.undo();
    expect(judge(doc, review, claim).atRisk).toBe(false);
    expect(getClaim(doc, claim)?.evidence).toContainEqual({ kind: "card", id: acled });
  });

  it("lists every reason at once: verdicts first, then the evidence in citation order", () => {
    const { doc, review, acled, rfi, claim } = board();
    setVerdict(review, claim, "rev1", "needs-source");
    updateCard(doc, rfi, { grade: { reliability: "E", credibility: 5 } });
    openThread(review, { target: { kind: "card", id: acled }, body: "Doubtful" }, reviewer);
    deleteCard(doc, acled);
    expect(judge(doc, review, claim).reasons.map((r) => r.kind)).toEqual(["verdicts", "regraded", "evidence-deleted"]);
  });
});

describe("single source", () => {
  it("is said when all the evidence comes from one source, a pin counting its cards' sources", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const a = addCard(doc, cardInput({ source: { title: "RFI", url: "https://www.RFI.fr/mali/" }, pinIds: [pin] }), AUTHOR);
    const b = addCard(doc, cardInput({ source: { title: "RFI (Radio France Internationale)", url: "http://rfi.fr/mali" } }), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "card", id: a }, { kind: "card", id: b }, { kind: "pin", id: pin }] });
    expect(judge(doc, null, claim).singleSource).toBe("RFI");
    const c = addCard(doc, cardInput({ source: ACLED }), AUTHOR);
    linkEvidence(doc, claim, { kind: "card", id: c });
    expect(judge(doc, null, claim).singleSource).toBeNull();
  });

  it("is not said when a source is unknown, a pin has no card, or nothing is cited", () => {
    const doc = newBoard();
    const known = addCard(doc, cardInput({ source: ACLED }), AUTHOR);
    const unknown = addCard(doc, cardInput(), AUTHOR);
    const bare = addPin(doc, pinInput(), AUTHOR);
    const one = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "card", id: known }] });
    const withUnknown = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "card", id: known }, { kind: "card", id: unknown }] });
    const withBarePin = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "card", id: known }, { kind: "pin", id: bare }] });
    const none = addClaim(doc, { likelihood: "likely", confidence: "low" });
    const judged = readClaimJudgements(doc, null);
    expect([one, withUnknown, withBarePin, none].map((id) => judged.get(id)?.singleSource)).toEqual(["ACLED", null, null, null]);
  });

  it("keys a source by its URL, else its title", () => {
    expect(sourceKey({ title: "x", url: "HTTPS://www.Example.org/a/#top" })).toBe("example.org/a");
    expect(sourceKey({ title: "  Le  Monde ", url: "" })).toBe("le monde");
    expect(sourceKey({ title: " ", url: "" })).toBeNull();
  });
});

describe("the claim's hypothesis", () => {
  it("says whether the hypothesis a claim names still leads the group's matrix", () => {
    const doc = newBoard();
    const card = addCard(doc, cardInput({ grade: { reliability: "B", credibility: 2 } }), AUTHOR);
    const south = addHypothesis(doc, { title: "South" }, AUTHOR);
    const north = addHypothesis(doc, { title: "North" }, AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low", hypothesisId: south });
    expect(judge(doc, null, claim).hypothesis).toEqual({ id: south, title: "South", standing: "unrated", leaders: [] });

    setRating(doc, { cardId: card, hypothesisId: north, userId: "ana" }, "I");
    // South is not rated yet: North, rated, leads.
    expect(judge(doc, null, claim).hypothesis).toEqual({ id: south, title: "South", standing: "not-leading", leaders: [{ id: north, title: "North" }] });
    setRating(doc, { cardId: card, hypothesisId: south, userId: "cleo" }, "C");
    expect(judge(doc, null, claim).hypothesis).toEqual({ id: south, title: "South", standing: "leading", leaders: [{ id: south, title: "South" }] });

    // Two more people call the card very inconsistent with South: the consensus II outweighs North's I.
    setRating(doc, { cardId: card, hypothesisId: south, userId: "ana" }, "II");
    setRating(doc, { cardId: card, hypothesisId: south, userId: "ben" }, "II");
    expect(judge(doc, null, claim).hypothesis).toEqual({ id: south, title: "South", standing: "not-leading", leaders: [{ id: north, title: "North" }] });
    expect(judge(doc, null, claim).atRisk).toBe(false);

    updateClaim(doc, claim, { hypothesisId: null });
    expect(judge(doc, null, claim).hypothesis).toBeNull();
  });

  it("finds the demo's claim on a shift south leading, resting on a single source", () => {
    const doc = new Y.Doc();
    initBoard(doc, DEMO_BOARD);
    seedDemoBoard(doc);
    const judged = Array.from(readClaimJudgements(doc, null).values());
    const named = judged.filter((j) => j.hypothesis);
    expect(named.map((j) => [j.hypothesis?.title, j.hypothesis?.standing])).toEqual([["JNIM is shifting south", "leading"]]);
    expect(judged.every((j) => j.singleSource?.startsWith("EU training center attacked in Mali"))).toBe(true);
    expect(judged.some((j) => j.atRisk)).toBe(false);
  });
});
