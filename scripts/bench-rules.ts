/**
 * `npm run bench:rules`: what the server's check of a peer's update costs before it is applied —
 * the structural rules (lib/collab/rules.ts: decode, resolve each struct's parent, check its
 * type and value) plus the client id owners (server/client-ids.ts) — per update, next to what
 * applying the same update to the room's document costs. Updates: a keystroke in the narrative,
 * a pin edit, a rating in the hypotheses matrix (checked against its writer), a 1,000-card import (1,000 pins and 1,000 cards in one update), a reconnecting
 * client's whole board, and the refusal of 1,500 nested blockquotes. The room holds the demo
 * board plus 2,000 pins and cards, so parents are looked up in a document of realistic size.
 * Prints figures; it is a measurement, not a test.
 */
import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { importEvidence, initBoard, listCards, listHypotheses, listPins, narrativeFragment, setRating, updatePin } from "@/lib/board/model";
import { seedDemoBoard } from "@/lib/board/seed";
import { checkUpdate, decodeBoardUpdate, newWriters } from "@/lib/collab/rules";
import { ClientIdOwners } from "@/server/client-ids";

const WHEN = { start: "2019-03-01", precision: "day" as const };

/** The person sending every update (as the room passes the peer's user id). */
const WRITER = "bench-user";

function events(count: number, prefix: string) {
  return Array.from({ length: count }, (_, i) => ({
    pin: { title: `${prefix} place ${i}`, lng: (i % 360) - 180, lat: (i % 180) - 90, note: "x".repeat(200) },
    card: { title: `${prefix} event ${i}`, body: "Reported clashes near the market. ".repeat(6), when: WHEN, tags: ["clash"] },
  }));
}

/** The room's document: the demo board (its matrix rated by the writer) with 1,000 imported events (2,000 entries). */
function roomDoc(): Y.Doc {
  const doc = new Y.Doc();
  initBoard(doc, { title: "Benchmark", question: "How much does checking cost?" });
  seedDemoBoard(doc, WRITER);
  importEvidence(doc, events(1_000, "Earlier"), "bench");
  return doc;
}

/** The update `edit` makes on a replica of `room`. */
function editOf(room: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const replica = new Y.Doc();
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(room));
  const before = Y.encodeStateVector(replica);
  edit(replica);
  return Y.encodeStateAsUpdate(replica, before);
}

function firstText(doc: Y.Doc): Y.XmlText {
  const walker = narrativeFragment(doc).createTreeWalker((node) => node instanceof Y.XmlText);
  return walker.next().value as Y.XmlText;
}

/** Median of `runs` timings of `work`, in milliseconds. */
function median(runs: number, work: () => void): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const format = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`);

function main(): void {
  const room = roomDoc();
  const cases: Array<{ name: string; update: Uint8Array; runs: number; against?: Y.Doc }> = [
    { name: "keystroke in the narrative", update: editOf(room, (doc) => firstText(doc).insert(3, "a")), runs: 2_000 },
    { name: "pin edit (one field)", update: editOf(room, (doc) => updatePin(doc, listPins(doc)[0].id, { note: "Moved" })), runs: 2_000 },
    {
      name: "rating (one cell)",
      update: editOf(room, (doc) => setRating(doc, { cardId: listCards(doc)[0].id, hypothesisId: listHypotheses(doc)[0].id, userId: WRITER }, "II")),
      runs: 2_000,
    },
    { name: "1,000-card import", update: editOf(room, (doc) => importEvidence(doc, events(1_000, "New"), "bench")), runs: 30 },
    { name: "whole board (reconnect)", update: Y.encodeStateAsUpdate(room), runs: 20, against: new Y.Doc() },
    {
      name: "1,500 nested blockquotes (refused)",
      update: editOf(room, (doc) =>
        doc.transact(() => {
          let parent: Y.XmlFragment = narrativeFragment(doc);
          for (let i = 0; i < 1_500; i++) {
            const next = new Y.XmlElement("blockquote");
            parent.insert(0, [next]);
            parent = next;
          }
        }),
      ),
      runs: 50,
    },
  ];

  console.log(`room: demo board + 2,000 entries, ${(Y.encodeStateAsUpdate(room).byteLength / 1024).toFixed(0)} KB`);
  console.log("update                               bytes     rules+owners   decode alone   check alone   apply (Y.applyUpdate on a copy)");
  for (const { name, update, runs, against } of cases) {
    const doc = against ?? room;
    const owners = new ClientIdOwners("bench", null);
    const verdict = checkUpdate(update, doc, "board", WRITER);
    const check = median(runs, () => {
      const decoded = decodeBoardUpdate(update);
      if (!checkUpdate(decoded, doc, "board", WRITER)) owners.admit(newWriters(decoded, doc).keys(), WRITER);
    });
    const decode = median(runs, () => decodeBoardUpdate(update));
    const decoded = decodeBoardUpdate(update);
    const alone = median(runs, () => checkUpdate(decoded, doc, "board", WRITER));
    // Applying mutates the document: time it on fresh copies (the copy is built outside the timing).
    const copies = Array.from({ length: Math.min(runs, 20) }, () => {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      return copy;
    });
    const apply = verdict ? NaN : median(copies.length, () => Y.applyUpdate(copies.pop()!, update));
    console.log(
      `${name.padEnd(36)} ${String(update.byteLength).padStart(8)}   ${format(check).padStart(12)}   ${format(decode).padStart(12)}   ${format(alone).padStart(11)}   ${Number.isNaN(apply) ? "(refused: not applied)" : format(apply)}${verdict ? `   [${verdict.rule}]` : ""}`,
    );
  }
}

main();
