/**
 * Timeline cards: dated, sourced, graded evidence, linked to the pins where it happened, and the
 * import of many events at once.
 */
import type * as Y from "yjs";
import { ZodError, type z } from "zod";
import { newId } from "@/lib/ids";
import {
  AreaInputSchema,
  CardInputSchema,
  CardPatchSchema,
  CardSchema,
  CardsPatchSchema,
  PinInputSchema,
  type AreaInput,
  type Card,
  type CardInput,
  type CardPatch,
  type CardsPatch,
  type PinInput,
} from "../schema";
import { removeEvidenceEverywhere } from "./claims";
import { appendUnique, compareIds, fromYMap, readEntity, removeFromArray, requireEntity, toYMap, writeFields, type Origin } from "./fields";
import { areaMaps, cardMaps, pinMaps } from "./roots";

/** Adds a timeline card and returns its id; linked pins and areas must exist. */
export function addCard(doc: Y.Doc, input: CardInput, createdBy: string, origin?: Origin): string {
  const id = newId();
  const fields = CardInputSchema.parse(input);
  CardSchema.pick({ createdBy: true }).parse({ createdBy });
  for (const pinId of fields.pinIds) requireEntity(pinMaps(doc), pinId, "pin");
  for (const areaId of fields.areaIds) requireEntity(areaMaps(doc), areaId, "area");
  doc.transact(() => cardMaps(doc).set(id, toYMap({ ...fields, createdBy, createdAt: Date.now() })), origin);
  return id;
}

/** Changes some fields of a card; linked pins and areas must exist. */
export function updateCard(doc: Y.Doc, id: string, patch: CardPatch, origin?: Origin): void {
  const valid = CardPatchSchema.parse(patch);
  for (const pinId of valid.pinIds ?? []) requireEntity(pinMaps(doc), pinId, "pin");
  for (const areaId of valid.areaIds ?? []) requireEntity(areaMaps(doc), areaId, "area");
  doc.transact(() => writeFields(requireEntity(cardMaps(doc), id, "card"), valid), origin);
}

/**
 * Removes a card and every claim's link to it (each such claim records it as lost evidence), in
 * one undoable step. Everyone's ratings of it in the hypotheses matrix are no longer read; they
 * stay in the document for an undo to bring back (model/hypotheses.ts says why).
 */
export function deleteCard(doc: Y.Doc, id: string, origin?: Origin): void {
  doc.transact(() => {
    removeEvidenceEverywhere(doc, { kind: "card", id });
    cardMaps(doc).delete(id);
  }, origin);
}

/** One imported event: the pin where it happened and the card that says what happened. */
export interface EvidenceInput {
  pin: PinInput;
  card: Omit<CardInput, "pinIds">;
  /** Items with the same key share one pin: the first of them makes it, the others link their card to it. */
  pinKey?: string;
  /** Items with the same key are one card at several pins: the first one's card, linked to each item's pin. */
  cardKey?: string;
  area?: undefined;
  cardKeys?: undefined;
}

/** One imported place with nothing dated about it (a KML placemark without a time): a pin alone. */
export interface PlaceInput {
  pin: PinInput;
  card?: undefined;
  pinKey?: string;
  cardKey?: undefined;
  area?: undefined;
  cardKeys?: undefined;
}

/** One imported area or route (a line or polygon of a KML or GeoJSON file). */
export interface AreaImportInput {
  area: AreaInput;
  /** The cards of the same import (by their `cardKey`) the area is linked to; a key no item has is left out. */
  cardKeys?: readonly string[];
  pin?: undefined;
  card?: undefined;
  pinKey?: undefined;
  cardKey?: undefined;
}

/** What an import writes: events, places on their own, and areas and routes. */
export type ImportItem = EvidenceInput | PlaceInput | AreaImportInput;

/**
 * Adds each event as a pin and a card linked to it (a place as a pin alone; items sharing a
 * `pinKey` share one pin, items sharing a `cardKey` one card; an area with the cards it names by
 * key linked to it), all in one transaction: every item
 * is validated first, and when one fails (a ZodError whose path starts with its index) nothing is
 * written. Other people receive the whole import as one update. Returns the new card ids.
 */
export function importEvidence(doc: Y.Doc, items: readonly ImportItem[], createdBy: string, origin?: Origin): string[] {
  CardSchema.pick({ createdBy: true }).parse({ createdBy });
  const pins = new Map<string, PinInput>();
  const cards = new Map<string, CardInput & { pinIds: string[] }>();
  const pinByKey = new Map<string, string>();
  const cardByKey = new Map<string, string>();
  const areas = new Map<string, { area: z.output<typeof AreaInputSchema>; cardKeys: readonly string[] }>();
  items.forEach((item, index) => {
    if (item.area) {
      const area = AreaInputSchema.safeParse(item.area);
      if (!area.success) throw prefixIssues(area.error, [index, "area"]);
      areas.set(newId(), { area: area.data, cardKeys: item.cardKeys ?? [] });
      return;
    }
    const pin = PinInputSchema.safeParse(item.pin);
    if (!pin.success) throw prefixIssues(pin.error, [index, "pin"]);
    let pinId = item.pinKey === undefined ? undefined : pinByKey.get(item.pinKey);
    if (pinId === undefined) {
      pinId = newId();
      pins.set(pinId, pin.data);
      if (item.pinKey !== undefined) pinByKey.set(item.pinKey, pinId);
    }
    if (!item.card) return;
    const card = CardInputSchema.safeParse({ ...item.card, pinIds: [] });
    if (!card.success) throw prefixIssues(card.error, [index, "card"]);
    const sameCard = item.cardKey === undefined ? undefined : cards.get(cardByKey.get(item.cardKey) ?? "");
    if (sameCard) {
      if (!sameCard.pinIds.includes(pinId)) sameCard.pinIds.push(pinId);
      return;
    }
    const cardId = newId();
    cards.set(cardId, { ...card.data, pinIds: [pinId] });
    if (item.cardKey !== undefined) cardByKey.set(item.cardKey, cardId);
  });
  const createdAt = Date.now();
  doc.transact(() => {
    for (const [pinId, pin] of pins) pinMaps(doc).set(pinId, toYMap({ ...pin, createdBy, createdAt }));
    for (const [cardId, card] of cards) cardMaps(doc).set(cardId, toYMap({ ...card, createdBy, createdAt }));
    for (const [areaId, { area, cardKeys }] of areas) {
      areaMaps(doc).set(areaId, toYMap({ ...area, createdBy, createdAt }));
      for (const key of cardKeys) {
        const card = cardMaps(doc).get(cardByKey.get(key) ?? "");
        if (card) appendUnique(card, "areaIds", areaId, (v) => v === areaId);
      }
    }
  }, origin);
  return [...cards.keys()];
}

function prefixIssues(error: ZodError, prefix: PropertyKey[]): ZodError {
  return new ZodError(error.issues.map((issue) => ({ ...issue, path: [...prefix, ...issue.path] })));
}

/** One card with its live pins, or null when there is none (or it is not valid). */
export function getCard(doc: Y.Doc, id: string): Card | null {
  const card = readEntity<Card>(cardMaps(doc).get(id), id, CardSchema);
  return card && withLivePins(doc, card);
}

/** Links survive concurrent deletes and duplicate concurrent links; reads show each live pin and area once. */
function withLivePins(doc: Y.Doc, card: Card): Card {
  return {
    ...card,
    pinIds: [...new Set(card.pinIds)].filter((pinId) => pinMaps(doc).has(pinId)),
    areaIds: [...new Set(card.areaIds)].filter((areaId) => areaMaps(doc).has(areaId)),
  };
}

/** Every valid card in chronological order (start date, then end date, then creation). */
export function listCards(doc: Y.Doc): Card[] {
  const list: Card[] = [];
  for (const [id, map] of cardMaps(doc).entries()) {
    const card = readEntity<Card>(map, id, CardSchema);
    if (card) list.push(withLivePins(doc, card));
  }
  return list.sort(
    (a, b) =>
      a.when.start.localeCompare(b.when.start) ||
      (a.when.end ?? a.when.start).localeCompare(b.when.end ?? b.when.start) ||
      a.createdAt - b.createdAt ||
      compareIds(a.id, b.id),
  );
}

/** Links a card to a pin (idempotent); concurrent links from two people both survive. */
export function linkCardToPin(doc: Y.Doc, cardId: string, pinId: string, origin?: Origin): void {
  const card = requireEntity(cardMaps(doc), cardId, "card");
  requireEntity(pinMaps(doc), pinId, "pin");
  doc.transact(() => appendUnique(card, "pinIds", pinId, (v) => v === pinId), origin);
}

/** Unlinks a card from a pin, every copy of the link included. */
export function unlinkCardFromPin(doc: Y.Doc, cardId: string, pinId: string, origin?: Origin): void {
  const card = requireEntity(cardMaps(doc), cardId, "card");
  doc.transact(() => removeFromArray(card.get("pinIds"), (v) => v === pinId), origin);
}

/** Links a card to an area or route (idempotent); concurrent links from two people both survive. */
export function linkCardToArea(doc: Y.Doc, cardId: string, areaId: string, origin?: Origin): void {
  const card = requireEntity(cardMaps(doc), cardId, "card");
  requireEntity(areaMaps(doc), areaId, "area");
  doc.transact(() => appendUnique(card, "areaIds", areaId, (v) => v === areaId), origin);
}

/** Unlinks a card from an area, every copy of the link included. */
export function unlinkCardFromArea(doc: Y.Doc, cardId: string, areaId: string, origin?: Origin): void {
  const card = requireEntity(cardMaps(doc), cardId, "card");
  doc.transact(() => removeFromArray(card.get("areaIds"), (v) => v === areaId), origin);
}

/**
 * Applies one change to every card in `ids`, in one transaction: one undo step for the person
 * who made it, one update for everyone else. Everything is checked first (the patch, that every
 * card, pin and area exists, that no card would end up with too many tags); when anything fails,
 * nothing is written. Fields a card already has as asked are left alone, so a change that changes
 * nothing writes nothing. Links are added and removed item by item, so a link someone else adds
 * at the same time survives.
 */
export function updateCards(doc: Y.Doc, ids: readonly string[], patch: CardsPatch, origin?: Origin): void {
  const valid = CardsPatchSchema.parse(patch);
  for (const pinId of valid.linkPins ?? []) requireEntity(pinMaps(doc), pinId, "pin");
  for (const areaId of valid.linkAreas ?? []) requireEntity(areaMaps(doc), areaId, "area");
  const add = valid.addTags ?? [];
  const remove = new Set(valid.removeTags ?? []);
  const plan = [...new Set(ids)].map((id) => {
    const entity = requireEntity(cardMaps(doc), id, "card");
    const before = fromYMap(entity);
    const current = Array.isArray(before.tags) ? (before.tags as unknown[]) : [];
    const kept = current.filter((tag) => !remove.has(tag as string));
    const tags = [...kept, ...add.filter((tag) => !kept.includes(tag))];
    const checked = CardSchema.shape.tags.safeParse(tags);
    if (!checked.success) throw prefixIssues(checked.error, [id, "tags"]);
    const tagsChanged = tags.length !== current.length || tags.some((tag, i) => tag !== current[i]);
    const grade = before.grade as { reliability?: unknown; credibility?: unknown } | undefined;
    const gradeChanged = valid.grade !== undefined && (grade?.reliability !== valid.grade.reliability || grade?.credibility !== valid.grade.credibility);
    return { entity, tags: tagsChanged ? checked.data : undefined, grade: gradeChanged ? valid.grade : undefined };
  });
  doc.transact(() => {
    for (const { entity, tags, grade } of plan) {
      writeFields(entity, { grade, tags });
      for (const pinId of valid.linkPins ?? []) appendUnique(entity, "pinIds", pinId, (v) => v === pinId);
      for (const pinId of valid.unlinkPins ?? []) removeFromArray(entity.get("pinIds"), (v) => v === pinId);
      for (const areaId of valid.linkAreas ?? []) appendUnique(entity, "areaIds", areaId, (v) => v === areaId);
      for (const areaId of valid.unlinkAreas ?? []) removeFromArray(entity.get("areaIds"), (v) => v === areaId);
    }
  }, origin);
}
