/** What the briefing is built from, read from a live board document. */
import type * as Y from "yjs";
import type { BriefingInput } from "@/lib/board/briefing";
import { listCards, listClaims, listPins, listScenes, readMeta } from "@/lib/board/model";
import { readNarrative } from "@/lib/board/narrative";

export function briefingInputOf(doc: Y.Doc): BriefingInput {
  return {
    meta: readMeta(doc),
    pins: listPins(doc),
    cards: listCards(doc),
    claims: listClaims(doc),
    scenes: listScenes(doc),
    narrative: readNarrative(doc),
  };
}
