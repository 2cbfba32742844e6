/**
 * Typed read/write helpers over a board Y.Doc, one file per entity. The UI, the server, the seed
 * and the tests all go through these functions; none of them touches a Yjs root key directly.
 *
 * Every write validates its values with the zod schemas of `schema.ts` first and throws a
 * ZodError (nothing written) when they do not hold. Every read skips values that fail validation
 * (a stock client could have written anything), so a bad entry never breaks the board.
 */
export type { Origin } from "./fields";
export { narrativeFragment, type BoardPart } from "./roots";
export { initBoard, readMeta, readNumericDateOrder, setMeta, setNumericDateOrder } from "./meta";
export { BoardTooNewError, boardSchemaVersion, migrateBoard, upgradeStoredBoard, type BoardMigration } from "./migrations";
export { addPin, deletePin, getPin, listPins, updatePin } from "./pins";
export { addArea, deleteArea, getArea, listAreas, updateArea } from "./areas";
export {
  addCard,
  deleteCard,
  getCard,
  importEvidence,
  linkCardToArea,
  linkCardToPin,
  listCards,
  unlinkCardFromArea,
  unlinkCardFromPin,
  updateCard,
  updateCards,
  type AreaImportInput,
  type EvidenceInput,
  type ImportItem,
  type PlaceInput,
} from "./cards";
export {
  addClaim,
  citedGrades,
  claimCreatorClient,
  claimsCiting,
  deleteClaim,
  dismissLostEvidence,
  getClaim,
  linkEvidence,
  listClaims,
  unlinkEvidence,
  updateClaim,
} from "./claims";
export {
  addHypothesis,
  deleteHypothesis,
  getHypothesis,
  listHypotheses,
  listRatings,
  moveHypothesis,
  readRelevance,
  setRating,
  setRelevance,
  updateHypothesis,
  type RatingEntry,
} from "./hypotheses";
export { CLAIM_MARK, narrativeClaimTexts } from "./narrative";
export { addScene, deleteScene, duplicateScene, listScenes, moveScene, updateScene } from "./scenes";
export { observeBoard, undoScope } from "./observe";
