/**
 * Fixtures and assertions shared by the model's unit tests (the `*.test.ts` files beside this one):
 * inputs, a fixed clock, "wrote nothing" checks, a stand-in for a stock Yjs client, and replicas
 * of one board edited by two people. Imported by tests only.
 */
import { afterEach, beforeEach, expect, vi } from "vitest";
import * as Y from "yjs";
import { ZodError } from "zod";
import { BOARD_ROOT, type AreaInput, type CardInput, type PinInput, type SceneInput } from "../schema";
import { initBoard, listAreas, listCards, listClaims, listHypotheses, listPins, listRatings, listScenes, readMeta } from "./index";

/** 1 March 2019, the week of the demo report; every write in these tests happens at a known time. */
export const T0 = Date.UTC(2019, 2, 1);

/** The time `Date.now()` answers in a test file that called `freezeClock`; tests move it by hand. */
export const clock = { now: T0 };

/** Makes every write of the calling test file happen at `clock.now`, reset to T0 before each test. */
export function freezeClock(): void {
  beforeEach(() => {
    clock.now = T0;
    vi.spyOn(Date, "now").mockImplementation(() => clock.now);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
}

/** Who writes in these tests. */
export const AUTHOR = "analyst-1";
/** A map view over Mali. */
export const VIEW = { lng: -4, lat: 17, zoom: 5 };

/** A valid pin (Koulikoro), with `patch` applied. */
export const pinInput = (patch: Partial<PinInput> = {}): PinInput => ({
  title: "Koulikoro",
  lng: -7.5586,
  lat: 12.8627,
  kind: "place",
  note: "EUTM camp",
  geoPrecision: "near",
  ...patch,
});

/** A valid card (the assault on the EUTM camp), with `patch` applied. */
export const cardInput = (patch: Partial<CardInput> = {}): CardInput => ({
  title: "Assault on the EUTM camp",
  when: { start: "2019-02-18", end: "2019-02-28", precision: "approx" },
  ...patch,
});

/** A valid area of operation (a square around Ménaka), with `patch` applied. */
export const areaInput = (patch: Partial<AreaInput> = {}): AreaInput => ({
  title: "Ménaka sector",
  kind: "operation",
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [1.5, 15.5],
        [3, 15.5],
        [3, 16.5],
        [1.5, 16.5],
        [1.5, 15.5],
      ],
    ],
  },
  ...patch,
});

/** A valid route (Gao to Kidal), with `patch` applied. */
export const routeInput = (patch: Partial<AreaInput> = {}): AreaInput => ({
  title: "N16 Gao–Kidal",
  kind: "route",
  geometry: {
    type: "LineString",
    coordinates: [
      [0.04, 16.27],
      [0.9, 17.4],
      [1.41, 18.44],
    ],
  },
  ...patch,
});

/** A valid scene, with `patch` applied. */
export const sceneInput = (patch: Partial<SceneInput> = {}): SceneInput => ({ title: "North", view: VIEW, ...patch });

/** A new board, with a fixed client id when two replicas must order their edits predictably. */
export function newBoard(clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  initBoard(doc, { title: "JNIM in Mali", question: "Is JNIM shifting south?" });
  return doc;
}

/** Counts the updates (that is, the transactions that changed something) `act` makes to `doc`. */
export function countUpdates(doc: Y.Doc, act: () => void): number {
  let updates = 0;
  const onUpdate = () => updates++;
  doc.on("update", onUpdate);
  try {
    act();
  } finally {
    doc.off("update", onUpdate);
  }
  return updates;
}

/** Runs `act` and checks it left `doc` byte for byte as it was (deletions included). */
export function expectNoWrite(doc: Y.Doc, act: () => void): void {
  const before = Y.encodeStateAsUpdate(doc);
  expect(countUpdates(doc, act)).toBe(0);
  expect(Y.encodeStateAsUpdate(doc)).toEqual(before);
}

/** Runs `act`, which must throw, checks that it wrote nothing, and returns what it threw. */
function thrownWithoutWrite(doc: Y.Doc, act: () => unknown): unknown {
  let error: unknown = undefined;
  expectNoWrite(doc, () => {
    try {
      act();
    } catch (thrown) {
      error = thrown;
    }
  });
  expect(error, "expected the call to throw").toBeDefined();
  return error;
}

/** `act` must throw a ZodError whose issues point at exactly `paths`, and write nothing. */
export function expectInvalid(doc: Y.Doc, act: () => unknown, paths: PropertyKey[][]): void {
  const error = thrownWithoutWrite(doc, act);
  expect(error).toBeInstanceOf(ZodError);
  expect((error as ZodError).issues.map((issue) => issue.path)).toEqual(paths);
}

/** `act` must throw an error with exactly `message` (which names the missing id), and write nothing. */
export function expectMissing(doc: Y.Doc, act: () => unknown, message: string): void {
  const error = thrownWithoutWrite(doc, act);
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(ZodError);
  expect((error as Error).message).toBe(message);
}

/**
 * Stands in for a stock Yjs client (or an older build) writing whatever it likes. This is the only
 * place these tests touch a root key; everything else goes through the model.
 */
export const stockClient = {
  meta: (doc: Y.Doc) => doc.getMap<unknown>(BOARD_ROOT.meta),
  setEntity(doc: Y.Doc, root: "pins" | "cards" | "claims" | "hypotheses" | "areas", id: string, value: unknown) {
    doc.getMap<unknown>(BOARD_ROOT[root]).set(id, value);
  },
  /** A card's own map, to write a field as an older build stored it (or left it out). */
  cardMap: (doc: Y.Doc, id: string) => doc.getMap<Y.Map<unknown>>(BOARD_ROOT.cards).get(id)!,
  setRating: (doc: Y.Doc, key: string, value: unknown) => doc.getMap<unknown>(BOARD_ROOT.ratings).set(key, value),
  pushScene: (doc: Y.Doc, value: unknown) => doc.getArray<unknown>(BOARD_ROOT.scenes).push([value]),
};

/** A plain Y.Map, as a stock client would write an entry (no validation). */
export function yMap(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

/** The origin of updates applied from another replica. */
export const REMOTE = "remote";

/** A second replica of `doc`, as another person's browser would hold it after loading the board. */
export function replica(doc: Y.Doc, clientID: number): Y.Doc {
  const copy = new Y.Doc();
  copy.clientID = clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), REMOTE);
  return copy;
}

/** Exchanges full state both ways; both updates are taken before either is applied. */
export function sync(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a);
  const fromB = Y.encodeStateAsUpdate(b);
  Y.applyUpdate(b, fromA, REMOTE);
  Y.applyUpdate(a, fromB, REMOTE);
}

/** Everything a person sees of a board, for comparing replicas. */
export const boardOf = (doc: Y.Doc) => ({
  meta: readMeta(doc),
  pins: listPins(doc),
  cards: listCards(doc),
  claims: listClaims(doc),
  scenes: listScenes(doc),
  hypotheses: listHypotheses(doc),
  ratings: listRatings(doc),
  areas: listAreas(doc),
});

/** Both replicas hold the same updates and show the same board. */
export function expectConverged(a: Y.Doc, b: Y.Doc): void {
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  expect(boardOf(a)).toEqual(boardOf(b));
}

/** `list` in id order, for comparing lists whose order is not the point. */
export const byId = <T extends { id: string }>(list: T[]): T[] => [...list].sort((x, y) => (x.id < y.id ? -1 : 1));
