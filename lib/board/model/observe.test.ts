/**
 * Unit tests of board observers and undo scopes: who hears of which change, and what one person's
 * undo reverts.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addCard,
  addClaim,
  addPin,
  addScene,
  deletePin,
  getCard,
  getClaim,
  getPin,
  listPins,
  narrativeFragment,
  observeBoard,
  setMeta,
  undoScope,
  updatePin,
} from "./index";
import {
  AUTHOR,
  boardOf,
  cardInput,
  newBoard,
  pinInput,
  REMOTE,
  replica,
  sceneInput,
  sync,
  freezeClock,
} from "./test-support";

freezeClock();

describe("observeBoard", () => {
  it("fires once per transaction on the observed part, deep changes included, with the origin", () => {
    const doc = newBoard();
    const origins: unknown[] = [];
    observeBoard(doc, ["pins"], (origin) => origins.push(origin));

    const id = addPin(doc, pinInput(), AUTHOR);
    expect(origins).toEqual([null]);
    doc.transact(() => updatePin(doc, id, { lat: 13 }), "alice");
    expect(origins).toEqual([null, "alice"]);
    doc.transact(() => {
      updatePin(doc, id, { lat: 13.1 });
      updatePin(doc, id, { lng: -7.6 });
    }, "bob");
    expect(origins).toEqual([null, "alice", "bob"]);
  });

  it("passes the origin of a remote update", () => {
    const doc = newBoard(1);
    const other = replica(doc, 2);
    const origins: unknown[] = [];
    observeBoard(doc, ["pins"], (origin) => origins.push(origin));
    addPin(other, pinInput(), "someone else");
    sync(doc, other);
    expect(origins).toEqual([REMOTE]);
  });

  it("does not fire for other parts or for a transaction that writes nothing", () => {
    const doc = newBoard();
    let calls = 0;
    observeBoard(doc, ["pins"], () => calls++);
    addCard(doc, cardInput(), AUTHOR);
    addClaim(doc, { likelihood: "likely", confidence: "low" });
    addScene(doc, sceneInput());
    setMeta(doc, { title: "Renamed" });
    setMeta(doc, {});
    expect(calls).toBe(0);
  });

  it("fires for the narrative", () => {
    const doc = newBoard();
    let calls = 0;
    observeBoard(doc, ["narrative"], () => calls++);
    narrativeFragment(doc).insert(0, [new Y.XmlElement("paragraph")]);
    expect(calls).toBe(1);
  });

  it("fires once for a transaction that touches several observed parts", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    addCard(doc, cardInput({ pinIds: [pin] }), AUTHOR);
    addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    let calls = 0;
    observeBoard(doc, ["pins", "cards", "claims"], () => calls++);
    deletePin(doc, pin);
    expect(calls).toBe(1);
  });

  it("stops after unsubscribe", () => {
    const doc = newBoard();
    let calls = 0;
    const stop = observeBoard(doc, ["pins", "cards"], () => calls++);
    addPin(doc, pinInput(), AUTHOR);
    expect(calls).toBe(1);
    stop();
    addPin(doc, pinInput(), AUTHOR);
    addCard(doc, cardInput(), AUTHOR);
    expect(calls).toBe(1);
  });
});

describe("undoScope", () => {
  const LOCAL = { person: "me" };

  function undoManager(doc: Y.Doc, parts: Parameters<typeof undoScope>[1]) {
    return new Y.UndoManager(undoScope(doc, parts), { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 });
  }

  it("returns one shared type per part, the narrative being the editor's fragment", () => {
    const doc = newBoard();
    const scope = undoScope(doc, ["pins", "scenes", "narrative"]);
    expect(scope).toHaveLength(3);
    expect(scope[0]).toBeInstanceOf(Y.Map);
    expect(scope[1]).toBeInstanceOf(Y.Array);
    expect(scope[2]).toBe(narrativeFragment(doc));
  });

  it("undoes and redoes an addPin", () => {
    const doc = newBoard();
    const undo = undoManager(doc, ["pins"]);
    let id = "";
    doc.transact(() => (id = addPin(doc, pinInput(), AUTHOR)), LOCAL);
    const pin = getPin(doc, id);
    undo.undo();
    expect(getPin(doc, id)).toBeNull();
    expect(listPins(doc)).toEqual([]);
    undo.redo();
    expect(getPin(doc, id)).toEqual(pin);
  });

  it("undoes a deletePin with its links in one step", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [pin] }), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    const before = boardOf(doc);
    const undo = undoManager(doc, ["pins", "cards", "claims"]);
    doc.transact(() => deletePin(doc, pin), LOCAL);
    expect(getCard(doc, card)?.pinIds).toEqual([]);
    undo.undo();
    expect(boardOf(doc)).toEqual(before);
    expect(getClaim(doc, claim)?.evidence).toEqual([{ kind: "pin", id: pin }]);
  });

  it("undoes only the local origin's changes", () => {
    const doc = newBoard(1);
    const other = replica(doc, 2);
    const undo = undoManager(doc, ["pins"]);

    let mine = "";
    doc.transact(() => (mine = addPin(doc, pinInput({ title: "Mine" }), AUTHOR)), LOCAL);
    const theirs = addPin(other, pinInput({ title: "Theirs" }), "someone else");
    sync(doc, other);
    const untracked = addPin(doc, pinInput({ title: "No origin" }), AUTHOR);

    undo.undo();
    expect(getPin(doc, mine)).toBeNull();
    expect(listPins(doc).map((pin) => pin.id).sort()).toEqual([theirs, untracked].sort());
    expect(undo.canUndo()).toBe(false);
  });

  it("tags addPin, updatePin and deletePin with the origin they are given", () => {
    const doc = newBoard();
    const undo = undoManager(doc, ["pins", "cards", "claims"]);
    const id = addPin(doc, pinInput({ title: "Kidal" }), AUTHOR, LOCAL);
    undo.stopCapturing();
    updatePin(doc, id, { title: "Kidal town", lng: 1.41 }, LOCAL);
    undo.stopCapturing();
    deletePin(doc, id, LOCAL);

    undo.undo();
    expect(getPin(doc, id)).toMatchObject({ title: "Kidal town", lng: 1.41 });
    undo.undo();
    expect(getPin(doc, id)).toMatchObject({ title: "Kidal", lng: pinInput().lng });
    undo.redo();
    expect(getPin(doc, id)?.title).toBe("Kidal town");
    undo.undo();
    undo.undo();
    expect(getPin(doc, id)).toBeNull();
  });

  it("leaves writes without an origin out of the origin's undo history", () => {
    const doc = newBoard();
    const undo = undoManager(doc, ["pins"]);
    const id = addPin(doc, pinInput(), AUTHOR);
    updatePin(doc, id, { title: "Moved by someone" });
    expect(undo.canUndo()).toBe(false);
    updatePin(doc, id, { title: "Mine" }, LOCAL);
    undo.undo();
    expect(getPin(doc, id)?.title).toBe("Moved by someone");
  });

  it("does not undo parts outside its scope", () => {
    const doc = newBoard();
    const undo = undoManager(doc, ["pins"]);
    let card = "";
    doc.transact(() => (card = addCard(doc, cardInput(), AUTHOR)), LOCAL);
    expect(undo.canUndo()).toBe(false);
    undo.undo();
    expect(getCard(doc, card)?.id).toBe(card);
  });
});
