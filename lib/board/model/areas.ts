/**
 * Areas and routes drawn on the map: areas of operation and regions of control (polygons), routes
 * and front lines (lines), each a per-key map like a pin, so two people editing one both win.
 */
import type * as Y from "yjs";
import { newId } from "@/lib/ids";
import { z } from "zod";
import { AreaInputSchema, AreaPatchSchema, AreaSchema, AuthorSchema, type Area, type AreaInput, type AreaPatch } from "../schema";
import { compareIds, fromYMap, readEntity, removeFromArray, requireEntity, toYMap, writeFields, type Origin } from "./fields";
import { areaMaps, cardMaps } from "./roots";

/** Adds an area (or route) and returns its id. */
export function addArea(doc: Y.Doc, input: AreaInput, createdBy: string, origin?: Origin): string {
  const id = newId();
  const fields = AreaInputSchema.parse(input);
  z.object({ createdBy: AuthorSchema }).parse({ createdBy });
  doc.transact(() => areaMaps(doc).set(id, toYMap({ ...fields, createdBy, createdAt: Date.now() })), origin);
  return id;
}

/**
 * Changes some fields of an area; other people's concurrent edits to other fields survive.
 * `validFrom` / `validTo` set to null clear that bound. The area as it will be is checked first
 * (a route cannot become a polygon kind, validity cannot end before it starts): nothing is
 * written when it fails.
 */
export function updateArea(doc: Y.Doc, id: string, patch: AreaPatch, origin?: Origin): void {
  const valid = AreaPatchSchema.parse(patch);
  const entity = requireEntity(areaMaps(doc), id, "area");
  const after: Record<string, unknown> = { ...fromYMap(entity), ...valid, id };
  for (const key of ["validFrom", "validTo"] as const) if (valid[key] === null) delete after[key];
  AreaSchema.parse(after);
  doc.transact(() => {
    const { validFrom, validTo, ...rest } = valid;
    writeFields(entity, { ...rest, validFrom: validFrom ?? undefined, validTo: validTo ?? undefined });
    if (validFrom === null) entity.delete("validFrom");
    if (validTo === null) entity.delete("validTo");
  }, origin);
}

/** Removes an area and every card's link to it, in one undoable step. */
export function deleteArea(doc: Y.Doc, id: string, origin?: Origin): void {
  doc.transact(() => {
    areaMaps(doc).delete(id);
    for (const card of cardMaps(doc).values()) removeFromArray(card.get("areaIds"), (v) => v === id);
  }, origin);
}

/** One area, or null when there is none (or it is not valid). */
export function getArea(doc: Y.Doc, id: string): Area | null {
  return readEntity(areaMaps(doc).get(id), id, AreaSchema);
}

/** Every valid area, oldest first. */
export function listAreas(doc: Y.Doc): Area[] {
  const list: Area[] = [];
  for (const [id, map] of areaMaps(doc).entries()) {
    const area = readEntity<Area>(map, id, AreaSchema);
    if (area) list.push(area);
  }
  return list.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
}
