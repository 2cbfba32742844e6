/**
 * Areas and routes drawn on the map: areas of operation and regions of control (polygons), routes
 * and front lines (lines), each a per-key map like a pin, so two people editing one both win.
 */
import * as Y from "yjs";
import * as z from "zod";
import { newId } from "@/lib/ids";
import {
  AREA_KINDS,
  AreaGeometrySchema,
  AreaInputSchema,
  AreaPatchSchema,
  AreaSchema,
  AuthorSchema,
  kindFitsGeometry,
  WhenSchema,
  type Area,
  type AreaInput,
  type AreaKind,
  type AreaPatch,
} from "../schema";
import { compareIds, fromYMap, removeFromArray, requireEntity, toYMap, writeFields, type Entity, type Fields, type Origin } from "./fields";
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
  const after: Fields = { ...asRead({ ...fromYMap(entity), id }), ...valid };
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

/**
 * An area's stored fields as they are read. Two people's edits made at once can each be valid and
 * together not: one redraws a route as a polygon while the other makes it a front line; one moves
 * the start of its validity later while the other moves the end earlier. Such an area is read
 * with the kind its shape takes (area of operation, route) or without the end of its validity,
 * rather than vanishing from everyone's board; the next edit of it is checked against what is read.
 */
function asRead(fields: Fields): Fields {
  const read = { ...fields };
  const geometry = AreaGeometrySchema.safeParse(fields.geometry);
  const kind = AREA_KINDS.find((k) => k === fields.kind);
  if (geometry.success && kind && !kindFitsGeometry(kind, geometry.data.type)) {
    read.kind = (geometry.data.type === "Polygon" ? "operation" : "route") satisfies AreaKind;
  }
  const from = WhenSchema.safeParse(fields.validFrom);
  const to = WhenSchema.safeParse(fields.validTo);
  if (from.success && to.success && !AreaSchema.safeParse({ ...read, validFrom: from.data, validTo: to.data }).success) {
    const withoutEnd = { ...read };
    delete withoutEnd.validTo;
    // Only when the end is what fails: any other bad field leaves the area unreadable as it was.
    if (AreaSchema.safeParse(withoutEnd).success) return withoutEnd;
  }
  return read;
}

function readArea(map: Entity | undefined, id: string): Area | null {
  if (!(map instanceof Y.Map)) return null;
  const parsed = AreaSchema.safeParse(asRead({ ...fromYMap(map), id }));
  return parsed.success ? parsed.data : null;
}

/** One area, or null when there is none (or it is not valid). */
export function getArea(doc: Y.Doc, id: string): Area | null {
  return readArea(areaMaps(doc).get(id), id);
}

/** Every valid area, oldest first. */
export function listAreas(doc: Y.Doc): Area[] {
  const list: Area[] = [];
  for (const [id, map] of areaMaps(doc).entries()) {
    const area = readArea(map, id);
    if (area) list.push(area);
  }
  return list.sort((a, b) => a.createdAt - b.createdAt || compareIds(a.id, b.id));
}
