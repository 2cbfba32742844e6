/**
 * Judgements on the claims of the narrative that react to their evidence, computed from the board
 * and review documents (pure functions over plain data, and the reader that gathers it):
 *
 * - **At risk**, with each reason:
 *   - a reviewer disputes the claim or asks for a source (its verdicts; the same rule decides
 *     the "at risk" notice to the claim's author, review-notices.ts);
 *   - a review thread is open on a card or pin it cites (a reviewer questions that evidence; once
 *     the thread is resolved the reason goes);
 *   - a card it cites was regraded downward since it was cited: its Admiralty weight (ach.ts
 *     `admiraltyWeight`, the MISP values) is below the weight of the grade recorded when it was
 *     cited. Cards cited before grades were recorded give no such reason;
 *   - a card or pin it cited was deleted (until someone dismisses it, or an undo brings it back).
 * - **Single source**: all its evidence comes from one source. A cited card's source is its
 *   source URL (case, scheme, `www.` and a trailing slash aside) or, without a URL, its source
 *   title (case and spacing aside); a cited pin's are the sources of the cards linked to it. When
 *   any item's source is unknown, nothing is said.
 * - **Its hypothesis**: when the claim names a hypothesis of the matrix, whether that hypothesis
 *   still leads (is least inconsistent, ties included) in the group's matrix over all cards.
 */
import type * as Y from "yjs";
import { admiraltyWeight, analyse, readAch, type AchInput } from "./ach";
import { citedGrades, listCards, listClaims, listPins } from "./model";
import { claimReviewStatuses, listThreads, type ClaimReviewStatus } from "./review";
import type { Card, Claim, EvidenceRef, Grade, Pin, Source, Thread } from "./schema";

/** Why a claim is at risk. */
export type RiskReason =
  /** Reviewers dispute the claim or ask for a source (counts of each verdict). */
  | { kind: "verdicts"; disputes: number; needsSource: number }
  /** A review thread is open on cited evidence. */
  | { kind: "evidence-questioned"; ref: EvidenceRef; title: string; openThreads: number }
  /** A cited card's grade is weaker than when it was cited. */
  | { kind: "regraded"; cardId: string; title: string; from: Grade; to: Grade }
  /** A cited card or pin was deleted. */
  | { kind: "evidence-deleted"; ref: EvidenceRef; title: string };

/** Where a claim's hypothesis stands in the group's matrix. */
export interface ClaimHypothesis {
  id: string;
  title: string;
  /** leading: least inconsistent (ties included); not-leading: another is; unrated: nothing is rated yet. */
  standing: "leading" | "not-leading" | "unrated";
  /** The hypotheses that lead, in ranking order (empty when unrated). */
  leaders: Array<{ id: string; title: string }>;
}

/** What the board says about one claim. */
export interface ClaimJudgement {
  claimId: string;
  atRisk: boolean;
  /** Every reason it is at risk, verdicts first, then its evidence in citation order. */
  reasons: RiskReason[];
  /** The one source all its evidence comes from (as shown: title, else URL); null otherwise. */
  singleSource: string | null;
  /** The hypothesis it supports, or null when it names none. */
  hypothesis: ClaimHypothesis | null;
}

/** Everything the judgements are computed from, as plain data. */
export interface ClaimRiskInput {
  /** As `listClaims` reads them: live evidence, lost evidence, hypothesis (null when deleted). */
  claims: Claim[];
  cards: Card[];
  pins: Pin[];
  /** Per claim, the grade each cited card had when cited (`citedGrades`). */
  citedGrades: ReadonlyMap<string, ReadonlyMap<string, Grade>>;
  /** Per claim, its review status (`claimReviewStatuses`); empty without a review document. */
  reviewStatuses: ReadonlyMap<string, ClaimReviewStatus>;
  /** Every review thread (`listThreads`); empty without a review document. */
  threads: readonly Thread[];
  /** The hypotheses matrix (`readAch`). */
  ach: AchInput;
}

/**
 * True while any reviewer disputes the claim or asks for a source: the verdict rule of "at risk",
 * shared with the notice its author receives (review-notices.ts).
 */
export function verdictsPutAtRisk(status: ClaimReviewStatus | undefined): boolean {
  return !!status && status.verdicts.dispute + status.verdicts["needs-source"] > 0;
}

/** True when `to` weighs less than `from` on the Admiralty scale (ach.ts `admiraltyWeight`). */
export function isDowngrade(from: Grade, to: Grade): boolean {
  return admiraltyWeight(to) < admiraltyWeight(from);
}

/** The key two cards share when they come from one source; null when the source is unknown. */
export function sourceKey(source: Source): string | null {
  const url = source.url.trim();
  if (url) {
    return url
      .toLowerCase()
      .replace(/^https?:\/\//, "")
      .replace(/^www\./, "")
      .replace(/#.*$/, "")
      .replace(/\/+$/, "");
  }
  const title = source.title.trim().replace(/\s+/g, " ").toLowerCase();
  return title || null;
}

/** Judges every claim of `input`, keyed by claim id. */
export function judgeClaims(input: ClaimRiskInput): Map<string, ClaimJudgement> {
  const cards = new Map(input.cards.map((card) => [card.id, card]));
  const pins = new Map(input.pins.map((pin) => [pin.id, pin]));
  const openThreads = new Map<string, number>();
  for (const thread of input.threads) {
    if (thread.status !== "open" || thread.target.kind === "claim") continue;
    const key = `${thread.target.kind}/${thread.target.id}`;
    openThreads.set(key, (openThreads.get(key) ?? 0) + 1);
  }
  const analysis = analyse(input.ach);
  const titles = new Map(input.ach.hypotheses.map((h) => [h.id, h.title]));
  const leaders = analysis.leading.map((id) => ({ id, title: titles.get(id) ?? "" }));
  const cardsOfPin = new Map<string, Card[]>();
  for (const card of input.cards) {
    for (const pinId of card.pinIds) cardsOfPin.set(pinId, [...(cardsOfPin.get(pinId) ?? []), card]);
  }

  const result = new Map<string, ClaimJudgement>();
  for (const claim of input.claims) {
    const reasons: RiskReason[] = [];
    const status = input.reviewStatuses.get(claim.id);
    if (verdictsPutAtRisk(status)) {
      reasons.push({ kind: "verdicts", disputes: status!.verdicts.dispute, needsSource: status!.verdicts["needs-source"] });
    }
    const grades = input.citedGrades.get(claim.id);
    for (const ref of claim.evidence) {
      const item = ref.kind === "card" ? cards.get(ref.id) : pins.get(ref.id);
      if (!item) continue;
      const open = openThreads.get(`${ref.kind}/${ref.id}`) ?? 0;
      if (open > 0) reasons.push({ kind: "evidence-questioned", ref, title: item.title, openThreads: open });
      const cited = ref.kind === "card" ? grades?.get(ref.id) : undefined;
      if (cited && ref.kind === "card" && isDowngrade(cited, (item as Card).grade)) {
        reasons.push({ kind: "regraded", cardId: ref.id, title: item.title, from: cited, to: (item as Card).grade });
      }
    }
    for (const lost of claim.lostEvidence ?? []) {
      reasons.push({ kind: "evidence-deleted", ref: { kind: lost.kind, id: lost.id }, title: lost.title });
    }
    const hypothesisTitle = claim.hypothesisId ? titles.get(claim.hypothesisId) : undefined;
    result.set(claim.id, {
      claimId: claim.id,
      atRisk: reasons.length > 0,
      reasons,
      singleSource: singleSource(claim, cards, pins, cardsOfPin),
      hypothesis:
        claim.hypothesisId && hypothesisTitle !== undefined
          ? {
              id: claim.hypothesisId,
              title: hypothesisTitle,
              standing: leaders.length === 0 ? "unrated" : analysis.leading.includes(claim.hypothesisId) ? "leading" : "not-leading",
              leaders,
            }
          : null,
    });
  }
  return result;
}

/** The one source of all of a claim's evidence, as shown; null when several, unknown or none. */
function singleSource(claim: Claim, cards: Map<string, Card>, pins: Map<string, Pin>, cardsOfPin: Map<string, Card[]>): string | null {
  const sources = new Map<string, Source>();
  for (const ref of claim.evidence) {
    const sourced = ref.kind === "card" ? [cards.get(ref.id)].filter((card) => card !== undefined) : pins.has(ref.id) ? (cardsOfPin.get(ref.id) ?? []) : [];
    if (sourced.length === 0) return null;
    for (const card of sourced) {
      const key = sourceKey(card.source);
      if (key === null) return null;
      if (!sources.has(key)) sources.set(key, card.source);
    }
  }
  if (sources.size !== 1) return null;
  const [source] = sources.values();
  return source.title.trim() || source.url.trim();
}

/** What a reason says, in a sentence for the claim's panel and notices. */
export function describeRiskReason(reason: RiskReason): string {
  switch (reason.kind) {
    case "verdicts": {
      const parts = [
        reason.disputes > 0 ? `${reason.disputes} reviewer${reason.disputes === 1 ? "" : "s"} dispute${reason.disputes === 1 ? "s" : ""} it` : "",
        reason.needsSource > 0 ? `${reason.needsSource} ask${reason.needsSource === 1 ? "s" : ""} for a source` : "",
      ].filter(Boolean);
      return `${capitalise(parts.join("; "))}`;
    }
    case "evidence-questioned":
      return `A review thread is open on the cited ${reason.ref.kind} “${reason.title}”`;
    case "regraded":
      return `The cited card “${reason.title}” was regraded from ${gradeCode(reason.from)} to ${gradeCode(reason.to)}`;
    case "evidence-deleted":
      return reason.title ? `The cited ${reason.ref.kind} “${reason.title}” was deleted` : `A cited ${reason.ref.kind} was deleted`;
  }
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
const gradeCode = (grade: Grade) => `${grade.reliability}${grade.credibility}`;

/** Gathers what `judgeClaims` needs from the board and (when open) the review document. */
export function readClaimRiskInput(board: Y.Doc, review: Y.Doc | null): ClaimRiskInput {
  const claims = listClaims(board);
  return {
    claims,
    cards: listCards(board),
    pins: listPins(board),
    citedGrades: new Map(claims.map((claim) => [claim.id, citedGrades(board, claim.id)])),
    reviewStatuses: review ? claimReviewStatuses(review) : new Map(),
    threads: review ? listThreads(review) : [],
    ach: readAch(board),
  };
}

/** Every claim's judgement as the two documents stand now. */
export function readClaimJudgements(board: Y.Doc, review: Y.Doc | null): Map<string, ClaimJudgement> {
  return judgeClaims(readClaimRiskInput(board, review));
}
