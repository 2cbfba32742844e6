"use client";
/**
 * Which of the board's hypotheses a claim supports: editors choose it from the list, everyone
 * sees it. The claim's risk (claim-risk.ts) then says when that hypothesis is no longer leading.
 */
import { useId } from "react";
import type * as Y from "yjs";
import { updateClaim } from "@/lib/board/model";
import type { Claim } from "@/lib/board/schema";
import { useHypotheses } from "./useAch";
import styles from "@/components/narrative/Claims.module.css";

export function ClaimHypothesis({ doc, claim, canEdit }: { doc: Y.Doc; claim: Claim; canEdit: boolean }) {
  const id = useId();
  const hypotheses = useHypotheses(doc);
  if (hypotheses.length === 0 && !claim.hypothesisId) return null;
  return (
    <div className={styles.fields}>
      <label htmlFor={id}>Supports hypothesis</label>
      <select
        id={id}
        value={claim.hypothesisId ?? ""}
        disabled={!canEdit}
        onChange={(event) => updateClaim(doc, claim.id, { hypothesisId: event.target.value || null })}
      >
        <option value="">None</option>
        {hypotheses.map((hypothesis, index) => (
          <option key={hypothesis.id} value={hypothesis.id}>
            H{index + 1}. {hypothesis.title}
          </option>
        ))}
      </select>
    </div>
  );
}
