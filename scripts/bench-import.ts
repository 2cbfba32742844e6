/**
 * `npm run bench:import`: how long a 5,000-row ACLED import takes and how much memory it needs.
 * Generates made-up rows (never real ACLED data), then times reading and validating the CSV and
 * applying it to a board in one transaction, the same code path as the import dialog.
 * Prints figures; it is a measurement, not a test.
 */
import { performance } from "node:perf_hooks";
import * as Y from "yjs";
import { initBoard, listCards } from "@/lib/board/model";
import { readAcledCsv } from "@/lib/import/csv";
import { applyImport } from "@/lib/import/report";
import { madeUpCsv } from "./made-up-acled";

const ROWS = Number(process.argv[2] ?? 5000);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main(): Promise<void> {
  const csv = madeUpCsv(ROWS);
  const doc = new Y.Doc();
  initBoard(doc, { title: "Benchmark", question: "" });
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    const usage = process.memoryUsage();
    peakRss = Math.max(peakRss, usage.rss);
    peakHeap = Math.max(peakHeap, usage.heapUsed);
  };
  const timer = setInterval(sample, 5);
  const baseline = process.memoryUsage();

  const t0 = performance.now();
  let progressCalls = 0;
  const report = await readAcledCsv(csv, { onProgress: () => (progressCalls++, sample()) });
  if (report.rejected.length > 0) console.log("first refused rows:", report.rejected.slice(0, 3));
  const t1 = performance.now();
  const outcome = applyImport(doc, report, "all", "bench");
  sample();
  const t2 = performance.now();
  const update = Y.encodeStateAsUpdate(doc);
  clearInterval(timer);

  console.log(`rows: ${ROWS} (${mb(csv.length)} of CSV), accepted ${report.accepted.length}, rejected ${report.rejected.length}`);
  console.log(`outcome: ${JSON.stringify(outcome)}; cards on the board: ${listCards(doc).length}`);
  console.log(`parse + validate: ${((t1 - t0) / 1000).toFixed(2)} s (${progressCalls} progress reports)`);
  console.log(`apply (one transaction): ${((t2 - t1) / 1000).toFixed(2)} s`);
  console.log(`total: ${((t2 - t0) / 1000).toFixed(2)} s`);
  console.log(`peak RSS: ${mb(peakRss)} (baseline ${mb(baseline.rss)}); peak heap used: ${mb(peakHeap)} (baseline ${mb(baseline.heapUsed)})`);
  console.log(`resulting Yjs update: ${mb(update.byteLength)}`);
}

void main();
