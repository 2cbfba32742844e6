import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { diffBoards, diffText, distanceKm, type BoardState, type Change } from "./diff";
import {
  addArea,
  addCard,
  addClaim,
  addPin,
  deleteArea,
  deleteCard,
  deletePin,
  deleteClaim,
  linkCardToArea,
  linkEvidence,
  narrativeFragment,
  unlinkEvidence,
  updateArea,
  updateCard,
  updateClaim,
  updatePin,
} from "./model";
import { areaInput, cardInput, newBoard, pinInput, replica, routeInput, sync } from "./model/test-support";
import { writeNarrative } from "./narrative";
import { openThread, reply, resolveThread, setVerdict } from "./review";

const ALICE = { id: "u-alice", name: "Alice" };
const BOB = { id: "u-bob", name: "Bob" };
/** Client ids: Alice's browser 1, Bob's 2, the server's review writer 9. */
const people = (client: number) => (client === 1 ? ALICE : client === 2 ? BOB : null);

/** A frozen copy of a document, as a stored version holds it. */
function frozen(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function reviewDoc(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 9;
  return doc;
}

/** Alice's board with a pin, a card, a claim on a narrative paragraph; Bob holds a replica. */
function setup() {
  const alice = newBoard(1);
  const mopti = addPin(alice, pinInput({ title: "Mopti attack", lng: -4.19, lat: 14.49 }), ALICE.name);
  const gao = addPin(alice, pinInput({ title: "Gao", lng: -0.04, lat: 16.27 }), ALICE.name);
  const card = addCard(alice, cardInput({ title: "Attack on Mopti", when: { start: "2019-02-18", precision: "day" }, pinIds: [mopti] }), ALICE.name);
  const claim = addClaim(alice, { likelihood: "likely", confidence: "moderate", evidence: [{ kind: "card", id: card }] });
  writeNarrative(alice, {
    type: "doc",
    content: [
      { type: "heading", attrs: { level: 2 }, content: [{ type: "text", text: "The south" }] },
      {
        type: "paragraph",
        content: [
          { type: "text", text: "JNIM is moving south", marks: [{ type: "claim", attrs: { claimId: claim } }] },
          { type: "text", text: " since January." },
        ],
      },
      { type: "paragraph", content: [{ type: "text", text: "Attacks near Mopti rose." }] },
    ],
  });
  const bob = replica(alice, 2);
  const review = reviewDoc();
  return { alice, bob, review, ids: { mopti, gao, card, claim } };
}

function state(board: Y.Doc, review: Y.Doc): BoardState {
  return { board: frozen(board), review: frozen(review) };
}

const summaries = (changes: Change[]) => changes.map((c) => c.summary);
const authorsOf = (change: Change | undefined) => change?.authors.map((a) => a.name);
const find = (changes: Change[], key: string) => changes.find((c) => c.key === key);

/** The first paragraph's text, as the editor holds it (a Y.XmlText inside the paragraph). */
function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  return (narrativeFragment(doc).get(index) as Y.XmlElement).get(0) as Y.XmlText;
}

describe("diffBoards", () => {
  it("finds nothing between two copies of one state", () => {
    const { alice, review } = setup();
    const list = diffBoards(state(alice, review), state(alice, review), people);
    expect(list.changes).toEqual([]);
  });

  it("pins: added, moved (how far), edited, removed, each with who did it", () => {
    const { alice, bob, review, ids } = setup();
    const before = state(alice, review);
    addPin(bob, pinInput({ title: "Ségou" }), BOB.name);
    updatePin(alice, ids.mopti, { lng: -4.08, lat: 14.49 });
    updatePin(bob, ids.gao, { title: "Gao camp", note: "MINUSMA" });
    sync(alice, bob);
    deletePin(alice, ids.gao);
    sync(alice, bob);
    const list = diffBoards(before, state(alice, review), people, [ALICE, BOB]);
    const added = list.byGroup.pins.find((c) => c.action === "added");
    expect(added?.summary).toBe("Pin “Ségou” added");
    expect(authorsOf(added)).toEqual(["Bob"]);
    const moved = find(list.changes, `pin:${ids.mopti}:moved`);
    expect(moved?.summary).toBe("Pin “Mopti attack” moved 12 km");
    expect(moved?.distanceKm).toBeCloseTo(distanceKm({ lng: -4.19, lat: 14.49 }, { lng: -4.08, lat: 14.49 }), 6);
    expect(moved?.from).toEqual({ lng: -4.19, lat: 14.49 });
    expect(authorsOf(moved)).toEqual(["Alice"]);
    const removed = find(list.changes, `pin:${ids.gao}:removed`);
    expect(removed?.summary).toBe("Pin “Gao” removed");
    // A removal has no item of its own: the range's authors.
    expect(authorsOf(removed)).toEqual(["Alice", "Bob"]);
    expect(list.byGroup.pins).toHaveLength(3);
  });

  it("pins: an edit is attributed to its writer, and a removal by one person to that person", () => {
    const { alice, bob, review, ids } = setup();
    const before = state(alice, review);
    updatePin(bob, ids.gao, { title: "Gao camp", note: "MINUSMA" });
    deletePin(bob, ids.mopti);
    sync(alice, bob);
    const list = diffBoards(before, state(alice, review), people, [BOB]);
    const edited = find(list.changes, `pin:${ids.gao}:edited`);
    expect(edited?.summary).toBe("Pin “Gao camp” edited: title, note (was “Gao”)");
    expect(authorsOf(edited)).toEqual(["Bob"]);
    expect(authorsOf(find(list.changes, `pin:${ids.mopti}:removed`))).toEqual(["Bob"]);
    // The links that went with the pin are part of its removal, not edits of their own.
    expect(list.changes.map((c) => c.key).sort()).toEqual([`pin:${ids.gao}:edited`, `pin:${ids.mopti}:removed`].sort());
  });

  it("areas: added, edited (shape, validity, kind), removed with its cards' links, each with who did it", () => {
    const { alice, bob, review, ids } = setup();
    const sector = addArea(alice, areaInput(), ALICE.name);
    const route = addArea(alice, routeInput(), ALICE.name);
    linkCardToArea(alice, ids.card, route);
    sync(alice, bob);
    const before = state(alice, review);
    addArea(bob, routeInput({ title: "Track to Anéfis", kind: "front" }), BOB.name);
    updateArea(alice, sector, { kind: "control", validFrom: { start: "2019-01-01", precision: "year" } });
    updateArea(bob, route, { geometry: { type: "LineString", coordinates: [[0.04, 16.27], [1.41, 18.44]] } });
    sync(alice, bob);
    deleteArea(bob, route);
    sync(alice, bob);
    const list = diffBoards(before, state(alice, review), people, [ALICE, BOB]);
    const added = list.byGroup.pins.find((c) => c.action === "added");
    expect(added?.summary).toBe("Front line “Track to Anéfis” added");
    expect(added?.target).toEqual({ kind: "area", id: expect.any(String) });
    expect(authorsOf(added)).toEqual(["Bob"]);
    const edited = find(list.changes, `area:${sector}:edited`);
    expect(edited?.summary).toBe("Region of control “Ménaka sector” edited: kind, validity");
    expect(authorsOf(edited)).toEqual(["Alice"]);
    expect(find(list.changes, `area:${route}:removed`)?.summary).toBe("Route “N16 Gao–Kidal” removed");
    // The card's link went with the route: no edit of the card of its own.
    expect(list.changes.map((c) => c.key).sort()).toEqual([added!.key, `area:${sector}:edited`, `area:${route}:removed`].sort());
  });

  it("cards: a link to an area made or undone is an edit of the card", () => {
    const { alice, bob, review, ids } = setup();
    const route = addArea(alice, routeInput(), ALICE.name);
    sync(alice, bob);
    const before = state(alice, review);
    linkCardToArea(bob, ids.card, route);
    updateArea(bob, route, { note: "Mined", title: "RN16" });
    sync(alice, bob);
    const list = diffBoards(before, state(alice, review), people, [BOB]);
    expect(summaries(list.changes).sort()).toEqual(["Card “Attack on Mopti” edited: linked areas", "Route “RN16” edited: title, note (was “N16 Gao–Kidal”)"]);
  });

  it("a removal is attributed to whoever wrote in the range, named by no version", () => {
    const { alice, bob, review, ids } = setup();
    const before = state(alice, review);
    deletePin(bob, ids.gao);
    updatePin(bob, ids.mopti, { note: "checked" });
    const list = diffBoards(before, state(bob, review), people);
    expect(authorsOf(find(list.changes, `pin:${ids.gao}:removed`))).toEqual(["Bob"]);
  });

  it("cards: added, re-dated, regraded, edited, removed", () => {
    const { alice, bob, review, ids } = setup();
    const other = addCard(alice, cardInput({ title: "Convoy ambushed" }), ALICE.name);
    sync(alice, bob);
    const before = state(alice, review);
    addCard(bob, cardInput({ title: "Market bombed" }), BOB.name);
    updateCard(alice, ids.card, { when: { start: "2019-02-20", precision: "day" } });
    updateCard(bob, ids.card, { grade: { reliability: "B", credibility: 2 } });
    updateCard(bob, other, { body: "Three trucks" });
    sync(alice, bob);
    deleteCard(alice, other);
    const list = diffBoards(before, state(alice, review), people, [ALICE]);
    expect(summaries(list.byGroup.cards)).toEqual([
      "Card “Market bombed” added",
      "Card “Attack on Mopti” re-dated from 18 Feb 2019 to 20 Feb 2019",
      "Card “Attack on Mopti” regraded from F6 to B2",
      "Card “Convoy ambushed” removed",
    ]);
    expect(authorsOf(list.byGroup.cards[0])).toEqual(["Bob"]);
    expect(authorsOf(list.byGroup.cards[1])).toEqual(["Alice"]);
    expect(authorsOf(list.byGroup.cards[2])).toEqual(["Bob"]);
    // Both wrote in the range: a removal names them both.
    expect(authorsOf(list.byGroup.cards[3])).toEqual(["Alice", "Bob"]);
  });

  it("cards: an edit of the title and the text", () => {
    const { alice, bob, review, ids } = setup();
    const before = state(alice, review);
    updateCard(bob, ids.card, { title: "Assault on Mopti", body: "Two dead" });
    const list = diffBoards(before, state(bob, review), people);
    const edited = find(list.changes, `card:${ids.card}:edited`);
    expect(edited?.summary).toBe("Card “Assault on Mopti” edited: title, text (was “Attack on Mopti”)");
    expect(authorsOf(edited)).toEqual(["Bob"]);
  });

  it("claims: added, judgement changed, evidence added and removed, removed", () => {
    const { alice, bob, review, ids } = setup();
    const gone = addClaim(alice, { likelihood: "unlikely", confidence: "low" });
    sync(alice, bob);
    const before = state(alice, review);
    updateClaim(bob, ids.claim, { likelihood: "very likely", confidence: "high" });
    linkEvidence(alice, ids.claim, { kind: "pin", id: ids.gao });
    sync(alice, bob);
    unlinkEvidence(bob, ids.claim, { kind: "card", id: ids.card });
    const added = addClaim(alice, { likelihood: "almost certain", confidence: "high" });
    deleteClaim(alice, gone);
    sync(alice, bob);
    const list = diffBoards(before, state(alice, review), people, [BOB]);
    const judged = find(list.changes, `claim:${ids.claim}:judged`);
    expect(judged?.summary).toBe("Claim “JNIM is moving south” changed from likely to very likely, confidence from moderate to high");
    expect(authorsOf(judged)).toEqual(["Bob"]);
    const evidenceAdded = find(list.changes, `claim:${ids.claim}:evidence-added`);
    expect(evidenceAdded?.summary).toBe("Claim “JNIM is moving south”: evidence added (“Gao”)");
    expect(authorsOf(evidenceAdded)).toEqual(["Alice"]);
    const evidenceRemoved = find(list.changes, `claim:${ids.claim}:evidence-removed`);
    expect(evidenceRemoved?.summary).toBe("Claim “JNIM is moving south”: evidence removed (“Attack on Mopti”)");
    expect(authorsOf(evidenceRemoved)).toEqual(["Bob", "Alice"]);
    expect(authorsOf(find(list.changes, `claim:${added}:added`))).toEqual(["Alice"]);
    expect(find(list.changes, `claim:${added}:added`)?.summary).toBe("Claim “(not in the narrative)” added: almost certain, high confidence");
    expect(find(list.changes, `claim:${gone}:removed`)?.summary).toBe("Claim “(not in the narrative)” removed");
  });

  it("claims: a rewritten statement, with its writer", () => {
    const { alice, bob, review, ids } = setup();
    const before = state(alice, review);
    // Bob types inside the claim's words: the new text carries the claim mark.
    const text = paragraphText(bob, 1);
    text.insert(8, "clearly ", { claim: { claimId: ids.claim } });
    const list = diffBoards(before, state(bob, review), people, [BOB]);
    const rewritten = find(list.changes, `claim:${ids.claim}:rewritten`);
    expect(rewritten?.summary).toBe("Claim rewritten: “JNIM is moving south” → “JNIM is clearly moving south”");
    expect(authorsOf(rewritten)).toEqual(["Bob"]);
  });

  it("narrative: a changed passage as a word diff, an added and a removed one, with authors", () => {
    const { alice, bob, review } = setup();
    const before = state(alice, review);
    const text = paragraphText(alice, 2);
    text.delete(0, "Attacks".length);
    text.insert(0, "Raids");
    sync(alice, bob);
    const fragment = narrativeFragment(bob);
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("Gao is calm.")]);
    fragment.insert(3, [paragraph]);
    sync(alice, bob);
    const list = diffBoards(before, state(alice, review), people, [ALICE, BOB]);
    const [changed, added] = list.byGroup.narrative;
    expect(changed.summary).toBe("Narrative: passage changed “Raids near Mopti rose.”");
    expect(changed.runs).toEqual([
      { op: "delete", text: "Attacks" },
      { op: "insert", text: "Raids" },
      { op: "same", text: " near Mopti rose." },
    ]);
    expect(changed.target).toEqual({ kind: "narrative", index: 2, anchor: "h-the-south" });
    expect(authorsOf(changed)).toEqual(["Alice"]);
    expect(added.summary).toBe("Narrative: passage added “Gao is calm.”");
    expect(authorsOf(added)).toEqual(["Bob"]);

    const later = state(alice, review);
    narrativeFragment(alice).delete(2, 1);
    const removal = diffBoards(later, state(alice, review), people, [ALICE]).byGroup.narrative;
    expect(removal.map((c) => [c.summary, authorsOf(c)])).toEqual([["Narrative: passage removed “Raids near Mopti rose.”", ["Alice"]]]);
  });

  it("review: verdicts given, changed and withdrawn; threads opened, resolved and reopened", () => {
    const { alice, ids } = setup();
    const review = reviewDoc();
    const resolvedLater = openThread(review, { target: { kind: "pin", id: ids.mopti }, body: "Source?" }, ALICE);
    const reopenedLater = openThread(review, { target: { kind: "card", id: ids.card }, body: "Date?" }, ALICE);
    resolveThread(review, reopenedLater);
    setVerdict(review, ids.claim, "u-carol", "agree");
    setVerdict(review, ids.claim, "u-dan", "dispute");
    const before = state(alice, review);
    const opened = openThread(review, { target: { kind: "claim", id: ids.claim }, body: "Too strong" }, BOB);
    resolveThread(review, resolvedLater);
    reply(review, reopenedLater, { body: "Still wrong" }, BOB);
    setVerdict(review, ids.claim, BOB.id, "needs-source");
    setVerdict(review, ids.claim, "u-carol", "dispute");
    setVerdict(review, ids.claim, "u-dan", null);
    const nameOf = (id: string) => ({ "u-carol": "Carol", "u-dan": "Dan" })[id] ?? null;
    const list = diffBoards(before, state(alice, review), people, [], nameOf);
    // Threads opened in one millisecond come in id order: compared without their order.
    expect(list.byGroup.review.map((c) => [c.summary, authorsOf(c)]).sort()).toEqual([
      [`Thread opened on claim “JNIM is moving south”: “Too strong”`, ["Bob"]],
      ["Thread on pin “Mopti attack” resolved", []],
      ["Thread on card “Attack on Mopti” reopened", ["Bob"]],
      ["Carol changed their verdict on claim “JNIM is moving south” from agree to dispute", ["Carol"]],
      ["Bob gave the verdict needs-source on claim “JNIM is moving south”", ["Bob"]],
      ["Dan withdrew their verdict dispute on claim “JNIM is moving south”", ["Dan"]],
    ].sort());
    expect(find(list.changes, `thread:${opened}:opened`)?.target).toEqual({ kind: "thread", id: opened, target: { kind: "claim", id: ids.claim } });
  });

  it("review: a status change by an unknown writer falls to the range's authors", () => {
    const { alice, ids } = setup();
    const review = reviewDoc();
    const thread = openThread(review, { target: { kind: "pin", id: ids.mopti }, body: "Source?" }, ALICE);
    const before = state(alice, review);
    resolveThread(review, thread);
    const list = diffBoards(before, state(alice, review), people, [BOB]);
    expect(authorsOf(list.byGroup.review[0])).toEqual(["Bob"]);
  });

  it("a pin put back (the same id, written again) shows as added by whoever did it", () => {
    const { alice, bob, review, ids } = setup();
    const before = state(alice, review);
    deletePin(alice, ids.gao);
    sync(alice, bob);
    const removedState = state(alice, review);
    // Restored from `before` by Bob, with its id.
    const restored = new Y.Map<unknown>();
    const source = before.board.getMap<Y.Map<unknown>>("pins").get(ids.gao)!;
    for (const [key, value] of source.entries()) restored.set(key, value);
    bob.getMap<Y.Map<unknown>>("pins").set(ids.gao, restored);
    const list = diffBoards(removedState, state(bob, review), people, [BOB]);
    expect(list.changes.map((c) => [c.summary, authorsOf(c)])).toEqual([["Pin “Gao” added", ["Bob"]]]);
    expect(diffBoards(before, state(bob, review), people).changes).toEqual([]);
  });
});

describe("diffText", () => {
  it("reads a word replaced by two as one edit", () => {
    expect(diffText("JNIM is likely moving south", "JNIM is almost certainly moving south")).toEqual([
      { op: "same", text: "JNIM is " },
      { op: "delete", text: "likely" },
      { op: "insert", text: "almost certainly" },
      { op: "same", text: " moving south" },
    ]);
  });

  it("gives the words kept, deleted and inserted", () => {
    expect(diffText("JNIM is moving south", "JNIM is clearly moving north")).toEqual([
      { op: "same", text: "JNIM is " },
      { op: "insert", text: "clearly " },
      { op: "same", text: "moving " },
      { op: "delete", text: "south" },
      { op: "insert", text: "north" },
    ]);
  });
});
