/**
 * The hypotheses matrix (Heuer's Analysis of Competing Hypotheses) on the board's own evidence:
 * the competing hypotheses of the board's question, each person's rating of how each card bears
 * on each hypothesis, and each card's relevance. Scoring is in `../ach.ts`.
 *
 * Ratings live in one flat map keyed `<cardId>/<hypothesisId>/<userId>`: two people rating the
 * same cell at once each keep their own rating, and the first ratings of a new card or hypothesis
 * never create rival nested maps. The server lets a person write only the keys ending in their
 * own user id (lib/collab/rules.ts). So nothing here rewrites other people's ratings: deleting a
 * card or a hypothesis leaves its ratings where they are, unread, for an undo to bring back.
 */
import type * as Y from "yjs";
import { newId } from "@/lib/ids";
import {
  CardSchema,
  HypothesisInputSchema,
  HypothesisPatchSchema,
  HypothesisSchema,
  IdSchema,
  parseRatingKey,
  ratingKey,
  RatingSchema,
  RelevanceSchema,
  type Hypothesis,
  type HypothesisInput,
  type HypothesisPatch,
  type Rating,
  type RatingKey,
  type Relevance,
} from "../schema";
import { compareIds, readEntity, requireEntity, toYMap, writeFields, type Origin } from "./fields";
import { cardMaps, hypothesisMaps, ratingValues } from "./roots";

/** One person's rating of one cell of the matrix. */
export interface RatingEntry extends RatingKey {
  rating: Rating;
}

/** Adds a hypothesis after the others and returns its id. */
export function addHypothesis(doc: Y.Doc, input: HypothesisInput, createdBy: string, origin?: Origin): string {
  const id = newId();
  const fields = HypothesisInputSchema.parse(input);
  HypothesisSchema.pick({ createdBy: true }).parse({ createdBy });
  const orders = listHypotheses(doc).map((h) => h.order);
  const order = orders.length === 0 ? 1 : Math.max(...orders) + 1;
  doc.transact(() => hypothesisMaps(doc).set(id, toYMap({ ...fields, order, createdBy, createdAt: Date.now() })), origin);
  return id;
}

/** Changes the title or description of a hypothesis; other people's edits to the other field survive. */
export function updateHypothesis(doc: Y.Doc, id: string, patch: HypothesisPatch, origin?: Origin): void {
  const valid = HypothesisPatchSchema.parse(patch);
  doc.transact(() => writeFields(requireEntity(hypothesisMaps(doc), id, "hypothesis"), valid), origin);
}

/**
 * Moves a hypothesis to position `toIndex` of the list (clamped), writing only its own `order`:
 * halfway between its new neighbours. Two people moving different hypotheses at once both win;
 * two moving one to the same place tie, and ties are broken by id the same way everywhere. When
 * halving has run out of precision (a great many moves into one gap), every order is written
 * afresh, 1 to n, in the same step.
 */
export function moveHypothesis(doc: Y.Doc, id: string, toIndex: number, origin?: Origin): void {
  const map = requireEntity(hypothesisMaps(doc), id, "hypothesis");
  const others = listHypotheses(doc).filter((h) => h.id !== id);
  const at = Math.max(0, Math.min(Math.trunc(toIndex) || 0, others.length));
  const before = others[at - 1]?.order;
  const after = others[at]?.order;
  const order =
    before === undefined && after === undefined ? 1 : before === undefined ? after! - 1 : after === undefined ? before + 1 : (before + after) / 2;
  const fits = (before === undefined || order > before) && (after === undefined || order < after);
  doc.transact(() => {
    if (fits) return map.set("order", order);
    const sequence = [...others.slice(0, at).map((h) => h.id), id, ...others.slice(at).map((h) => h.id)];
    sequence.forEach((hypothesisId, index) => hypothesisMaps(doc).get(hypothesisId)?.set("order", index + 1));
  }, origin);
}

/**
 * Removes a hypothesis. Everyone's ratings of it go with it and so does every claim's link to it:
 * the readers (`listRatings`, `getClaim`) no longer return what names a hypothesis that is gone.
 * They stay in the document, so an undo that brings the hypothesis back (under its id) brings them
 * back too, without rewriting other people's ratings, which nobody may write in their name.
 */
export function deleteHypothesis(doc: Y.Doc, id: string, origin?: Origin): void {
  doc.transact(() => hypothesisMaps(doc).delete(id), origin);
}

/** One hypothesis, or null when there is none (or it is not valid). */
export function getHypothesis(doc: Y.Doc, id: string): Hypothesis | null {
  return readEntity<Hypothesis>(hypothesisMaps(doc).get(id), id, HypothesisSchema);
}

/** Every valid hypothesis in the board's order (then by id, the same on every replica). */
export function listHypotheses(doc: Y.Doc): Hypothesis[] {
  const list: Hypothesis[] = [];
  for (const [id, map] of hypothesisMaps(doc).entries()) {
    const hypothesis = readEntity<Hypothesis>(map, id, HypothesisSchema);
    if (hypothesis) list.push(hypothesis);
  }
  return list.sort((a, b) => a.order - b.order || compareIds(a.id, b.id));
}

/**
 * Sets (or with null, clears) one person's rating of how a card bears on a hypothesis. Both must
 * exist. `userId` is the person's account id: the server refuses a rating under anyone else's.
 */
export function setRating(doc: Y.Doc, cell: RatingKey, rating: Rating | null, origin?: Origin): void {
  const key = ratingKey({ cardId: IdSchema.parse(cell.cardId), hypothesisId: IdSchema.parse(cell.hypothesisId), userId: IdSchema.parse(cell.userId) });
  const valid = rating === null ? null : RatingSchema.parse(rating);
  requireEntity(cardMaps(doc), cell.cardId, "card");
  requireEntity(hypothesisMaps(doc), cell.hypothesisId, "hypothesis");
  const ratings = ratingValues(doc);
  if (valid === null ? !ratings.has(key) : ratings.get(key) === valid) return;
  doc.transact(() => (valid === null ? ratings.delete(key) : ratings.set(key, valid)), origin);
}

/**
 * Every valid rating of a card and a hypothesis that both exist (a rating can outlive them when
 * someone rated while another person deleted), ordered by card, hypothesis and person.
 */
export function listRatings(doc: Y.Doc): RatingEntry[] {
  const cards = cardMaps(doc);
  const hypotheses = hypothesisMaps(doc);
  const list: RatingEntry[] = [];
  for (const [key, value] of ratingValues(doc).entries()) {
    const parts = parseRatingKey(key);
    const rating = RatingSchema.safeParse(value);
    if (!parts || !rating.success || !cards.has(parts.cardId) || !hypotheses.has(parts.hypothesisId)) continue;
    list.push({ ...parts, rating: rating.data });
  }
  return list.sort(
    (a, b) => compareIds(a.cardId, b.cardId) || compareIds(a.hypothesisId, b.hypothesisId) || compareIds(a.userId, b.userId),
  );
}

/** Sets how relevant a card is to the matrix (its weight in the scores). */
export function setRelevance(doc: Y.Doc, cardId: string, relevance: Relevance, origin?: Origin): void {
  const valid = RelevanceSchema.parse(relevance);
  const card = requireEntity(cardMaps(doc), cardId, "card");
  doc.transact(() => card.set("relevance", valid), origin);
}

/** A card's relevance: medium unless set (or when what is stored is not valid). */
export function readRelevance(doc: Y.Doc, cardId: string): Relevance {
  const parsed = CardSchema.shape.relevance.safeParse(cardMaps(doc).get(cardId)?.get("relevance"));
  return (parsed.success && parsed.data) || "medium";
}
