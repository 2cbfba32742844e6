"use client";
/**
 * Marks what changed on the timeline, the claims and the narrative with a style sheet keyed by the
 * ids the panes already put on their elements (`data-card-id`, `data-claim-id`, the narrative's
 * blocks in order). A style sheet rather than props: the editor redraws its own DOM, and a rule
 * still holds for whatever it draws next. The map draws its own marks (PinLayer).
 */
import { useBoardUi } from "@/components/board/boardUi";

const MARK = "outline: 2px solid #0f766e; outline-offset: 1px;";

export function ChangeHighlights() {
  const marks = useBoardUi((state) => state.changeMarks);
  if (!marks) return null;
  const rules: string[] = [];
  for (const id of marks.cards) rules.push(`[data-testid="timeline-card"][data-card-id="${CSS.escape(id)}"] { ${MARK} }`);
  for (const id of marks.claims) {
    rules.push(`[data-testid="claim-row"][data-claim-id="${CSS.escape(id)}"] { ${MARK} }`);
    rules.push(`[data-testid="narrative-pane"] .ProseMirror [data-claim-id="${CSS.escape(id)}"] { ${MARK} }`);
  }
  for (const index of marks.narrativeBlocks) {
    rules.push(`[data-testid="narrative-pane"] .ProseMirror > :nth-child(${index + 1}) { box-shadow: inset 3px 0 0 #0f766e; background: rgba(15, 118, 110, 0.06); }`);
  }
  return <style data-testid="change-highlights">{rules.join("\n")}</style>;
}
