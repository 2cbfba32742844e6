/**
 * Unit tests of claims and the evidence they cite.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { IdSchema, type ClaimInput, type EvidenceRef } from "../schema";
import {
  addCard,
  addClaim,
  addPin,
  deleteClaim,
  getCard,
  getClaim,
  linkEvidence,
  listClaims,
  unlinkEvidence,
  updateClaim,
} from "./index";
import {
  AUTHOR,
  byId,
  cardInput,
  countUpdates,
  expectInvalid,
  expectMissing,
  expectNoWrite,
  newBoard,
  pinInput,
  stockClient,
  freezeClock,
  yMap,
} from "./test-support";

freezeClock();

describe("addClaim", () => {
  it("stores a claim with no evidence by default", () => {
    const doc = newBoard();
    const id = addClaim(doc, { likelihood: "roughly even chance", confidence: "high" });
    expect(IdSchema.parse(id)).toBe(id);
    expect(getClaim(doc, id)).toEqual({ id, likelihood: "roughly even chance", confidence: "high", evidence: [] });
  });

  it("stores the given evidence in order, in one transaction", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    const evidence: EvidenceRef[] = [
      { kind: "card", id: card },
      { kind: "pin", id: pin },
    ];
    let id = "";
    expect(countUpdates(doc, () => (id = addClaim(doc, { likelihood: "likely", confidence: "moderate", evidence })))).toBe(1);
    expect(getClaim(doc, id)).toEqual({ id, likelihood: "likely", confidence: "moderate", evidence });
  });

  it.each([
    ["an unknown likelihood", { likelihood: "maybe", confidence: "low" }, [["likelihood"]]],
    ["an unknown confidence", { likelihood: "likely", confidence: "total" }, [["confidence"]]],
    ["evidence of an unknown kind", { likelihood: "likely", confidence: "low", evidence: [{ kind: "scene", id: "abc" }] }, [["evidence", 0, "kind"]]],
    ["evidence with a malformed id", { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: "no good" }] }, [["evidence", 0, "id"]]],
  ])("rejects %s and writes nothing", (_case, input, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => addClaim(doc, input as ClaimInput), paths);
    expect(listClaims(doc)).toEqual([]);
  });

  it("names evidence that does not exist and writes nothing, as linkEvidence does", () => {
    const doc = newBoard();
    expectMissing(
      doc,
      () => addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "card", id: "ghost" }] }),
      "No card with id ghost",
    );
  });
});

describe("updateClaim", () => {
  it("changes the likelihood and keeps the confidence and the evidence", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const id = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    updateClaim(doc, id, { likelihood: "very likely" });
    expect(getClaim(doc, id)).toEqual({ id, likelihood: "very likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    updateClaim(doc, id, { confidence: "high" });
    expect(getClaim(doc, id)).toEqual({ id, likelihood: "very likely", confidence: "high", evidence: [{ kind: "pin", id: pin }] });
  });

  it("cannot replace the evidence", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const id = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    updateClaim(doc, id, { confidence: "moderate", evidence: [] } as Parameters<typeof updateClaim>[2]);
    expect(getClaim(doc, id)?.evidence).toEqual([{ kind: "pin", id: pin }]);
  });

  it.each([
    ["an unknown likelihood", { likelihood: "maybe" }, [["likelihood"]]],
    ["an unknown confidence", { confidence: "total" }, [["confidence"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    const id = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectInvalid(doc, () => updateClaim(doc, id, patch as Parameters<typeof updateClaim>[2]), paths);
  });

  it("names an unknown claim and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => updateClaim(doc, "nope", { likelihood: "likely" }), "No claim with id nope");
  });
});

describe("deleteClaim", () => {
  it("removes only that claim", () => {
    const doc = newBoard();
    const gone = addClaim(doc, { likelihood: "likely", confidence: "low" });
    const kept = addClaim(doc, { likelihood: "unlikely", confidence: "high" });
    deleteClaim(doc, gone);
    expect(getClaim(doc, gone)).toBeNull();
    expect(listClaims(doc)).toEqual([{ id: kept, likelihood: "unlikely", confidence: "high", evidence: [] }]);
  });

  it("is a no-op for an id that no longer exists (someone else deleted it first)", () => {
    const doc = newBoard();
    addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectNoWrite(doc, () => deleteClaim(doc, "nope"));
  });
});

describe("getClaim and listClaims", () => {
  it("list every valid claim", () => {
    const doc = newBoard();
    const a = addClaim(doc, { likelihood: "likely", confidence: "low" });
    const b = addClaim(doc, { likelihood: "almost certain", confidence: "high" });
    expect(byId(listClaims(doc))).toEqual(
      byId([
        { id: a, likelihood: "likely", confidence: "low", evidence: [] },
        { id: b, likelihood: "almost certain", confidence: "high", evidence: [] },
      ]),
    );
    expect(getClaim(doc, "nope")).toBeNull();
  });

  it("skip entries written badly by a stock client", () => {
    const doc = newBoard();
    const good = addClaim(doc, { likelihood: "likely", confidence: "low" });
    stockClient.setEntity(doc, "claims", "rogue", yMap({ likelihood: "maybe", confidence: "low", evidence: new Y.Array() }));
    expect(getClaim(doc, "rogue")).toBeNull();
    expect(listClaims(doc).map((claim) => claim.id)).toEqual([good]);
  });
});

describe("linkEvidence", () => {
  it("appends card and pin refs in order", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    linkEvidence(doc, claim, { kind: "card", id: card });
    linkEvidence(doc, claim, { kind: "pin", id: pin });
    expect(getClaim(doc, claim)?.evidence).toEqual([
      { kind: "card", id: card },
      { kind: "pin", id: pin },
    ]);
  });

  it("writes nothing when the ref is already linked", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    expectNoWrite(doc, () => linkEvidence(doc, claim, { kind: "pin", id: pin }));
  });

  it.each([
    ["an unknown kind", { kind: "scene", id: "abc" }, [["kind"]]],
    ["a malformed id", { kind: "card", id: "not an id!" }, [["id"]]],
  ])("rejects a ref with %s and writes nothing", (_case, ref, paths) => {
    const doc = newBoard();
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectInvalid(doc, () => linkEvidence(doc, claim, ref as EvidenceRef), paths);
  });

  it("names an unknown claim, card or pin and writes nothing", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectMissing(doc, () => linkEvidence(doc, "nope", { kind: "pin", id: pin }), "No claim with id nope");
    expectMissing(doc, () => linkEvidence(doc, claim, { kind: "card", id: "ghost" }), "No card with id ghost");
    expectMissing(doc, () => linkEvidence(doc, claim, { kind: "pin", id: "ghost" }), "No pin with id ghost");
  });
});

describe("unlinkEvidence", () => {
  it("removes only the matching ref (same kind and id)", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    const claim = addClaim(doc, {
      likelihood: "likely",
      confidence: "low",
      evidence: [
        { kind: "card", id: card },
        { kind: "pin", id: pin },
      ],
    });
    expectNoWrite(doc, () => unlinkEvidence(doc, claim, { kind: "pin", id: card }));
    unlinkEvidence(doc, claim, { kind: "card", id: card });
    expect(getClaim(doc, claim)?.evidence).toEqual([{ kind: "pin", id: pin }]);
    expect(getCard(doc, card)?.id).toBe(card);
  });

  it("names an unknown claim and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => unlinkEvidence(doc, "nope", { kind: "pin", id: "abc" }), "No claim with id nope");
  });

  it("rejects a malformed ref with a ZodError, as linkEvidence does", () => {
    const doc = newBoard();
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectInvalid(doc, () => unlinkEvidence(doc, claim, { kind: "scene", id: "abc" } as unknown as EvidenceRef), [["kind"]]);
  });
});
