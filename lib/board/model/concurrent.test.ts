/**
 * Two replicas of one board edited at once by two people converge to the same board, keeping both
 * people's edits where they can.
 */
import { describe, expect, it } from "vitest";
import { type EvidenceRef } from "../schema";
import {
  addCard,
  addClaim,
  addPin,
  addScene,
  deletePin,
  getCard,
  getClaim,
  getPin,
  linkCardToPin,
  linkEvidence,
  listCards,
  listClaims,
  listPins,
  listScenes,
  moveScene,
  unlinkEvidence,
  updatePin,
  updateScene,
} from "./index";
import {
  AUTHOR,
  cardInput,
  clock,
  expectConverged,
  newBoard,
  pinInput,
  replica,
  sceneInput,
  sync,
  T0,
  freezeClock,
} from "./test-support";

freezeClock();

describe("concurrent edits on two replicas", () => {
  it("keeps both people's edits to different fields of one pin", () => {
    const alice = newBoard(1);
    const pin = addPin(alice, pinInput(), AUTHOR);
    const bob = replica(alice, 2);

    updatePin(alice, pin, { title: "Koulikoro camp" });
    updatePin(bob, pin, { note: "Attacked in late February", lat: 12.87 });
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(getPin(alice, pin)).toEqual({
      id: pin,
      title: "Koulikoro camp",
      lng: -7.5586,
      lat: 12.87,
      kind: "place",
      note: "Attacked in late February",
      geoPrecision: "near",
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it("keeps both people's links of different pins to one card", () => {
    const alice = newBoard(1);
    const koulikoro = addPin(alice, pinInput(), AUTHOR);
    const bamako = addPin(alice, pinInput({ title: "Bamako" }), AUTHOR);
    const kidal = addPin(alice, pinInput({ title: "Kidal" }), AUTHOR);
    const card = addCard(alice, cardInput({ pinIds: [koulikoro] }), AUTHOR);
    const bob = replica(alice, 2);

    linkCardToPin(alice, card, bamako);
    linkCardToPin(bob, card, kidal);
    sync(alice, bob);

    expectConverged(alice, bob);
    const pinIds = getCard(alice, card)?.pinIds ?? [];
    expect(pinIds[0]).toBe(koulikoro);
    expect([...pinIds].sort()).toEqual([koulikoro, bamako, kidal].sort());
  });

  it("shows both people's new pins, in the same order, on both replicas", () => {
    const alice = newBoard(1);
    const bob = replica(alice, 2);
    clock.now = T0 + 1;
    const fromAlice = addPin(alice, pinInput({ title: "Kidal" }), "alice");
    clock.now = T0 + 2;
    const fromBob = addPin(bob, pinInput({ title: "Aguelhoc" }), "bob");
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(listPins(alice).map((pin) => [pin.id, pin.title, pin.createdBy])).toEqual([
      [fromAlice, "Kidal", "alice"],
      [fromBob, "Aguelhoc", "bob"],
    ]);
  });

  it("deletes a pin on both replicas when the other person was editing it", () => {
    const alice = newBoard(1);
    const pin = addPin(alice, pinInput(), AUTHOR);
    const kept = addPin(alice, pinInput({ title: "Bamako" }), AUTHOR);
    const card = addCard(alice, cardInput({ pinIds: [pin, kept] }), AUTHOR);
    const bob = replica(alice, 2);

    deletePin(alice, pin);
    updatePin(bob, pin, { title: "Koulikoro camp" });
    sync(alice, bob);

    expectConverged(alice, bob);
    for (const doc of [alice, bob]) {
      expect(getPin(doc, pin)).toBeNull();
      expect(listPins(doc).map((p) => p.id)).toEqual([kept]);
      expect(getCard(doc, card)?.pinIds).toEqual([kept]);
    }
  });

  it("leaves no link to a pin one person deleted while the other linked it", () => {
    const alice = newBoard(1);
    const pin = addPin(alice, pinInput(), AUTHOR);
    const card = addCard(alice, cardInput(), AUTHOR);
    const bob = replica(alice, 2);

    deletePin(alice, pin);
    linkCardToPin(bob, card, pin);
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(getCard(alice, card)?.pinIds).toEqual([]);
  });

  it("converges when two people reorder different scenes", () => {
    const alice = newBoard(1);
    const s1 = addScene(alice, sceneInput({ title: "One" }));
    const s2 = addScene(alice, sceneInput({ title: "Two" }));
    const s3 = addScene(alice, sceneInput({ title: "Three" }));
    const bob = replica(alice, 2);

    moveScene(alice, s1, 2);
    moveScene(bob, s3, 0);
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(listScenes(alice).map((scene) => scene.id)).toEqual([s3, s2, s1]);
  });

  it("keeps one copy of a scene two people moved at once", () => {
    const alice = newBoard(1);
    const s1 = addScene(alice, sceneInput({ title: "One" }));
    const s2 = addScene(alice, sceneInput({ title: "Two" }));
    const s3 = addScene(alice, sceneInput({ title: "Three" }));
    const bob = replica(alice, 2);

    moveScene(alice, s1, 2);
    moveScene(bob, s1, 1);
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(listScenes(alice).map((scene) => scene.id).sort()).toEqual([s1, s2, s3].sort());
  });

  it("converges when one person edits a scene another person moves (the edit is lost: see moveScene)", () => {
    const alice = newBoard(1);
    const s1 = addScene(alice, sceneInput({ title: "One" }));
    addScene(alice, sceneInput({ title: "Two" }));
    const bob = replica(alice, 2);

    moveScene(alice, s1, 1);
    updateScene(bob, s1, { notes: "Open on Kidal" });
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(listScenes(alice).map((scene) => scene.title)).toEqual(["Two", "One"]);
  });

  it("converges when both people link the same evidence; the ref is then listed twice", () => {
    const alice = newBoard(1);
    const card = addCard(alice, cardInput(), AUTHOR);
    const claim = addClaim(alice, { likelihood: "likely", confidence: "low" });
    const bob = replica(alice, 2);
    const ref: EvidenceRef = { kind: "card", id: card };

    linkEvidence(alice, claim, ref);
    linkEvidence(bob, claim, ref);
    sync(alice, bob);

    expectConverged(alice, bob);
    // Both inserts survive the merge; reads list the ref once.
    expect(getClaim(alice, claim)?.evidence).toEqual([ref]);
    unlinkEvidence(alice, claim, ref);
    expect(getClaim(alice, claim)?.evidence).toEqual([]);
  });

  it("lists cards with the same dates and creation time in the same order on both replicas", () => {
    const alice = newBoard(1);
    const bob = replica(alice, 2);
    const when = { start: "2019-02-01", end: "2019-02-28", precision: "approx" } as const;
    addCard(alice, cardInput({ title: "From Alice", when }), "alice");
    addCard(bob, cardInput({ title: "From Bob", when }), "bob");
    sync(alice, bob);

    expect(listCards(alice)).toEqual(listCards(bob));
  });

  it("lists claims in the same order on both replicas", () => {
    const alice = newBoard(1);
    const bob = replica(alice, 2);
    addClaim(alice, { likelihood: "likely", confidence: "low" });
    addClaim(bob, { likelihood: "unlikely", confidence: "high" });
    sync(alice, bob);

    expect(listClaims(alice)).toEqual(listClaims(bob));
  });
});
