/** Unit tests of the card filter the timeline and the map share. */
import { describe, expect, it } from "vitest";
import type { Card } from "@/lib/board/schema";
import { cardFilterFacets, describeCardFilter, isCardFilterActive, matchesCardFilter } from "./boardUi";

const card = (id: string, tags: string[], event?: Card["event"]): Card => ({
  id,
  title: id,
  body: "",
  when: { start: "2019-01-01", precision: "day" },
  pinIds: [],
  areaIds: [],
  source: { title: "", url: "" },
  grade: { reliability: "F", credibility: 6 },
  tags,
  ...(event ? { event } : {}),
  createdBy: "me",
  createdAt: 0,
});

const battle = card("battle", ["JNIM"], { eventType: "Battles", actor1: { name: "JNIM", associated: ["Katiba Macina"] }, actor2: { name: "Military Forces of Mali" } });
const ied = card("ied", ["ISGS", "IED"], { eventType: "Explosions/Remote violence", actor1: { name: "Islamic State (Sahel)" } });
const plain = card("plain", []);

describe("matchesCardFilter", () => {
  it("lets every card through without a filter or with an empty one", () => {
    for (const c of [battle, ied, plain]) {
      expect(matchesCardFilter(c, null)).toBe(true);
      expect(matchesCardFilter(c, {})).toBe(true);
    }
    expect(isCardFilterActive(null)).toBe(false);
    expect(isCardFilterActive({ tag: undefined })).toBe(false);
  });

  it("keeps the cards with the tag, the event type, or the actor on either side or associated", () => {
    const pass = (filter: Parameters<typeof matchesCardFilter>[1]) => [battle, ied, plain].filter((c) => matchesCardFilter(c, filter)).map((c) => c.id);
    expect(pass({ tag: "IED" })).toEqual(["ied"]);
    expect(pass({ eventType: "Battles" })).toEqual(["battle"]);
    expect(pass({ actor: "Military Forces of Mali" })).toEqual(["battle"]);
    expect(pass({ actor: "Katiba Macina" })).toEqual(["battle"]);
    expect(pass({ actor: "JNIM", eventType: "Explosions/Remote violence" })).toEqual([]);
    expect(pass({ tag: "ISGS", actor: "Islamic State (Sahel)" })).toEqual(["ied"]);
  });

  it("says what it filters by, and offers the values the cards carry", () => {
    expect(describeCardFilter({ tag: "JNIM", eventType: "Battles" })).toBe("tag JNIM, event type Battles");
    expect(describeCardFilter(null)).toBe("");
    expect(cardFilterFacets([battle, ied, plain]).map((f) => [f.key, f.values])).toEqual([
      ["tag", ["IED", "ISGS", "JNIM"]],
      ["actor", ["Islamic State (Sahel)", "JNIM", "Katiba Macina", "Military Forces of Mali"]],
      ["eventType", ["Battles", "Explosions/Remote violence"]],
    ]);
  });
});
