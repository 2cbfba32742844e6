/**
 * Claims: the likelihood and confidence of a statement in the narrative, and the cards and pins
 * cited as its evidence. The narrative marks the claim's words with its id (narrative.ts).
 */
import type * as Y from "yjs";
import { newId } from "@/lib/ids";
import { ClaimInputSchema, ClaimSchema, EvidenceRefSchema, type Claim, type ClaimInput, type EvidenceRef } from "../schema";
import { appendUnique, compareIds, readEntity, removeFromArray, requireEntity, toYMap, writeFields, type Origin } from "./fields";
import { cardMaps, claimMaps, pinMaps } from "./roots";

/** Whether a stored evidence item refers to `ref` (stored items are unvalidated). */
export function sameRef(value: unknown, ref: EvidenceRef): boolean {
  const v = value as Partial<EvidenceRef> | null;
  return v?.kind === ref.kind && v?.id === ref.id;
}

/** Drops every claim's link to a pin or card being deleted, inside the caller's transaction. */
export function removeEvidenceEverywhere(doc: Y.Doc, ref: EvidenceRef): void {
  for (const claim of claimMaps(doc).values()) removeFromArray(claim.get("evidence"), (v) => sameRef(v, ref));
}

const evidenceMaps = (doc: Y.Doc, kind: EvidenceRef["kind"]) => (kind === "card" ? cardMaps(doc) : pinMaps(doc));

/** Creates a claim; the narrative marks text with its id. */
export function addClaim(doc: Y.Doc, input: ClaimInput, origin?: Origin): string {
  const id = newId();
  const fields = ClaimInputSchema.parse(input);
  for (const ref of fields.evidence) requireEntity(evidenceMaps(doc, ref.kind), ref.id, ref.kind);
  doc.transact(() => claimMaps(doc).set(id, toYMap(fields)), origin);
  return id;
}

/** Changes a claim's likelihood or confidence; its evidence has its own writers. */
export function updateClaim(
  doc: Y.Doc,
  id: string,
  patch: Partial<Pick<Claim, "likelihood" | "confidence">>,
  origin?: Origin,
): void {
  const valid = ClaimSchema.pick({ likelihood: true, confidence: true }).partial().parse(patch);
  doc.transact(() => writeFields(requireEntity(claimMaps(doc), id, "claim"), valid), origin);
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

/** Evidence that still exists, each ref once (two people may link the same card at once). */
function withLiveEvidence(doc: Y.Doc, claim: Claim): Claim {
  const evidence = claim.evidence.filter(
    (ref, index) =>
      evidenceMaps(doc, ref.kind).has(ref.id) && claim.evidence.findIndex((other) => sameRef(other, ref)) === index,
  );
  return { ...claim, evidence };
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

/** Ties a card or pin to a claim as supporting evidence (idempotent). */
export function linkEvidence(doc: Y.Doc, claimId: string, ref: EvidenceRef, origin?: Origin): void {
  const valid = EvidenceRefSchema.parse(ref);
  const claim = requireEntity(claimMaps(doc), claimId, "claim");
  requireEntity(evidenceMaps(doc, valid.kind), valid.id, valid.kind);
  doc.transact(() => appendUnique(claim, "evidence", valid, (v) => sameRef(v, valid)), origin);
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
