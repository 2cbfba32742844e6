/**
 * Unit tests of areas and routes: writes validate first and write nothing when they throw; a
 * deleted area leaves no card linked to it, and one undo brings both back; two people editing
 * one area both win; reads skip what a stock client may have written.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { IdSchema, type AreaInput, type AreaPatch } from "../schema";
import {
  addArea,
  addCard,
  deleteArea,
  getArea,
  getCard,
  linkCardToArea,
  listAreas,
  observeBoard,
  unlinkCardFromArea,
  undoScope,
  updateArea,
  updateCard,
} from "./index";
import {
  areaInput,
  AUTHOR,
  cardInput,
  clock,
  countUpdates,
  expectConverged,
  expectInvalid,
  expectMissing,
  expectNoWrite,
  freezeClock,
  newBoard,
  replica,
  routeInput,
  stockClient,
  sync,
  T0,
  yMap,
} from "./test-support";

freezeClock();

const MINE = "mine";

describe("addArea", () => {
  it("stores every field with the author and the time, in one transaction, and returns a valid id", () => {
    const doc = newBoard();
    clock.now = T0 + 5;
    let id = "";
    const validFrom = { start: "2018-01-01", precision: "year" } as const;
    expect(countUpdates(doc, () => (id = addArea(doc, areaInput({ title: "  Ménaka sector  ", validFrom }), AUTHOR)))).toBe(1);
    expect(IdSchema.parse(id)).toBe(id);
    expect(getArea(doc, id)).toEqual({
      id,
      title: "Ménaka sector",
      kind: "operation",
      note: "",
      geometry: areaInput().geometry,
      validFrom,
      createdBy: AUTHOR,
      createdAt: T0 + 5,
    });
  });

  it("stores a route as a line", () => {
    const doc = newBoard();
    const id = addArea(doc, routeInput({ note: "Convoys every week" }), AUTHOR);
    expect(getArea(doc, id)).toMatchObject({ kind: "route", note: "Convoys every week", geometry: { type: "LineString" } });
  });

  const square = areaInput().geometry;
  const openRing = { type: "Polygon", coordinates: [[[1.5, 15.5], [3, 15.5], [3, 16.5], [1.5, 16.5]]] };
  const longLine = { type: "LineString", coordinates: Array.from({ length: 2_001 }, (_, i) => [i / 100, 15]) };
  it.each([
    ["a blank title", { title: "  " }, [["title"]]],
    ["an unknown kind", { kind: "zone" as AreaInput["kind"] }, [["kind"]]],
    ["a route drawn as a polygon", { kind: "route" } as const, [["geometry"]]],
    ["a region of control drawn as a line", { kind: "control", geometry: routeInput().geometry } as const, [["geometry"]]],
    ["a ring that does not close", { geometry: openRing as AreaInput["geometry"] }, [["geometry", "coordinates", 0]]],
    ["a ring of three positions", { geometry: { type: "Polygon", coordinates: [square.coordinates[0].slice(1)] } as AreaInput["geometry"] }, [["geometry", "coordinates", 0]]],
    ["a polygon with a hole", { geometry: { type: "Polygon", coordinates: [square.coordinates[0], square.coordinates[0]] } as unknown as AreaInput["geometry"] }, [["geometry", "coordinates"]]],
    ["a line of one position", { kind: "route", geometry: { type: "LineString", coordinates: [[0, 15]] } } as const, [["geometry", "coordinates"]]],
    ["a line of 2,001 positions", { kind: "route", geometry: longLine as AreaInput["geometry"] } as const, [["geometry", "coordinates"]]],
    ["a latitude of 95", { kind: "route", geometry: { type: "LineString", coordinates: [[0, 15], [0, 95]] } } as const, [["geometry", "coordinates", 1, 1]]],
    ["a point", { geometry: { type: "Point", coordinates: [0, 15] } as unknown as AreaInput["geometry"] }, [["geometry", "type"]]],
    ["a note over 10,000 characters", { note: "n".repeat(10_001) }, [["note"]]],
    [
      "validity that ends before it starts",
      { validFrom: { start: "2019-03-01", precision: "month" }, validTo: { start: "2018-01-01", precision: "year" } } as const,
      [["validTo"]],
    ],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => addArea(doc, areaInput(patch as Partial<AreaInput>), AUTHOR), paths);
    expect(listAreas(doc)).toEqual([]);
  });

  it("takes validity that ends within the period it starts in (a fuzzy year from a day in it)", () => {
    const doc = newBoard();
    const id = addArea(doc, areaInput({ validFrom: { start: "2018-01-01", precision: "year" }, validTo: { start: "2018-06-30", precision: "day" } }), AUTHOR);
    expect(getArea(doc, id)?.validTo).toEqual({ start: "2018-06-30", precision: "day" });
  });

  it("takes validity up to a fuzzy period that holds its start (valid from 30 June 2018 to \"2018\", or to June 2018)", () => {
    const doc = newBoard();
    const validFrom = { start: "2018-06-30", precision: "day" } as const;
    const toYear = addArea(doc, areaInput({ validFrom, validTo: { start: "2018-01-01", precision: "year" } }), AUTHOR);
    const toMonth = addArea(doc, areaInput({ validFrom, validTo: { start: "2018-06-01", precision: "month" } }), AUTHOR);
    expect([getArea(doc, toYear)?.validTo?.precision, getArea(doc, toMonth)?.validTo?.precision]).toEqual(["year", "month"]);
    expectInvalid(doc, () => addArea(doc, areaInput({ validFrom, validTo: { start: "2018-05-01", precision: "month" } }), AUTHOR), [["validTo"]]);
  });

  it("rejects an author name the schema would refuse", () => {
    const doc = newBoard();
    expectInvalid(doc, () => addArea(doc, areaInput(), "a".repeat(201)), [["createdBy"]]);
  });
});

describe("updateArea", () => {
  it("changes only the patched fields, in one transaction", () => {
    const doc = newBoard();
    const id = addArea(doc, routeInput(), AUTHOR);
    const geometry: AreaInput["geometry"] = { type: "LineString", coordinates: [[0.04, 16.27], [1.41, 18.44]] };
    expect(countUpdates(doc, () => updateArea(doc, id, { kind: "front", geometry, note: "Held since March" }))).toBe(1);
    expect(getArea(doc, id)).toEqual({ ...getArea(doc, id), title: "N16 Gao–Kidal", kind: "front", geometry, note: "Held since March", createdBy: AUTHOR, createdAt: T0 });
  });

  it("sets and clears a bound of the validity", () => {
    const doc = newBoard();
    const id = addArea(doc, areaInput({ validFrom: { start: "2018-01-01", precision: "year" } }), AUTHOR);
    updateArea(doc, id, { validTo: { start: "2021-06-01", precision: "month" } });
    expect(getArea(doc, id)).toMatchObject({ validFrom: { start: "2018-01-01" }, validTo: { start: "2021-06-01", precision: "month" } });
    updateArea(doc, id, { validFrom: null });
    expect(getArea(doc, id)?.validFrom).toBeUndefined();
    expect(getArea(doc, id)?.validTo).toEqual({ start: "2021-06-01", precision: "month" });
  });

  it("checks the area as it will be: a polygon kind for a line, or an end before the start, writes nothing", () => {
    const doc = newBoard();
    const route = addArea(doc, routeInput({ validFrom: { start: "2019-01-01", precision: "year" } }), AUTHOR);
    expectInvalid(doc, () => updateArea(doc, route, { kind: "operation" }), [["geometry"]]);
    expectInvalid(doc, () => updateArea(doc, route, { validTo: { start: "2018-05-01", precision: "month" } }), [["validTo"]]);
    expectInvalid(doc, () => updateArea(doc, route, { title: "" }), [["title"]]);
  });

  it("cannot change the id, the author or the creation time", () => {
    const doc = newBoard();
    const id = addArea(doc, areaInput(), AUTHOR);
    updateArea(doc, id, { title: "Ménaka", id: "other", createdBy: "mallory", createdAt: 1 } as AreaPatch);
    expect(getArea(doc, id)).toMatchObject({ id, title: "Ménaka", createdBy: AUTHOR, createdAt: T0 });
    expect(getArea(doc, "other")).toBeNull();
  });

  it("names an unknown area and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => updateArea(doc, "nope", { title: "X" }), "No area with id nope");
  });
});

describe("linking cards to areas", () => {
  it("links and unlinks idempotently; a card links only to an area that exists", () => {
    const doc = newBoard();
    const area = addArea(doc, areaInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    expect(getCard(doc, card)?.areaIds).toEqual([]);
    linkCardToArea(doc, card, area);
    linkCardToArea(doc, card, area);
    expect(getCard(doc, card)?.areaIds).toEqual([area]);
    unlinkCardFromArea(doc, card, area);
    expect(getCard(doc, card)?.areaIds).toEqual([]);
    expectMissing(doc, () => linkCardToArea(doc, card, "nope"), "No area with id nope");
    expectMissing(doc, () => addCard(doc, cardInput({ areaIds: ["nope"] }), AUTHOR), "No area with id nope");
    expectMissing(doc, () => updateCard(doc, card, { areaIds: ["nope"] }), "No area with id nope");
  });

  it("reads a card stored without areaIds (before schema 4) as linked to none, and a patch without them leaves links alone", () => {
    const doc = newBoard();
    const area = addArea(doc, areaInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    stockClient.cardMap(doc, card).delete("areaIds");
    expect(getCard(doc, card)?.areaIds).toEqual([]);
    linkCardToArea(doc, card, area);
    updateCard(doc, card, { title: "Renamed" });
    expect(getCard(doc, card)).toMatchObject({ title: "Renamed", areaIds: [area] });
  });

  it("keeps both people's links to areas made at once", () => {
    const alice = newBoard(1);
    const first = addArea(alice, areaInput(), AUTHOR);
    const second = addArea(alice, routeInput(), AUTHOR);
    const card = addCard(alice, cardInput(), AUTHOR);
    const bob = replica(alice, 2);
    linkCardToArea(alice, card, first);
    linkCardToArea(bob, card, second);
    sync(alice, bob);
    expect(getCard(alice, card)?.areaIds.sort()).toEqual([first, second].sort());
    expectConverged(alice, bob);
  });
});

describe("deleteArea", () => {
  it("removes the area and every card's link to it, in one transaction", () => {
    const doc = newBoard();
    const sector = addArea(doc, areaInput(), AUTHOR);
    const route = addArea(doc, routeInput(), AUTHOR);
    const both = addCard(doc, cardInput({ areaIds: [sector, route] }), AUTHOR);
    const one = addCard(doc, cardInput({ title: "Ambush", areaIds: [sector] }), AUTHOR);
    expect(countUpdates(doc, () => deleteArea(doc, sector))).toBe(1);
    expect(getArea(doc, sector)).toBeNull();
    expect(listAreas(doc).map((area) => area.id)).toEqual([route]);
    expect(getCard(doc, both)?.areaIds).toEqual([route]);
    expect(getCard(doc, one)?.areaIds).toEqual([]);
  });

  it("is undone in one step, bringing back the area and the cards' links", () => {
    const doc = newBoard();
    const sector = addArea(doc, areaInput({ note: "JNIM and ISGS both active" }), AUTHOR);
    const card = addCard(doc, cardInput({ areaIds: [sector] }), AUTHOR);
    const before = getArea(doc, sector);
    const undo = new Y.UndoManager(undoScope(doc, ["areas", "cards"]), { trackedOrigins: new Set([MINE]), captureTimeout: 0 });
    deleteArea(doc, sector, MINE);
    expect(getCard(doc, card)?.areaIds).toEqual([]);
    undo.undo();
    expect(getArea(doc, sector)).toEqual(before);
    expect(getCard(doc, card)?.areaIds).toEqual([sector]);
    undo.destroy();
  });

  it("is a no-op for an id that no longer exists", () => {
    const doc = newBoard();
    addArea(doc, areaInput(), AUTHOR);
    expectNoWrite(doc, () => deleteArea(doc, "nope"));
  });
});

describe("concurrent edits to one area", () => {
  it("keeps both people's edits to different fields", () => {
    const alice = newBoard(1);
    const id = addArea(alice, routeInput(), AUTHOR);
    const bob = replica(alice, 2);
    updateArea(alice, id, { title: "RN16" });
    updateArea(bob, id, { note: "Mined near Anéfis", validFrom: { start: "2019-02-01", precision: "month" } });
    sync(alice, bob);
    expect(getArea(alice, id)).toMatchObject({ title: "RN16", note: "Mined near Anéfis", validFrom: { start: "2019-02-01" } });
    expectConverged(alice, bob);
  });

  it("keeps showing an area whose edits made at once do not fit together, as its shape and its start allow", () => {
    const alice = newBoard(1);
    const route = addArea(alice, routeInput({ validFrom: { start: "2018-01-01", precision: "year" }, validTo: { start: "2019-12-01", precision: "month" } }), AUTHOR);
    const bob = replica(alice, 2);
    // Alice redraws the route as an area of operation; Bob makes it a front line.
    updateArea(alice, route, { kind: "operation", geometry: areaInput().geometry });
    updateArea(bob, route, { kind: "front" });
    // Alice moves the start to 2019; Bob moves the end to 2018.
    updateArea(alice, route, { validFrom: { start: "2019-06-01", precision: "month" } });
    updateArea(bob, route, { validTo: { start: "2018-06-01", precision: "month" } });
    sync(alice, bob);
    expectConverged(alice, bob);
    const read = getArea(alice, route);
    // Whichever kind won, the polygon reads as an area of operation.
    expect(read).toMatchObject({ title: "N16 Gao–Kidal", kind: "operation", geometry: { type: "Polygon" }, validFrom: { start: "2019-06-01" } });
    expect(read?.validTo).toBeUndefined();
    // It can still be edited, and the edit is checked against what is read.
    updateArea(alice, route, { title: "Contested sector" });
    expect(getArea(alice, route)?.title).toBe("Contested sector");
  });

  it("hides a card's link to an area someone else deleted at the same time", () => {
    const alice = newBoard(1);
    const id = addArea(alice, areaInput(), AUTHOR);
    const card = addCard(alice, cardInput(), AUTHOR);
    const bob = replica(alice, 2);
    deleteArea(alice, id);
    linkCardToArea(bob, card, id);
    sync(alice, bob);
    expect(getCard(alice, card)?.areaIds).toEqual([]);
    expectConverged(alice, bob);
  });
});

describe("observeBoard", () => {
  it("tells a view of the areas of every change to them, and only to them", () => {
    const doc = newBoard();
    const origins: unknown[] = [];
    const stop = observeBoard(doc, ["areas"], (origin) => origins.push(origin));
    addCard(doc, cardInput(), AUTHOR);
    const id = addArea(doc, areaInput(), AUTHOR, MINE);
    updateArea(doc, id, { note: "Moved north" }, MINE);
    deleteArea(doc, id);
    stop();
    addArea(doc, areaInput(), AUTHOR);
    expect(origins).toEqual([MINE, MINE, null]);
  });
});

describe("reads", () => {
  it("lists areas oldest first and skips what a stock client wrote badly", () => {
    const doc = newBoard();
    clock.now = T0 + 200;
    const late = addArea(doc, routeInput(), AUTHOR);
    clock.now = T0 + 100;
    const early = addArea(doc, areaInput(), AUTHOR);
    const offTheMap = { ...routeInput(), geometry: { type: "LineString", coordinates: [[0, 15], [0, 500]] }, note: "", createdBy: "x", createdAt: 1 };
    stockClient.setEntity(doc, "areas", "rogue", yMap(offTheMap));
    stockClient.setEntity(doc, "areas", "untitled", yMap({ ...offTheMap, title: "", geometry: routeInput().geometry }));
    stockClient.setEntity(doc, "areas", "text", "just a string");
    expect(listAreas(doc).map((area) => area.id)).toEqual([early, late]);
    expect(getArea(doc, "rogue")).toBeNull();
    expect(getArea(doc, "nope")).toBeNull();
  });
});
