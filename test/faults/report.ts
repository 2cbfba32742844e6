import { FAULT_SEED, replayCommand } from "./random";

/** The fault suite's tally, printed when it ends: what was edited, saved, injected, lost, diverged. */
export const tally = {
  edits: 0,
  savedEdits: 0,
  faults: new Map<string, number>(),
  lost: 0,
  diverged: 0,
};

/** Counts one injected fault of `kind`. */
export function injected(kind: string, count = 1): void {
  tally.faults.set(kind, (tally.faults.get(kind) ?? 0) + count);
}

/** The report; `durationMs` is the length of the random-edit run, 0 when it did not run. */
export function formatReport(durationMs: number): string {
  const width = Math.max(...Array.from(tally.faults.keys(), (k) => k.length), 12);
  const faults = Array.from(tally.faults, ([kind, n]) => `  ${kind.padEnd(width)}  ${n}`).join("\n");
  return [
    "──── fault suite report ────",
    `seed               ${FAULT_SEED}   (replay: ${replayCommand(durationMs)})`,
    `random-edit run    ${durationMs > 0 ? `${Math.round(durationMs / 1000)} s` : "not run"}`,
    `edits              ${tally.edits}`,
    `saved edits        ${tally.savedEdits}`,
    "faults injected:",
    faults || "  (none)",
    `lost               ${tally.lost}`,
    `diverged           ${tally.diverged}`,
    "────────────────────────────",
  ].join("\n");
}
