"use client";
/**
 * "Since last brief": what changed on the board since the latest briefing printed or presented,
 * marked on every pane (ChangeHighlights, the map's rings and ghosts) and listed in a bar under the
 * header. Kept up to date while people edit.
 */
import { useEffect, useState } from "react";
import type * as Y from "yjs";
import { useBoardUi, useBoardUiActions } from "@/components/board/boardUi";
import { useReview } from "@/components/review/ReviewContext";
import type { ChangeList } from "@/lib/board/diff";
import { observeBoard } from "@/lib/board/model";
import { observeReview } from "@/lib/board/review";
import { ChangeListView } from "./ChangeListView";
import { compareStates, loadVersion, marksOf, showChange, versionTime } from "./historyModel";
import { listVersions } from "./versionCalls";
import styles from "./history.module.css";

const ALL_PARTS = ["meta", "pins", "cards", "claims", "scenes", "narrative"] as const;
/** Edits in a burst are compared once. */
const RECOMPUTE_MS = 800;

type SinceState = { status: "loading" } | { status: "none" } | { status: "error"; error: string } | { status: "ready"; since: number; list: ChangeList; before: Y.Doc };

export function SinceLastBrief({ boardId, live }: { boardId: string; live: Y.Doc }) {
  const { doc: liveReview } = useReview();
  const ui = useBoardUiActions();
  const mapZoom = useBoardUi((state) => state.mapView?.zoom ?? null);
  const [state, setState] = useState<SinceState>({ status: "loading" });

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let stops: Array<() => void> = [];
    void (async () => {
      const result = await listVersions(boardId);
      if (stopped) return;
      if (!result.ok) return setState({ status: "error", error: result.error });
      const briefed = result.versions.find((version) => version.kind === "briefed");
      if (!briefed) {
        ui.markChanges(null);
        return setState({ status: "none" });
      }
      const before = await loadVersion(boardId, briefed.id);
      if (stopped) return;
      const compute = () => {
        timer = null;
        const list = compareStates({ version: briefed, state: before }, { version: null, state: { board: live, review: liveReview } }, result.versions, result.people);
        ui.markChanges(marksOf(list));
        setState({ status: "ready", since: briefed.createdAt, list, before: before.board });
      };
      compute();
      const later = () => {
        if (!timer) timer = setTimeout(compute, RECOMPUTE_MS);
      };
      stops = [observeBoard(live, ALL_PARTS, later), observeReview(liveReview, later)];
    })().catch((error: unknown) => {
      if (!stopped) setState({ status: "error", error: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const stop of stops) stop();
      ui.markChanges(null);
    };
  }, [boardId, live, liveReview, ui]);

  return (
    <section className={styles.sinceBar} aria-label="Since last brief" data-testid="since-last-brief">
      {state.status === "loading" && <p>Looking for the last briefing…</p>}
      {state.status === "none" && <p>No briefing has been printed or presented yet: nothing to compare with.</p>}
      {state.status === "error" && <p role="alert">{state.error}</p>}
      {state.status === "ready" && (
        <>
          <p>
            <strong>
              {state.list.changes.length === 0
                ? `No changes since the brief of ${versionTime(state.since)}`
                : `${state.list.changes.length} ${state.list.changes.length === 1 ? "change" : "changes"} since the brief of ${versionTime(state.since)}`}
            </strong>
          </p>
          {state.list.changes.length > 0 && (
            <details open>
              <summary>What changed</summary>
              <ChangeListView list={state.list} onShow={(change) => showChange(change, live, state.before, ui, mapZoom)} />
            </details>
          )}
        </>
      )}
    </section>
  );
}
