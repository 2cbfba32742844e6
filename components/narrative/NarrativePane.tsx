"use client";

import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor, type Editor } from "@tiptap/react";
import { memo, useEffect, useMemo, useRef, useState, type MouseEvent } from "react";
import { useBoardUi, useBoardUiActions, type Selection } from "@/components/board/boardUi";
import { PANE_IDS, type BoardPaneProps } from "@/components/board/types";
import { useBoardValue } from "@/components/board/useBoardValue";
import { addClaim, CLAIM_MARK, deleteClaim, listCards, listClaims, listPins, narrativeFragment } from "@/lib/board/model";
import { createNarrativeExtensions, mentionKind } from "@/lib/board/narrative";
import type { Claim } from "@/lib/board/schema";
import { renderCaret } from "./caret";
import { caretAwareness } from "./caretAwareness";
import { claimDecorations, createClaimDecorationInfo, refreshClaimDecorations } from "./claimDecorations";
import { MarkClaimForm } from "./MarkClaimForm";
import { mentionSuggestion } from "./mentionMenu";
import { narrativeGuard } from "./narrativeGuard";
import styles from "./NarrativePane.module.css";
import { NarrativeSidebar } from "./NarrativeSidebar";
import { NarrativeToolbar } from "./NarrativeToolbar";
import { NarrativeErrorBoundary, NarrativeUnavailable } from "./NarrativeUnavailable";
import { SlashCommands } from "./slashCommands";

const CLAIM_PARTS = ["claims"] as const;
const NO_CLAIMS: Claim[] = [];

/** What a click or the pointer in the text is about: a claim (or its badge) or a mention chip. */
function boardItemAt(target: EventTarget | null): Selection {
  const element = target instanceof Element ? target.closest("[data-claim-id], [data-claim-badge], span.mention[data-id]") : null;
  if (!element) return null;
  const claimId = element.getAttribute("data-claim-id") ?? element.getAttribute("data-claim-badge");
  if (claimId) return { kind: "claim", id: claimId };
  const id = element.getAttribute("data-id");
  return id ? { kind: mentionKind(element.getAttribute("data-mention-suggestion-char")), id } : null;
}

/** Removes every part of a claim's mark from the text, as one step of this person's undo. */
function unmarkClaim(editor: Editor, claimId: string): void {
  const type = editor.schema.marks[CLAIM_MARK];
  const tr = editor.state.tr;
  editor.state.doc.descendants((node, pos) => {
    if (node.isText && node.marks.some((mark) => mark.type === type && mark.attrs.claimId === claimId)) {
      tr.removeMark(pos, pos + node.nodeSize, type);
    }
  });
  if (tr.docChanged) editor.view.dispatch(tr);
}

/**
 * The written assessment, co-edited live: the TipTap document inside the board's `narrative`
 * fragment, other people's carets and selections, undo that reverts only this person's edits
 * (Collaboration's Yjs undo; StarterKit's own history is off in narrative.ts), claims marked with
 * their likelihood, `@pin` and `#card` chips, and a side panel with the outline, the claims and
 * the review.
 *
 * It never writes over what it failed to read: when the editor cannot show the stored narrative
 * (see narrativeGuard.ts), or anything in the pane throws while rendering, the pane says so and
 * offers a reload instead of an editor. The editor is gone for good then, so nothing recreates it.
 *
 * Memoised like the other panes: the shell's re-render for a save-state change is not its concern.
 */
export const NarrativePane = memo(function NarrativePane(props: BoardPaneProps) {
  const [failed, setFailed] = useState(false);
  if (failed) return <NarrativeUnavailable />;
  return (
    <NarrativeErrorBoundary>
      <NarrativeEditor {...props} onFailure={() => setFailed(true)} />
    </NarrativeErrorBoundary>
  );
});

function NarrativeEditor({ doc, awareness, user, loading, canEdit, onFailure }: BoardPaneProps & { onFailure: () => void }) {
  const editable = canEdit && !loading;
  const ui = useBoardUiActions();
  const selection = useBoardUi((s) => s.selection);
  const hover = useBoardUi((s) => s.hover);
  const claims = useBoardValue(doc, CLAIM_PARTS, listClaims, NO_CLAIMS);
  // Read by the editor's decorations whenever they redraw; updated by the effect below.
  const [decorationInfo] = useState(() =>
    createClaimDecorationInfo({ claims: new Map(), active: null, badgeClass: styles.claimBadge, activeClass: styles.claimActive }),
  );
  const hovered = useRef<string | null>(null);
  const [marking, setMarking] = useState<{ from: number; to: number; text: string } | null>(null);
  // Other people's states reach the caret plugin only as the presence schema reads them.
  const caretSource = useMemo(() => caretAwareness(awareness), [awareness]);

  const editor = useEditor(
    {
      immediatelyRender: false,
      editable,
      extensions: [
        narrativeGuard(narrativeFragment(doc), onFailure),
        ...createNarrativeExtensions([
          mentionSuggestion("pin", () => listPins(doc).map((pin) => ({ id: pin.id, label: pin.title }))),
          mentionSuggestion("card", () => listCards(doc).map((card) => ({ id: card.id, label: card.title }))),
        ]),
        claimDecorations(decorationInfo.get),
        SlashCommands,
        Collaboration.configure({ fragment: narrativeFragment(doc) }),
        // The caret extension only reads and writes `provider.awareness`; the board's own
        // provider stays in the shell.
        CollaborationCaret.configure({
          provider: { awareness: caretSource },
          user: { id: user.id, name: user.name, color: user.color },
          render: renderCaret,
        }),
      ],
      editorProps: {
        attributes: { class: styles.prose, role: "textbox", "aria-multiline": "true", "aria-label": "Narrative", spellcheck: "true" },
      },
    },
    // A new document, awareness or identity needs a new editor; the rest is set below.
    [doc, awareness, user.id, user.name, user.color],
  );

  useEffect(() => {
    if (editor && !editor.isDestroyed && editor.isEditable !== editable) editor.setEditable(editable, false);
  }, [editor, editable]);

  // Badges follow the claims' likelihoods; the selected or hovered claim is drawn as active.
  const active = hover?.kind === "claim" ? hover.id : selection?.kind === "claim" ? selection.id : null;
  useEffect(() => {
    decorationInfo.set({ claims: new Map(claims.map((c) => [c.id, c])), active });
    if (editor && !editor.isDestroyed) editor.view.dispatch(refreshClaimDecorations(editor.state));
  }, [editor, claims, active, decorationInfo]);

  const startMarking = () => {
    if (!editor) return;
    const { from, to, empty } = editor.state.selection;
    if (empty) return;
    setMarking({ from, to, text: editor.state.doc.textBetween(from, to, " ") });
  };

  const markClaim = (fields: Pick<Claim, "likelihood" | "confidence">) => {
    if (!editor || !marking || !editable) return;
    // The editor keeps its selection (mapped through others' edits) while the form is open.
    const { from, to, empty } = editor.state.selection;
    const range = empty ? marking : { from, to };
    const claimId = addClaim(doc, fields);
    editor.chain().focus().setTextSelection(range).setMark(CLAIM_MARK, { claimId }).run();
    setMarking(null);
    ui.select({ kind: "claim", id: claimId });
    ui.showNarrativePanel("claims");
  };

  const removeClaim = (claimId: string) => {
    if (!editor || !editable) return;
    unmarkClaim(editor, claimId);
    deleteClaim(doc, claimId);
  };

  const onPointer = (event: MouseEvent) => {
    const item = boardItemAt(event.target);
    const key = item ? `${item.kind}:${item.id}` : null;
    if (key === hovered.current) return;
    hovered.current = key;
    ui.hover(item);
  };

  const status = loading ? "Loading…" : canEdit ? null : "View only";
  return (
    <section
      id={PANE_IDS.narrative}
      tabIndex={-1}
      className={styles.pane}
      data-testid="narrative-pane"
      aria-label="Narrative"
      aria-busy={loading}
      data-editable={editable}
    >
      <header className={styles.header}>
        <h2 className={styles.heading}>Narrative</h2>
        {status && <span className={styles.status}>{status}</span>}
      </header>
      {editable && editor && <NarrativeToolbar editor={editor} onMarkClaim={startMarking} />}
      {marking && editable && <MarkClaimForm text={marking.text} onMark={markClaim} onCancel={() => {
            setMarking(null);
            // Back to the text the person was marking, not to the top of the page.
            editor?.commands.focus();
          }} />}
      <div className={styles.scroll}>
        <div
          className={styles.page}
          onMouseOver={onPointer}
          onMouseLeave={() => {
            hovered.current = null;
            ui.hover(null);
          }}
          onClick={(event) => {
            const item = boardItemAt(event.target);
            if (item) ui.select(item);
          }}
        >
          <EditorContent editor={editor} className={styles.editor} />
        </div>
      </div>
      <NarrativeSidebar doc={doc} editor={editor} canEdit={editable} onRemoveClaim={removeClaim} />
    </section>
  );
}
