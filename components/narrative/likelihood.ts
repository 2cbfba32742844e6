/** How the ICD 203 likelihood terms and confidence levels are shown to people. */
import type { Claim } from "@/lib/board/schema";

/** The probability range each ICD 203 term stands for. */
export const LIKELIHOOD_RANGES: Record<Claim["likelihood"], string> = {
  "almost no chance": "1–5%",
  "very unlikely": "5–20%",
  unlikely: "20–45%",
  "roughly even chance": "45–55%",
  likely: "55–80%",
  "very likely": "80–95%",
  "almost certain": "95–99%",
};

export const CONFIDENCE_LABELS: Record<Claim["confidence"], string> = {
  low: "Low confidence",
  moderate: "Moderate confidence",
  high: "High confidence",
};

/** "likely (55–80%)" */
export function likelihoodLabel(likelihood: Claim["likelihood"]): string {
  return `${likelihood} (${LIKELIHOOD_RANGES[likelihood]})`;
}
