/**
 * The briefing export: which claims, cards and sources each scene carries, and the Markdown text a
 * person downloads. Built from the demo board and from small boards made for each case.
 */
import type { JSONContent } from "@tiptap/core";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { buildBriefing, briefingChanges, briefingInputOf, briefingMarkdown, exportFileName, NOT_IN_NARRATIVE } from "./briefing";
import { diffBoards } from "./diff";
import { addArea, addCard, addClaim, addPin, addScene, initBoard, linkCardToArea, linkEvidence } from "./model";
import { writeNarrative } from "./narrative";
import { claimStatements, claimsAtAnchor, headingAnchors, narrativeSections } from "./outline";
import { DEMO_BOARD, seedDemoBoard } from "./seed";

function demo(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, DEMO_BOARD);
  seedDemoBoard(doc);
  return doc;
}

const text = (value: string): JSONContent => ({ type: "text", text: value });
const claim = (claimId: string, value: string): JSONContent => ({ type: "text", text: value, marks: [{ type: "claim", attrs: { claimId } }] });
const heading = (level: number, value: string): JSONContent => ({ type: "heading", attrs: { level }, content: [text(value)] });
const paragraph = (...content: JSONContent[]): JSONContent => ({ type: "paragraph", content });

describe("headingAnchors", () => {
  it("turns headings into stable, unique, id-safe anchors", () => {
    expect(headingAnchors(["Key judgements", "Ségou & Mopti!", "Key judgements", "", "   "])).toEqual([
      "h-key-judgements",
      "h-segou-mopti",
      "h-key-judgements-2",
      "h-section",
      "h-section-2",
    ]);
    const long = headingAnchors(["x".repeat(300)])[0];
    expect(long).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});

describe("narrativeSections and claimsAtAnchor", () => {
  const narrative: JSONContent = {
    type: "doc",
    content: [
      heading(1, "Assessment"),
      paragraph(claim("c1", "First claim.")),
      heading(2, "North"),
      paragraph(text("About the north: "), claim("c2", "second claim"), text(" and "), claim("c2", "more of it.")),
      heading(2, "South"),
      paragraph(claim("c3", "Third claim.")),
      heading(1, "Annex"),
      paragraph(text("No claims here.")),
    ],
  };

  it("gives each heading the claims up to the next heading of its level or higher", () => {
    expect(narrativeSections(narrative)).toEqual([
      { anchor: "h-assessment", title: "Assessment", level: 1, claimIds: ["c1", "c2", "c3"] },
      { anchor: "h-north", title: "North", level: 2, claimIds: ["c2"] },
      { anchor: "h-south", title: "South", level: 2, claimIds: ["c3"] },
      { anchor: "h-annex", title: "Annex", level: 1, claimIds: [] },
    ]);
  });

  it("resolves a heading anchor to its section's claims, a claim anchor to that claim, anything else to none", () => {
    expect(claimsAtAnchor(narrative, "h-north")).toEqual(["c2"]);
    expect(claimsAtAnchor(narrative, "c3")).toEqual(["c3"]);
    expect(claimsAtAnchor(narrative, "gone")).toEqual([]);
    expect(claimsAtAnchor(narrative, null)).toEqual([]);
  });

  it("joins the spans one claim is marked on", () => {
    expect(claimStatements(narrative).get("c2")).toBe("second claimmore of it.");
  });
});

describe("buildBriefing on the demo board", () => {
  it("has one section per scene, in order, each with claims and cards", () => {
    const briefing = buildBriefing(briefingInputOf(demo()));
    expect(briefing.title).toBe("JNIM in Mali");
    expect(briefing.question).toBe("Is JNIM shifting south?");
    expect(briefing.sections.map((s) => [s.number, s.scene.title])).toEqual([
      [1, "The north: Kidal and Aguelhoc"],
      [2, "Losing ground: French strikes and ISGS"],
      [3, "Shift south: the Mopti region"],
      [4, "Pressure on Bamako: the Koulikoro assault"],
    ]);
    for (const section of briefing.sections) {
      expect(section.claims.length, section.scene.title).toBeGreaterThan(0);
      expect(section.cards.length, section.scene.title).toBeGreaterThan(0);
    }
  });

  it("states each scene's claims with their likelihood and confidence", () => {
    const [north, losing, mopti, bamako] = buildBriefing(briefingInputOf(demo())).sections;
    expect(north.claims.map((c) => [c.likelihood, c.confidence, c.statement])).toEqual([
      ["very likely", "moderate", "JNIM very likely retains the capacity to strike the UN in the north,"],
    ]);
    expect(north.claims[0].evidence).toEqual(["JNIM assault on the Chadian UN base at Aguelhoc"]);
    expect(losing.claims.map((c) => [c.likelihood, c.confidence])).toEqual([["likely", "low"]]);
    expect(mopti.claims[0].statement).toMatch(/^It is likely that JNIM is shifting its area of operations south/);
    expect(bamako.claims.map((c) => c.id)).toEqual([mopti.claims[0].id]);
    expect(bamako.narrativeSection).toBe("Background");
    expect(bamako.cards.map((c) => [c.title, c.grade, c.when])).toEqual([
      ["Assault on the EUTM Koulikoro Training Centre", "C2", "c. 18–28 Feb 2019"],
    ]);
  });

  it("lists the one cited report in the annex with every citing card's grade", () => {
    const { sources } = buildBriefing(briefingInputOf(demo()));
    expect(sources).toHaveLength(1);
    expect(sources[0].title).toMatch(/^EU training center attacked in Mali/);
    expect(sources[0].citations.map((c) => c.grade).sort()).toEqual(["C2", "C2", "C3", "C3", "C3", "C3"]);
    expect(sources[0].citations.find((c) => c.grade === "C2")?.meaning).toBe("Source fairly reliable; information probably true");
  });
});

describe("buildBriefing", () => {
  function board() {
    const doc = new Y.Doc();
    initBoard(doc, { title: "Gao / Ménaka: *watch*", question: "Is the road open?" });
    const gao = addPin(doc, { title: "Gao", lng: -0.04, lat: 16.27 }, "a");
    const menaka = addPin(doc, { title: "Ménaka", lng: 2.4, lat: 15.9 }, "a");
    const bridge = addCard(doc, { title: "Bridge closed", when: { start: "2019-04-02", precision: "day" }, pinIds: [gao], source: { title: "Field report", url: "https://example.org/a(1)" }, grade: { reliability: "B", credibility: 2 } }, "a");
    const convoy = addCard(doc, { title: "Convoy attacked", when: { start: "2019-04-05", precision: "day" }, pinIds: [menaka], source: { title: "", url: "" } }, "a");
    const unrelated = addCard(doc, { title: "Market reopened", when: { start: "2019-03-01", precision: "day" }, source: { title: "Radio", url: "" } }, "a");
    const closed = addClaim(doc, { likelihood: "likely", confidence: "high" });
    linkEvidence(doc, closed, { kind: "card", id: bridge });
    const unwritten = addClaim(doc, { likelihood: "unlikely", confidence: "low" });
    linkEvidence(doc, unwritten, { kind: "pin", id: menaka });
    linkEvidence(doc, unwritten, { kind: "card", id: convoy });
    writeNarrative(doc, { type: "doc", content: [heading(2, "Roads"), paragraph(claim(closed, "The road is likely closed."))] });
    return { doc, gao, menaka, bridge, convoy, unrelated, closed, unwritten };
  }

  it("takes claims whose evidence meets the focus, cards linked to focused pins, and no others", () => {
    const b = board();
    addScene(b.doc, { title: "East", view: { lng: 2, lat: 16, zoom: 7 }, focus: { pinIds: [b.menaka], cardIds: [] } });
    const [east] = buildBriefing(briefingInputOf(b.doc)).sections;
    expect(east.pins.map((p) => p.title)).toEqual(["Ménaka"]);
    expect(east.cards.map((c) => c.title)).toEqual(["Convoy attacked"]);
    expect(east.claims.map((c) => [c.id, c.statement, c.evidence])).toEqual([[b.unwritten, NOT_IN_NARRATIVE, ["Ménaka", "Convoy attacked"]]]);
    expect(east.cards[0].source).toBe("Untitled source");
  });

  it("takes the claims of the anchored section even without focus, and skips focus that no longer exists", () => {
    const b = board();
    addScene(b.doc, { title: "Roads", view: { lng: 0, lat: 16, zoom: 6 }, narrativeAnchor: "h-roads", focus: { pinIds: ["deletedPin"], cardIds: ["deletedCard"] } });
    const briefing = buildBriefing(briefingInputOf(b.doc));
    const [roads] = briefing.sections;
    expect(roads.narrativeSection).toBe("Roads");
    expect(roads.pins).toEqual([]);
    expect(roads.cards).toEqual([]);
    expect(roads.claims.map((c) => c.statement)).toEqual(["The road is likely closed."]);
    // Every claim's evidence is cited even though the scene shows no card.
    expect(briefing.sources.map((s) => [s.title, s.citations.map((c) => `${c.grade} ${c.card}`)])).toEqual([
      ["Field report", ["B2 Bridge closed"]],
      ["Untitled source", ["F6 Convoy attacked"]],
    ]);
  });

  it("briefs a board without scenes from its narrative, its claims and the sources they cite", () => {
    const b = board();
    const briefing = buildBriefing(briefingInputOf(b.doc));
    expect(briefing.sections).toEqual([]);
    expect(briefing.narrative).toEqual([
      { kind: "heading", level: 2, spans: [{ text: "Roads" }] },
      { kind: "paragraph", quoted: false, spans: [{ text: "The road is likely closed.", claim: 1 }] },
    ]);
    expect(briefing.claims.map((c) => [c.number, c.id, c.statement])).toEqual([
      [1, b.closed, "The road is likely closed."],
      [2, b.unwritten, NOT_IN_NARRATIVE],
    ]);
    expect(briefing.sources.map((s) => [s.title, s.citations.map((c) => c.card)])).toEqual([
      ["Field report", ["Bridge closed"]],
      ["Untitled source", ["Convoy attacked"]],
    ]);
    const markdown = briefingMarkdown(briefing);
    expect(markdown).toContain("This board has no scenes yet.");
    expect(markdown).toContain("## Assessment\n\n#### Roads\n\n**The road is likely closed.** [C1]\n");
    expect(markdown).toContain("- C1. **Likely** (high confidence): The road is likely closed.\n  - Review: Not reviewed\n  - Evidence: Bridge closed");
    expect(markdown).not.toContain("No sources are cited.");
  });

  it("prints each claim's review state: a disputed claim never reads as clean", () => {
    const b = board();
    const review = new Map([
      [b.closed, { openThreads: 1, threads: 2, verdicts: { agree: 2, dispute: 1, "needs-source": 0 } }],
      [b.unwritten, { openThreads: 0, threads: 1, verdicts: { agree: 1, dispute: 0, "needs-source": 0 } }],
    ]);
    const briefing = buildBriefing({ ...briefingInputOf(b.doc), review });
    const [closed, unwritten] = briefing.claims;
    expect(closed.review).toEqual({ openThreads: 1, agree: 2, dispute: 1, needsSource: 0, disputed: true, summary: "Disputed by 1 reviewer · agreed by 2 reviewers · 1 open thread" });
    expect(unwritten.review).toMatchObject({ disputed: false, summary: "Agreed by 1 reviewer · 1 thread, resolved" });
    expect(briefingMarkdown(briefing)).toContain("  - Review: **Disputed by 1 reviewer · agreed by 2 reviewers · 1 open thread**");
  });

  it("keeps the narrative's lists, quotes, tables and mentions in reading order", () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: "Shapes", question: "" });
    const c = addClaim(doc, { likelihood: "likely", confidence: "low" });
    const item = (...content: JSONContent[]): JSONContent => ({ type: "listItem", content });
    writeNarrative(doc, {
      type: "doc",
      content: [
        { type: "bulletList", content: [item(paragraph(text("one")), { type: "orderedList", attrs: { start: 3 }, content: [item(paragraph(claim(c, "three")))] }), item(paragraph(text("two")), paragraph(text("more of two")))] },
        { type: "blockquote", content: [paragraph(text("quoted "), { type: "mention", attrs: { id: "p1", label: "Gao", mentionSuggestionChar: "@" } })] },
        { type: "table", content: [{ type: "tableRow", content: [{ type: "tableCell", content: [paragraph(text("a"))] }, { type: "tableCell", content: [paragraph(text("b"))] }] }] },
        paragraph(),
      ],
    });
    const { narrative } = buildBriefing(briefingInputOf(doc));
    expect(narrative).toEqual([
      { kind: "item", depth: 1, marker: "•", quoted: false, spans: [{ text: "one" }] },
      { kind: "item", depth: 2, marker: "3.", quoted: false, spans: [{ text: "three", claim: 1 }] },
      { kind: "item", depth: 1, marker: "•", quoted: false, spans: [{ text: "two" }] },
      { kind: "item", depth: 1, marker: null, quoted: false, spans: [{ text: "more of two" }] },
      { kind: "paragraph", quoted: true, spans: [{ text: "quoted " }, { text: "@Gao" }] },
      { kind: "paragraph", quoted: false, spans: [{ text: "a" }, { text: " | " }, { text: "b" }] },
    ]);
    expect(briefingMarkdown(buildBriefing(briefingInputOf(doc)))).toContain("- one\n   3. **three** [C1]\n- two\n   more of two\n\n> quoted @Gao\n\na \\| b\n");
  });
});

describe("briefingMarkdown", () => {
  it("writes the hypotheses, a heading per scene with its facts, notes, claims and cards, then the sources", () => {
    const markdown = briefingMarkdown(buildBriefing(briefingInputOf(demo())));
    const headings = markdown.split("\n").filter((line) => /^#{1,3} /.test(line));
    expect(headings).toEqual([
      "# JNIM in Mali",
      "## Assessment",
      "### Is JNIM shifting south?",
      "## Claims",
      "## Competing hypotheses",
      "## 1. The north: Kidal and Aguelhoc",
      "### Claims",
      "### Cards",
      "## 2. Losing ground: French strikes and ISGS",
      "### Claims",
      "### Cards",
      "## 3. Shift south: the Mopti region",
      "### Claims",
      "### Cards",
      "## 4. Pressure on Bamako: the Koulikoro assault",
      "### Claims",
      "### Cards",
      "## Sources",
    ]);
    expect(markdown).toContain("*Is JNIM shifting south?*");
    expect(markdown).toMatch(/- C\d+\. \*\*Very likely\*\* \(moderate confidence\): JNIM very likely retains the capacity to strike the UN in the north,/);
    expect(markdown).toContain("- Time window: 1 Jan – 28 Feb 2019");
    expect(markdown).toContain("> Where JNIM was the major force in 2016-2017.");
    expect(markdown).toContain("- c. 18–28 Feb 2019: Assault on the EUTM Koulikoro Training Centre (C2, EU training center attacked in Mali");
    expect(markdown).toContain("  - C2: Assault on the EUTM Koulikoro Training Centre — Source fairly reliable; information probably true");
    expect(markdown.endsWith("\n")).toBe(true);
  });

  it("escapes Markdown in the board's text and keeps links intact", () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: "Gao / Ménaka: *watch* #1", question: "" });
    const card = addCard(doc, { title: "[Bridge] closed", when: { start: "2019-04-02", precision: "day" }, source: { title: "Field_report", url: "https://example.org/a(1)" } }, "a");
    addScene(doc, { title: "<b>East</b>", notes: "Line one\n\nLine *two*", view: { lng: 2, lat: 16, zoom: 7 }, focus: { pinIds: [], cardIds: [card] } });
    const markdown = briefingMarkdown(buildBriefing(briefingInputOf(doc)));
    expect(markdown).toContain("# Gao / Ménaka: \\*watch\\* \\#1");
    expect(markdown).toContain("## 1. \\<b\\>East\\</b\\>");
    expect(markdown).toContain("> Line one\n> Line \\*two\\*");
    expect(markdown).toContain("- 2 Apr 2019: \\[Bridge\\] closed (F6, Field\\_report)");
    expect(markdown).toContain("- [Field\\_report](https://example.org/a%281%29)");
  });
  it("puts no raw HTML in the file and links only http(s) sources", () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: "<img src=x onerror=alert(1)>", question: "&lt;script&gt; or &#60;b&#62;?" });
    const when = { start: "2019-04-02", precision: "day" } as const;
    const quoted = addCard(doc, { title: "Quote\r# not a heading", when, source: { title: "Breakout", url: 'https://example.org/"><script>alert(1)</script>\\' } }, "a");
    const plain = addCard(doc, { title: "Script link", when, source: { title: "Click me", url: "" } }, "a");
    const data = addCard(doc, { title: "Data link", when, source: { title: "Inline page", url: "" } }, "a");
    addScene(doc, { title: "~~Struck~~", notes: "", view: { lng: 2, lat: 16, zoom: 7 }, focus: { pinIds: [], cardIds: [quoted, plain, data] } });
    // Written past the schema (an older version, another client): the export must still hold.
    const input = briefingInputOf(doc);
    const cards = input.cards.map((card) =>
      card.id === plain
        ? { ...card, source: { ...card.source, url: "javascript:alert(document.cookie)" } }
        : card.id === data
          ? { ...card, source: { ...card.source, url: "data:text/html,<script>alert(1)</script>" } }
          : card,
    );
    const briefing = buildBriefing({ ...input, cards });
    expect(briefing.sources.map((s) => [s.title, s.href])).toEqual([
      ["Breakout", "https://example.org/%22%3E%3Cscript%3Ealert(1)%3C/script%3E/"],
      ["Click me", null],
      ["Inline page", null],
    ]);

    const markdown = briefingMarkdown(briefing);
    // Every tag or entity would start with an unescaped < or &: there is none.
    expect(markdown).not.toMatch(/(^|[^\\])[<&]/m);
    expect(markdown).toContain("# \\<img src=x onerror=alert(1)\\>");
    expect(markdown).toContain("*\\&lt;script\\&gt; or \\&\\#60;b\\&\\#62;?*");
    expect(markdown).toContain("## 1. \\~\\~Struck\\~\\~");
    expect(markdown).toContain("Quote \\# not a heading");
    expect(markdown).toContain("- [Breakout](https://example.org/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E/)");
    expect(markdown).toContain("- Click me (javascript:alert(document.cookie))");
    expect(markdown).toContain("- Inline page (data:text/html,\\<script\\>alert(1)\\</script\\>)");
    expect(markdown).not.toMatch(/\]\((javascript|data):/);
  });
});


describe("areas and routes in the briefing", () => {
  it("lists each area and route with its kind, validity and linked cards, areas first, in a section of its own", () => {
    const doc = demo();
    const [first, second] = briefingInputOf(doc).cards;
    const held = addArea(
      doc,
      {
        title: "Held by *JNIM*",
        kind: "control",
        geometry: { type: "Polygon", coordinates: [[[1, 18], [2, 18], [2, 19], [1, 18]]] },
        validFrom: { start: "2018-01-01", precision: "year" },
        validTo: { start: "2019-03-01", precision: "month" },
      },
      "Ana",
    );
    const route = addArea(doc, { title: "N16", kind: "route", geometry: { type: "LineString", coordinates: [[0, 16], [1.4, 18.4]] }, validFrom: { start: "2019-02-01", precision: "month" } }, "Ana");
    addArea(doc, { title: "Barkhane AO", kind: "operation", geometry: { type: "Polygon", coordinates: [[[0, 15], [3, 15], [3, 17], [0, 15]]] } }, "Ana");
    linkCardToArea(doc, first.id, route);
    linkCardToArea(doc, second.id, route);
    linkCardToArea(doc, first.id, held);
    const briefing = buildBriefing(briefingInputOf(doc));
    expect(briefing.areas.map(({ title, kind, validity, cards }) => [title, kind, validity, cards])).toEqual([
      ["Barkhane AO", "Area of operation", "no set period", 0],
      ["Held by *JNIM*", "Region of control", "2018 – Mar 2019", 1],
      ["N16", "Route", "from Feb 2019", 2],
    ]);
    const markdown = briefingMarkdown(briefing);
    const lines = markdown.split("\n");
    expect(lines.filter((line) => /^## /.test(line)).slice(2, 4)).toEqual(["## Competing hypotheses", "## Areas and routes"]);
    expect(markdown).toContain("- Held by \\*JNIM\\* (Region of control): 2018 – Mar 2019; 1 linked card\n- N16 (Route): from Feb 2019; 2 linked cards");
  });

  it("leaves the section out of a board without areas", () => {
    expect(buildBriefing(briefingInputOf(demo())).areas).toEqual([]);
    expect(briefingMarkdown(buildBriefing(briefingInputOf(demo())))).not.toContain("## Areas and routes");
  });
});

describe("exportFileName", () => {
  it("keeps letters and digits of the title", () => {
    expect(exportFileName("JNIM in Mali", "md")).toBe("JNIM-in-Mali.md");
    expect(exportFileName("  ***  ", "md")).toBe("board.md");
  });
});

describe("Changes since the last brief", () => {
  it("prints the change list since the last briefing, grouped, each line with who made it, before the assessment", () => {
    const board = demo();
    board.clientID = 1;
    const review = new Y.Doc();
    const before = { board: new Y.Doc(), review: new Y.Doc() };
    Y.applyUpdate(before.board, Y.encodeStateAsUpdate(board));
    const pin = addPin(board, { title: "Ségou checkpoint", lng: -6.26, lat: 13.43 }, "Ed");
    addCard(board, { title: "Checkpoint attack at Ségou", when: { start: "2019-04-11", precision: "day" }, pinIds: [pin] }, "Ed");
    const list = diffBoards(before, { board, review }, (client) => (client === 1 ? { id: "u-ed", name: "Ed" } : null));
    const briefing = buildBriefing({ ...briefingInputOf(board), changes: briefingChanges(list, "29 Nov 14:02") });
    expect(briefing.changes).toEqual({
      since: "29 Nov 14:02",
      groups: [
        { label: "Map", lines: ["Pin “Ségou checkpoint” added (Ed)"] },
        { label: "Timeline", lines: ["Card “Checkpoint attack at Ségou” added (Ed)"] },
      ],
    });
    const markdown = briefingMarkdown(briefing);
    expect(markdown).toContain("## Changes since 29 Nov 14:02\n\n### Map\n\n- Pin “Ségou checkpoint” added (Ed)\n\n### Timeline\n\n- Card “Checkpoint attack at Ségou” added (Ed)\n");
    expect(markdown.indexOf("## Changes since")).toBeLessThan(markdown.indexOf("## Assessment"));
    // Without the option the briefing has no such section.
    expect(briefingMarkdown(buildBriefing(briefingInputOf(board)))).not.toContain("Changes since");
  });
});
