/**
 * Claims in the narrative under concurrent editing: two replicas of one board exchange updates
 * as two browsers would, each editing through the same ProseMirror ↔ Yjs binding the editor uses.
 */
import { getSchema } from "@tiptap/core";
import { Transform } from "@tiptap/pm/transform";
import { initProseMirrorDoc, updateYFragment } from "@tiptap/y-tiptap";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  addCard,
  addClaim,
  addPin,
  claimsCiting,
  deleteClaim,
  linkEvidence,
  narrativeClaimTexts,
  narrativeFragment,
  unlinkEvidence,
} from "./model";
import { narrativeExtensions, narrativeText, writeNarrative } from "./narrative";
import { listThreads, openThread, orphanedThreads } from "./review";

const schema = getSchema(narrativeExtensions);
const ana = { id: "user-ana", name: "Ana" };

/** Sends each replica what the other is missing, as the collaboration server relays it. */
function sync(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

/** Edits the narrative as the editor does: a ProseMirror transform written back through the Yjs binding. */
function edit(doc: Y.Doc, change: (tr: Transform) => void): void {
  const fragment = narrativeFragment(doc);
  const { doc: before, meta } = initProseMirrorDoc(fragment, schema);
  const tr = new Transform(before);
  change(tr);
  doc.transact(() => updateYFragment(doc, fragment, tr.doc, meta));
}

/** Types `text` at `pos` as a person would: it takes the marks of the text it is typed into. */
function type(tr: Transform, pos: number, text: string): Transform {
  return tr.insert(pos, schema.text(text, tr.doc.resolve(pos).marks()));
}

/** ProseMirror position of the first occurrence of `text` in the narrative. */
function positionOf(doc: Y.Doc, text: string): number {
  const { doc: pm } = initProseMirrorDoc(narrativeFragment(doc), schema);
  let found = -1;
  pm.descendants((node, pos) => {
    if (found >= 0 || !node.isText) return found < 0;
    const index = node.text!.indexOf(text);
    if (index >= 0) found = pos + index;
    return false;
  });
  if (found < 0) throw new Error(`"${text}" is not in the narrative`);
  return found;
}

/** A board with one paragraph: "Before. <claim>JNIM is shifting south.</claim> After." */
function boardWithClaim() {
  const a = new Y.Doc();
  const pin = addPin(a, { lng: -4.2, lat: 14.5, title: "Mopti" }, "Ana");
  const card = addCard(a, { title: "Attack near Mopti", when: { start: "2017-06-18", precision: "day" }, pinIds: [pin] }, "Ana");
  const claimId = addClaim(a, { likelihood: "likely", confidence: "moderate", evidence: [{ kind: "card", id: card }] });
  writeNarrative(a, {
    type: "doc",
    content: [
      {
        type: "paragraph",
        content: [
          { type: "text", text: "Before. " },
          { type: "text", text: "JNIM is shifting south.", marks: [{ type: "claim", attrs: { claimId } }] },
          { type: "text", text: " After." },
        ],
      },
    ],
  });
  const b = new Y.Doc();
  sync(a, b);
  return { a, b, claimId, pin, card };
}

describe("narrativeClaimTexts", () => {
  it("lists each claim's marked words in document order", () => {
    const { a, claimId } = boardWithClaim();
    expect([...narrativeClaimTexts(a)]).toEqual([[claimId, "JNIM is shifting south."]]);
  });

  it("joins the parts of a claim split by other formatting", () => {
    const { a, claimId } = boardWithClaim();
    const from = positionOf(a, "shifting");
    edit(a, (tr) => tr.addMark(from, from + "shifting".length, schema.marks.bold.create()));
    expect(narrativeClaimTexts(a).get(claimId)).toBe("JNIM is shifting south.");
  });
});

describe("claims under concurrent edits", () => {
  it("keeps the mark and its threads when one person edits inside the claim while another deletes around it", () => {
    const { a, b, claimId } = boardWithClaim();
    const review = new Y.Doc();
    const thread = openThread(review, { target: { kind: "claim", id: claimId }, body: "Which source?" }, ana);

    // Ana types inside the claimed words; at the same moment Ben deletes the text before and after it.
    const inside = positionOf(a, "south");
    edit(a, (tr) => type(tr, inside, "further "));
    // Two edits, as the editor sends them (one transaction per deletion).
    const after = positionOf(b, " After.");
    edit(b, (tr) => tr.delete(after, after + " After.".length));
    const before = positionOf(b, "Before. ");
    edit(b, (tr) => tr.delete(before, before + "Before. ".length));
    sync(a, b);

    for (const replica of [a, b]) {
      expect(narrativeText(replica)).toBe("JNIM is shifting further south.");
      expect([...narrativeClaimTexts(replica)]).toEqual([[claimId, "JNIM is shifting further south."]]);
      expect(orphanedThreads(review, replica)).toEqual([]);
    }
    expect(listThreads(review).map((t) => t.id)).toEqual([thread]);
  });

  it("keeps the claim when both people edit inside it at once", () => {
    const { a, b, claimId } = boardWithClaim();
    edit(a, (tr) => type(tr, positionOf(a, "shifting"), "still "));
    edit(b, (tr) => tr.delete(positionOf(b, " south"), positionOf(b, " south") + " south".length));
    sync(a, b);
    expect(narrativeClaimTexts(a).get(claimId)).toBe("JNIM is still shifting.");
    expect(narrativeClaimTexts(b).get(claimId)).toBe("JNIM is still shifting.");
  });

  it("reports the claim's threads orphaned, not lost, when its text is deleted entirely", () => {
    const { a, b, claimId, card } = boardWithClaim();
    const review = new Y.Doc();
    const onClaim = openThread(review, { target: { kind: "claim", id: claimId }, body: "Disputed" }, ana);
    const onCard = openThread(review, { target: { kind: "card", id: card }, body: "Source?" }, ana);

    // Ben deletes the whole claimed sentence while Ana edits text after it.
    const start = positionOf(b, "JNIM");
    edit(b, (tr) => tr.delete(start, start + "JNIM is shifting south.".length));
    edit(a, (tr) => type(tr, positionOf(a, " After.") + " After.".length, " More."));
    sync(a, b);

    for (const replica of [a, b]) {
      expect(narrativeText(replica)).toBe("Before.  After. More.");
      expect(narrativeClaimTexts(replica).has(claimId)).toBe(false);
      expect(orphanedThreads(review, replica).map((t) => t.id)).toEqual([onClaim]);
    }
    // The thread itself is still there, with its comment, for the review panel to show.
    expect(listThreads(review).map((t) => t.id).sort()).toEqual([onClaim, onCard].sort());
  });

  it("reports the threads orphaned when the claim itself is deleted, even if the marked text stays", () => {
    const { a, claimId } = boardWithClaim();
    const review = new Y.Doc();
    const thread = openThread(review, { target: { kind: "claim", id: claimId }, body: "Hmm" }, ana);
    deleteClaim(a, claimId);
    expect(orphanedThreads(review, a).map((t) => t.id)).toEqual([thread]);
  });
});

describe("claimsCiting", () => {
  it("lists the claims that cite a pin or a card, following links and unlinks", () => {
    const { a, claimId, pin, card } = boardWithClaim();
    expect(claimsCiting(a, { kind: "card", id: card }).map((c) => c.id)).toEqual([claimId]);
    expect(claimsCiting(a, { kind: "pin", id: pin })).toEqual([]);
    linkEvidence(a, claimId, { kind: "pin", id: pin });
    expect(claimsCiting(a, { kind: "pin", id: pin }).map((c) => c.id)).toEqual([claimId]);
    unlinkEvidence(a, claimId, { kind: "card", id: card });
    expect(claimsCiting(a, { kind: "card", id: card })).toEqual([]);
  });
});
