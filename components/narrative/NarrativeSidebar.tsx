"use client";
/** The narrative's side panel: its outline, its claims, and the board's review, one tab at a time. */
import type { Editor } from "@tiptap/react";
import type * as Y from "yjs";
import { useBoardUi, useBoardUiActions, type NarrativePanel } from "@/components/board/boardUi";
import { ReviewPanel } from "@/components/review/ReviewPanel";
import { useReviewAttention } from "@/components/review/useReviewAttention";
import { ClaimsPanel } from "./ClaimsPanel";
import styles from "./Claims.module.css";
import { Outline } from "./Outline";

const TABS: Array<{ id: NarrativePanel; label: string }> = [
  { id: "outline", label: "Outline" },
  { id: "claims", label: "Claims" },
  { id: "review", label: "Review" },
];

interface NarrativeSidebarProps {
  doc: Y.Doc;
  editor: Editor | null;
  canEdit: boolean;
  onRemoveClaim(claimId: string): void;
}

export function NarrativeSidebar({ doc, editor, canEdit, onRemoveClaim }: NarrativeSidebarProps) {
  const panel = useBoardUi((ui) => ui.narrativePanel);
  const { showNarrativePanel } = useBoardUiActions();
  const { open } = useReviewAttention(doc);
  return (
    <aside className={styles.sidebar} aria-label="Narrative tools">
      <div className={styles.tabs} role="tablist" aria-label="Narrative panels">
        {TABS.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`narrative-tab-${tab.id}`}
            aria-selected={panel === tab.id}
            aria-controls={`narrative-panel-${tab.id}`}
            className={styles.tab}
            onClick={() => showNarrativePanel(tab.id)}
          >
            {tab.label}
            {tab.id === "review" && open.length > 0 && <span className={styles.tabCount}> {open.length}</span>}
          </button>
        ))}
      </div>
      <div className={styles.tabPanel} role="tabpanel" id={`narrative-panel-${panel}`} aria-labelledby={`narrative-tab-${panel}`}>
        {panel === "outline" && editor && <Outline editor={editor} />}
        {panel === "claims" && <ClaimsPanel doc={doc} canEdit={canEdit} onRemoveClaim={onRemoveClaim} />}
        {panel === "review" && <ReviewPanel doc={doc} />}
      </div>
    </aside>
  );
}
