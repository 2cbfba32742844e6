/**
 * The demo board, built from the open-source report beside this file (`seed-article-jnim.txt`:
 * "EU training center attacked in Mali, JNIM may be losing ground", early March 2019). Dates are
 * only as precise as the report: "late last month" becomes an approximate range, "last year" a year.
 */
import type { JSONContent } from "@tiptap/core";
import type * as Y from "yjs";
import { addCard, addClaim, addHypothesis, addPin, addScene, linkEvidence, listPins, narrativeFragment, setRating, setRelevance, updateClaim } from "./model";
import { writeNarrative } from "./narrative";
import type { NewBoard, Rating } from "./schema";

/** The account that owns the demo board; its credentials are shown on the sign-in page and in the README. */
export const DEMO_ACCOUNT = {
  email: "demo@example.com",
  password: "situation-demo",
  name: "Demo Analyst",
} as const;

export const DEMO_BOARD: NewBoard = {
  title: "JNIM in Mali",
  question: "Is JNIM shifting south?",
};

const AUTHOR = "Situation Board demo";

/** Whose ratings the demo matrix holds when the caller names nobody (tests, benchmarks). */
export const DEMO_ANALYST_ID = "demo-analyst";

const REPORT = {
  title: "EU training center attacked in Mali, JNIM may be losing ground (open-source report, March 2019)",
  url: "",
};

/**
 * Fills an initialised, empty board document with the demo content. The hypotheses matrix is
 * rated by `analystId` (the demo account's user id, so the ratings show as its own).
 */
export function seedDemoBoard(doc: Y.Doc, analystId: string = DEMO_ANALYST_ID): void {
  if (narrativeFragment(doc).length > 0 || listPins(doc).length > 0) throw new Error("The board already has content");
  doc.transact(() => {
    const koulikoro = addPin(
      doc,
      { title: "Koulikoro Training Centre (EUTM)", kind: "place", lng: -7.5586, lat: 12.8627, geoPrecision: "exact",
        note: "EU Training Mission Mali camp, about 60 km from Bamako. Attacked by JNIM." },
      AUTHOR,
    );
    const bamako = addPin(
      doc,
      { title: "Bamako", kind: "place", lng: -8.0029, lat: 12.6392, geoPrecision: "exact", note: "Capital of Mali." },
      AUTHOR,
    );
    const aguelhoc = addPin(
      doc,
      { title: "Aguelhoc: assault on the Chadian UN base", kind: "event", lng: 1.1378, lat: 19.4613, geoPrecision: "near",
        note: "MINUSMA camp held by Chadian peacekeepers, northern Kidal region." },
      AUTHOR,
    );
    const kidal = addPin(
      doc,
      { title: "Kidal", kind: "place", lng: 1.4078, lat: 18.4411, geoPrecision: "exact", note: "Regional capital in the north." },
      AUTHOR,
    );
    const mopti = addPin(
      doc,
      { title: "Mopti region: JNIM-claimed attacks", kind: "event", lng: -3.45, lat: 14.6, geoPrecision: "region",
        note: "Several recent attacks in the region claimed by JNIM; the report gives no single location." },
      AUTHOR,
    );
    const burkina = addPin(
      doc,
      { title: "ISGS: northern Burkina Faso", kind: "actor", lng: -1.2, lat: 14.1, geoPrecision: "near",
        note: "Islamic State in the Greater Sahara, responsible for a volume of attacks in Burkina Faso." },
      AUTHOR,
    );

    const assault = addCard(
      doc,
      {
        title: "Assault on the EUTM Koulikoro Training Centre",
        body: "Gunmen and a pair of SVBIEDs hit the camp; JNIM claimed it and released images of its attackers. The assaulting party escaped. The report dates it only as \"late last month\".",
        when: { start: "2019-02-18", end: "2019-02-28", precision: "approx" },
        pinIds: [koulikoro, bamako],
        source: REPORT,
        grade: { reliability: "C", credibility: 2 },
        tags: ["JNIM", "SVBIED", "EUTM"],
        event: {
          disorderType: "Political violence",
          eventType: "Battles",
          subEventType: "Armed clash",
          actor1: { name: "JNIM: Group for Support of Islam and Muslims" },
          actor2: { name: "EUTM: European Union Training Mission in Mali" },
          country: "Mali",
          admin1: "Koulikoro",
        },
      },
      AUTHOR,
    );
    const numberTwo = addCard(
      doc,
      {
        title: "JNIM's number two killed by French forces",
        body: "Reported \"in recent weeks\"; the report does not say where.",
        when: { start: "2019-02-01", end: "2019-02-28", precision: "approx" },
        source: REPORT,
        grade: { reliability: "C", credibility: 3 },
        tags: ["JNIM", "leadership"],
      },
      AUTHOR,
    );
    const tunisi = addCard(
      doc,
      {
        title: "Abu Iyadh al-Tunisi killed",
        body: "Senior al-Qaeda member, architect of Ansar al-Sharia in Tunisia and a close friend of JNIM leader Iyad Ag Ghali.",
        when: { start: "2019-02-01", end: "2019-02-28", precision: "approx" },
        source: REPORT,
        grade: { reliability: "C", credibility: 3 },
        tags: ["al-Qaeda", "leadership"],
      },
      AUTHOR,
    );
    const aguelhocCard = addCard(
      doc,
      {
        title: "JNIM assault on the Chadian UN base at Aguelhoc",
        body: "Cited as evidence that JNIM still launches very strong attacks against the UN in the north. The report gives no date; it precedes the Koulikoro attack.",
        when: { start: "2019-01-01", end: "2019-02-28", precision: "approx" },
        pinIds: [aguelhoc, kidal],
        source: REPORT,
        grade: { reliability: "C", credibility: 2 },
        tags: ["JNIM", "MINUSMA"],
        event: {
          disorderType: "Political violence",
          eventType: "Battles",
          subEventType: "Armed clash",
          actor1: { name: "JNIM: Group for Support of Islam and Muslims" },
          actor2: { name: "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali" },
          country: "Mali",
          admin1: "Kidal",
          admin2: "Tessalit",
        },
      },
      AUTHOR,
    );
    const isgs = addCard(
      doc,
      {
        title: "Rise of ISGS; volume of attacks in Burkina Faso",
        body: "\"Last year, we saw the rise of ISGS in the region.\" JNIM is losing ground to it as well as to the French.",
        when: { start: "2018-01-01", precision: "year" },
        pinIds: [burkina],
        source: REPORT,
        grade: { reliability: "C", credibility: 3 },
        tags: ["ISGS"],
      },
      AUTHOR,
    );
    const moptiCard = addCard(
      doc,
      {
        title: "JNIM-claimed attacks in the Mopti region",
        body: "In 2016-2017 JNIM was the major force in the north; \"lately\" several attacks in the Mopti region were claimed by JNIM.",
        when: { start: "2018-01-01", end: "2019-02-28", precision: "approx" },
        pinIds: [mopti],
        source: REPORT,
        grade: { reliability: "C", credibility: 3 },
        tags: ["JNIM", "Mopti"],
      },
      AUTHOR,
    );

    const shiftingSouth = addClaim(doc, { likelihood: "likely", confidence: "moderate" });
    for (const ref of [
      { kind: "card", id: assault },
      { kind: "card", id: moptiCard },
      { kind: "pin", id: koulikoro },
      { kind: "pin", id: mopti },
    ] as const) linkEvidence(doc, shiftingSouth, ref);
    const losingNorth = addClaim(doc, { likelihood: "likely", confidence: "low" });
    for (const id of [numberTwo, tunisi, isgs]) linkEvidence(doc, losingNorth, { kind: "card", id });
    const stillStrong = addClaim(doc, { likelihood: "very likely", confidence: "moderate" });
    linkEvidence(doc, stillStrong, { kind: "card", id: aguelhocCard });

    // The report's question has rivals; the demo analyst rated the report's evidence against each.
    const south = addHypothesis(
      doc,
      { title: "JNIM is shifting south", description: "JNIM is moving its area of operations south, toward the Mopti region and the capital." },
      AUTHOR,
    );
    const north = addHypothesis(
      doc,
      { title: "JNIM is only pushed out of the north", description: "JNIM is losing ground in the north to French forces and ISGS, without a deliberate move south." },
      AUTHOR,
    );
    const others = addHypothesis(
      doc,
      { title: "Other groups claim JNIM's name in the south", description: "The southern attacks are carried out by other groups that claim them in JNIM's name." },
      AUTHOR,
    );
    const ratings: Array<[string, Rating, Rating, Rating]> = [
      // card: south, north only, others
      [assault, "CC", "I", "I"],
      [numberTwo, "C", "C", "N"],
      [tunisi, "N", "N", "N"],
      [aguelhocCard, "I", "I", "N"],
      [isgs, "C", "C", "N"],
      [moptiCard, "CC", "I", "C"],
    ];
    for (const [cardId, ...row] of ratings) {
      [south, north, others].forEach((hypothesisId, i) => setRating(doc, { cardId, hypothesisId, userId: analystId }, row[i]));
    }
    setRelevance(doc, assault, "high");
    setRelevance(doc, tunisi, "low");
    updateClaim(doc, shiftingSouth, { hypothesisId: south });

    writeNarrative(doc, narrative({ shiftingSouth, losingNorth, stillStrong }));

    addScene(doc, {
      title: "The north: Kidal and Aguelhoc",
      notes: "Where JNIM was the major force in 2016-2017. The assault on the Chadian UN base at Aguelhoc shows it can still strike the UN here.",
      view: { lng: 1.25, lat: 18.95, zoom: 6.6 },
      timeWindow: { start: "2019-01-01", end: "2019-02-28" },
      focus: { pinIds: [aguelhoc, kidal], cardIds: [aguelhocCard] },
      narrativeAnchor: stillStrong,
    });
    addScene(doc, {
      title: "Losing ground: French strikes and ISGS",
      notes: "JNIM lost its number two to French forces and Iyad Ag Ghali a close friend; ISGS has grown since last year, with a volume of attacks in Burkina Faso.",
      view: { lng: -1.6, lat: 15.6, zoom: 5.2 },
      timeWindow: { start: "2018-01-01", end: "2019-02-28" },
      focus: { pinIds: [burkina], cardIds: [numberTwo, tunisi, isgs] },
      narrativeAnchor: losingNorth,
    });
    addScene(doc, {
      title: "Shift south: the Mopti region",
      notes: "Lately several attacks in the Mopti region were claimed by JNIM. Going that far south is a risk it likely takes because it struggles in the north.",
      view: { lng: -3.6, lat: 14.5, zoom: 6.4 },
      timeWindow: { start: "2018-01-01", end: "2019-02-28" },
      focus: { pinIds: [mopti], cardIds: [moptiCard] },
      narrativeAnchor: shiftingSouth,
    });
    addScene(doc, {
      title: "Pressure on Bamako: the Koulikoro assault",
      notes: "Gunmen and two SVBIEDs hit the EUTM camp about 60 km from the capital, and the attackers escaped. How can they move this deep into the south and vanish?",
      view: { lng: -7.78, lat: 12.75, zoom: 8.6 },
      timeWindow: { start: "2019-02-01", end: "2019-02-28" },
      focus: { pinIds: [koulikoro, bamako], cardIds: [assault] },
      narrativeAnchor: "h-background",
    });
  });
}

const text = (value: string): JSONContent => ({ type: "text", text: value });
const claim = (claimId: string, value: string): JSONContent => ({
  type: "text",
  text: value,
  marks: [{ type: "claim", attrs: { claimId } }],
});
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });
const heading = (level: number, value: string): JSONContent => ({ type: "heading", attrs: { level }, content: [text(value)] });
const bullets = (...items: JSONContent[][]): JSONContent => ({
  type: "bulletList",
  content: items.map((content) => ({ type: "listItem", content: [paragraph(...content)] })),
});

function narrative(claims: { shiftingSouth: string; losingNorth: string; stillStrong: string }): JSONContent {
  return {
    type: "doc",
    content: [
      heading(1, "Is JNIM shifting south?"),
      heading(2, "Key judgements"),
      bullets(
        [claim(claims.shiftingSouth, "It is likely that JNIM is shifting its area of operations south, toward the Mopti region and the capital."), text(" The assault on the EUTM camp at Koulikoro, close to Bamako, and JNIM-claimed attacks in Mopti point the same way.")],
        [claim(claims.losingNorth, "JNIM is likely losing ground in the north, to French forces and to ISGS."), text(" Its number two was killed by French forces, and ISGS has grown since last year.")],
        [claim(claims.stillStrong, "JNIM very likely retains the capacity to strike the UN in the north,"), text(" as the assault on the Chadian base at Aguelhoc showed.")],
      ),
      heading(2, "Background"),
      paragraph(
        text("Late last month gunmen and a pair of SVBIEDs hit the Koulikoro Training Centre of the EU Training Mission. JNIM claimed the attack and released images of its \"heroes\". The camp is so close to Bamako that the attack should raise concern around the capital, and the attackers escaped: how can they move this deep into the south and vanish?"),
      ),
      paragraph(
        text("JNIM has suffered hard losses in recent weeks: its number-two leader was killed by French forces, and Iyad Ag Ghali lost a close friend, Abu Iyadh al-Tunisi, a senior al-Qaeda member."),
      ),
      paragraph(
        text("In 2016-2017 JNIM was the major force in the north. Lately several attacks in the Mopti region have been claimed by JNIM. The only reason it would risk going that far south is likely that it is struggling to launch offensive operations in the north."),
      ),
      heading(2, "Source"),
      paragraph(text("\"EU training center attacked in Mali, JNIM may be losing ground\", an open-source report published in March 2019.")),
    ],
  };
}
