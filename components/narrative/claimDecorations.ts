/**
 * How claims show in the narrative: a small badge after each claim with its likelihood and
 * confidence (the mark itself carries only the claim's id; the badge reads `claims`), and the
 * claim that is selected or pointed at elsewhere drawn as active. Badge text comes from CSS, so
 * it never becomes part of the text people copy or tests read.
 */
import { Extension } from "@tiptap/core";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { Plugin, PluginKey, type EditorState } from "@tiptap/pm/state";
import { Decoration, DecorationSet } from "@tiptap/pm/view";
import { CLAIM_MARK } from "@/lib/board/model";
import type { Claim } from "@/lib/board/schema";

export interface ClaimDecorationInfo {
  claims: ReadonlyMap<string, Claim>;
  /** The claim selected or hovered on the board, drawn as active. */
  active: string | null;
  badgeClass: string;
  activeClass: string;
}

const claimDecorationsKey = new PluginKey<DecorationSet>("claimDecorations");

/** Asks the editor to redraw the badges after `claims` or the active claim changed. */
export function refreshClaimDecorations(state: EditorState) {
  return state.tr.setMeta(claimDecorationsKey, true).setMeta("addToHistory", false);
}

function build(doc: ProseMirrorNode, info: ClaimDecorationInfo): DecorationSet {
  const ends = new Map<string, number>();
  const decorations: Decoration[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const mark of node.marks) {
      if (mark.type.name !== CLAIM_MARK || typeof mark.attrs.claimId !== "string") continue;
      ends.set(mark.attrs.claimId, pos + node.nodeSize);
      if (mark.attrs.claimId === info.active) {
        decorations.push(Decoration.inline(pos, pos + node.nodeSize, { class: info.activeClass }));
      }
    }
    return false;
  });
  for (const [claimId, end] of ends) {
    const claim = info.claims.get(claimId);
    const label = claim ? `${claim.likelihood} · ${claim.confidence}` : "claim removed";
    decorations.push(
      Decoration.widget(
        end,
        () => {
          const badge = document.createElement("span");
          badge.className = info.badgeClass;
          badge.contentEditable = "false";
          badge.dataset.claimBadge = claimId;
          badge.dataset.label = label;
          if (claim) badge.dataset.likelihood = claim.likelihood;
          badge.title = claim ? `Claim: ${claim.likelihood}, ${claim.confidence} confidence` : "This claim was removed";
          return badge;
        },
        { side: -1, key: `${claimId}:${label}`, ignoreSelection: true },
      ),
    );
  }
  return DecorationSet.create(doc, decorations);
}

/** Holds what the decorations draw; the pane sets it, the editor reads it on each redraw. */
export function createClaimDecorationInfo(initial: ClaimDecorationInfo) {
  let info = initial;
  return {
    get: () => info,
    set(patch: Partial<ClaimDecorationInfo>) {
      info = { ...info, ...patch };
    },
  };
}

/** The badges and the active claim; `info` is read each time they are redrawn. */
export function claimDecorations(info: () => ClaimDecorationInfo) {
  return Extension.create({
    name: "claimDecorations",
    addProseMirrorPlugins() {
      return [
        new Plugin<DecorationSet>({
          key: claimDecorationsKey,
          state: {
            init: (_, state) => build(state.doc, info()),
            apply: (tr, old) => (tr.docChanged || tr.getMeta(claimDecorationsKey) ? build(tr.doc, info()) : old),
          },
          props: {
            decorations: (state) => claimDecorationsKey.getState(state),
          },
        }),
      ];
    },
  });
}
