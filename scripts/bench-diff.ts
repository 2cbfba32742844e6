/**
 * `npm run bench:diff`: how long the change list between two versions of the 10,000-event board
 * takes (lib/board/diff.ts). The earlier version is the demo board plus 10,000 made-up events
 * (10,000 pins and 10,000 cards); the later one adds a day of work by two people: pins moved,
 * renamed and removed, cards re-dated, regraded and added, claims judged again, the narrative
 * rewritten, verdicts and a thread. Both are read from their encoded state, as stored versions are.
 * Prints the median, best and worst of several runs (wall clock and CPU time) and the number of
 * changes found. A measurement,
 * not a test. `BENCH_EVENTS` changes the number of events.
 */
import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { diffBoards } from "@/lib/board/diff";
import { addCard, importEvidence, initBoard, listCards, listClaims, listPins, narrativeFragment, deletePin, updateCard, updateClaim, updatePin } from "@/lib/board/model";
import { openThread, setVerdict } from "@/lib/board/review";
import { seedDemoBoard } from "@/lib/board/seed";
import { madeUpEvents } from "./made-up-events";

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const RUNS = 7;
const ALICE = { id: "alice", name: "Alice" };
const BOB = { id: "bob", name: "Bob" };

function frozen(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

function replica(doc: Y.Doc, clientID: number): Y.Doc {
  const copy = new Y.Doc();
  copy.clientID = clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  return copy;
}

const board = new Y.Doc();
board.clientID = 1;
initBoard(board, { title: "10,000 events", question: "Is it shifting south?" });
seedDemoBoard(board);
const events = madeUpEvents(EVENTS);
for (let i = 0; i < events.length; i += 1000) importEvidence(board, events.slice(i, i + 1000), "bench");
const review = new Y.Doc();
review.clientID = 9;
const before = { board: frozen(board), review: frozen(review) };

// A day of work: Alice on the map and the narrative, Bob on the timeline and the claims.
const bob = replica(board, 2);
const pins = listPins(board);
const cards = listCards(bob);
for (let i = 0; i < 40; i++) updatePin(board, pins[i * 97].id, { lng: pins[i * 97].lng + 0.1, lat: pins[i * 97].lat - 0.05 });
for (let i = 0; i < 20; i++) updatePin(board, pins[i * 131 + 5].id, { title: `Renamed place ${i}` });
for (let i = 0; i < 10; i++) deletePin(board, pins[i * 211 + 7].id);
for (let i = 0; i < 40; i++) updateCard(bob, cards[i * 89].id, { grade: { reliability: "B", credibility: 2 } });
for (let i = 0; i < 40; i++) updateCard(bob, cards[i * 83 + 3].id, { when: { start: "2024-06-01", precision: "day" } });
for (let i = 0; i < 20; i++) addCard(bob, { title: `New report ${i}`, when: { start: "2024-06-02", precision: "day" } }, BOB.name);
for (const claim of listClaims(bob)) updateClaim(bob, claim.id, { confidence: "high" });
const fragment = narrativeFragment(board);
for (let i = 0; i < fragment.length; i += 3) {
  const block = fragment.get(i);
  const text = block instanceof Y.XmlElement ? block.get(0) : null;
  if (text instanceof Y.XmlText && text.length > 10) {
    text.delete(0, 5);
    text.insert(0, "Today");
  }
}
Y.applyUpdate(board, Y.encodeStateAsUpdate(bob));
const firstClaim = listClaims(board)[0];
if (firstClaim) {
  setVerdict(review, firstClaim.id, BOB.id, "dispute");
  openThread(review, { target: { kind: "claim", id: firstClaim.id }, body: "Too strong" }, BOB);
}
const after = { board: frozen(board), review: frozen(review) };
const people = (client: number) => (client === 1 ? ALICE : client === 2 ? BOB : null);

const times: number[] = [];
const cpu: number[] = [];
let found = 0;
for (let run = 0; run < RUNS; run++) {
  const start = performance.now();
  const startCpu = process.cpuUsage();
  found = diffBoards(before, after, people, [ALICE, BOB]).changes.length;
  const used = process.cpuUsage(startCpu);
  times.push(performance.now() - start);
  cpu.push((used.user + used.system) / 1000);
}
times.sort((a, b) => a - b);
cpu.sort((a, b) => a - b);
console.log(`diffBoards, ${EVENTS.toLocaleString("en-GB")} events (${listPins(after.board).length} pins, ${listCards(after.board).length} cards): ${found} changes`);
// On a shared machine the wall clock counts other processes' time too; the CPU time is this one's.
console.log(`  CPU time: median ${Math.round(cpu[Math.floor(RUNS / 2)])} ms · best ${Math.round(cpu[0])} ms`);
console.log(`  wall clock: first run ${times.length ? Math.round(Math.max(...times)) : 0} ms (worst) · median ${Math.round(times[Math.floor(RUNS / 2)])} ms · best ${Math.round(times[0])} ms over ${RUNS} runs`);
