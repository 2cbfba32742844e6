/** The board's title, question and schema version (the `meta` root). */
import type * as Y from "yjs";
import type { NumericDateOrder } from "../dates";
import { MetaSchema, NewBoardSchema, NumericDateOrderSchema, SCHEMA_VERSION, StartViewSchema, type Meta, type NewBoard, type StartView } from "../schema";
import { writeFields } from "./fields";
import { metaMap } from "./roots";

/** Writes the meta of a new, empty board, stamped with the current schema version. */
export function initBoard(doc: Y.Doc, input: NewBoard): void {
  const { title, question } = NewBoardSchema.parse(input);
  doc.transact(() => {
    const meta = metaMap(doc);
    meta.set("title", title);
    meta.set("question", question);
    meta.set("schemaVersion", SCHEMA_VERSION);
  });
}

/** Title, question and schema version; sensible fallbacks while the document is still empty. */
export function readMeta(doc: Y.Doc): Meta {
  const meta = metaMap(doc);
  const parsed = MetaSchema.safeParse({
    title: meta.get("title"),
    question: meta.get("question") ?? "",
    schemaVersion: meta.get("schemaVersion") ?? 0,
  });
  return parsed.success ? parsed.data : { title: "Untitled board", question: "", schemaVersion: 0 };
}

/** Changes the title or the question; the schema version is only ever written by migrations. */
export function setMeta(doc: Y.Doc, patch: Partial<Pick<Meta, "title" | "question">>): void {
  const valid = MetaSchema.pick({ title: true, question: true }).partial().parse(patch);
  doc.transact(() => writeFields(metaMap(doc), valid));
}

/** How numeric dates typed on this board are read when both orders make sense: day first unless set. */
export function readNumericDateOrder(doc: Y.Doc): NumericDateOrder {
  const parsed = NumericDateOrderSchema.safeParse(metaMap(doc).get("numericDateOrder"));
  return parsed.success ? parsed.data : "day-first";
}

/** Sets how this board reads numeric dates (03/04/2019). */
export function setNumericDateOrder(doc: Y.Doc, order: NumericDateOrder): void {
  metaMap(doc).set("numericDateOrder", NumericDateOrderSchema.parse(order));
}

/** Where the board's map opens while it has no pins, or null when nobody has set it. */
export function readStartView(doc: Y.Doc): StartView | null {
  const parsed = StartViewSchema.safeParse(metaMap(doc).get("startView"));
  return parsed.success ? parsed.data : null;
}

/** Makes this view where the board's map opens while it has no pins. */
export function setStartView(doc: Y.Doc, view: StartView): void {
  metaMap(doc).set("startView", StartViewSchema.parse(view));
}
