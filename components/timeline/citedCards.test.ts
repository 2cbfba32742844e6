import { describe, expect, it } from "vitest";
import type { Card, Claim } from "@/lib/board/schema";
import { citedCards } from "./citedCards";
import type { TimelineEntry } from "./useTimeline";

const card = (id: string, pinIds: string[]): TimelineEntry => ({
  card: {
    id,
    title: id,
    body: "",
    when: { start: "2019-01-01", precision: "day" },
    pinIds,
    areaIds: [],
    source: { title: "", url: "" },
    grade: { reliability: "F", credibility: 6 },
    tags: [],
    createdBy: "Ana",
    createdAt: 0,
  } satisfies Card,
  pins: [],
});
const entries = [card("c1", ["p1"]), card("c2", ["p2"]), card("c3", [])];
const claim: Claim = { id: "k1", likelihood: "likely", confidence: "low", evidence: [{ kind: "card", id: "c3" }, { kind: "pin", id: "p2" }] };

describe("citedCards", () => {
  it("highlights a claim's cards and the cards of its pins", () => {
    expect([...citedCards(entries, [claim], null, { kind: "claim", id: "k1" })].sort()).toEqual(["c2", "c3"]);
  });

  it("highlights the cards of a selected pin", () => {
    expect([...citedCards(entries, [claim], null, { kind: "pin", id: "p1" })]).toEqual(["c1"]);
  });

  it("lets what the pointer rests on win over the selection, and highlights a hovered card itself", () => {
    expect([...citedCards(entries, [claim], { kind: "pin", id: "p1" }, { kind: "claim", id: "k1" })]).toEqual(["c1"]);
    expect([...citedCards(entries, [claim], { kind: "card", id: "c2" }, null)]).toEqual(["c2"]);
    expect([...citedCards(entries, [claim], null, { kind: "card", id: "c2" })]).toEqual([]);
  });

  it("highlights nothing for an unknown claim or no focus", () => {
    expect(citedCards(entries, [claim], null, { kind: "claim", id: "gone" }).size).toBe(0);
    expect(citedCards(entries, [claim], null, null).size).toBe(0);
  });
});
