/**
 * Unit tests of board migrations: an older board is upgraded once, step by step, in one update;
 * a current board is left alone; a board from a newer version is refused and left alone.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { SCHEMA_VERSION, type AreaInput } from "../schema";
import {
  addArea,
  addCard,
  addHypothesis,
  addPin,
  BoardTooNewError,
  boardSchemaVersion,
  getArea,
  getCard,
  linkCardToArea,
  listAreas,
  listCards,
  listPins,
  listRatings,
  migrateBoard,
  narrativeFragment,
  readMeta,
  setRating,
  updateCard,
  upgradeStoredBoard,
} from "./index";
import { MIGRATIONS, type Migration } from "./migrations";
import { AUTHOR, cardInput, countUpdates, expectNoWrite, newBoard, pinInput, stockClient, freezeClock } from "./test-support";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

freezeClock();

/** A board saved before versioning (test/fixtures/make-board-v0.ts). */
const BOARD_V0 = new Uint8Array(fs.readFileSync(path.join(here, "../../../test/fixtures/board-v0.bin")));

function loadV0(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, BOARD_V0);
  return doc;
}

/** A 0 → 1 → 2 → 3 chain whose steps each add a key to meta and count their runs. */
function chainOfThree() {
  const steps = [1, 2, 3].map((version) => vi.fn<Migration>((doc) => stockClient.meta(doc).set(`addedBy${version}`, true)));
  return { steps, migrations: steps as readonly Migration[] };
}

describe("MIGRATIONS", () => {
  it("has one step per schema version", () => {
    expect(MIGRATIONS).toHaveLength(SCHEMA_VERSION);
  });
});

describe("boardSchemaVersion", () => {
  it("reads the stamped version of a board", () => {
    expect(boardSchemaVersion(newBoard())).toBe(SCHEMA_VERSION);
  });

  it("reads a board written before versioning as version 0", () => {
    expect(boardSchemaVersion(loadV0())).toBe(0);
    expect(boardSchemaVersion(new Y.Doc())).toBe(0);
  });

  it.each([["a string", "one"], ["a negative number", -1], ["a fraction", 1.5], ["NaN", Number.NaN]])(
    "reads %s written by a stock client as version 0",
    (_case, value) => {
      const doc = newBoard();
      stockClient.meta(doc).set("schemaVersion", value);
      expect(boardSchemaVersion(doc)).toBe(0);
    },
  );
});

describe("migrateBoard", () => {
  it("upgrades the board saved before versioning once, in one update, keeping its content", () => {
    const doc = loadV0();
    const before = { pins: listPins(doc), cards: listCards(doc), narrative: narrativeFragment(doc).toString() };
    let result: ReturnType<typeof migrateBoard> = null;
    expect(countUpdates(doc, () => (result = migrateBoard(doc)))).toBe(1);
    expect(result).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(readMeta(doc)).toEqual({ title: "Koulikoro, before versioning", question: "Is JNIM shifting south?", schemaVersion: SCHEMA_VERSION });
    expect({ pins: listPins(doc), cards: listCards(doc), narrative: narrativeFragment(doc).toString() }).toEqual(before);
    expect(before.pins).toHaveLength(1);
    expect(before.cards[0].pinIds).toEqual([before.pins[0].id]);
    expect(before.narrative).toContain("Koulikoro");

    let again: ReturnType<typeof migrateBoard> = null;
    expectNoWrite(doc, () => (again = migrateBoard(doc)));
    expect(again).toBeNull();
  });

  it("upgrades a board stamped with version 0", () => {
    const doc = new Y.Doc();
    stockClient.meta(doc).set("title", "Old board");
    stockClient.meta(doc).set("schemaVersion", 0);
    const pinId = addPin(doc, pinInput(), AUTHOR);
    expect(migrateBoard(doc)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(readMeta(doc)).toEqual({ title: "Old board", question: "", schemaVersion: SCHEMA_VERSION });
    expect(listPins(doc).map((pin) => pin.id)).toEqual([pinId]);
  });

  it("returns null and writes nothing for a current board", () => {
    const doc = newBoard();
    let result: ReturnType<typeof migrateBoard> = { from: -1, to: -1 };
    expectNoWrite(doc, () => (result = migrateBoard(doc)));
    expect(result).toBeNull();
  });

  it("refuses a board from a newer version with BoardTooNewError, writing nothing", () => {
    const doc = newBoard();
    stockClient.meta(doc).set("schemaVersion", SCHEMA_VERSION + 1);
    let error: unknown;
    expectNoWrite(doc, () => {
      try {
        migrateBoard(doc);
      } catch (thrown) {
        error = thrown;
      }
    });
    expect(error).toBeInstanceOf(BoardTooNewError);
    expect(error).toMatchObject({ name: "BoardTooNewError", version: SCHEMA_VERSION + 1, supported: SCHEMA_VERSION });
    expect((error as Error).message).toBe(
      `This board was saved by a newer version of Situation Board (schema ${SCHEMA_VERSION + 1}); this server understands up to ${SCHEMA_VERSION}`,
    );
    expect(boardSchemaVersion(doc)).toBe(SCHEMA_VERSION + 1);
  });

  it("repairs a version a stock client garbled, by upgrading again from 0", () => {
    const doc = newBoard();
    stockClient.meta(doc).set("schemaVersion", "one");
    expect(migrateBoard(doc)).toEqual({ from: 0, to: SCHEMA_VERSION });
    expect(readMeta(doc).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("runs each step from the stored version on exactly once, in order, in one update", () => {
    const { steps, migrations } = chainOfThree();
    const doc = loadV0();
    const order: number[] = [];
    steps.forEach((step, index) => step.mockImplementationOnce((d) => {
      order.push(index + 1);
      stockClient.meta(d).set(`addedBy${index + 1}`, true);
    }));
    expect(countUpdates(doc, () => expect(migrateBoard(doc, migrations)).toEqual({ from: 0, to: 3 }))).toBe(1);
    expect(order).toEqual([1, 2, 3]);
    for (const step of steps) expect(step).toHaveBeenCalledTimes(1);
    expect(stockClient.meta(doc).toJSON()).toMatchObject({ addedBy1: true, addedBy2: true, addedBy3: true, schemaVersion: 3 });

    expectNoWrite(doc, () => expect(migrateBoard(doc, migrations)).toBeNull());
    for (const step of steps) expect(step).toHaveBeenCalledTimes(1);
  });

  it("starts from the stored version: a version-1 board runs only the steps 1 → 2 and 2 → 3", () => {
    const { steps, migrations } = chainOfThree();
    const doc = loadV0();
    stockClient.meta(doc).set("schemaVersion", 1);
    expect(migrateBoard(doc, migrations)).toEqual({ from: 1, to: 3 });
    expect(steps.map((step) => step.mock.calls.length)).toEqual([0, 1, 1]);
    expect(stockClient.meta(doc).get("addedBy1")).toBeUndefined();
  });

  it("refuses a version-3 board when the code reaches only version 2", () => {
    const { steps, migrations } = chainOfThree();
    const doc = loadV0();
    migrateBoard(doc, migrations);
    expect(() => migrateBoard(doc, migrations.slice(0, 2))).toThrow(
      "This board was saved by a newer version of Situation Board (schema 3); this server understands up to 2",
    );
    for (const step of steps) expect(step).toHaveBeenCalledTimes(1);
  });
});

describe("schema 2: the hypotheses matrix", () => {
  it("upgrades a version-1 board without writing anything but the version, and the board then takes a matrix", () => {
    const doc = new Y.Doc();
    stockClient.meta(doc).set("title", "Before the matrix");
    stockClient.meta(doc).set("schemaVersion", 1);
    const pinId = addPin(doc, pinInput(), AUTHOR);
    const before = Y.encodeStateAsUpdate(doc);
    const upgrade = upgradeStoredBoard([before]);
    expect(upgrade).toMatchObject({ from: 1, to: SCHEMA_VERSION });
    Y.applyUpdate(doc, upgrade!.update);
    expect(boardSchemaVersion(doc)).toBe(SCHEMA_VERSION);
    expect(Array.from(doc.share.keys()).sort()).toEqual(["meta", "pins"]);
    expect(listPins(doc).map((pin) => pin.id)).toEqual([pinId]);

    const card = addCard(doc, cardInput(), AUTHOR);
    const hypothesis = addHypothesis(doc, { title: "JNIM is shifting south" }, AUTHOR);
    setRating(doc, { cardId: card, hypothesisId: hypothesis, userId: "ana" }, "C");
    expect(listRatings(doc)).toEqual([{ cardId: card, hypothesisId: hypothesis, userId: "ana", rating: "C" }]);
  });

  it("is refused by code that knows only schema 1, so an older server never edits a board with a matrix", () => {
    const doc = newBoard();
    addHypothesis(doc, { title: "JNIM is shifting south" }, AUTHOR);
    expect(() => upgradeStoredBoard([Y.encodeStateAsUpdate(doc)], MIGRATIONS.slice(0, 1))).toThrow(
      `This board was saved by a newer version of Situation Board (schema ${SCHEMA_VERSION}); this server understands up to 1`,
    );
  });
});

describe("upgradeStoredBoard", () => {
  it("returns only what the upgrade wrote, which brings a copy of the stored board up to date", () => {
    const upgrade = upgradeStoredBoard([BOARD_V0]);
    expect(upgrade).toMatchObject({ from: 0, to: SCHEMA_VERSION });
    const doc = loadV0();
    Y.applyUpdate(doc, upgrade!.update);
    expect(boardSchemaVersion(doc)).toBe(SCHEMA_VERSION);
    expect(upgrade!.update.byteLength).toBeLessThan(BOARD_V0.byteLength);
  });

  it("returns null for a current board and throws BoardTooNewError for a newer one", () => {
    const current = Y.encodeStateAsUpdate(newBoard());
    expect(upgradeStoredBoard([current])).toBeNull();
    const newer = newBoard();
    stockClient.meta(newer).set("schemaVersion", SCHEMA_VERSION + 1);
    expect(() => upgradeStoredBoard([Y.encodeStateAsUpdate(newer)])).toThrow(BoardTooNewError);
  });

  it("takes the stored updates in several pieces, as the store keeps them", () => {
    const doc = loadV0();
    const later = new Y.Doc();
    Y.applyUpdate(later, BOARD_V0);
    const before = Y.encodeStateVector(later);
    addPin(later, pinInput({ title: "Kidal" }), AUTHOR);
    const upgrade = upgradeStoredBoard([BOARD_V0, Y.encodeStateAsUpdate(later, before)], chainOfThree().migrations);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(later, before));
    Y.applyUpdate(doc, upgrade!.update);
    expect(listPins(doc).map((pin) => pin.title).sort()).toEqual(["Kidal", "Koulikoro"]);
    expect(boardSchemaVersion(doc)).toBe(3);
  });
});

describe("schema 3: a card's structured event details", () => {
  it("upgrades a version-2 board without writing anything but the version, and its cards then take event details", () => {
    const doc = new Y.Doc();
    stockClient.meta(doc).set("title", "Before event details");
    stockClient.meta(doc).set("schemaVersion", 2);
    const cardId = addCard(doc, cardInput(), AUTHOR);
    const upgrade = upgradeStoredBoard([Y.encodeStateAsUpdate(doc)]);
    expect(upgrade).toMatchObject({ from: 2, to: SCHEMA_VERSION });
    Y.applyUpdate(doc, upgrade!.update);
    expect(boardSchemaVersion(doc)).toBe(SCHEMA_VERSION);
    expect(listCards(doc).map((card) => card.event)).toEqual([undefined]);

    updateCard(doc, cardId, { event: { eventType: "Battles", fatalities: 3 } });
    expect(getCard(doc, cardId)?.event).toEqual({ eventType: "Battles", fatalities: 3 });
  });

  it("is refused by code that knows only schema 2, so an older server never drops a card's event details", () => {
    const doc = newBoard();
    addCard(doc, cardInput({ event: { actor1: { name: "JNIM" } } }), AUTHOR);
    expect(() => upgradeStoredBoard([Y.encodeStateAsUpdate(doc)], MIGRATIONS.slice(0, 2))).toThrow(
      `This board was saved by a newer version of Situation Board (schema ${SCHEMA_VERSION}); this server understands up to 2`,
    );
  });
});

describe("schema 4: areas and routes on the map", () => {
  const route: AreaInput = { title: "N16 Gao–Kidal", kind: "route", geometry: { type: "LineString", coordinates: [[0.04, 16.27], [1.41, 18.44]] } };

  it("upgrades a version-3 board without writing anything but the version: its cards read as linked to no area, then take areas", () => {
    const doc = new Y.Doc();
    stockClient.meta(doc).set("title", "Before areas");
    stockClient.meta(doc).set("schemaVersion", 3);
    // A card as schema 3 stored it: no areaIds key at all.
    const cardId = addCard(doc, cardInput(), AUTHOR);
    stockClient.cardMap(doc, cardId).delete("areaIds");
    const upgrade = upgradeStoredBoard([Y.encodeStateAsUpdate(doc)]);
    expect(upgrade).toMatchObject({ from: 3, to: 4 });
    Y.applyUpdate(doc, upgrade!.update);
    expect(boardSchemaVersion(doc)).toBe(4);
    expect(getCard(doc, cardId)?.areaIds).toEqual([]);
    expect(listAreas(doc)).toEqual([]);

    const areaId = addArea(doc, route, AUTHOR);
    linkCardToArea(doc, cardId, areaId);
    expect(getArea(doc, areaId)?.title).toBe("N16 Gao–Kidal");
    expect(getCard(doc, cardId)?.areaIds).toEqual([areaId]);
  });

  it("is refused by code that knows only schema 3, so an older server refuses the board rather than every area drawn on it", () => {
    const doc = newBoard();
    addArea(doc, route, AUTHOR);
    expect(() => upgradeStoredBoard([Y.encodeStateAsUpdate(doc)], MIGRATIONS.slice(0, 3))).toThrow(
      "This board was saved by a newer version of Situation Board (schema 4); this server understands up to 3",
    );
  });
});
