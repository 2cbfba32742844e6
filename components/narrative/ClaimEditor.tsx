"use client";
/**
 * One claim opened in the claims panel: its likelihood and confidence, the evidence it cites (add
 * from a search box or by picking on the map or the timeline), reviewers' verdicts and threads.
 */
import { useState } from "react";
import type * as Y from "yjs";
import { useBoardUiActions } from "@/components/board/boardUi";
import { TargetThreads } from "@/components/review/TargetThreads";
import { VerdictButtons } from "@/components/review/VerdictButtons";
import { linkEvidence, unlinkEvidence, updateClaim } from "@/lib/board/model";
import type { Claim, EvidenceRef } from "@/lib/board/schema";
import { ClaimHypothesis } from "@/components/hypotheses/ClaimHypothesis";
import { ClaimFields } from "./ClaimFields";
import styles from "./Claims.module.css";
import type { ClaimsData } from "./useClaimsData";

const MAX_RESULTS = 8;

interface ClaimEditorProps {
  doc: Y.Doc;
  claim: Claim;
  data: ClaimsData;
  canEdit: boolean;
  /** Removes the claim: its mark from the text and its entry from the board. */
  onRemove(): void;
}

export function ClaimEditor({ doc, claim, data, canEdit, onRemove }: ClaimEditorProps) {
  const ui = useBoardUiActions();
  const [query, setQuery] = useState("");
  const cited = (ref: EvidenceRef) => claim.evidence.some((e) => e.kind === ref.kind && e.id === ref.id);
  const q = query.trim().toLowerCase();
  const results: Array<EvidenceRef & { title: string }> = q
    ? [
        ...data.cards.map((card) => ({ kind: "card" as const, id: card.id, title: card.title })),
        ...data.pins.map((pin) => ({ kind: "pin" as const, id: pin.id, title: pin.title })),
      ]
        .filter((item) => item.title.toLowerCase().includes(q) && !cited(item))
        .slice(0, MAX_RESULTS)
    : [];

  const link = (ref: EvidenceRef) => {
    // The item may have been deleted by someone else a moment ago; then there is nothing to link.
    if (ref.kind === "card" ? data.cards.some((c) => c.id === ref.id) : data.pins.some((p) => p.id === ref.id)) {
      linkEvidence(doc, claim.id, ref);
    }
  };

  return (
    <div className={styles.editor} data-testid="claim-editor" aria-label="Claim details">
      <ClaimFields
        likelihood={claim.likelihood}
        confidence={claim.confidence}
        disabled={!canEdit}
        onChange={(patch) => updateClaim(doc, claim.id, patch)}
      />
      <ClaimHypothesis doc={doc} claim={claim} canEdit={canEdit} />
      <section aria-label="Evidence" className={styles.evidence}>
        <h4 className={styles.subheading}>Evidence</h4>
        {claim.evidence.length === 0 ? (
          <p className={styles.warning} data-testid="no-evidence">
            No evidence linked: this claim rests on nothing on the board yet.
          </p>
        ) : (
          <ul className={styles.evidenceList} data-testid="claim-evidence">
            {claim.evidence.map((ref) => (
              <li key={`${ref.kind}:${ref.id}`} data-kind={ref.kind}>
                <button
                  type="button"
                  className={styles.evidenceItem}
                  onMouseEnter={() => ui.hover(ref)}
                  onMouseLeave={() => ui.hover(null)}
                  onClick={() => ui.select(ref)}
                >
                  <span className={styles.kind}>{ref.kind === "card" ? "Card" : "Pin"}</span> {data.titleOf(ref)}
                </button>
                {canEdit && (
                  <button type="button" className={styles.unlink} aria-label={`Unlink ${data.titleOf(ref)}`} onClick={() => unlinkEvidence(doc, claim.id, ref)}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
        )}
        {canEdit && (
          <div className={styles.picker}>
            <input
              type="search"
              aria-label="Search cards and pins"
              placeholder="Add evidence: search cards and pins…"
              value={query}
              onChange={(event) => setQuery(event.target.value)}
            />
            {q && (
              <ul className={styles.results} aria-label="Evidence found">
                {results.length === 0 && <li className={styles.empty}>Nothing matches “{query}”.</li>}
                {results.map((item) => (
                  <li key={`${item.kind}:${item.id}`}>
                    <button
                      type="button"
                      onClick={() => {
                        link(item);
                        setQuery("");
                      }}
                    >
                      <span className={styles.kind}>{item.kind === "card" ? "Card" : "Pin"}</span> {item.title}
                    </button>
                  </li>
                ))}
              </ul>
            )}
            <div className={styles.pickButtons}>
              <button
                type="button"
                onClick={() =>
                  ui.requestPinPick({ prompt: "Click a pin on the map or in the pins list to cite it as evidence", onPick: (id) => link({ kind: "pin", id }) })
                }
              >
                Pick a pin on the map
              </button>
              <button
                type="button"
                onClick={() =>
                  ui.requestCardPick({ prompt: "Click a card on the timeline to cite it as evidence", onPick: (id) => link({ kind: "card", id }) })
                }
              >
                Pick a card on the timeline
              </button>
            </div>
          </div>
        )}
      </section>
      <VerdictButtons claimId={claim.id} />
      <TargetThreads target={{ kind: "claim", id: claim.id }} noun="claim" />
      {canEdit && (
        <button type="button" className={styles.danger} onClick={onRemove}>
          Remove claim
        </button>
      )}
    </div>
  );
}
