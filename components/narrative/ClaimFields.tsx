"use client";
/** Likelihood (the seven ICD 203 terms with their ranges) and confidence of a claim. */
import { useId } from "react";
import { CONFIDENCES, LIKELIHOODS, type Claim } from "@/lib/board/schema";
import { CONFIDENCE_LABELS, likelihoodLabel } from "./likelihood";
import styles from "./Claims.module.css";

interface ClaimFieldsProps {
  likelihood: Claim["likelihood"];
  confidence: Claim["confidence"];
  disabled?: boolean;
  onChange(patch: Partial<Pick<Claim, "likelihood" | "confidence">>): void;
}

export function ClaimFields({ likelihood, confidence, disabled, onChange }: ClaimFieldsProps) {
  const id = useId();
  return (
    <div className={styles.fields}>
      <label htmlFor={`${id}-likelihood`}>Likelihood</label>
      <select
        id={`${id}-likelihood`}
        value={likelihood}
        disabled={disabled}
        onChange={(event) => onChange({ likelihood: event.target.value as Claim["likelihood"] })}
      >
        {LIKELIHOODS.map((term) => (
          <option key={term} value={term}>
            {likelihoodLabel(term)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-confidence`}>Confidence</label>
      <select
        id={`${id}-confidence`}
        value={confidence}
        disabled={disabled}
        onChange={(event) => onChange({ confidence: event.target.value as Claim["confidence"] })}
      >
        {CONFIDENCES.map((level) => (
          <option key={level} value={level}>
            {CONFIDENCE_LABELS[level]}
          </option>
        ))}
      </select>
    </div>
  );
}
