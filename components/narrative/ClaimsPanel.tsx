"use client";
/**
 * The narrative's claims at a glance, in text order: likelihood, confidence, how much evidence,
 * and where review stands (open threads, verdicts). A claim with no evidence is flagged. Choosing
 * a claim selects it on the board (its evidence lights up on the map and the timeline) and opens it.
 */
import { useState } from "react";
import type * as Y from "yjs";
import { useBoardUi, useBoardUiActions } from "@/components/board/boardUi";
import { VERDICT_LABELS } from "@/components/review/VerdictButtons";
import { deleteClaim } from "@/lib/board/model";
import { VERDICTS, type Claim } from "@/lib/board/schema";
import { ClaimRisk } from "@/components/hypotheses/ClaimRisk";
import { useClaimJudgements } from "@/components/hypotheses/useClaimJudgements";
import { ClaimEditor } from "./ClaimEditor";
import styles from "./Claims.module.css";
import { useClaimsData } from "./useClaimsData";

interface ClaimsPanelProps {
  doc: Y.Doc;
  canEdit: boolean;
  onRemoveClaim(claimId: string): void;
}

export function ClaimsPanel({ doc, canEdit, onRemoveClaim }: ClaimsPanelProps) {
  const data = useClaimsData(doc);
  const judgements = useClaimJudgements(doc);
  const selection = useBoardUi((ui) => ui.selection);
  const ui = useBoardUiActions();
  const [openId, setOpenId] = useState<string | null>(selection?.kind === "claim" ? selection.id : null);
  const [seen, setSeen] = useState(selection);
  // A claim selected anywhere (in the text, the review panel) opens here; selecting a pin or a
  // card leaves the open claim where it is, so its evidence can be checked one by one.
  if (selection !== seen) {
    setSeen(selection);
    if (selection?.kind === "claim") setOpenId(selection.id);
  }

  const row = (claim: Claim) => {
    const status = data.statuses.get(claim.id);
    const open = claim.id === openId;
    const selected = selection?.kind === "claim" && selection.id === claim.id;
    return (
      <li
        key={claim.id}
        className={styles.row}
        data-testid="claim-row"
        data-claim-id={claim.id}
        data-selected={selected || undefined}
        onMouseEnter={() => ui.hover({ kind: "claim", id: claim.id })}
        onMouseLeave={() => ui.hover(null)}
      >
        <button
          type="button"
          className={styles.rowText}
          aria-expanded={open}
          onClick={() => {
            if (open && selected) {
              setOpenId(null);
              ui.select(null);
            } else ui.select({ kind: "claim", id: claim.id });
          }}
        >
          {data.texts.get(claim.id) ?? "(not in the text)"}
        </button>
        <p className={styles.rowMeta}>
          <span className={styles.likelihood} data-likelihood={claim.likelihood} data-testid="claim-likelihood">
            {claim.likelihood}
          </span>
          <span data-testid="claim-confidence">{claim.confidence} confidence</span>
          {claim.evidence.length === 0 ? (
            <span className={styles.flag} data-testid="claim-no-evidence">
              No evidence
            </span>
          ) : (
            <span data-testid="claim-evidence-count">
              {evidenceCount(claim.evidence)}
            </span>
          )}
          {status && status.openThreads > 0 && (
            <span className={styles.threads} data-testid="claim-open-threads">
              {status.openThreads} open {status.openThreads === 1 ? "thread" : "threads"}
            </span>
          )}
          {status &&
            VERDICTS.filter((v) => status.verdicts[v] > 0).map((verdict) => (
              <span key={verdict} className={styles.verdictCount} data-verdict={verdict} data-testid="claim-verdict-count">
                {status.verdicts[verdict]} {VERDICT_LABELS[verdict].toLowerCase()}
              </span>
            ))}
          <ClaimRisk judgement={judgements.get(claim.id)} />
        </p>
        {open && (
          <ClaimEditor
            doc={doc}
            claim={claim}
            data={data}
            canEdit={canEdit}
            onRemove={() => {
              onRemoveClaim(claim.id);
              setOpenId(null);
              ui.select(null);
            }}
          />
        )}
      </li>
    );
  };

  return (
    <div className={styles.panel} data-testid="claims-panel">
      {data.inText.length === 0 && (
        <p className={styles.empty}>
          {canEdit ? "No claims yet. Select a key judgement in the text and choose “Mark as claim”." : "No claims in this narrative."}
        </p>
      )}
      <ol className={styles.rows}>{data.inText.map(row)}</ol>
      {data.notInText.length > 0 && (
        <section aria-label="Claims no longer in the text" className={styles.section}>
          <h4 className={styles.subheading}>No longer in the text</h4>
          <ul className={styles.rows}>
            {data.notInText.map((claim) => (
              <li key={claim.id} className={styles.row} data-testid="claim-not-in-text">
                <span className={styles.rowMeta}>
                  {claim.likelihood} · {claim.confidence} · {claim.evidence.length} evidence
                </span>
                {canEdit && (
                  <button type="button" className={styles.danger} onClick={() => deleteClaim(doc, claim.id)}>
                    Delete
                  </button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "3 evidence (2 cards, 1 pin)": how much supports a claim, in words that agree with their numbers. */
function evidenceCount(evidence: readonly { kind: "pin" | "card" }[]): string {
  const cards = evidence.filter((e) => e.kind === "card").length;
  return `${evidence.length} evidence (${counted(cards, "card", "cards")}, ${counted(evidence.length - cards, "pin", "pins")})`;
}
