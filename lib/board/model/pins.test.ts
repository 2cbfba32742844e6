/**
 * Unit tests of pins: writes validate first and write nothing when they throw; reads skip what a
 * stock client may have written.
 */
import { describe, expect, it } from "vitest";
import { IdSchema, type PinInput, type PinPatch } from "../schema";
import { addCard, addClaim, addPin, deletePin, getCard, getClaim, getPin, listPins, updatePin } from "./index";
import {
  AUTHOR,
  cardInput,
  clock,
  countUpdates,
  expectInvalid,
  expectMissing,
  expectNoWrite,
  newBoard,
  pinInput,
  stockClient,
  T0,
  freezeClock,
  yMap,
} from "./test-support";

freezeClock();

describe("addPin", () => {
  it("stores every field with the author and the time, and returns a valid id", () => {
    const doc = newBoard();
    clock.now = T0 + 5;
    const id = addPin(doc, pinInput({ title: "  Koulikoro  " }), AUTHOR);
    expect(IdSchema.parse(id)).toBe(id);
    expect(getPin(doc, id)).toEqual({
      id,
      title: "Koulikoro",
      lng: -7.5586,
      lat: 12.8627,
      kind: "place",
      note: "EUTM camp",
      geoPrecision: "near",
      createdBy: AUTHOR,
      createdAt: T0 + 5,
    });
  });

  it("defaults the kind, the note and the precision, in one transaction", () => {
    const doc = newBoard();
    let id = "";
    expect(countUpdates(doc, () => (id = addPin(doc, { title: "Bamako", lng: -8.0029, lat: 12.6392 }, AUTHOR)))).toBe(1);
    expect(getPin(doc, id)).toEqual({
      id,
      title: "Bamako",
      lng: -8.0029,
      lat: 12.6392,
      kind: "event",
      note: "",
      geoPrecision: "exact",
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it("accepts the edges of the map", () => {
    const doc = newBoard();
    const west = addPin(doc, pinInput({ lng: -180, lat: -90 }), AUTHOR);
    const east = addPin(doc, pinInput({ lng: 180, lat: 90 }), AUTHOR);
    expect([getPin(doc, west)?.lng, getPin(doc, west)?.lat]).toEqual([-180, -90]);
    expect([getPin(doc, east)?.lng, getPin(doc, east)?.lat]).toEqual([180, 90]);
  });

  it.each([
    ["a latitude of 500", { lat: 500 }, [["lat"]]],
    ["a longitude of -181", { lng: -181 }, [["lng"]]],
    ["a NaN latitude", { lat: Number.NaN }, [["lat"]]],
    ["a blank title", { title: "  " }, [["title"]]],
    ["an unknown kind", { kind: "city" as PinInput["kind"] }, [["kind"]]],
    ["an unknown precision", { geoPrecision: "rough" as PinInput["geoPrecision"] }, [["geoPrecision"]]],
    ["a note over 10,000 characters", { note: "n".repeat(10_001) }, [["note"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => addPin(doc, pinInput(patch), AUTHOR), paths);
    expect(listPins(doc)).toEqual([]);
  });

  it("rejects an author name the pin schema would refuse, rather than writing a pin no one can read", () => {
    const doc = newBoard();
    expectInvalid(doc, () => addPin(doc, pinInput(), "a".repeat(201)), [["createdBy"]]);
  });
});

describe("updatePin", () => {
  it("changes only the patched fields", () => {
    const doc = newBoard();
    const id = addPin(doc, pinInput(), AUTHOR);
    updatePin(doc, id, { title: "Koulikoro camp" });
    expect(getPin(doc, id)).toEqual({
      id,
      title: "Koulikoro camp",
      lng: -7.5586,
      lat: 12.8627,
      kind: "place",
      note: "EUTM camp",
      geoPrecision: "near",
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it("changes several fields in one transaction", () => {
    const doc = newBoard();
    const id = addPin(doc, pinInput(), AUTHOR);
    const patch = { lng: -7.56, lat: 12.86, kind: "event", note: "Attacked", geoPrecision: "exact" } as const;
    expect(countUpdates(doc, () => updatePin(doc, id, patch))).toBe(1);
    expect(getPin(doc, id)).toEqual({
      id,
      title: "Koulikoro",
      lng: -7.56,
      lat: 12.86,
      kind: "event",
      note: "Attacked",
      geoPrecision: "exact",
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it("cannot change the id, the author or the creation time", () => {
    const doc = newBoard();
    const id = addPin(doc, { title: "Bamako", lng: -8, lat: 12.6 }, AUTHOR);
    updatePin(doc, id, { title: "Bamako city", id: "other", createdBy: "mallory", createdAt: 1 } as PinPatch);
    expect(getPin(doc, id)).toMatchObject({ id, title: "Bamako city", createdBy: AUTHOR, createdAt: T0 });
    expect(getPin(doc, "other")).toBeNull();
  });

  it.each([
    ["a latitude of 500", { lat: 500 }, [["lat"]]],
    ["a blank title", { title: " " }, [["title"]]],
    ["an unknown kind", { kind: "city" as PinInput["kind"] }, [["kind"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    const id = addPin(doc, pinInput(), AUTHOR);
    expectInvalid(doc, () => updatePin(doc, id, patch), paths);
  });

  it("names an unknown pin and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => updatePin(doc, "nope", { title: "X" }), "No pin with id nope");
  });
});

describe("deletePin", () => {
  it("removes the pin and every card's and claim's link to it, in one transaction", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const assault = addCard(doc, cardInput({ pinIds: [koulikoro, bamako] }), AUTHOR);
    const other = addCard(doc, cardInput({ title: "Bamako only", pinIds: [bamako] }), AUTHOR);
    const claim = addClaim(doc, {
      likelihood: "likely",
      confidence: "moderate",
      evidence: [
        { kind: "pin", id: koulikoro },
        { kind: "card", id: assault },
        { kind: "pin", id: bamako },
      ],
    });
    const onlyKoulikoro = addClaim(doc, { likelihood: "unlikely", confidence: "low", evidence: [{ kind: "pin", id: koulikoro }] });

    expect(countUpdates(doc, () => deletePin(doc, koulikoro))).toBe(1);

    expect(getPin(doc, koulikoro)).toBeNull();
    expect(listPins(doc).map((pin) => pin.id)).toEqual([bamako]);
    expect(getCard(doc, assault)?.pinIds).toEqual([bamako]);
    expect(getCard(doc, other)?.pinIds).toEqual([bamako]);
    expect(getClaim(doc, claim)?.evidence).toEqual([
      { kind: "card", id: assault },
      { kind: "pin", id: bamako },
    ]);
    expect(getClaim(doc, onlyKoulikoro)?.evidence).toEqual([]);
  });

  it("is a no-op for an id that no longer exists (someone else deleted it first)", () => {
    const doc = newBoard();
    addPin(doc, pinInput(), AUTHOR);
    expectNoWrite(doc, () => deletePin(doc, "nope"));
  });
});

describe("getPin", () => {
  it("returns null for an unknown or malformed id", () => {
    const doc = newBoard();
    addPin(doc, pinInput(), AUTHOR);
    expect(getPin(doc, "nope")).toBeNull();
    expect(getPin(doc, "not an id!")).toBeNull();
  });

  it("returns null for an entry a stock client wrote badly", () => {
    const doc = newBoard();
    stockClient.setEntity(doc, "pins", "rogue", yMap({ title: "Nowhere", lng: 0, lat: 500, kind: "place", note: "", geoPrecision: "exact", createdBy: "x", createdAt: 1 }));
    stockClient.setEntity(doc, "pins", "plain", { title: "Plain object", lng: 0, lat: 0 });
    expect(getPin(doc, "rogue")).toBeNull();
    expect(getPin(doc, "plain")).toBeNull();
  });
});

describe("listPins", () => {
  it("is empty on a new board", () => {
    expect(listPins(newBoard())).toEqual([]);
  });

  it("lists pins oldest first, then by id", () => {
    const doc = newBoard();
    clock.now = T0 + 300;
    const late = addPin(doc, pinInput({ title: "Late" }), AUTHOR);
    clock.now = T0 + 100;
    const early = addPin(doc, pinInput({ title: "Early" }), AUTHOR);
    clock.now = T0 + 200;
    const tiedA = addPin(doc, pinInput({ title: "Tied A" }), AUTHOR);
    const tiedB = addPin(doc, pinInput({ title: "Tied B" }), AUTHOR);
    const tied = [tiedA, tiedB].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(listPins(doc).map((pin) => pin.id)).toEqual([early, ...tied, late]);
  });

  it("skips entries written badly by a stock client, without throwing", () => {
    const doc = newBoard();
    const good = addPin(doc, pinInput(), AUTHOR);
    stockClient.setEntity(doc, "pins", "rogue", yMap({ title: "Nowhere", lng: 0, lat: 500, kind: "place", note: "", geoPrecision: "exact", createdBy: "x", createdAt: 1 }));
    stockClient.setEntity(doc, "pins", "untitled", yMap({ lng: 0, lat: 0, kind: "place", note: "", geoPrecision: "exact", createdBy: "x", createdAt: 1 }));
    stockClient.setEntity(doc, "pins", "text", "just a string");
    expect(listPins(doc).map((pin) => pin.id)).toEqual([good]);
  });
});
