/** What the model reads from the narrative: the words each claim marks. */
import * as Y from "yjs";
import { narrativeFragment } from "./roots";

/** Name of the narrative mark that carries a claim id (narrative.ts `ClaimMark`). */
export const CLAIM_MARK = "claim";

/**
 * The text each claim marks in the narrative, in document order: claim id → its words (the parts
 * of one claim split by other formatting are joined). A claim whose text was deleted is absent,
 * which is how the review panel tells an orphaned claim thread from a live one.
 */
export function narrativeClaimTexts(doc: Y.Doc): Map<string, string> {
  const texts = new Map<string, string>();
  const visit = (node: Y.XmlElement | Y.XmlFragment | Y.XmlText | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as Array<{ insert?: unknown; attributes?: Record<string, unknown> }>) {
        if (typeof op.insert !== "string" || !op.attributes) continue;
        for (const [key, value] of Object.entries(op.attributes)) {
          // y-prosemirror names a mark by its type, with a hash suffix when marks of one type may overlap.
          if (key !== CLAIM_MARK && !key.startsWith(`${CLAIM_MARK}--`)) continue;
          const claimId = (value as { claimId?: unknown } | null)?.claimId;
          if (typeof claimId === "string") texts.set(claimId, (texts.get(claimId) ?? "") + op.insert);
        }
      }
    } else if (node instanceof Y.XmlElement || node instanceof Y.XmlFragment) {
      for (const child of node.toArray()) visit(child);
    }
  };
  visit(narrativeFragment(doc));
  return texts;
}
