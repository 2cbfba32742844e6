/**
 * Claims: the likelihood and confidence of a statement in the narrative, and the cards and pins
 * cited as its evidence. The narrative marks the claim's words with its id (narrative.ts).
 */
import { newId } from "@/lib/ids";
import * as Y from "yjs";
import {
  ClaimInputSchema,
  ClaimSchema,
  EvidenceItemSchema,
  EvidenceRefSchema,
  GradeSchema,
  type Claim,
  type ClaimInput,
  type EvidenceItem,
  type EvidenceRef,
  type Grade,
  type LostEvidence,
} from "../schema";
import { appendUnique, compareIds, readEntity, removeFromArray, requireEntity, toYMap, writeFields, type Origin } from "./fields";
import { cardMaps, claimMaps, hypothesisMaps, pinMaps } from "./roots";

/** Whether a stored evidence item refers to `ref` (stored items are unvalidated). */
export function sameRef(value: unknown, ref: EvidenceRef): boolean {
  const v = value as Partial<EvidenceRef> | null;
  return v?.kind === ref.kind && v?.id === ref.id;
}

/**
 * Drops every claim's link to a pin or card about to be deleted, inside the caller's transaction
 * (before the delete: the item's title is kept). Each claim that cited it records it in
 * `lostEvidence`, so the claim can say it lost evidence (claim-risk.ts) until someone dismisses it.
 */
export function removeEvidenceEverywhere(doc: Y.Doc, ref: EvidenceRef): void {
  const title = evidenceMaps(doc, ref.kind).get(ref.id)?.get("title");
  const lost: LostEvidence = { kind: ref.kind, id: ref.id, title: typeof title === "string" ? title.slice(0, 200) : "" };
  for (const claim of claimMaps(doc).values()) {
    if (!(claim instanceof Y.Map)) continue;
    const evidence = claim.get("evidence");
    if (!(evidence instanceof Y.Array) || !evidence.toArray().some((v) => sameRef(v, ref))) continue;
    removeFromArray(evidence, (v) => sameRef(v, ref));
    appendUnique(claim, "lostEvidence", lost, (v) => sameRef(v, ref));
  }
}

const evidenceMaps = (doc: Y.Doc, kind: EvidenceRef["kind"]) => (kind === "card" ? cardMaps(doc) : pinMaps(doc));

/** The item a claim stores for `ref`: a card's carries the grade the card has now. */
function evidenceItem(doc: Y.Doc, ref: EvidenceRef): EvidenceItem {
  if (ref.kind !== "card") return { kind: ref.kind, id: ref.id };
  const grade = GradeSchema.safeParse(cardMaps(doc).get(ref.id)?.get("grade"));
  return grade.success ? { kind: ref.kind, id: ref.id, grade: grade.data } : { kind: ref.kind, id: ref.id };
}

/** Creates a claim; the narrative marks text with its id. */
export function addClaim(doc: Y.Doc, input: ClaimInput, origin?: Origin): string {
  const id = newId();
  const fields = ClaimInputSchema.parse(input);
  for (const ref of fields.evidence) requireEntity(evidenceMaps(doc, ref.kind), ref.id, ref.kind);
  if (fields.hypothesisId) requireEntity(hypothesisMaps(doc), fields.hypothesisId, "hypothesis");
  const evidence = fields.evidence.map((ref) => evidenceItem(doc, ref));
  doc.transact(() => claimMaps(doc).set(id, toYMap({ ...fields, evidence })), origin);
  return id;
}

/**
 * Changes a claim's likelihood, confidence or the hypothesis it supports (null: none; the
 * hypothesis must exist); its evidence has its own writers.
 */
export function updateClaim(
  doc: Y.Doc,
  id: string,
  patch: Partial<Pick<Claim, "likelihood" | "confidence" | "hypothesisId">>,
  origin?: Origin,
): void {
  const valid = ClaimSchema.pick({ likelihood: true, confidence: true, hypothesisId: true }).partial().parse(patch);
  const claim = requireEntity(claimMaps(doc), id, "claim");
  if (valid.hypothesisId) requireEntity(hypothesisMaps(doc), valid.hypothesisId, "hypothesis");
  doc.transact(() => writeFields(claim, valid), origin);
}

/**
 * Forgets the cited items a claim lost to deletions (all of them, or the one `ref` names): the
 * claim's author has seen it and no longer wants the claim marked at risk for it.
 */
export function dismissLostEvidence(doc: Y.Doc, claimId: string, ref?: EvidenceRef, origin?: Origin): void {
  const valid = ref && EvidenceRefSchema.parse(ref);
  const claim = requireEntity(claimMaps(doc), claimId, "claim");
  doc.transact(() => removeFromArray(claim.get("lostEvidence"), (v) => !valid || sameRef(v, valid)), origin);
}

/**
 * The grade each cited card had when the claim cited it, by card id (cards cited before grades
 * were recorded have none). Empty for an unknown claim.
 */
export function citedGrades(doc: Y.Doc, claimId: string): Map<string, Grade> {
  const grades = new Map<string, Grade>();
  const evidence = claimMaps(doc).get(claimId)?.get("evidence");
  if (!(evidence instanceof Y.Array)) return grades;
  for (const value of evidence.toArray()) {
    const item = EvidenceItemSchema.safeParse(value);
    if (item.success && item.data.kind === "card" && item.data.grade && !grades.has(item.data.id)) {
      grades.set(item.data.id, item.data.grade);
    }
  }
  return grades;
}

/** Removes a claim with its evidence links. */
export function deleteClaim(doc: Y.Doc, id: string, origin?: Origin): void {
  doc.transact(() => claimMaps(doc).delete(id), origin);
}

/**
 * The Yjs client id that created a claim (whoever marked it): with the board's client id owners,
 * the person who wrote it. Null when there is no such claim.
 */
export function claimCreatorClient(doc: Y.Doc, id: string): number | null {
  const item = (claimMaps(doc) as unknown as { _map: Map<string, { id: { client: number }; deleted: boolean }> })._map.get(id);
  return item && !item.deleted ? item.id.client : null;
}

/** One claim with its live evidence, or null when there is none (or it is not valid). */
export function getClaim(doc: Y.Doc, id: string): Claim | null {
  const claim = readEntity<Claim>(claimMaps(doc).get(id), id, ClaimSchema);
  return claim && withLiveEvidence(doc, claim);
}

/**
 * Evidence that still exists, each ref once (two people may link the same card at once); lost
 * evidence that no longer is (an undo brought it back), each once; no hypothesis when it is gone.
 */
function withLiveEvidence(doc: Y.Doc, claim: Claim): Claim {
  const live = (ref: EvidenceRef) => evidenceMaps(doc, ref.kind).has(ref.id);
  const evidence = claim.evidence.filter(
    (ref, index) => live(ref) && claim.evidence.findIndex((other) => sameRef(other, ref)) === index,
  );
  const result: Claim = { ...claim, evidence };
  if (claim.lostEvidence) {
    const lost = claim.lostEvidence;
    result.lostEvidence = lost.filter((ref, index) => !live(ref) && lost.findIndex((other) => sameRef(other, ref)) === index);
  }
  if (claim.hypothesisId && !hypothesisMaps(doc).has(claim.hypothesisId)) result.hypothesisId = null;
  return result;
}

/** Every valid claim, in the same order on every replica. */
export function listClaims(doc: Y.Doc): Claim[] {
  const list: Claim[] = [];
  for (const [id, map] of claimMaps(doc).entries()) {
    const claim = readEntity<Claim>(map, id, ClaimSchema);
    if (claim) list.push(withLiveEvidence(doc, claim));
  }
  return list.sort((a, b) => compareIds(a.id, b.id));
}

/**
 * Ties a card or pin to a claim as supporting evidence (idempotent); a card's current grade is
 * recorded with the link, so a later downgrade can be noticed.
 */
export function linkEvidence(doc: Y.Doc, claimId: string, ref: EvidenceRef, origin?: Origin): void {
  const valid = EvidenceRefSchema.parse(ref);
  const claim = requireEntity(claimMaps(doc), claimId, "claim");
  requireEntity(evidenceMaps(doc, valid.kind), valid.id, valid.kind);
  doc.transact(() => appendUnique(claim, "evidence", evidenceItem(doc, valid), (v) => sameRef(v, valid)), origin);
}

/** Unties a card or pin from a claim, every copy of the link included. */
export function unlinkEvidence(doc: Y.Doc, claimId: string, ref: EvidenceRef, origin?: Origin): void {
  const valid = EvidenceRefSchema.parse(ref);
  const claim = requireEntity(claimMaps(doc), claimId, "claim");
  doc.transact(() => removeFromArray(claim.get("evidence"), (v) => sameRef(v, valid)), origin);
}

/** The claims that cite a pin or a card directly, for the item's panel. */
export function claimsCiting(doc: Y.Doc, ref: EvidenceRef): Claim[] {
  return listClaims(doc).filter((claim) => claim.evidence.some((other) => sameRef(other, ref)));
}
