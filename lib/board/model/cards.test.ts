/**
 * Unit tests of timeline cards, their links to pins, their writers' origins and the import of many
 * events at once.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { IdSchema, type CardInput, type CardPatch } from "../schema";
import {
  addArea,
  addCard,
  addClaim,
  addPin,
  deleteCard,
  getCard,
  getClaim,
  getPin,
  importEvidence,
  linkCardToArea,
  linkCardToPin,
  listCards,
  listPins,
  observeBoard,
  undoScope,
  unlinkCardFromPin,
  updateCard,
  updateCards,
} from "./index";
import {
  areaInput,
  AUTHOR,
  byId,
  cardInput,
  clock,
  countUpdates,
  expectInvalid,
  expectMissing,
  expectNoWrite,
  newBoard,
  pinInput,
  replica,
  routeInput,
  stockClient,
  sync,
  T0,
  freezeClock,
  yMap,
} from "./test-support";

freezeClock();

describe("addCard", () => {
  it("stores a card with its defaults", () => {
    const doc = newBoard();
    clock.now = T0 + 7;
    const id = addCard(doc, cardInput(), AUTHOR);
    expect(IdSchema.parse(id)).toBe(id);
    expect(getCard(doc, id)).toEqual({
      id,
      title: "Assault on the EUTM camp",
      body: "",
      when: { start: "2019-02-18", end: "2019-02-28", precision: "approx" },
      pinIds: [],
      areaIds: [],
      source: { title: "", url: "" },
      grade: { reliability: "F", credibility: 6 },
      tags: [],
      createdBy: AUTHOR,
      createdAt: T0 + 7,
    });
  });

  it("stores every given field and links existing pins, in one transaction", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    let id = "";
    const input: CardInput = {
      title: "Assault",
      body: "Gunmen and two SVBIEDs.",
      when: { start: "2019-02-24", precision: "day" },
      pinIds: [koulikoro, bamako],
      areaIds: [],
      source: { title: "Report", url: "https://example.org/report" },
      grade: { reliability: "C", credibility: 2 },
      tags: ["JNIM", "SVBIED"],
    };
    expect(countUpdates(doc, () => (id = addCard(doc, input, AUTHOR)))).toBe(1);
    expect(getCard(doc, id)).toEqual({ id, ...input, createdBy: AUTHOR, createdAt: T0 });
  });

  it.each([
    ["an end before the start", { when: { start: "2019-02-10", end: "2019-02-01", precision: "day" } }, [["when", "end"]]],
    ["a date that does not exist", { when: { start: "2019-02-30", precision: "day" } }, [["when", "start"]]],
    ["an unknown precision", { when: { start: "2019-02-01", precision: "week" } }, [["when", "precision"]]],
    ["a reliability of G", { grade: { reliability: "G", credibility: 1 } }, [["grade", "reliability"]]],
    ["a credibility of 7", { grade: { reliability: "A", credibility: 7 } }, [["grade", "credibility"]]],
    ["a non-http source", { source: { title: "", url: "ftp://example.org" } }, [["source", "url"]]],
    ["a blank tag", { tags: [" "] }, [["tags", 0]]],
    ["a malformed pin id", { pinIds: ["not an id!"] }, [["pinIds", 0]]],
    ["a blank title", { title: "" }, [["title"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => addCard(doc, cardInput(patch as Partial<CardInput>), AUTHOR), paths);
    expect(listCards(doc)).toEqual([]);
  });

  it("names an unknown pin and writes nothing", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    expectMissing(doc, () => addCard(doc, cardInput({ pinIds: [pin, "ghost"] }), AUTHOR), "No pin with id ghost");
  });

  it("rejects an author name the card schema would refuse, rather than writing a card no one can read", () => {
    const doc = newBoard();
    expectInvalid(doc, () => addCard(doc, cardInput(), "a".repeat(201)), [["createdBy"]]);
  });
});

describe("updateCard", () => {
  it("changes only the patched fields and replaces the pin links", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const id = addCard(doc, cardInput({ pinIds: [koulikoro], tags: ["JNIM"] }), AUTHOR);
    const patch: CardPatch = {
      when: { start: "2019-02-24", precision: "day" },
      pinIds: [bamako],
      areaIds: [],
      grade: { reliability: "B", credibility: 2 },
    };
    expect(countUpdates(doc, () => updateCard(doc, id, patch))).toBe(1);
    expect(getCard(doc, id)).toEqual({
      id,
      title: "Assault on the EUTM camp",
      body: "",
      when: { start: "2019-02-24", precision: "day" },
      pinIds: [bamako],
      areaIds: [],
      source: { title: "", url: "" },
      grade: { reliability: "B", credibility: 2 },
      tags: ["JNIM"],
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it.each([
    ["an end before the start", { when: { start: "2019-02-10", end: "2019-02-01", precision: "day" } }, [["when", "end"]]],
    ["a credibility of 0", { grade: { reliability: "A", credibility: 0 } }, [["grade", "credibility"]]],
    ["a blank title", { title: " " }, [["title"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    const id = addCard(doc, cardInput(), AUTHOR);
    expectInvalid(doc, () => updateCard(doc, id, patch as CardPatch), paths);
  });

  it("names an unknown card and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => updateCard(doc, "nope", { title: "X" }), "No card with id nope");
  });

  it("names an unknown pin in the new links and writes nothing, as addCard does", () => {
    const doc = newBoard();
    const id = addCard(doc, cardInput(), AUTHOR);
    expectMissing(doc, () => updateCard(doc, id, { pinIds: ["ghost"] }), "No pin with id ghost");
  });
});

describe("a card's event details", () => {
  const event = {
    sourceId: "MLI9001",
    eventType: "Battles",
    subEventType: "Armed clash",
    actor1: { name: "JNIM: Group for Support of Islam and Muslims", associated: ["Katiba Macina"] },
    actor2: { name: "Military Forces of Mali" },
    inter1: "2",
    inter2: "1",
    fatalities: 0,
    country: "Mali",
    admin1: "Tombouctou",
    admin2: "Tombouctou",
    extra: { reporter: "Sample Wire desk" },
  };

  it("are stored with the card and read back as written, a fatality count of 0 included", () => {
    const doc = newBoard();
    const id = addCard(doc, cardInput({ event }), AUTHOR);
    expect(getCard(doc, id)?.event).toEqual(event);
    expect(listCards(doc)[0].event?.fatalities).toBe(0);
  });

  it("are replaced as a whole by a patch, other fields untouched", () => {
    const doc = newBoard();
    const id = addCard(doc, cardInput({ event, tags: ["JNIM"] }), AUTHOR);
    updateCard(doc, id, { event: { ...event, fatalities: 4, actor2: undefined } });
    const card = getCard(doc, id)!;
    expect(card.event).toEqual({ ...event, fatalities: 4, actor2: undefined });
    expect(card.event).not.toHaveProperty("actor2");
    expect(card.tags).toEqual(["JNIM"]);
  });

  it.each([
    ["a negative fatality count", { fatalities: -1 }, [["event", "fatalities"]]],
    ["a fractional fatality count", { fatalities: 1.5 }, [["event", "fatalities"]]],
    ["an actor without a name", { actor1: { name: "  " } }, [["event", "actor1", "name"]]],
    ["an empty event type", { eventType: "" }, [["event", "eventType"]]],
    ["an over-long country", { country: "x".repeat(101) }, [["event", "country"]]],
    ["too many other properties", { extra: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`p${i}`, "v"])) }, [["event", "extra"]]],
  ])("refuse %s and write nothing", (_case, bad, paths) => {
    const doc = newBoard();
    const id = addCard(doc, cardInput(), AUTHOR);
    expectInvalid(doc, () => updateCard(doc, id, { event: bad } as CardPatch), paths);
    expectInvalid(doc, () => addCard(doc, cardInput({ event: bad } as Partial<CardInput>), AUTHOR), paths);
  });
});

describe("deleteCard", () => {
  it("removes the card and every claim's link to it, in one transaction", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const assault = addCard(doc, cardInput(), AUTHOR);
    const other = addCard(doc, cardInput({ title: "Other" }), AUTHOR);
    const claim = addClaim(doc, {
      likelihood: "likely",
      confidence: "low",
      evidence: [
        { kind: "card", id: assault },
        { kind: "pin", id: pin },
        { kind: "card", id: other },
      ],
    });
    expect(countUpdates(doc, () => deleteCard(doc, assault))).toBe(1);
    expect(getCard(doc, assault)).toBeNull();
    expect(listCards(doc).map((card) => card.id)).toEqual([other]);
    expect(getClaim(doc, claim)?.evidence).toEqual([
      { kind: "pin", id: pin },
      { kind: "card", id: other },
    ]);
    expect(listPins(doc).map((p) => p.id)).toEqual([pin]);
  });

  it("is a no-op for an id that no longer exists (someone else deleted it first)", () => {
    const doc = newBoard();
    addCard(doc, cardInput(), AUTHOR);
    expectNoWrite(doc, () => deleteCard(doc, "nope"));
  });
});

describe("getCard", () => {
  it("returns null for an unknown id and for an entry a stock client wrote badly", () => {
    const doc = newBoard();
    addCard(doc, cardInput(), AUTHOR);
    stockClient.setEntity(doc, "cards", "rogue", yMap({ title: "Bad grade", body: "", when: { start: "2019-01-01", precision: "day" }, pinIds: new Y.Array(), source: { title: "", url: "" }, grade: { reliability: "Z", credibility: 1 }, tags: [], createdBy: "x", createdAt: 1 }));
    expect(getCard(doc, "nope")).toBeNull();
    expect(getCard(doc, "rogue")).toBeNull();
  });
});

describe("listCards", () => {
  it("orders cards by start date, then end date (a lone date ends on its start), then creation", () => {
    const doc = newBoard();
    clock.now = T0 + 10;
    const febRange = addCard(doc, cardInput({ title: "Feb range", when: { start: "2019-02-01", end: "2019-02-28", precision: "approx" } }), AUTHOR);
    clock.now = T0 + 20;
    const jan = addCard(doc, cardInput({ title: "Jan", when: { start: "2019-01-15", precision: "day" } }), AUTHOR);
    clock.now = T0 + 30;
    const febFirst = addCard(doc, cardInput({ title: "Feb 1", when: { start: "2019-02-01", precision: "month" } }), AUTHOR);
    clock.now = T0 + 5;
    const febRangeEarlier = addCard(doc, cardInput({ title: "Feb range, created first", when: { start: "2019-02-01", end: "2019-02-28", precision: "approx" } }), AUTHOR);
    clock.now = T0;
    const year2018 = addCard(doc, cardInput({ title: "2018", when: { start: "2018-01-01", precision: "year" } }), AUTHOR);

    expect(listCards(doc).map((card) => card.id)).toEqual([year2018, jan, febFirst, febRangeEarlier, febRange]);
  });

  it("skips entries written badly by a stock client", () => {
    const doc = newBoard();
    const good = addCard(doc, cardInput(), AUTHOR);
    stockClient.setEntity(doc, "cards", "rogue", yMap({ title: "No dates", body: "", pinIds: new Y.Array(), source: { title: "", url: "" }, grade: { reliability: "A", credibility: 1 }, tags: [], createdBy: "x", createdAt: 1 }));
    stockClient.setEntity(doc, "cards", "number", 7);
    expect(listCards(doc).map((card) => card.id)).toEqual([good]);
  });
});

describe("linkCardToPin", () => {
  it("appends the pin to the card's links", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [koulikoro] }), AUTHOR);
    expect(countUpdates(doc, () => linkCardToPin(doc, card, bamako))).toBe(1);
    expect(getCard(doc, card)?.pinIds).toEqual([koulikoro, bamako]);
  });

  it("writes nothing when the link already exists", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [pin] }), AUTHOR);
    expectNoWrite(doc, () => linkCardToPin(doc, card, pin));
    expect(getCard(doc, card)?.pinIds).toEqual([pin]);
  });

  it("names an unknown card or pin and writes nothing", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    expectMissing(doc, () => linkCardToPin(doc, "ghost", pin), "No card with id ghost");
    expectMissing(doc, () => linkCardToPin(doc, card, "ghost"), "No pin with id ghost");
  });
});

describe("unlinkCardFromPin", () => {
  it("removes only that pin from the card's links", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [koulikoro, bamako] }), AUTHOR);
    unlinkCardFromPin(doc, card, koulikoro);
    expect(getCard(doc, card)?.pinIds).toEqual([bamako]);
    expect(listPins(doc).map((pin) => pin.id).sort()).toEqual([koulikoro, bamako].sort());
  });

  it("writes nothing when the pin is not linked", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    expectNoWrite(doc, () => unlinkCardFromPin(doc, card, pin));
  });

  it("names an unknown card and writes nothing", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    expectMissing(doc, () => unlinkCardFromPin(doc, "ghost", pin), "No card with id ghost");
  });
});

describe("card writers' origin", () => {
  const MINE = { component: "timeline" };

  it("tags each card write with the origin given, so an undo manager can track it", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const origins: unknown[] = [];
    observeBoard(doc, ["cards"], (origin) => origins.push(origin));
    const card = addCard(doc, cardInput(), AUTHOR, MINE);
    updateCard(doc, card, { title: "Renamed" }, MINE);
    linkCardToPin(doc, card, pin, MINE);
    unlinkCardFromPin(doc, card, pin, MINE);
    deleteCard(doc, card, MINE);
    expect(origins).toEqual([MINE, MINE, MINE, MINE, MINE]);
  });

  it("lets a person undo their delete of a card, links included, but not someone else's edit", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [pin], tags: ["JNIM"] }), AUTHOR);
    const other = addCard(doc, cardInput({ title: "Other" }), AUTHOR);
    const undo = new Y.UndoManager(undoScope(doc, ["cards"]), { trackedOrigins: new Set([MINE]), captureTimeout: 0 });
    const before = getCard(doc, card);
    deleteCard(doc, card, MINE);
    updateCard(doc, other, { title: "Edited by someone else" });
    undo.undo();
    expect(getCard(doc, card)).toEqual(before);
    expect(getCard(doc, other)?.title).toBe("Edited by someone else");
  });
});

describe("importEvidence", () => {
  const item = (title: string, lat = 14.5) => ({
    pin: { title, lat, lng: -4.2, kind: "event" as const, geoPrecision: "near" as const },
    card: { title, when: { start: "2019-02-24", precision: "day" as const }, tags: ["JNIM"] },
  });

  it("adds each event as a pin and a card linked to it, in one update", () => {
    const doc = newBoard();
    let ids: string[] = [];
    expect(countUpdates(doc, () => (ids = importEvidence(doc, [item("Mopti"), item("Sévaré")], AUTHOR)))).toBe(1);
    expect(ids).toHaveLength(2);
    const pins = listPins(doc);
    expect(pins.map((p) => p.title).sort()).toEqual(["Mopti", "Sévaré"]);
    for (const id of ids) {
      const card = getCard(doc, id)!;
      expect(card.pinIds).toHaveLength(1);
      expect(getPin(doc, card.pinIds[0])?.title).toBe(card.title);
      expect(card.createdBy).toBe(AUTHOR);
    }
  });

  it("writes nothing when one item is invalid, and names that item", () => {
    const doc = newBoard();
    expectInvalid(doc, () => importEvidence(doc, [item("Mopti"), item("Nowhere", 123)], AUTHOR), [[1, "pin", "lat"]]);
    expect(listCards(doc)).toEqual([]);
  });

  it("is undone as a whole by the importer's undo manager", () => {
    const doc = newBoard();
    const MINE = { component: "import" };
    const undo = new Y.UndoManager(undoScope(doc, ["pins", "cards"]), { trackedOrigins: new Set([MINE]) });
    importEvidence(doc, [item("Mopti"), item("Gao")], AUTHOR, MINE);
    undo.undo();
    expect(listPins(doc)).toEqual([]);
    expect(listCards(doc)).toEqual([]);
  });
});

describe("updateCards", () => {
  const MINE = { component: "timeline" };

  /** Three JNIM cards linked to Koulikoro and one ISGS card, as an import leaves them (F6). */
  function board() {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const jnim = ["Mopti", "Sévaré", "Djenné"].map((title) => addCard(doc, cardInput({ title, tags: ["JNIM", "attack"], pinIds: [koulikoro] }), AUTHOR));
    const isgs = addCard(doc, cardInput({ title: "Ménaka", tags: ["ISGS"] }), AUTHOR);
    return { doc, koulikoro, bamako, jnim, isgs };
  }

  it("regrades every card named, in one update, and leaves the others alone", () => {
    const { doc, jnim, isgs } = board();
    const before = getCard(doc, isgs);
    expect(countUpdates(doc, () => updateCards(doc, jnim, { grade: { reliability: "B", credibility: 2 } }))).toBe(1);
    for (const id of jnim) expect(getCard(doc, id)?.grade).toEqual({ reliability: "B", credibility: 2 });
    expect(getCard(doc, isgs)).toEqual(before);
    // Only the grade changed: titles, tags and links are as they were.
    expect(jnim.map((id) => getCard(doc, id)?.tags)).toEqual([["JNIM", "attack"], ["JNIM", "attack"], ["JNIM", "attack"]]);
  });

  it("links and unlinks areas on every card named, in one update; an unknown area writes nothing", () => {
    const { doc, jnim, isgs } = board();
    const sector = addArea(doc, areaInput(), AUTHOR);
    const route = addArea(doc, routeInput(), AUTHOR);
    linkCardToArea(doc, jnim[0], route);
    expect(countUpdates(doc, () => updateCards(doc, [...jnim, isgs], { linkAreas: [sector], unlinkAreas: [route] }))).toBe(1);
    for (const id of [...jnim, isgs]) expect(getCard(doc, id)?.areaIds).toEqual([sector]);
    expectMissing(doc, () => updateCards(doc, jnim, { linkAreas: ["ghost"] }), "No area with id ghost");
  });

  it("adds tags a card lacks (never twice) and removes tags, keeping the others in order", () => {
    const { doc, jnim, isgs } = board();
    updateCards(doc, [jnim[0], isgs], { addTags: ["Mopti region", "JNIM"], removeTags: ["attack"] });
    expect(getCard(doc, jnim[0])?.tags).toEqual(["JNIM", "Mopti region"]);
    expect(getCard(doc, isgs)?.tags).toEqual(["ISGS", "Mopti region", "JNIM"]);
    expect(getCard(doc, jnim[1])?.tags).toEqual(["JNIM", "attack"]);
  });

  it("links and unlinks a pin on every card, each link once", () => {
    const { doc, koulikoro, bamako, jnim, isgs } = board();
    updateCards(doc, [...jnim, isgs], { linkPins: [bamako] });
    for (const id of jnim) expect(getCard(doc, id)?.pinIds).toEqual([koulikoro, bamako]);
    expect(getCard(doc, isgs)?.pinIds).toEqual([bamako]);
    updateCards(doc, [...jnim, isgs], { linkPins: [bamako], unlinkPins: [koulikoro] });
    for (const id of [...jnim, isgs]) expect(getCard(doc, id)?.pinIds).toEqual([bamako]);
  });

  it("is undone as one step by the person's undo manager, and not someone else's edit made after", () => {
    const { doc, bamako, jnim, isgs } = board();
    const undo = new Y.UndoManager(undoScope(doc, ["cards"]), { trackedOrigins: new Set([MINE]), captureTimeout: 0 });
    const before = listCards(doc);
    updateCards(doc, [...jnim, isgs], { grade: { reliability: "B", credibility: 2 }, addTags: ["reviewed"], linkPins: [bamako] }, MINE);
    updateCard(doc, isgs, { title: "Ménaka, renamed by someone else" });
    expect(undo.undoStack).toHaveLength(1);
    undo.undo();
    expect(undo.undoStack).toHaveLength(0);
    expect(listCards(doc)).toEqual(before.map((card) => (card.id === isgs ? { ...card, title: "Ménaka, renamed by someone else" } : card)));
  });

  it("reaches another replica as one update", () => {
    const { doc, jnim } = board();
    const other = replica(doc, 99);
    const updates: Uint8Array[] = [];
    doc.on("update", (update: Uint8Array) => updates.push(update));
    updateCards(doc, jnim, { grade: { reliability: "B", credibility: 2 } });
    expect(updates).toHaveLength(1);
    Y.applyUpdate(other, updates[0]);
    for (const id of jnim) expect(getCard(other, id)?.grade).toEqual({ reliability: "B", credibility: 2 });
  });

  it("keeps a link someone else adds at the same time as a bulk unlink of another pin", () => {
    const { doc, koulikoro, bamako, jnim } = board();
    const other = replica(doc, 99);
    updateCards(doc, jnim, { unlinkPins: [koulikoro] });
    linkCardToPin(other, jnim[0], bamako);
    sync(doc, other);
    expect(getCard(doc, jnim[0])?.pinIds).toEqual([bamako]);
    expect(byId(listCards(doc))).toEqual(byId(listCards(other)));
  });

  it("writes nothing when every card already is as asked", () => {
    const { doc, koulikoro, jnim } = board();
    expectNoWrite(doc, () => updateCards(doc, jnim, { grade: { reliability: "F", credibility: 6 }, addTags: ["JNIM"], removeTags: ["ISGS"], linkPins: [koulikoro] }));
  });

  it.each([
    ["a credibility of 7", { grade: { reliability: "B", credibility: 7 } }, [["grade", "credibility"]]],
    ["a reliability of G", { grade: { reliability: "G", credibility: 2 } }, [["grade", "reliability"]]],
    ["a blank tag", { addTags: ["ok", " "] }, [["addTags", 1]]],
    ["a tag added and removed at once", { addTags: ["JNIM"], removeTags: ["JNIM"] }, [["removeTags"]]],
    ["a malformed pin id", { linkPins: ["not an id!"] }, [["linkPins", 0]]],
    ["a field it does not change", { title: "Renamed" }, [[]]],
  ])("rejects %s and writes nothing to any card", (_case, patch, paths) => {
    const { doc, jnim } = board();
    expectInvalid(doc, () => updateCards(doc, jnim, { addTags: ["reviewed"], ...patch } as never), paths);
  });

  it("writes nothing when one card would end up with more than 50 tags, and names that card", () => {
    const { doc, jnim } = board();
    const full = addCard(doc, cardInput({ title: "Tagged to the brim", tags: Array.from({ length: 50 }, (_, i) => `t${i}`) }), AUTHOR);
    expectInvalid(doc, () => updateCards(doc, [...jnim, full], { grade: { reliability: "B", credibility: 2 }, addTags: ["one more"] }), [[full, "tags"]]);
  });

  it("names an unknown card or pin and writes nothing to the others", () => {
    const { doc, jnim } = board();
    expectMissing(doc, () => updateCards(doc, [...jnim, "ghost"], { grade: { reliability: "B", credibility: 2 } }), "No card with id ghost");
    expectMissing(doc, () => updateCards(doc, jnim, { grade: { reliability: "B", credibility: 2 }, linkPins: ["ghost"] }), "No pin with id ghost");
  });
});
