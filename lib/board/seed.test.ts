/**
 * The demo board is what a new visitor sees first: it must hold exactly the report's places,
 * events and judgements, every link must resolve, and it must survive being stored and reloaded.
 */
import type { JSONContent } from "@tiptap/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { getCard, getPin, initBoard, listCards, listClaims, listHypotheses, listPins, listRatings, listScenes, readMeta } from "./model";
import { claimsAtAnchor } from "./outline";
import { narrativeText, readNarrative } from "./narrative";
import { CardSchema, SCHEMA_VERSION, type Card, type EvidenceRef, type Pin } from "./schema";
import { DEMO_ANALYST_ID, DEMO_BOARD, seedDemoBoard } from "./seed";

const SEEDED_AT = Date.UTC(2019, 2, 4);
const AUTHOR = "Situation Board demo";

beforeEach(() => {
  vi.spyOn(Date, "now").mockReturnValue(SEEDED_AT);
});

afterEach(() => {
  vi.restoreAllMocks();
});

function seededBoard(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, DEMO_BOARD);
  seedDemoBoard(doc);
  return doc;
}

function pinTitled(doc: Y.Doc, title: string): Pin {
  const pin = listPins(doc).find((p) => p.title === title);
  if (!pin) throw new Error(`No seeded pin titled ${title}`);
  return pin;
}

function cardTitled(doc: Y.Doc, title: string): Card {
  const card = listCards(doc).find((c) => c.title === title);
  if (!card) throw new Error(`No seeded card titled ${title}`);
  return card;
}

/** The title of the card or pin a piece of evidence points at, or null when it points nowhere. */
function titleOf(doc: Y.Doc, ref: EvidenceRef): string | null {
  return (ref.kind === "card" ? getCard(doc, ref.id) : getPin(doc, ref.id))?.title ?? null;
}

/** Every claimId carried by a `claim` mark, in document order. */
function markedClaimIds(node: JSONContent): string[] {
  const own = (node.marks ?? []).filter((mark) => mark.type === "claim").map((mark) => String(mark.attrs?.claimId));
  return [...own, ...(node.content ?? []).flatMap(markedClaimIds)];
}

const sorted = (values: string[]) => [...values].sort();

describe("seedDemoBoard", () => {
  it("keeps the demo title and question at the current schema version", () => {
    expect(readMeta(seededBoard())).toEqual({
      title: "JNIM in Mali",
      question: "Is JNIM shifting south?",
      schemaVersion: SCHEMA_VERSION,
    });
  });

  it("writes the whole demo in one transaction", () => {
    const doc = new Y.Doc();
    initBoard(doc, DEMO_BOARD);
    let updates = 0;
    doc.on("update", () => updates++);
    seedDemoBoard(doc);
    expect(updates).toBe(1);
  });

  it("places the six pins of the report", () => {
    const doc = seededBoard();
    const pins = listPins(doc);
    expect(sorted(pins.map((pin) => pin.title))).toEqual(
      sorted([
        "Koulikoro Training Centre (EUTM)",
        "Bamako",
        "Aguelhoc: assault on the Chadian UN base",
        "Kidal",
        "Mopti region: JNIM-claimed attacks",
        "ISGS: northern Burkina Faso",
      ]),
    );
    expect(pins.every((pin) => pin.createdBy === AUTHOR && pin.createdAt === SEEDED_AT)).toBe(true);
    expect(pinTitled(doc, "Koulikoro Training Centre (EUTM)")).toMatchObject({
      kind: "place",
      lng: -7.5586,
      lat: 12.8627,
      geoPrecision: "exact",
    });
    expect(pinTitled(doc, "Mopti region: JNIM-claimed attacks")).toMatchObject({ kind: "event", geoPrecision: "region" });
    expect(pinTitled(doc, "ISGS: northern Burkina Faso")).toMatchObject({ kind: "actor", geoPrecision: "near" });
  });

  it("puts six valid cards on the timeline in date order", () => {
    const doc = seededBoard();
    const cards = listCards(doc);
    expect(cards).toHaveLength(6);
    for (const card of cards) expect(CardSchema.parse(card)).toEqual(card);
    expect(cards.every((card) => card.createdBy === AUTHOR && card.source.url === "")).toBe(true);
    expect(cards.map((card) => card.when.start)).toEqual([
      "2018-01-01",
      "2018-01-01",
      "2019-01-01",
      "2019-02-01",
      "2019-02-01",
      "2019-02-18",
    ]);
    expect(cards[0].title).toBe("Rise of ISGS; volume of attacks in Burkina Faso");
    expect(cards[5].title).toBe("Assault on the EUTM Koulikoro Training Centre");
    expect(sorted(cards.map((card) => card.title))).toEqual(
      sorted([
        "Assault on the EUTM Koulikoro Training Centre",
        "JNIM's number two killed by French forces",
        "Abu Iyadh al-Tunisi killed",
        "JNIM assault on the Chadian UN base at Aguelhoc",
        "Rise of ISGS; volume of attacks in Burkina Faso",
        "JNIM-claimed attacks in the Mopti region",
      ]),
    );
  });

  it("links every card to seeded pins only", () => {
    const doc = seededBoard();
    for (const card of listCards(doc)) {
      for (const pinId of card.pinIds) expect(getPin(doc, pinId), `${card.title} → ${pinId}`).not.toBeNull();
    }
  });

  it("dates the Koulikoro assault only approximately, to late February 2019", () => {
    const doc = seededBoard();
    const koulikoro = pinTitled(doc, "Koulikoro Training Centre (EUTM)");
    const bamako = pinTitled(doc, "Bamako");
    const [card] = listCards(doc).filter((c) => c.pinIds.includes(koulikoro.id));
    expect(card.title).toBe("Assault on the EUTM Koulikoro Training Centre");
    expect(card.when).toEqual({ start: "2019-02-18", end: "2019-02-28", precision: "approx" });
    expect(card.when.start >= "2019-02-15" && card.when.end === "2019-02-28").toBe(true);
    expect(card.pinIds).toEqual([koulikoro.id, bamako.id]);
    expect(card.grade).toEqual({ reliability: "C", credibility: 2 });
  });

  it("dates the rise of ISGS to the year 2018", () => {
    const doc = seededBoard();
    const card = cardTitled(doc, "Rise of ISGS; volume of attacks in Burkina Faso");
    expect(card.when).toEqual({ start: "2018-01-01", precision: "year" });
    expect(card.when.end).toBeUndefined();
    expect(card.pinIds).toEqual([pinTitled(doc, "ISGS: northern Burkina Faso").id]);
  });

  it("states three claims, each backed by evidence that exists", () => {
    const doc = seededBoard();
    const claims = listClaims(doc);
    expect(claims).toHaveLength(3);
    const summary = claims
      .map((claim) => ({
        likelihood: claim.likelihood,
        confidence: claim.confidence,
        evidence: claim.evidence.map((ref) => `${ref.kind}: ${titleOf(doc, ref)}`),
      }))
      .sort((a, b) => a.evidence.length - b.evidence.length);
    expect(summary).toEqual([
      {
        likelihood: "very likely",
        confidence: "moderate",
        evidence: ["card: JNIM assault on the Chadian UN base at Aguelhoc"],
      },
      {
        likelihood: "likely",
        confidence: "low",
        evidence: [
          "card: JNIM's number two killed by French forces",
          "card: Abu Iyadh al-Tunisi killed",
          "card: Rise of ISGS; volume of attacks in Burkina Faso",
        ],
      },
      {
        likelihood: "likely",
        confidence: "moderate",
        evidence: [
          "card: Assault on the EUTM Koulikoro Training Centre",
          "card: JNIM-claimed attacks in the Mopti region",
          "pin: Koulikoro Training Centre (EUTM)",
          "pin: Mopti region: JNIM-claimed attacks",
        ],
      },
    ]);
  });

  it("opens the narrative with the board's question as its heading", () => {
    const doc = seededBoard();
    expect(readNarrative(doc).content?.[0]).toEqual({
      type: "heading",
      attrs: { level: 1 },
      content: [{ type: "text", text: "Is JNIM shifting south?" }],
    });
    expect(narrativeText(doc).startsWith("Is JNIM shifting south?\nKey judgements\n")).toBe(true);
  });

  it("marks each claim once in the narrative, and marks no unknown claim", () => {
    const doc = seededBoard();
    const marked = markedClaimIds(readNarrative(doc));
    const claimIds = listClaims(doc).map((claim) => claim.id);
    expect(marked).toHaveLength(3);
    for (const id of marked) expect(claimIds).toContain(id);
    expect(sorted(marked)).toEqual(sorted(claimIds));
  });

  it("gives each key judgement its own line in the narrative's plain text", () => {
    const lines = narrativeText(seededBoard()).split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "Is JNIM shifting south?",
      "Key judgements",
      "It is likely that JNIM is shifting its area of operations south, toward the Mopti region and the capital. The assault on the EUTM camp at Koulikoro, close to Bamako, and JNIM-claimed attacks in Mopti point the same way.",
      "JNIM is likely losing ground in the north, to French forces and to ISGS. Its number two was killed by French forces, and ISGS has grown since last year.",
      "JNIM very likely retains the capacity to strike the UN in the north, as the assault on the Chadian base at Aguelhoc showed.",
    ]);
  });

  it("steps through four scenes from the north to Bamako, each focused on existing pins and cards", () => {
    const doc = seededBoard();
    const scenes = listScenes(doc);
    expect(scenes.map((scene) => scene.title)).toEqual([
      "The north: Kidal and Aguelhoc",
      "Losing ground: French strikes and ISGS",
      "Shift south: the Mopti region",
      "Pressure on Bamako: the Koulikoro assault",
    ]);
    for (const scene of scenes) {
      expect(scene.notes.length, scene.title).toBeGreaterThan(0);
      expect(scene.focus.pinIds.length + scene.focus.cardIds.length, scene.title).toBeGreaterThan(0);
      for (const id of scene.focus.pinIds) expect(getPin(doc, id), scene.title).not.toBeNull();
      for (const id of scene.focus.cardIds) expect(getCard(doc, id), scene.title).not.toBeNull();
      expect(scene.timeWindow, scene.title).not.toBeNull();
    }
    expect(scenes.map((scene) => scene.focus.pinIds.map((id) => getPin(doc, id)!.title))).toEqual([
      ["Aguelhoc: assault on the Chadian UN base", "Kidal"],
      ["ISGS: northern Burkina Faso"],
      ["Mopti region: JNIM-claimed attacks"],
      ["Koulikoro Training Centre (EUTM)", "Bamako"],
    ]);
  });

  it("anchors each scene to a claim or a heading of the narrative", () => {
    const doc = seededBoard();
    const narrative = readNarrative(doc);
    const [north, losing, mopti, bamako] = listScenes(doc);
    for (const scene of [north, losing, mopti]) expect(claimsAtAnchor(narrative, scene.narrativeAnchor)).toEqual([scene.narrativeAnchor]);
    expect(bamako.narrativeAnchor).toBe("h-background");
    expect(narrativeText(doc).split("\n")).toContain("Background");
  });

  it("fills the hypotheses matrix: the report's three rivals, every card rated by the demo analyst", () => {
    const doc = seededBoard();
    const hypotheses = listHypotheses(doc);
    expect(hypotheses.map((h) => h.title)).toEqual([
      "JNIM is shifting south",
      "JNIM is only pushed out of the north",
      "Other groups claim JNIM's name in the south",
    ]);
    for (const h of hypotheses) expect(h.description.length, h.title).toBeGreaterThan(0);
    const ratings = listRatings(doc);
    expect(ratings).toHaveLength(listCards(doc).length * hypotheses.length);
    expect(new Set(ratings.map((r) => r.userId))).toEqual(new Set([DEMO_ANALYST_ID]));
    const row = (title: string) => hypotheses.map((h) => ratings.find((r) => r.cardId === cardTitled(doc, title).id && r.hypothesisId === h.id)?.rating);
    expect(row("Assault on the EUTM Koulikoro Training Centre")).toEqual(["CC", "I", "I"]);
    expect(row("JNIM-claimed attacks in the Mopti region")).toEqual(["CC", "I", "C"]);
    expect(row("Abu Iyadh al-Tunisi killed")).toEqual(["N", "N", "N"]);
    expect(cardTitled(doc, "Assault on the EUTM Koulikoro Training Centre").relevance).toBe("high");
    expect(cardTitled(doc, "Abu Iyadh al-Tunisi killed").relevance).toBe("low");
  });

  it("rates in the name of the account it is given, and ties the claim on a shift south to its hypothesis", () => {
    const doc = new Y.Doc();
    initBoard(doc, DEMO_BOARD);
    seedDemoBoard(doc, "owner42");
    expect(new Set(listRatings(doc).map((r) => r.userId))).toEqual(new Set(["owner42"]));
    const south = listHypotheses(doc)[0];
    const supporting = listClaims(doc).filter((claim) => claim.hypothesisId);
    expect(supporting.map((claim) => [claim.likelihood, claim.confidence, claim.hypothesisId])).toEqual([["likely", "moderate", south.id]]);
  });

  it("survives being stored and loaded into a new document", () => {
    const doc = seededBoard();
    const loaded = new Y.Doc();
    Y.applyUpdate(loaded, Y.encodeStateAsUpdate(doc));
    expect(listPins(loaded)).toEqual(listPins(doc));
    expect(listCards(loaded)).toEqual(listCards(doc));
    expect(listClaims(loaded)).toEqual(listClaims(doc));
    expect(readMeta(loaded)).toEqual(readMeta(doc));
    expect(readNarrative(loaded)).toEqual(readNarrative(doc));
    expect(listScenes(loaded)).toEqual(listScenes(doc));
    expect(listHypotheses(loaded)).toEqual(listHypotheses(doc));
    expect(listRatings(loaded)).toEqual(listRatings(doc));
    expect(listPins(loaded)).toHaveLength(6);
  });

  it("refuses to seed a board twice without leaving a second copy behind", () => {
    const doc = seededBoard();
    const before = Y.encodeStateAsUpdate(doc);
    expect(() => seedDemoBoard(doc)).toThrow("The board already has content");
    expect(listPins(doc)).toHaveLength(6);
    expect(listCards(doc)).toHaveLength(6);
    expect(listClaims(doc)).toHaveLength(3);
    expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
  });
});
