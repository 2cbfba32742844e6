/** Map pins: places and events, each a per-key map so two people editing one pin both win. */
import type * as Y from "yjs";
import { newId } from "@/lib/ids";
import { PinInputSchema, PinPatchSchema, PinSchema, type Pin, type PinInput, type PinPatch } from "../schema";
import { removeEvidenceEverywhere } from "./claims";
import { compareIds, readEntity, removeFromArray, requireEntity, toYMap, writeFields, type Origin } from "./fields";
import { cardMaps, pinMaps } from "./roots";

/** Adds a pin and returns its id. */
export function addPin(doc: Y.Doc, input: PinInput, createdBy: string, origin?: Origin): string {
  const id = newId();
  const fields = PinInputSchema.parse(input);
  PinSchema.pick({ createdBy: true }).parse({ createdBy });
  doc.transact(() => pinMaps(doc).set(id, toYMap({ ...fields, createdBy, createdAt: Date.now() })), origin);
  return id;
}

/** Changes some fields of a pin; other people's concurrent edits to other fields survive. */
export function updatePin(doc: Y.Doc, id: string, patch: PinPatch, origin?: Origin): void {
  const valid = PinPatchSchema.parse(patch);
  doc.transact(() => writeFields(requireEntity(pinMaps(doc), id, "pin"), valid), origin);
}

/**
 * Removes a pin and every link to it from cards and claims (each claim that cited it records it as
 * lost evidence), in one undoable step.
 */
export function deletePin(doc: Y.Doc, id: string, origin?: Origin): void {
  doc.transact(() => {
    removeEvidenceEverywhere(doc, { kind: "pin", id });
    pinMaps(doc).delete(id);
    for (const card of cardMaps(doc).values()) removeFromArray(card.get("pinIds"), (v) => v === id);
  }, origin);
}

/** One pin, or null when there is none (or it is not valid). */
export function getPin(doc: Y.Doc, id: string): Pin | null {
  return readEntity(pinMaps(doc).get(id), id, PinSchema);
}

/** Every valid pin, oldest first. */
export function listPins(doc: Y.Doc): Pin[] {
  const list: Pin[] = [];
  for (const [id, map] of pinMaps(doc).entries()) {
    const pin = readEntity<Pin>(map, id, PinSchema);
    if (pin) list.push(pin);
  }
  return list.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
}
