/**
 * Restoring a version: the whole board, or one entry, made equal to the past version as a new
 * change that an undo manager can undo and that the server's structural rules accept.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { checkUpdate } from "@/lib/collab/rules";
import {
  addArea,
  addCard,
  addHypothesis,
  deleteHypothesis,
  listHypotheses,
  listRatings,
  setRating,
  updateHypothesis,
  addClaim,
  addPin,
  addScene,
  deleteArea,
  deletePin,
  deleteScene,
  getPin,
  linkCardToPin,
  linkEvidence,
  getCard,
  linkCardToArea,
  listAreas,
  listPins,
  moveScene,
  narrativeFragment,
  readMeta,
  setMeta,
  undoScope,
  updateArea,
  updateCard,
  updateClaim,
  updatePin,
  updateScene,
} from "./model";
import { areaInput, AUTHOR, boardOf, cardInput, freezeClock, newBoard, pinInput, replica, routeInput, sceneInput } from "./model/test-support";
import { restoreBoard, restoreEntity } from "./restore";

freezeClock();

const RESTORE = Symbol("restore");
const ALL_PARTS = ["meta", "pins", "cards", "claims", "scenes", "narrative", "areas"] as const;

function paragraph(doc: Y.Doc, index: number, text: string, bold = false): void {
  const element = new Y.XmlElement("paragraph");
  narrativeFragment(doc).insert(index, [element]);
  const content = new Y.XmlText();
  element.insert(0, [content]);
  content.insert(0, text, bold ? { bold: true } : undefined);
}

/** A board with two pins linked to a card, a claim citing the card, two scenes and a narrative. */
function pastBoard() {
  const doc = newBoard(1);
  const kidal = addPin(doc, pinInput({ title: "Kidal", lng: 1.4, lat: 18.4 }), AUTHOR);
  const gao = addPin(doc, pinInput({ title: "Gao", lng: -0.04, lat: 16.27 }), AUTHOR);
  const card = addCard(doc, cardInput({ title: "Attack near Gao" }), AUTHOR);
  linkCardToPin(doc, card, gao);
  const claim = addClaim(doc, { likelihood: "likely", confidence: "moderate" });
  linkEvidence(doc, claim, { kind: "card", id: card });
  const north = addScene(doc, sceneInput({ title: "North" }));
  const south = addScene(doc, sceneInput({ title: "South" }));
  const route = addArea(doc, routeInput(), AUTHOR);
  const sector = addArea(doc, areaInput(), AUTHOR);
  linkCardToArea(doc, card, route);
  paragraph(doc, 0, "JNIM is moving south.", true);
  paragraph(doc, 1, "Attacks near Gao rose in February.");
  paragraph(doc, 2, "Kidal stays quiet.");
  return { doc, kidal, gao, card, claim, north, south, route, sector };
}

/** What a person sees of a board, narrative included. */
const seen = (doc: Y.Doc) => ({ ...boardOf(doc), narrative: narrativeFragment(doc).toString() });

/** The live board: the past one, then edited by another person on every part. */
function editedSince(past: ReturnType<typeof pastBoard>) {
  const live = replica(past.doc, 2);
  deletePin(live, past.kidal);
  updatePin(live, past.gao, { lng: 0.5, title: "Gao (moved)" });
  addPin(live, pinInput({ title: "Mopti" }), AUTHOR);
  updateCard(live, past.card, { title: "Attack near Gao, regraded", grade: { reliability: "C", credibility: 3 } });
  updateClaim(live, past.claim, { likelihood: "very likely", confidence: "high" });
  moveScene(live, past.south, 0);
  updateScene(live, past.north, { title: "North, again" });
  setMeta(live, { title: "Renamed board", question: "Is JNIM moving south, or east?" });
  narrativeFragment(live).delete(1, 1);
  paragraph(live, 1, "A new passage.");
  deleteArea(live, past.route);
  updateArea(live, past.sector, { kind: "control", validFrom: { start: "2020-01-01", precision: "year" } });
  addArea(live, routeInput({ title: "New track" }), AUTHOR);
  return live;
}

describe("restoreBoard", () => {
  it("makes every part of the live board equal to the past version, but its title", () => {
    const past = pastBoard();
    const live = editedSince(past);
    restoreBoard(live, past.doc, RESTORE);
    expect(seen(live)).toEqual({ ...seen(past.doc), meta: { ...readMeta(past.doc), title: "Renamed board" } });
    expect(getPin(live, past.kidal)).toEqual(getPin(past.doc, past.kidal));
  });

  it("is one change that an undo manager over the board undoes, back to the edited board", () => {
    const past = pastBoard();
    const live = editedSince(past);
    const before = seen(live);
    const undo = new Y.UndoManager(undoScope(live, ALL_PARTS), { trackedOrigins: new Set([RESTORE]) });
    restoreBoard(live, past.doc, RESTORE);
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(seen(live)).toEqual(before);
  });

  it("writes an update the server's structural rules accept, and nothing when the board is as it was", () => {
    const past = pastBoard();
    const live = editedSince(past);
    const server = replica(live, 3);
    const updates: Uint8Array[] = [];
    live.on("update", (update: Uint8Array) => updates.push(update));
    restoreBoard(live, past.doc, RESTORE);
    expect(updates).toHaveLength(1);
    expect(checkUpdate(updates[0], server, "board")).toBeNull();
    Y.applyUpdate(server, updates[0]);
    expect(seen(server)).toEqual(seen(live));

    restoreBoard(live, past.doc, RESTORE);
    expect(updates).toHaveLength(1);
  });

  it("keeps the narrative's blocks that did not change since the version", () => {
    const past = pastBoard();
    const live = editedSince(past);
    const first = narrativeFragment(live).get(0);
    const last = narrativeFragment(live).get(2);
    restoreBoard(live, past.doc, RESTORE);
    expect(narrativeFragment(live).get(0)).toBe(first);
    expect(narrativeFragment(live).get(2)).toBe(last);
  });
});

describe("restoring the hypotheses", () => {
  it("brings back deleted and renamed hypotheses with everyone's ratings, writing no rating, as an update the rules accept", () => {
    const past = pastBoard();
    const kept = addHypothesis(past.doc, { title: "JNIM is shifting south" }, "Ana");
    const gone = addHypothesis(past.doc, { title: "Others claim JNIM's name" }, "Ana");
    setRating(past.doc, { cardId: past.card, hypothesisId: kept, userId: "user-ana" }, "C");
    setRating(past.doc, { cardId: past.card, hypothesisId: gone, userId: "user-ana" }, "II");
    const live = replica(past.doc, 2);
    setRating(live, { cardId: past.card, hypothesisId: gone, userId: "user-ben" }, "I");
    deleteHypothesis(live, gone);
    updateHypothesis(live, kept, { title: "Shifting south, renamed" });
    addHypothesis(live, { title: "Only pushed out of the north" }, "Ben");
    const server = replica(live, 3);
    const updates: Uint8Array[] = [];
    live.on("update", (update: Uint8Array) => updates.push(update));

    restoreBoard(live, past.doc, RESTORE);

    expect(listHypotheses(live).map((h) => h.title)).toEqual(["JNIM is shifting south", "Others claim JNIM's name"]);
    expect(listRatings(live).map((r) => [r.hypothesisId, r.userId, r.rating])).toEqual(
      expect.arrayContaining([
        [kept, "user-ana", "C"],
        [gone, "user-ana", "II"],
        [gone, "user-ben", "I"],
      ]),
    );
    expect(listRatings(live)).toHaveLength(3);
    // Written by Ben's client: accepted, though the ratings brought back are Ana's too.
    expect(checkUpdate(updates[0], server, "board", "user-ben")).toBeNull();
  });
});

describe("restoreEntity", () => {
  it("brings a deleted pin back with its fields and touches nothing else", () => {
    const past = pastBoard();
    const live = editedSince(past);
    const others = { ...seen(live), pins: listPins(live) };
    const updates: Uint8Array[] = [];
    const server = replica(live, 3);
    live.on("update", (update: Uint8Array) => updates.push(update));
    restoreEntity(live, past.doc, "pin", past.kidal, RESTORE);
    expect(getPin(live, past.kidal)).toEqual(getPin(past.doc, past.kidal));
    const after = seen(live);
    expect(after.pins.filter((pin) => pin.id !== past.kidal)).toEqual(others.pins);
    expect({ ...after, pins: [] }).toEqual({ ...others, pins: [] });
    expect(updates).toHaveLength(1);
    expect(checkUpdate(updates[0], server, "board")).toBeNull();
  });

  it("brings back a deleted area, resets a changed one and removes one the version did not have", () => {
    const past = pastBoard();
    const live = editedSince(past);
    const track = listAreas(live).find((area) => area.title === "New track")!.id;
    restoreEntity(live, past.doc, "area", past.route, RESTORE);
    restoreEntity(live, past.doc, "area", past.sector, RESTORE);
    restoreEntity(live, past.doc, "area", track, RESTORE);
    expect(listAreas(live)).toEqual(listAreas(past.doc));
    // Not linked back into the card that dropped it: only the area was asked for.
    expect(getCard(live, past.card)?.areaIds).toEqual([]);
  });

  it("resets a changed card and claim, removes a pin the version did not have, and puts back a scene", () => {
    const past = pastBoard();
    const live = editedSince(past);
    const mopti = listPins(live).find((pin) => pin.title === "Mopti")!.id;
    restoreEntity(live, past.doc, "card", past.card, RESTORE);
    restoreEntity(live, past.doc, "claim", past.claim, RESTORE);
    restoreEntity(live, past.doc, "pin", mopti, RESTORE);
    // The card's link to the route counts once the route is back.
    restoreEntity(live, past.doc, "area", past.route, RESTORE);
    const pastBoardSeen = boardOf(past.doc);
    expect(boardOf(live).cards).toEqual(pastBoardSeen.cards);
    expect(boardOf(live).claims).toEqual(pastBoardSeen.claims);
    expect(getPin(live, mopti)).toBeNull();
    // The Gao pin moved since and stays moved: only what was asked for was restored.
    expect(getPin(live, past.gao)?.title).toBe("Gao (moved)");

    // The South scene deleted since, then restored in its place; undo takes it away again.
    const other = replica(past.doc, 4);
    const scenesThen = boardOf(other).scenes;
    const undo = new Y.UndoManager(undoScope(other, ALL_PARTS), { trackedOrigins: new Set([RESTORE]) });
    deleteScene(other, past.south);
    restoreEntity(other, past.doc, "scene", past.south, RESTORE);
    expect(boardOf(other).scenes).toEqual(scenesThen);
    undo.undo();
    expect(boardOf(other).scenes.map((scene) => scene.title)).toEqual(["North"]);
  });
});
