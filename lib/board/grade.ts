import type { Grade } from "@/lib/board/schema";

/** What each Admiralty reliability letter says about the source. */
export const RELIABILITY_MEANING: Record<Grade["reliability"], string> = {
  A: "completely reliable",
  B: "usually reliable",
  C: "fairly reliable",
  D: "not usually reliable",
  E: "unreliable",
  F: "reliability cannot be judged",
};

/** What each Admiralty credibility digit says about the information. */
export const CREDIBILITY_MEANING: Record<Grade["credibility"], string> = {
  1: "confirmed by other sources",
  2: "probably true",
  3: "possibly true",
  4: "doubtful",
  5: "improbable",
  6: "truth cannot be judged",
};

/** "Source usually reliable; information probably true" for a B2, so nobody has to know the code. */
export function describeGrade({ reliability, credibility }: Grade): string {
  return `Source ${RELIABILITY_MEANING[reliability]}; information ${CREDIBILITY_MEANING[credibility]}`;
}

/** The grade an Admiralty code such as "B2" (any case) names, or null when it names none. */
export function parseGradeCode(code: string): Grade | null {
  const match = /^([A-F])([1-6])$/i.exec(code.trim());
  return match ? { reliability: match[1].toUpperCase() as Grade["reliability"], credibility: Number(match[2]) as Grade["credibility"] } : null;
}
