"use client";
/**
 * A claim's judgement in its row of the claims list: "At risk" with every reason, "Single source",
 * and the hypothesis it supports, flagged when that hypothesis no longer leads the group's matrix.
 */
import { describeRiskReason, type ClaimJudgement } from "@/lib/board/claim-risk";
import styles from "@/components/narrative/Claims.module.css";

export function ClaimRisk({ judgement }: { judgement: ClaimJudgement | undefined }) {
  if (!judgement) return null;
  const { hypothesis } = judgement;
  return (
    <>
      {judgement.atRisk && (
        <span className={styles.flag} data-testid="claim-at-risk" title={judgement.reasons.map(describeRiskReason).join("\n")}>
          At risk: {judgement.reasons.map(describeRiskReason).join("; ")}
        </span>
      )}
      {judgement.singleSource !== null && (
        <span className={styles.threads} data-testid="claim-single-source">
          Single source: {judgement.singleSource}
        </span>
      )}
      {hypothesis &&
        (hypothesis.standing === "not-leading" ? (
          <span className={styles.flag} data-testid="claim-hypothesis-not-leading">
            Hypothesis “{hypothesis.title}” no longer leading (leading: {hypothesis.leaders.map((leader) => leader.title).join(", ")})
          </span>
        ) : (
          <span data-testid="claim-hypothesis">
            Supports “{hypothesis.title}”{hypothesis.standing === "leading" ? " (leading)" : ""}
          </span>
        ))}
    </>
  );
}
