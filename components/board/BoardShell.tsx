"use client";
/**
 * The board page: connects to the board's document and lays out the header and the three live
 * panes (map, timeline, narrative) over it.
 */
import dynamic from "next/dynamic";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import * as Y from "yjs";
import { NarrativePane } from "@/components/narrative/NarrativePane";
import { FollowBanner } from "@/components/present/FollowBanner";
import { PresentationProvider, usePresentation } from "@/components/present/PresentationProvider";
import { PresenterView } from "@/components/present/PresenterView";
import { ScenesPanel } from "@/components/present/ScenesPanel";
import { HypothesesPanel } from "@/components/hypotheses/HypothesesPanel";
import { BoardSettings } from "./BoardSettings";
import { ReviewAttentionButton } from "@/components/review/ReviewAttentionButton";
import { ReviewProvider } from "@/components/review/ReviewContext";
import { TimelinePane } from "@/components/timeline/TimelinePane";
import { PIN_LIST_NOTE_ID } from "@/components/map/PinList";
import { readMeta } from "@/lib/board/model";
import { BoardAnnouncer } from "./BoardAnnouncer";
import { BoardHeader } from "./BoardHeader";
import { BoardUiProvider, useBoardUiActions } from "./boardUi";
import { parseSelectParam } from "@/lib/notifications";
import styles from "./BoardShell.module.css";
import { PANE_IDS, type BoardPaneProps } from "./types";
import type { BasemapConfig } from "@/lib/basemap";
import { can, type Role } from "@/lib/auth/roles";
import { presenceOf } from "@/lib/collab/presence";
import { MembersPanel } from "./MembersPanel";
import type { BoardConnection } from "./boardConnection";
import { useBoardDoc } from "./useBoardDoc";
import { download } from "@/components/ui/download";
import { KeepForOffline } from "@/components/offline/OfflineSupport";
import { recordBriefedVersion } from "@/components/history/versionCalls";
import { useBoardValue } from "./useBoardValue";
import { Awareness } from "y-protocols/awareness";
import { ChangeHighlights } from "@/components/history/ChangeHighlights";
import { HistoryPanel, type ViewedVersion } from "@/components/history/HistoryPanel";
import { SinceLastBrief } from "@/components/history/SinceLastBrief";
import { ViewingBanner } from "@/components/history/ViewingBanner";
import { announceVersions } from "@/components/history/historyModel";

const MapPane = dynamic(() => import("@/components/map/MapPane").then((m) => m.MapPane), {
  ssr: false,
  loading: () => <div className={styles.placeholder}>Loading map…</div>,
});

const META_PARTS = ["meta"] as const;
/** Stands in for the document until the connection exists, so hooks run in the same order. */
const PLACEHOLDER_DOC = new Y.Doc();

interface BoardShellProps {
  boardId: string;
  /** Title and question as last stored, shown until the live document arrives. */
  initialTitle: string;
  initialQuestion: string;
  /** The role at page load; the live connection's role replaces it. */
  initialRole: Role;
  me: { id: string; name: string };
  /** The basemaps the operator configured (lib/basemap.ts), for the map. */
  basemaps: BasemapConfig;
}

export function BoardShell({ boardId, initialTitle, initialQuestion, initialRole, me, basemaps }: BoardShellProps) {
  const user = useMemo(() => presenceOf(me), [me]);
  const board = useBoardDoc(boardId, user);
  const role = board?.role ?? initialRole;
  const [showMembers, setShowMembers] = useState(false);
  const [showScenes, setShowScenes] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const [showHypotheses, setShowHypotheses] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const [sinceBrief, setSinceBrief] = useState(false);
  // A past version on screen: its own document and a presence nobody shares, so nothing reaches the room.
  const [viewing, setViewing] = useState<ViewedVersion | null>(null);
  const viewedAwareness = useMemo(() => (viewing ? new Awareness(viewing.state.board) : null), [viewing]);
  useEffect(() => () => viewedAwareness?.destroy(), [viewedAwareness]);
  const live = useBoardValue(board?.doc ?? PLACEHOLDER_DOC, META_PARTS, readMeta, null);
  const meta = board && !board.loading && live ? live : { title: initialTitle, question: initialQuestion };
  useEffect(() => {
    document.title = `${meta.title} · Situation Board`;
  }, [meta.title]);
  // Presenting records the version of the board the briefing showed.
  const recordPresented = useCallback(
    () => void recordBriefedVersion(boardId, "presented").then((result) => result.ok && announceVersions()),
    [boardId],
  );

  if (!board) return <div className={styles.placeholder}>Connecting…</div>;
  if (board.refused) {
    return (
      <div className={styles.refused} role="alert">
        <p>{board.refused}</p>
        {board.unsaved && <UnsavedChanges boardId={boardId} board={board} />}
        <Link href="/">Back to all boards</Link>
      </div>
    );
  }
  const livePane: BoardPaneProps = {
    doc: board.doc,
    awareness: board.awareness,
    user,
    loading: board.loading,
    canEdit: can(role, "board:edit"),
  };
  const pane: BoardPaneProps =
    viewing && viewedAwareness ? { doc: viewing.state.board, awareness: viewedAwareness, user, loading: false, canEdit: false } : livePane;
  const paneKey = viewing ? `version-${viewing.version.id}` : "live";
  return (
    <BoardUiProvider>
      <ReviewProvider boardId={boardId} me={me} role={role}>
      <PresentationProvider
        doc={board.doc}
        awareness={board.awareness}
        loading={board.loading}
        canPresent={can(role, "board:present") && !board.loading}
        canFollow={can(role, "presentation:follow")}
        onStart={recordPresented}
      >
        <PresentingShell>
          <SkipLinks />
          <BoardAnnouncer me={me.id} present={board.present} save={board.save} loading={board.loading} />
          <BoardHeader
            title={meta.title}
            question={meta.question}
            present={board.present}
            save={board.save}
            loading={board.loading}
            user={user}
            role={role}
            onShowMembers={can(role, "members:manage") ? () => setShowMembers(true) : undefined}
            review={<ReviewAttentionButton doc={board.doc} />}
            actions={
              <>
                <button type="button" className={styles.scenesButton} aria-expanded={showScenes} onClick={() => setShowScenes((shown) => !shown)}>
                  Scenes
                </button>
                <button type="button" className={styles.scenesButton} aria-expanded={showHypotheses} onClick={() => setShowHypotheses((shown) => !shown)}>
                  Hypotheses
                </button>
                <button type="button" className={styles.scenesButton} aria-expanded={showHistory} onClick={() => setShowHistory((shown) => !shown)}>
                  History
                </button>
                <button type="button" className={styles.scenesButton} aria-pressed={sinceBrief} onClick={() => setSinceBrief((on) => !on)}>
                  Since last brief
                </button>
                {(can(role, "board:edit") || can(role, "board:delete")) && (
                  <button type="button" className={styles.scenesButton} aria-expanded={showSettings} onClick={() => setShowSettings(true)}>
                    Board
                  </button>
                )}
              </>
            }
          />
          {!board.loading && <KeepForOffline userId={me.id} path={`/boards/${boardId}`} />}
          {!board.loading && <SelectFromLink />}
          <FollowBanner canFollow={can(role, "presentation:follow")} />
          {viewing && <ViewingBanner viewing={viewing} onBack={() => setViewing(null)} />}
          {sinceBrief && !board.loading && <SinceLastBrief boardId={boardId} live={board.doc} />}
          <ChangeHighlights />
          {showHistory && (
            <HistoryPanel
              boardId={boardId}
              live={board.doc}
              canRestore={can(role, "versions:save") && can(role, "board:edit") && !board.loading}
              viewing={viewing}
              onView={setViewing}
              onClose={() => setShowHistory(false)}
            />
          )}
          {showSettings && (
            <BoardSettings
              doc={board.doc}
              boardId={boardId}
              title={meta.title}
              question={meta.question}
              canRename={can(role, "board:edit") && !board.loading}
              canDelete={can(role, "board:delete")}
              onClose={() => setShowSettings(false)}
            />
          )}
          {showMembers && <MembersPanel boardId={boardId} me={me.id} onClose={() => setShowMembers(false)} />}
          {showScenes && <ScenesPanel boardId={boardId} doc={pane.doc} canEdit={pane.canEdit && !pane.loading} onClose={() => setShowScenes(false)} />}
          {showHypotheses && (
            <HypothesesPanel doc={pane.doc} boardId={boardId} me={me} role={viewing ? "viewer" : role} loading={pane.loading} onClose={() => setShowHypotheses(false)} />
          )}
          <main className={styles.panes}>
            <section id={PANE_IDS.map} tabIndex={-1} className={styles.map} aria-label="Map" aria-describedby={PIN_LIST_NOTE_ID}>
              <MapPane key={paneKey} {...pane} basemaps={basemaps} />
            </section>
            {/* Each pane names its own region; its slot here is only layout. */}
            <div className={styles.timeline}>
              <TimelinePane key={paneKey} {...pane} />
            </div>
            <div className={styles.narrative}>
              <NarrativePane key={paneKey} {...pane} />
            </div>
          </main>
          <PresenterView />
        </PresentingShell>
      </PresentationProvider>
      </ReviewProvider>
    </BoardUiProvider>
  );
}

/**
 * What this device holds that the server never saved, for someone refused while offline: listed,
 * downloadable, and removed from the device only when the person says so.
 */
function UnsavedChanges({ boardId, board }: { boardId: string; board: BoardConnection }) {
  const [discarded, setDiscarded] = useState(false);
  if (discarded) return <p>The changes were removed from this device.</p>;
  const changes = board.unsaved ?? [];
  return (
    <section className={styles.unsaved} data-testid="unsaved-changes" aria-label="Changes not saved">
      <p>
        {changes.length === 1 ? "One change" : `${changes.length} changes`} made on this device could not be saved to the board and were not
        applied:
      </p>
      <ul>
        {changes.map((change) => (
          <li key={`${change.part}/${change.id ?? ""}`}>{change.label}</li>
        ))}
      </ul>
      <button type="button" onClick={() => download(`unsaved-changes-${boardId}.json`, "application/json", board.exportUnsaved())}>
        Download them
      </button>
      <button type="button" onClick={() => void board.discardLocalCopy().then(() => setDiscarded(true))}>
        Remove them from this device
      </button>
    </section>
  );
}

/**
 * A link may name what to show (`?select=claim:<id>`, as notifications do): once the board has
 * loaded, that claim, pin or card is selected, as if chosen on the board.
 */
function SelectFromLink() {
  const value = useSearchParams().get("select");
  const { select, showNarrativePanel } = useBoardUiActions();
  useEffect(() => {
    const target = parseSelectParam(value);
    if (!target) return;
    if (target.kind === "claim") showNarrativePanel("claims");
    select(target);
  }, [value, select, showNarrativePanel]);
  return null;
}

const SKIPS = [
  { pane: PANE_IDS.map, label: "Skip to map" },
  { pane: PANE_IDS.timeline, label: "Skip to timeline" },
  { pane: PANE_IDS.narrative, label: "Skip to narrative" },
] as const;

/**
 * The page's first Tab stops: each moves focus straight to a pane, past the header's controls
 * (and from one pane to another past everything in between). Shown only while focused.
 */
function SkipLinks() {
  return (
    <nav className={styles.skipLinks} aria-label="Skip to a pane">
      {SKIPS.map(({ pane, label }) => (
        <a
          key={pane}
          href={`#${pane}`}
          className={styles.skipLink}
          onClick={(event) => {
            // Focus, not only scroll: the next Tab continues inside the pane.
            const target = document.getElementById(pane);
            if (!target) return;
            event.preventDefault();
            target.focus();
          }}
        >
          {label}
        </a>
      ))}
    </nav>
  );
}

/** The shell's frame; presenting switches it to the presenting layout. */
function PresentingShell({ children }: { children: ReactNode }) {
  const { presenting } = usePresentation();
  return (
    <div className={styles.shell} data-presenting={presenting !== null} data-testid="board-shell">
      {children}
    </div>
  );
}
