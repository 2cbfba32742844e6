"use client";
/**
 * The board's scenes: capture what this person is looking at (map view, time window, selected
 * pins and cards, the narrative section) as a scene, put scenes in order, copy, delete and edit
 * them, show one, link to one, present from one, and export them as a briefing.
 */
import { useState, type FormEvent } from "react";
import type * as Y from "yjs";
import { useBoardUi, type Focus, type Selection } from "@/components/board/boardUi";
import { buildBriefing, briefingInputOf, briefingMarkdown, exportFileName } from "@/lib/board/briefing";
import { addScene, deleteScene, duplicateScene, getCard, getClaim, moveScene, updateScene } from "@/lib/board/model";
import type { Scene } from "@/lib/board/schema";
import { WORLD_VIEW } from "@/components/map/openingView";
import { download } from "@/components/ui/download";
import { useReview } from "@/components/review/ReviewContext";
import { claimReviewStatuses } from "@/lib/board/review";
import { currentNarrativeAnchor } from "./narrativeScroll";
import { usePresentation } from "./PresentationProvider";
import { sceneUrl } from "./sceneLink";
import styles from "./present.module.css";

interface ScenesPanelProps {
  boardId: string;
  doc: Y.Doc;
  canEdit: boolean;
  onClose(): void;
}

/** Where the map is before it has reported anything: the world, where it starts. */
const DEFAULT_VIEW = {
  lng: WORLD_VIEW.longitude,
  lat: WORLD_VIEW.latitude,
  zoom: WORLD_VIEW.zoom,
  bearing: 0,
  pitch: 0,
};

/** The focus a selection stands for: a pin, a card, or a claim's evidence. */
function focusOf(doc: Y.Doc, selection: Selection, current: Focus | null): Scene["focus"] {
  if (selection?.kind === "pin") return { pinIds: [selection.id], cardIds: [] };
  if (selection?.kind === "card") return getCard(doc, selection.id) ? { pinIds: [], cardIds: [selection.id] } : { pinIds: [], cardIds: [] };
  if (selection?.kind === "claim") {
    const evidence = getClaim(doc, selection.id)?.evidence ?? [];
    return {
      pinIds: evidence.filter((ref) => ref.kind === "pin").map((ref) => ref.id),
      cardIds: evidence.filter((ref) => ref.kind === "card").map((ref) => ref.id),
    };
  }
  return { pinIds: [...(current?.pinIds ?? [])], cardIds: [...(current?.cardIds ?? [])] };
}

export function ScenesPanel({ boardId, doc, canEdit, onClose }: ScenesPanelProps) {
  const presentation = usePresentation();
  const { scenes } = presentation;
  const { doc: reviewDoc } = useReview();
  const mapView = useBoardUi((state) => state.mapView);
  const timeWindow = useBoardUi((state) => state.timeWindow);
  const selection = useBoardUi((state) => state.selection);
  const focus = useBoardUi((state) => state.focus);
  const [title, setTitle] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ sceneId: string; url: string; copied: boolean } | null>(null);

  const attempt = (action: () => void) => {
    try {
      action();
      setError(null);
    } catch (thrown) {
      setError(thrown instanceof Error ? thrown.message : String(thrown));
    }
  };

  const capture = (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return setError("Give the scene a title.");
    attempt(() => {
      addScene(doc, {
        title,
        view: mapView ?? DEFAULT_VIEW,
        timeWindow,
        focus: focusOf(doc, selection, focus),
        narrativeAnchor: currentNarrativeAnchor(),
      });
      setTitle("");
    });
  };

  const copyLink = async (scene: Scene) => {
    const url = sceneUrl(window.location.href, scene.id);
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // No clipboard here (permissions, an insecure origin): the link is shown to copy by hand.
    }
    setLink({ sceneId: scene.id, url, copied });
  };

  const exportMarkdown = () => {
    const briefing = buildBriefing({ ...briefingInputOf(doc), review: claimReviewStatuses(reviewDoc) });
    download(exportFileName(briefing.title, "md"), "text/markdown", briefingMarkdown(briefing));
  };

  return (
    <aside
      className={styles.panel}
      role="dialog"
      aria-modal="false"
      aria-label="Scenes"
      data-testid="scenes-panel"
      onKeyDown={(event) => event.key === "Escape" && onClose()}
    >
      <div className={styles.panelHeader}>
        <h2>Scenes</h2>
        <button type="button" onClick={onClose} aria-label="Close scenes">
          ×
        </button>
      </div>
      {canEdit && (
        <form className={styles.capture} onSubmit={capture}>
          <input aria-label="Scene title" placeholder="Title of the new scene" value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} />
          <button type="submit">Capture scene</button>
          <p className={styles.hint}>Saves the map view, the time window, what is selected and the narrative section you are reading.</p>
        </form>
      )}
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
      <div className={styles.panelActions}>
        {presentation.canPresent && (
          <button type="button" className={styles.primary} disabled={scenes.length === 0} onClick={() => {
              presentation.start();
              onClose();
            }}>
            Present
          </button>
        )}
        <a href={`/boards/${encodeURIComponent(boardId)}/briefing`} target="_blank" rel="noreferrer">
          Briefing (print / PDF)
        </a>
        <button type="button" onClick={exportMarkdown}>
          Export Markdown
        </button>
      </div>
      {scenes.length === 0 ? (
        <p className={styles.hint}>{canEdit ? "No scenes yet. Frame the board and capture a scene." : "No scenes yet."}</p>
      ) : (
        <ol className={styles.scenes} aria-label="Scene list">
          {scenes.map((scene, index) => (
            <li key={scene.id} data-testid="scene" data-scene-id={scene.id}>
              <div className={styles.sceneHead}>
                <span className={styles.number}>{index + 1}</span>
                {canEdit ? (
                  <input
                    key={scene.title}
                    aria-label={`Title of scene ${index + 1}`}
                    defaultValue={scene.title}
                    maxLength={200}
                    onBlur={(e) => e.target.value !== scene.title && attempt(() => updateScene(doc, scene.id, { title: e.target.value }))}
                    onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
                  />
                ) : (
                  <strong>{scene.title}</strong>
                )}
              </div>
              {canEdit ? (
                <textarea
                  key={scene.notes}
                  aria-label={`Speaker notes of scene ${index + 1}`}
                  placeholder="Speaker notes"
                  defaultValue={scene.notes}
                  rows={2}
                  onBlur={(e) => e.target.value !== scene.notes && attempt(() => updateScene(doc, scene.id, { notes: e.target.value }))}
                />
              ) : (
                scene.notes && <p className={styles.notesText}>{scene.notes}</p>
              )}
              <div className={styles.sceneActions}>
                <button type="button" onClick={() => presentation.show(scene)} aria-label={`Show ${scene.title}`}>
                  Show
                </button>
                {presentation.canPresent && (
                  <button type="button" onClick={() => {
                      presentation.start(scene.id);
                      onClose();
                    }}
                    aria-label={`Present from ${scene.title}`}>
                    Present from here
                  </button>
                )}
                <button type="button" onClick={() => void copyLink(scene)} aria-label={`Copy link to ${scene.title}`}>
                  Copy link
                </button>
                {canEdit && (
                  <>
                    <button type="button" disabled={index === 0} onClick={() => attempt(() => moveScene(doc, scene.id, index - 1))} aria-label={`Move ${scene.title} up`}>
                      ↑
                    </button>
                    <button
                      type="button"
                      disabled={index === scenes.length - 1}
                      onClick={() => attempt(() => moveScene(doc, scene.id, index + 1))}
                      aria-label={`Move ${scene.title} down`}
                    >
                      ↓
                    </button>
                    <button type="button" onClick={() => attempt(() => duplicateScene(doc, scene.id))} aria-label={`Duplicate ${scene.title}`}>
                      Duplicate
                    </button>
                    <button type="button" onClick={() => attempt(() => deleteScene(doc, scene.id))} aria-label={`Delete ${scene.title}`}>
                      Delete
                    </button>
                  </>
                )}
              </div>
              {link?.sceneId === scene.id && (
                <div className={styles.link} role="status">
                  <input readOnly aria-label="Link to this scene" value={link.url} data-testid="scene-link" onFocus={(e) => e.target.select()} />
                  <span>{link.copied ? "Link copied" : "Copy the link above"}</span>
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
