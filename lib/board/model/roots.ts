/**
 * The root types of the board document, opened by their names in `BOARD_ROOT`. The entity files
 * beside this one reach the document only through these accessors; nothing outside the model
 * names a root key.
 */
import type * as Y from "yjs";
import { BOARD_ROOT } from "../schema";
import type { Entity } from "./fields";

/** Title, question and schema version. */
export const metaMap = (doc: Y.Doc) => doc.getMap<unknown>(BOARD_ROOT.meta);
/** Pins by id. */
export const pinMaps = (doc: Y.Doc) => doc.getMap<Entity>(BOARD_ROOT.pins);
/** Timeline cards by id. */
export const cardMaps = (doc: Y.Doc) => doc.getMap<Entity>(BOARD_ROOT.cards);
/** Claims by id. */
export const claimMaps = (doc: Y.Doc) => doc.getMap<Entity>(BOARD_ROOT.claims);
/** Competing hypotheses by id. */
export const hypothesisMaps = (doc: Y.Doc) => doc.getMap<Entity>(BOARD_ROOT.hypotheses);
/** Each person's rating of each cell of the hypotheses matrix, by `<cardId>/<hypothesisId>/<userId>`. */
export const ratingValues = (doc: Y.Doc) => doc.getMap<unknown>(BOARD_ROOT.ratings);
/** Areas and routes drawn on the map, by id. */
export const areaMaps = (doc: Y.Doc) => doc.getMap<Entity>(BOARD_ROOT.areas);
/** Scenes in presentation order (each carries its id). */
export const sceneMaps = (doc: Y.Doc) => doc.getArray<Entity>(BOARD_ROOT.scenes);

/** The TipTap document of the narrative, for the Collaboration extension. */
export function narrativeFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(BOARD_ROOT.narrative);
}

/** The parts of a board a view can subscribe to. */
export type BoardPart = keyof typeof BOARD_ROOT;

/** A root type of the board document. */
export type BoardRoot = Y.Map<unknown> | Y.Map<Entity> | Y.Array<Entity> | Y.XmlFragment;

/** The root type that holds one part of the board, for observers and undo managers. */
export function rootOf(doc: Y.Doc, part: BoardPart): BoardRoot {
  switch (part) {
    case "meta":
      return metaMap(doc);
    case "pins":
      return pinMaps(doc);
    case "cards":
      return cardMaps(doc);
    case "claims":
      return claimMaps(doc);
    case "scenes":
      return sceneMaps(doc);
    case "hypotheses":
      return hypothesisMaps(doc);
    case "ratings":
      return ratingValues(doc);
    case "areas":
      return areaMaps(doc);
    case "narrative":
      return narrativeFragment(doc);
  }
}
