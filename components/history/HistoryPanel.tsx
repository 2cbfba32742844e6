"use client";
/**
 * The board's history: its versions by time (kind, name, who wrote), naming the board as it is
 * now, viewing a version read-only, comparing two versions or a version with now, and restoring a
 * whole version or one pin, card or claim from a comparison — as a new change everyone sees live,
 * which "Undo restore" takes back.
 */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import type * as Y from "yjs";
import { useBoardUi, useBoardUiActions } from "@/components/board/boardUi";
import { useReview } from "@/components/review/ReviewContext";
import type { BoardState, ChangeList } from "@/lib/board/diff";
import { momentDateTime } from "@/lib/board/dates";
import {
  compareStates,
  loadVersion,
  marksOf,
  showChange,
  VERSIONS_CHANGED,
  versionKindLabel,
  versionTime,
  versionTitle,
} from "./historyModel";
import { ChangeListView } from "./ChangeListView";
import { useRestore } from "./useRestore";
import { listVersions, saveNamedVersion, type ClientIdPeople, type ListedVersion } from "./versionCalls";
import styles from "./history.module.css";

/** A version on screen instead of the live board. */
export interface ViewedVersion {
  version: ListedVersion;
  state: BoardState;
}

interface HistoryPanelProps {
  boardId: string;
  /** The live board document (restores are written here). */
  live: Y.Doc;
  /** Whether this person may name versions and restore. */
  canRestore: boolean;
  /** The version on screen, if one is. */
  viewing: ViewedVersion | null;
  onView(viewed: ViewedVersion | null): void;
  onClose(): void;
}

interface Comparison {
  from: ListedVersion;
  to: ListedVersion | null;
  before: BoardState;
  list: ChangeList;
}

export function HistoryPanel({ boardId, live, canRestore, viewing, onView, onClose }: HistoryPanelProps) {
  const { doc: liveReview } = useReview();
  const ui = useBoardUiActions();
  const mapZoom = useBoardUi((state) => state.mapView?.zoom ?? null);
  const [versions, setVersions] = useState<ListedVersion[] | null>(null);
  const [people, setPeople] = useState<ClientIdPeople>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState("");
  const [comparison, setComparison] = useState<Comparison | null>(null);
  const [fromId, setFromId] = useState("");
  const [toId, setToId] = useState("now");
  const restore = useRestore(live);

  const apply = useCallback((result: Awaited<ReturnType<typeof listVersions>>) => {
    if (!result.ok) return setError(result.error);
    setVersions(result.versions);
    setPeople(result.people);
    setError(null);
  }, []);
  const refresh = useCallback(async () => apply(await listVersions(boardId)), [apply, boardId]);

  useEffect(() => {
    let stale = false;
    const load = () =>
      void listVersions(boardId).then((result) => {
        if (!stale) apply(result);
      });
    load();
    window.addEventListener(VERSIONS_CHANGED, load);
    return () => {
      stale = true;
      window.removeEventListener(VERSIONS_CHANGED, load);
    };
  }, [apply, boardId]);

  const saveName = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const result = await saveNamedVersion(boardId, name);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setName("");
    await refresh();
  };

  const view = async (version: ListedVersion) => {
    setBusy(true);
    try {
      onView({ version, state: await loadVersion(boardId, version.id) });
      setError(null);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    } finally {
      setBusy(false);
    }
  };

  const compare = async (from: ListedVersion, to: ListedVersion | null) => {
    if (!versions) return;
    setBusy(true);
    try {
      const before = await loadVersion(boardId, from.id);
      const after = to ? await loadVersion(boardId, to.id) : { board: live, review: liveReview };
      // The later side is what the panes show, so a change is shown where it now is.
      if (to) onView({ version: to, state: after });
      else onView(null);
      const list = compareStates({ version: from, state: before }, { version: to, state: after }, versions, people);
      setComparison({ from, to, before, list });
      ui.markChanges(marksOf(list));
      setError(null);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    } finally {
      setBusy(false);
    }
  };

  const closeComparison = () => {
    setComparison(null);
    ui.markChanges(null);
  };

  const restoreVersion = async (version: ListedVersion) => {
    if (!window.confirm(`Restore the whole board to “${versionTitle(version)}”? Everyone sees the change; it can be undone.`)) return;
    try {
      const past = await loadVersion(boardId, version.id);
      onView(null);
      restore.board(past.board, `the board to “${versionTitle(version)}”`);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    }
  };

  const shown = viewing?.state.board ?? live;

  return (
    <aside
      className={styles.panel}
      role="dialog"
      aria-modal="false"
      aria-label="History"
      data-testid="history-panel"
      onKeyDown={(event) => event.key === "Escape" && onClose()}
    >
      <div className={styles.panelHeader}>
        <h2>History</h2>
        <button type="button" onClick={onClose} aria-label="Close history">
          ×
        </button>
      </div>
      {error && (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      )}
      {restore.done && (
        <p className={styles.restored} role="status">
          Restored {restore.done.what}.{" "}
          <button type="button" onClick={restore.undo}>
            Undo restore
          </button>
        </p>
      )}
      {canRestore && (
        <form className={styles.nameForm} onSubmit={saveName}>
          <label>
            Name this version
            <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Before the Monday brief" maxLength={120} />
          </label>
          <button type="submit" disabled={busy || !name.trim()}>
            Save version
          </button>
        </form>
      )}
      {comparison ? (
        <section aria-label="Changes">
          <header className={styles.compareHeader}>
            <h3>
              Changes from {versionTitle(comparison.from)} to {comparison.to ? versionTitle(comparison.to) : "now"}
            </h3>
            <button type="button" onClick={closeComparison}>
              Close comparison
            </button>
          </header>
          <ChangeListView
            list={comparison.list}
            onShow={(change) => showChange(change, shown, comparison.before.board, ui, mapZoom)}
            onRestore={
              canRestore && comparison.to === null
                ? (target, label) => restore.entity(comparison.before.board, target, label)
                : undefined
            }
          />
        </section>
      ) : (
        versions && versions.length > 1 && (
          <form
            className={styles.compareForm}
            onSubmit={(event) => {
              event.preventDefault();
              const from = versions.find((v) => v.id === fromId);
              const to = toId === "now" ? null : (versions.find((v) => v.id === toId) ?? null);
              if (from) void compare(from, to);
            }}
          >
            <label>
              Compare
              <select value={fromId} onChange={(event) => setFromId(event.target.value)}>
                <option value="">Choose a version</option>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {versionTitle(v)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              with
              <select value={toId} onChange={(event) => setToId(event.target.value)}>
                <option value="now">Now</option>
                {versions.map((v) => (
                  <option key={v.id} value={v.id}>
                    {versionTitle(v)}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={!fromId || busy}>
              Compare
            </button>
          </form>
        )
      )}
      {versions === null ? (
        <p className={styles.muted}>Loading versions…</p>
      ) : versions.length === 0 ? (
        <p className={styles.muted}>No versions yet. The board keeps one after each stretch of editing{canRestore ? ", or name one above" : ""}.</p>
      ) : (
        <ol className={styles.versions} aria-label="Versions">
          {versions.map((version) => (
            <li key={version.id} className={styles.version} data-testid="version-row" data-kind={version.kind} aria-current={viewing?.version.id === version.id || undefined}>
              <p className={styles.versionTitle}>
                <span className={styles.kind}>{versionKindLabel(version)}</span> <strong>{version.name ?? versionTime(version.createdAt)}</strong>
              </p>
              <p className={styles.muted}>
                <time dateTime={momentDateTime(version.createdAt)}>{versionTime(version.createdAt)}</time>
                {version.authorNames.length > 0 && ` · ${version.authorNames.join(", ")}`}
                {version.createdByName && version.kind !== "auto" && ` · saved by ${version.createdByName}`}
              </p>
              <div className={styles.actions}>
                <button type="button" disabled={busy} onClick={() => void view(version)}>
                  View
                </button>
                <button type="button" disabled={busy} onClick={() => void compare(version, null)}>
                  Compare with now
                </button>
                {canRestore && (
                  <button type="button" disabled={busy} onClick={() => void restoreVersion(version)}>
                    Restore this version
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
