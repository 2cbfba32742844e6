import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addCard, addClaim, addPin } from "@/lib/board/model";
import type { Card } from "@/lib/board/schema";
import { ringColorByPin } from "./pinFeatures";
import { citedPins, pinsOutsideFilters } from "./pinFilters";

const card = (id: string, when: Card["when"], pinIds: string[]): Card => ({
  id,
  title: id,
  body: "",
  when,
  pinIds,
  areaIds: [],
  source: { title: "", url: "" },
  grade: { reliability: "F", credibility: 6 },
  tags: [],
  createdBy: "me",
  createdAt: 0,
});

describe("pinsOutsideFilters", () => {
  const cards = [
    { ...card("old", { start: "2018-05-01", precision: "day" }, ["a", "b"]), tags: ["JNIM"] },
    { ...card("new", { start: "2019-03-02", precision: "day" }, ["b", "c"]), tags: ["ISGS", "attack"] },
  ];

  it("keeps everything when there is neither window nor filter", () => {
    expect(pinsOutsideFilters(cards, null).size).toBe(0);
    expect(pinsOutsideFilters(cards, null, {}).size).toBe(0);
  });

  it("dims pins cited only by cards outside the window; a pin cited inside stays", () => {
    expect([...pinsOutsideFilters(cards, { start: "2019-03-01", end: "2019-03-31" })]).toEqual(["a"]);
    expect([...pinsOutsideFilters(cards, { start: "2018-01-01", end: "2018-12-31" })]).toEqual(["c"]);
  });

  it("dims pins cited only by cards the filter leaves out, and applies window and filter together", () => {
    expect([...pinsOutsideFilters(cards, null, { tag: "ISGS" })]).toEqual(["a"]);
    expect([...pinsOutsideFilters(cards, null, { tag: "JNIM" })]).toEqual(["c"]);
    expect([...pinsOutsideFilters(cards, null, { tag: "nobody" })].sort()).toEqual(["a", "b", "c"]);
    expect([...pinsOutsideFilters(cards, { start: "2019-03-01", end: "2019-03-31" }, { tag: "JNIM" })].sort()).toEqual(["a", "b", "c"]);
  });
});

describe("citedPins", () => {
  it("lists a card's pins, and a claim's pins with those of its cards", () => {
    const doc = new Y.Doc();
    const kidal = addPin(doc, { title: "Kidal", lng: 1.4, lat: 18.4 }, "me");
    const mopti = addPin(doc, { title: "Mopti", lng: -4.2, lat: 14.5 }, "me");
    const card = addCard(doc, { title: "Attack", when: { start: "2019-03-02", precision: "day" }, pinIds: [kidal] }, "me");
    const claim = addClaim(doc, {
      likelihood: "likely",
      confidence: "low",
      evidence: [
        { kind: "card", id: card },
        { kind: "pin", id: mopti },
      ],
    });
    expect(citedPins(doc, { kind: "card", id: card })).toEqual([kidal]);
    expect(citedPins(doc, { kind: "claim", id: claim }).sort()).toEqual([kidal, mopti].sort());
    expect(citedPins(doc, { kind: "pin", id: kidal })).toEqual([]);
    expect(citedPins(doc, null)).toEqual([]);
  });
});

describe("pin rings", () => {
  it("gives each selected pin one ring colour, the first person's", () => {
    expect(ringColorByPin([])).toBe("#000000");
    expect(
      ringColorByPin([
        { pinId: "a", color: "#111111" },
        { pinId: "a", color: "#222222" },
        { pinId: "b", color: "#333333" },
      ]),
    ).toEqual(["case", ["in", "|a|", ["get", "ids"]], "#111111", ["in", "|b|", ["get", "ids"]], "#333333", "#000000"]);
  });
});
