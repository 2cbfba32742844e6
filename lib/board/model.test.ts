/**
 * Unit tests of the board model: every write validates first and writes nothing when it throws,
 * every read skips what a stock client may have written, and two replicas that edit concurrently
 * converge to the same board.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { ZodError } from "zod";
import {
  addCard,
  addClaim,
  addPin,
  addScene,
  deleteCard,
  deleteClaim,
  deletePin,
  deleteScene,
  duplicateScene,
  getCard,
  getClaim,
  getPin,
  getScene,
  importEvidence,
  initBoard,
  linkCardToPin,
  linkEvidence,
  listCards,
  listClaims,
  listPins,
  listScenes,
  migrateBoard,
  moveScene,
  narrativeFragment,
  newId,
  observeBoard,
  readMeta,
  setMeta,
  undoScope,
  unlinkCardFromPin,
  unlinkEvidence,
  updateCard,
  updateClaim,
  updatePin,
  updateScene,
} from "./model";
import {
  BOARD_ROOT,
  IdSchema,
  SCHEMA_VERSION,
  type CardInput,
  type CardPatch,
  type ClaimInput,
  type EvidenceRef,
  type PinInput,
  type PinPatch,
  type SceneInput,
} from "./schema";

// ---------------------------------------------------------------- fixtures and helpers

/** 1 March 2019, the week of the demo report; every write in these tests happens at a known time. */
const T0 = Date.UTC(2019, 2, 1);
let now = T0;

beforeEach(() => {
  now = T0;
  vi.spyOn(Date, "now").mockImplementation(() => now);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const AUTHOR = "analyst-1";
const VIEW = { lng: -4, lat: 17, zoom: 5 };

const pinInput = (patch: Partial<PinInput> = {}): PinInput => ({
  title: "Koulikoro",
  lng: -7.5586,
  lat: 12.8627,
  kind: "place",
  note: "EUTM camp",
  geoPrecision: "near",
  ...patch,
});

const cardInput = (patch: Partial<CardInput> = {}): CardInput => ({
  title: "Assault on the EUTM camp",
  when: { start: "2019-02-18", end: "2019-02-28", precision: "approx" },
  ...patch,
});

const sceneInput = (patch: Partial<SceneInput> = {}): SceneInput => ({ title: "North", view: VIEW, ...patch });

function newBoard(clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  if (clientID !== undefined) doc.clientID = clientID;
  initBoard(doc, { title: "JNIM in Mali", question: "Is JNIM shifting south?" });
  return doc;
}

/** Counts the updates (that is, the transactions that changed something) `act` makes to `doc`. */
function countUpdates(doc: Y.Doc, act: () => void): number {
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
function expectNoWrite(doc: Y.Doc, act: () => void): void {
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
function expectInvalid(doc: Y.Doc, act: () => unknown, paths: PropertyKey[][]): void {
  const error = thrownWithoutWrite(doc, act);
  expect(error).toBeInstanceOf(ZodError);
  expect((error as ZodError).issues.map((issue) => issue.path)).toEqual(paths);
}

/** `act` must throw an error with exactly `message` (which names the missing id), and write nothing. */
function expectMissing(doc: Y.Doc, act: () => unknown, message: string): void {
  const error = thrownWithoutWrite(doc, act);
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(ZodError);
  expect((error as Error).message).toBe(message);
}

/**
 * Stands in for a stock Yjs client (or an older build) writing whatever it likes. This is the only
 * place these tests touch a root key; everything else goes through the model.
 */
const stockClient = {
  meta: (doc: Y.Doc) => doc.getMap<unknown>(BOARD_ROOT.meta),
  setEntity(doc: Y.Doc, root: "pins" | "cards" | "claims", id: string, value: unknown) {
    doc.getMap<unknown>(BOARD_ROOT[root]).set(id, value);
  },
  pushScene: (doc: Y.Doc, value: unknown) => doc.getArray<unknown>(BOARD_ROOT.scenes).push([value]),
};

function yMap(fields: Record<string, unknown>): Y.Map<unknown> {
  const map = new Y.Map<unknown>();
  for (const [key, value] of Object.entries(fields)) map.set(key, value);
  return map;
}

const REMOTE = "remote";

/** A second replica of `doc`, as another person's browser would hold it after loading the board. */
function replica(doc: Y.Doc, clientID: number): Y.Doc {
  const copy = new Y.Doc();
  copy.clientID = clientID;
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc), REMOTE);
  return copy;
}

/** Exchanges full state both ways; both updates are taken before either is applied. */
function sync(a: Y.Doc, b: Y.Doc): void {
  const fromA = Y.encodeStateAsUpdate(a);
  const fromB = Y.encodeStateAsUpdate(b);
  Y.applyUpdate(b, fromA, REMOTE);
  Y.applyUpdate(a, fromB, REMOTE);
}

const boardOf = (doc: Y.Doc) => ({
  meta: readMeta(doc),
  pins: listPins(doc),
  cards: listCards(doc),
  claims: listClaims(doc),
  scenes: listScenes(doc),
});

function expectConverged(a: Y.Doc, b: Y.Doc): void {
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  expect(boardOf(a)).toEqual(boardOf(b));
}

const byId = <T extends { id: string }>(list: T[]): T[] => [...list].sort((x, y) => (x.id < y.id ? -1 : 1));

// ---------------------------------------------------------------- ids and the narrative

describe("newId", () => {
  it("mints 12 URL-safe characters that pass IdSchema", () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-zA-Z]{12}$/);
    expect(IdSchema.parse(id)).toBe(id);
  });

  it("maps each random byte onto the 62-character alphabet", () => {
    const bytes = [0, 9, 10, 35, 36, 61, 62, 123, 124, 255, 200, 100];
    vi.spyOn(crypto, "getRandomValues").mockImplementation(<T extends ArrayBufferView | null>(array: T): T => {
      (array as unknown as Uint8Array).set(bytes);
      return array;
    });
    expect(newId()).toBe("09azAZ0Z07eC");
  });

  it("does not repeat over many draws", () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId()));
    expect(ids.size).toBe(5000);
  });
});

describe("narrativeFragment", () => {
  it("is the same empty XML fragment of the board on every call", () => {
    const doc = newBoard();
    const fragment = narrativeFragment(doc);
    expect(fragment).toBeInstanceOf(Y.XmlFragment);
    expect(narrativeFragment(doc)).toBe(fragment);
    expect(fragment.doc).toBe(doc);
    expect(fragment.length).toBe(0);
  });

  it("carries what the editor writes to another replica, apart from the other parts", () => {
    const doc = newBoard();
    const paragraph = new Y.XmlElement("paragraph");
    paragraph.insert(0, [new Y.XmlText("JNIM is shifting south.")]);
    narrativeFragment(doc).insert(0, [paragraph]);

    const other = replica(doc, 2);
    expect(narrativeFragment(other).toString()).toBe("<paragraph>JNIM is shifting south.</paragraph>");
    expect(listPins(other)).toEqual([]);
    expect(listScenes(other)).toEqual([]);
  });
});

// ---------------------------------------------------------------- meta and versions

describe("initBoard", () => {
  it("writes the title, the question and the current schema version in one transaction", () => {
    const doc = new Y.Doc();
    const updates = countUpdates(doc, () => initBoard(doc, { title: "  JNIM in Mali ", question: "Is JNIM shifting south?" }));
    expect(updates).toBe(1);
    expect(readMeta(doc)).toEqual({ title: "JNIM in Mali", question: "Is JNIM shifting south?", schemaVersion: SCHEMA_VERSION });
  });

  it("defaults the question to empty", () => {
    const doc = new Y.Doc();
    initBoard(doc, { title: "Sahel watch" });
    expect(readMeta(doc)).toEqual({ title: "Sahel watch", question: "", schemaVersion: SCHEMA_VERSION });
  });

  it.each([
    ["a blank title", { title: "   " }, [["title"]]],
    ["a title over 200 characters", { title: "x".repeat(201) }, [["title"]]],
    ["a question over 500 characters", { title: "Sahel", question: "?".repeat(501) }, [["question"]]],
  ])("rejects %s and writes nothing", (_case, input, paths) => {
    const doc = new Y.Doc();
    expectInvalid(doc, () => initBoard(doc, input), paths);
  });
});

describe("readMeta", () => {
  it("falls back to an untitled, unversioned board while the document is empty", () => {
    expect(readMeta(new Y.Doc())).toEqual({ title: "Untitled board", question: "", schemaVersion: 0 });
  });

  it("reads a document written before versioning as version 0 with an empty question", () => {
    const doc = new Y.Doc();
    stockClient.meta(doc).set("title", "Old board");
    expect(readMeta(doc)).toEqual({ title: "Old board", question: "", schemaVersion: 0 });
  });

  it("falls back instead of throwing when a stock client wrote a bad title", () => {
    const doc = newBoard();
    stockClient.meta(doc).set("title", 42);
    expect(readMeta(doc)).toEqual({ title: "Untitled board", question: "", schemaVersion: 0 });
  });
});

describe("setMeta", () => {
  it("changes the title and leaves the question", () => {
    const doc = newBoard();
    setMeta(doc, { title: " JNIM and ISGS " });
    expect(readMeta(doc)).toEqual({ title: "JNIM and ISGS", question: "Is JNIM shifting south?", schemaVersion: SCHEMA_VERSION });
  });

  it("changes the question and leaves the title", () => {
    const doc = newBoard();
    setMeta(doc, { question: "Is JNIM losing ground?" });
    expect(readMeta(doc)).toEqual({ title: "JNIM in Mali", question: "Is JNIM losing ground?", schemaVersion: SCHEMA_VERSION });
  });

  it("writes nothing for an empty patch", () => {
    const doc = newBoard();
    expectNoWrite(doc, () => setMeta(doc, {}));
  });

  it("cannot change the schema version", () => {
    const doc = newBoard();
    setMeta(doc, { title: "Renamed", schemaVersion: 99 } as Parameters<typeof setMeta>[1]);
    expect(readMeta(doc)).toEqual({ title: "Renamed", question: "Is JNIM shifting south?", schemaVersion: SCHEMA_VERSION });
  });

  it.each([
    ["a blank title", { title: " " }, [["title"]]],
    ["a question over 500 characters", { question: "?".repeat(501) }, [["question"]]],
    ["both at once", { title: "", question: "?".repeat(501) }, [["title"], ["question"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => setMeta(doc, patch), paths);
    expect(readMeta(doc).title).toBe("JNIM in Mali");
  });
});

describe("migrateBoard", () => {
  it("upgrades a document without a version, in one transaction, keeping its content", () => {
    const doc = new Y.Doc();
    stockClient.meta(doc).set("title", "Old board");
    stockClient.meta(doc).set("question", "Still relevant?");
    const pinId = addPin(doc, pinInput(), AUTHOR);

    let changed = false;
    expect(countUpdates(doc, () => (changed = migrateBoard(doc)))).toBe(1);
    expect(changed).toBe(true);
    expect(readMeta(doc)).toEqual({ title: "Old board", question: "Still relevant?", schemaVersion: SCHEMA_VERSION });
    expect(listPins(doc).map((pin) => pin.id)).toEqual([pinId]);
  });

  it("upgrades a version-0 document", () => {
    const doc = new Y.Doc();
    stockClient.meta(doc).set("title", "Old board");
    stockClient.meta(doc).set("schemaVersion", 0);
    expect(migrateBoard(doc)).toBe(true);
    expect(readMeta(doc).schemaVersion).toBe(SCHEMA_VERSION);
  });

  it("stamps the current version on an empty document, so a second run has nothing to do", () => {
    const doc = new Y.Doc();
    expect(migrateBoard(doc)).toBe(true);
    let again: boolean | undefined;
    expectNoWrite(doc, () => (again = migrateBoard(doc)));
    expect(again).toBe(false);
  });

  it("returns false and writes nothing for a current document", () => {
    const doc = newBoard();
    let changed: boolean | undefined;
    expectNoWrite(doc, () => (changed = migrateBoard(doc)));
    expect(changed).toBe(false);
  });

  it("leaves a document from a newer version untouched", () => {
    const doc = newBoard();
    stockClient.meta(doc).set("schemaVersion", SCHEMA_VERSION + 1);
    let changed: boolean | undefined;
    expectNoWrite(doc, () => (changed = migrateBoard(doc)));
    expect(changed).toBe(false);
    expect(readMeta(doc).schemaVersion).toBe(SCHEMA_VERSION + 1);
  });

  it("leaves a non-numeric version from a stock client untouched", () => {
    const doc = newBoard();
    stockClient.meta(doc).set("schemaVersion", "one");
    let changed: boolean | undefined;
    expectNoWrite(doc, () => (changed = migrateBoard(doc)));
    expect(changed).toBe(false);
  });

  it("does not crash on a negative version from a stock client", () => {
    const doc = newBoard();
    stockClient.meta(doc).set("schemaVersion", -1);
    expect(() => migrateBoard(doc)).not.toThrow();
  });
});

// ---------------------------------------------------------------- pins

describe("addPin", () => {
  it("stores every field with the author and the time, and returns a valid id", () => {
    const doc = newBoard();
    now = T0 + 5;
    const id = addPin(doc, pinInput({ title: "  Koulikoro  " }), AUTHOR);
    expect(IdSchema.parse(id)).toBe(id);
    expect(getPin(doc, id)).toEqual({
      id,
      title: "Koulikoro",
      lng: -7.5586,
      lat: 12.8627,
      kind: "place",
      note: "EUTM camp",
      geoPrecision: "near",
      createdBy: AUTHOR,
      createdAt: T0 + 5,
    });
  });

  it("defaults the kind, the note and the precision, in one transaction", () => {
    const doc = newBoard();
    let id = "";
    expect(countUpdates(doc, () => (id = addPin(doc, { title: "Bamako", lng: -8.0029, lat: 12.6392 }, AUTHOR)))).toBe(1);
    expect(getPin(doc, id)).toEqual({
      id,
      title: "Bamako",
      lng: -8.0029,
      lat: 12.6392,
      kind: "event",
      note: "",
      geoPrecision: "exact",
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it("accepts the edges of the map", () => {
    const doc = newBoard();
    const west = addPin(doc, pinInput({ lng: -180, lat: -90 }), AUTHOR);
    const east = addPin(doc, pinInput({ lng: 180, lat: 90 }), AUTHOR);
    expect([getPin(doc, west)?.lng, getPin(doc, west)?.lat]).toEqual([-180, -90]);
    expect([getPin(doc, east)?.lng, getPin(doc, east)?.lat]).toEqual([180, 90]);
  });

  it.each([
    ["a latitude of 500", { lat: 500 }, [["lat"]]],
    ["a longitude of -181", { lng: -181 }, [["lng"]]],
    ["a NaN latitude", { lat: Number.NaN }, [["lat"]]],
    ["a blank title", { title: "  " }, [["title"]]],
    ["an unknown kind", { kind: "city" as PinInput["kind"] }, [["kind"]]],
    ["an unknown precision", { geoPrecision: "rough" as PinInput["geoPrecision"] }, [["geoPrecision"]]],
    ["a note over 10,000 characters", { note: "n".repeat(10_001) }, [["note"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => addPin(doc, pinInput(patch), AUTHOR), paths);
    expect(listPins(doc)).toEqual([]);
  });

  it("rejects an author name the pin schema would refuse, rather than writing a pin no one can read", () => {
    const doc = newBoard();
    expectInvalid(doc, () => addPin(doc, pinInput(), "a".repeat(201)), [["createdBy"]]);
  });
});

describe("updatePin", () => {
  it("changes only the patched fields", () => {
    const doc = newBoard();
    const id = addPin(doc, pinInput(), AUTHOR);
    updatePin(doc, id, { title: "Koulikoro camp" });
    expect(getPin(doc, id)).toEqual({
      id,
      title: "Koulikoro camp",
      lng: -7.5586,
      lat: 12.8627,
      kind: "place",
      note: "EUTM camp",
      geoPrecision: "near",
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it("changes several fields in one transaction", () => {
    const doc = newBoard();
    const id = addPin(doc, pinInput(), AUTHOR);
    const patch = { lng: -7.56, lat: 12.86, kind: "event", note: "Attacked", geoPrecision: "exact" } as const;
    expect(countUpdates(doc, () => updatePin(doc, id, patch))).toBe(1);
    expect(getPin(doc, id)).toEqual({
      id,
      title: "Koulikoro",
      lng: -7.56,
      lat: 12.86,
      kind: "event",
      note: "Attacked",
      geoPrecision: "exact",
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it("cannot change the id, the author or the creation time", () => {
    const doc = newBoard();
    const id = addPin(doc, { title: "Bamako", lng: -8, lat: 12.6 }, AUTHOR);
    updatePin(doc, id, { title: "Bamako city", id: "other", createdBy: "mallory", createdAt: 1 } as PinPatch);
    expect(getPin(doc, id)).toMatchObject({ id, title: "Bamako city", createdBy: AUTHOR, createdAt: T0 });
    expect(getPin(doc, "other")).toBeNull();
  });

  it.each([
    ["a latitude of 500", { lat: 500 }, [["lat"]]],
    ["a blank title", { title: " " }, [["title"]]],
    ["an unknown kind", { kind: "city" as PinInput["kind"] }, [["kind"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    const id = addPin(doc, pinInput(), AUTHOR);
    expectInvalid(doc, () => updatePin(doc, id, patch), paths);
  });

  it("names an unknown pin and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => updatePin(doc, "nope", { title: "X" }), "No pin with id nope");
  });
});

describe("deletePin", () => {
  it("removes the pin and every card's and claim's link to it, in one transaction", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const assault = addCard(doc, cardInput({ pinIds: [koulikoro, bamako] }), AUTHOR);
    const other = addCard(doc, cardInput({ title: "Bamako only", pinIds: [bamako] }), AUTHOR);
    const claim = addClaim(doc, {
      likelihood: "likely",
      confidence: "moderate",
      evidence: [
        { kind: "pin", id: koulikoro },
        { kind: "card", id: assault },
        { kind: "pin", id: bamako },
      ],
    });
    const onlyKoulikoro = addClaim(doc, { likelihood: "unlikely", confidence: "low", evidence: [{ kind: "pin", id: koulikoro }] });

    expect(countUpdates(doc, () => deletePin(doc, koulikoro))).toBe(1);

    expect(getPin(doc, koulikoro)).toBeNull();
    expect(listPins(doc).map((pin) => pin.id)).toEqual([bamako]);
    expect(getCard(doc, assault)?.pinIds).toEqual([bamako]);
    expect(getCard(doc, other)?.pinIds).toEqual([bamako]);
    expect(getClaim(doc, claim)?.evidence).toEqual([
      { kind: "card", id: assault },
      { kind: "pin", id: bamako },
    ]);
    expect(getClaim(doc, onlyKoulikoro)?.evidence).toEqual([]);
  });

  it("is a no-op for an id that no longer exists (someone else deleted it first)", () => {
    const doc = newBoard();
    addPin(doc, pinInput(), AUTHOR);
    expectNoWrite(doc, () => deletePin(doc, "nope"));
  });
});

describe("getPin", () => {
  it("returns null for an unknown or malformed id", () => {
    const doc = newBoard();
    addPin(doc, pinInput(), AUTHOR);
    expect(getPin(doc, "nope")).toBeNull();
    expect(getPin(doc, "not an id!")).toBeNull();
  });

  it("returns null for an entry a stock client wrote badly", () => {
    const doc = newBoard();
    stockClient.setEntity(doc, "pins", "rogue", yMap({ title: "Nowhere", lng: 0, lat: 500, kind: "place", note: "", geoPrecision: "exact", createdBy: "x", createdAt: 1 }));
    stockClient.setEntity(doc, "pins", "plain", { title: "Plain object", lng: 0, lat: 0 });
    expect(getPin(doc, "rogue")).toBeNull();
    expect(getPin(doc, "plain")).toBeNull();
  });
});

describe("listPins", () => {
  it("is empty on a new board", () => {
    expect(listPins(newBoard())).toEqual([]);
  });

  it("lists pins oldest first, then by id", () => {
    const doc = newBoard();
    now = T0 + 300;
    const late = addPin(doc, pinInput({ title: "Late" }), AUTHOR);
    now = T0 + 100;
    const early = addPin(doc, pinInput({ title: "Early" }), AUTHOR);
    now = T0 + 200;
    const tiedA = addPin(doc, pinInput({ title: "Tied A" }), AUTHOR);
    const tiedB = addPin(doc, pinInput({ title: "Tied B" }), AUTHOR);
    const tied = [tiedA, tiedB].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
    expect(listPins(doc).map((pin) => pin.id)).toEqual([early, ...tied, late]);
  });

  it("skips entries written badly by a stock client, without throwing", () => {
    const doc = newBoard();
    const good = addPin(doc, pinInput(), AUTHOR);
    stockClient.setEntity(doc, "pins", "rogue", yMap({ title: "Nowhere", lng: 0, lat: 500, kind: "place", note: "", geoPrecision: "exact", createdBy: "x", createdAt: 1 }));
    stockClient.setEntity(doc, "pins", "untitled", yMap({ lng: 0, lat: 0, kind: "place", note: "", geoPrecision: "exact", createdBy: "x", createdAt: 1 }));
    stockClient.setEntity(doc, "pins", "text", "just a string");
    expect(listPins(doc).map((pin) => pin.id)).toEqual([good]);
  });
});

// ---------------------------------------------------------------- cards

describe("addCard", () => {
  it("stores a card with its defaults", () => {
    const doc = newBoard();
    now = T0 + 7;
    const id = addCard(doc, cardInput(), AUTHOR);
    expect(IdSchema.parse(id)).toBe(id);
    expect(getCard(doc, id)).toEqual({
      id,
      title: "Assault on the EUTM camp",
      body: "",
      when: { start: "2019-02-18", end: "2019-02-28", precision: "approx" },
      pinIds: [],
      source: { title: "", url: "" },
      grade: { reliability: "F", credibility: 6 },
      tags: [],
      createdBy: AUTHOR,
      createdAt: T0 + 7,
    });
  });

  it("stores every given field and links existing pins, in one transaction", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    let id = "";
    const input: CardInput = {
      title: "Assault",
      body: "Gunmen and two SVBIEDs.",
      when: { start: "2019-02-24", precision: "day" },
      pinIds: [koulikoro, bamako],
      source: { title: "Report", url: "https://example.org/report" },
      grade: { reliability: "C", credibility: 2 },
      tags: ["JNIM", "SVBIED"],
    };
    expect(countUpdates(doc, () => (id = addCard(doc, input, AUTHOR)))).toBe(1);
    expect(getCard(doc, id)).toEqual({ id, ...input, createdBy: AUTHOR, createdAt: T0 });
  });

  it.each([
    ["an end before the start", { when: { start: "2019-02-10", end: "2019-02-01", precision: "day" } }, [["when", "end"]]],
    ["a date that does not exist", { when: { start: "2019-02-30", precision: "day" } }, [["when", "start"]]],
    ["an unknown precision", { when: { start: "2019-02-01", precision: "week" } }, [["when", "precision"]]],
    ["a reliability of G", { grade: { reliability: "G", credibility: 1 } }, [["grade", "reliability"]]],
    ["a credibility of 7", { grade: { reliability: "A", credibility: 7 } }, [["grade", "credibility"]]],
    ["a non-http source", { source: { title: "", url: "ftp://example.org" } }, [["source", "url"]]],
    ["a blank tag", { tags: [" "] }, [["tags", 0]]],
    ["a malformed pin id", { pinIds: ["not an id!"] }, [["pinIds", 0]]],
    ["a blank title", { title: "" }, [["title"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => addCard(doc, cardInput(patch as Partial<CardInput>), AUTHOR), paths);
    expect(listCards(doc)).toEqual([]);
  });

  it("names an unknown pin and writes nothing", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    expectMissing(doc, () => addCard(doc, cardInput({ pinIds: [pin, "ghost"] }), AUTHOR), "No pin with id ghost");
  });

  it("rejects an author name the card schema would refuse, rather than writing a card no one can read", () => {
    const doc = newBoard();
    expectInvalid(doc, () => addCard(doc, cardInput(), "a".repeat(201)), [["createdBy"]]);
  });
});

describe("updateCard", () => {
  it("changes only the patched fields and replaces the pin links", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const id = addCard(doc, cardInput({ pinIds: [koulikoro], tags: ["JNIM"] }), AUTHOR);
    const patch: CardPatch = {
      when: { start: "2019-02-24", precision: "day" },
      pinIds: [bamako],
      grade: { reliability: "B", credibility: 2 },
    };
    expect(countUpdates(doc, () => updateCard(doc, id, patch))).toBe(1);
    expect(getCard(doc, id)).toEqual({
      id,
      title: "Assault on the EUTM camp",
      body: "",
      when: { start: "2019-02-24", precision: "day" },
      pinIds: [bamako],
      source: { title: "", url: "" },
      grade: { reliability: "B", credibility: 2 },
      tags: ["JNIM"],
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it.each([
    ["an end before the start", { when: { start: "2019-02-10", end: "2019-02-01", precision: "day" } }, [["when", "end"]]],
    ["a credibility of 0", { grade: { reliability: "A", credibility: 0 } }, [["grade", "credibility"]]],
    ["a blank title", { title: " " }, [["title"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    const id = addCard(doc, cardInput(), AUTHOR);
    expectInvalid(doc, () => updateCard(doc, id, patch as CardPatch), paths);
  });

  it("names an unknown card and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => updateCard(doc, "nope", { title: "X" }), "No card with id nope");
  });

  it("names an unknown pin in the new links and writes nothing, as addCard does", () => {
    const doc = newBoard();
    const id = addCard(doc, cardInput(), AUTHOR);
    expectMissing(doc, () => updateCard(doc, id, { pinIds: ["ghost"] }), "No pin with id ghost");
  });
});

describe("deleteCard", () => {
  it("removes the card and every claim's link to it, in one transaction", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const assault = addCard(doc, cardInput(), AUTHOR);
    const other = addCard(doc, cardInput({ title: "Other" }), AUTHOR);
    const claim = addClaim(doc, {
      likelihood: "likely",
      confidence: "low",
      evidence: [
        { kind: "card", id: assault },
        { kind: "pin", id: pin },
        { kind: "card", id: other },
      ],
    });
    expect(countUpdates(doc, () => deleteCard(doc, assault))).toBe(1);
    expect(getCard(doc, assault)).toBeNull();
    expect(listCards(doc).map((card) => card.id)).toEqual([other]);
    expect(getClaim(doc, claim)?.evidence).toEqual([
      { kind: "pin", id: pin },
      { kind: "card", id: other },
    ]);
    expect(listPins(doc).map((p) => p.id)).toEqual([pin]);
  });

  it("is a no-op for an id that no longer exists (someone else deleted it first)", () => {
    const doc = newBoard();
    addCard(doc, cardInput(), AUTHOR);
    expectNoWrite(doc, () => deleteCard(doc, "nope"));
  });
});

describe("getCard", () => {
  it("returns null for an unknown id and for an entry a stock client wrote badly", () => {
    const doc = newBoard();
    addCard(doc, cardInput(), AUTHOR);
    stockClient.setEntity(doc, "cards", "rogue", yMap({ title: "Bad grade", body: "", when: { start: "2019-01-01", precision: "day" }, pinIds: new Y.Array(), source: { title: "", url: "" }, grade: { reliability: "Z", credibility: 1 }, tags: [], createdBy: "x", createdAt: 1 }));
    expect(getCard(doc, "nope")).toBeNull();
    expect(getCard(doc, "rogue")).toBeNull();
  });
});

describe("listCards", () => {
  it("orders cards by start date, then end date (a lone date ends on its start), then creation", () => {
    const doc = newBoard();
    now = T0 + 10;
    const febRange = addCard(doc, cardInput({ title: "Feb range", when: { start: "2019-02-01", end: "2019-02-28", precision: "approx" } }), AUTHOR);
    now = T0 + 20;
    const jan = addCard(doc, cardInput({ title: "Jan", when: { start: "2019-01-15", precision: "day" } }), AUTHOR);
    now = T0 + 30;
    const febFirst = addCard(doc, cardInput({ title: "Feb 1", when: { start: "2019-02-01", precision: "month" } }), AUTHOR);
    now = T0 + 5;
    const febRangeEarlier = addCard(doc, cardInput({ title: "Feb range, created first", when: { start: "2019-02-01", end: "2019-02-28", precision: "approx" } }), AUTHOR);
    now = T0;
    const year2018 = addCard(doc, cardInput({ title: "2018", when: { start: "2018-01-01", precision: "year" } }), AUTHOR);

    expect(listCards(doc).map((card) => card.id)).toEqual([year2018, jan, febFirst, febRangeEarlier, febRange]);
  });

  it("skips entries written badly by a stock client", () => {
    const doc = newBoard();
    const good = addCard(doc, cardInput(), AUTHOR);
    stockClient.setEntity(doc, "cards", "rogue", yMap({ title: "No dates", body: "", pinIds: new Y.Array(), source: { title: "", url: "" }, grade: { reliability: "A", credibility: 1 }, tags: [], createdBy: "x", createdAt: 1 }));
    stockClient.setEntity(doc, "cards", "number", 7);
    expect(listCards(doc).map((card) => card.id)).toEqual([good]);
  });
});

describe("linkCardToPin", () => {
  it("appends the pin to the card's links", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [koulikoro] }), AUTHOR);
    expect(countUpdates(doc, () => linkCardToPin(doc, card, bamako))).toBe(1);
    expect(getCard(doc, card)?.pinIds).toEqual([koulikoro, bamako]);
  });

  it("writes nothing when the link already exists", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [pin] }), AUTHOR);
    expectNoWrite(doc, () => linkCardToPin(doc, card, pin));
    expect(getCard(doc, card)?.pinIds).toEqual([pin]);
  });

  it("names an unknown card or pin and writes nothing", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    expectMissing(doc, () => linkCardToPin(doc, "ghost", pin), "No card with id ghost");
    expectMissing(doc, () => linkCardToPin(doc, card, "ghost"), "No pin with id ghost");
  });
});

describe("unlinkCardFromPin", () => {
  it("removes only that pin from the card's links", () => {
    const doc = newBoard();
    const koulikoro = addPin(doc, pinInput(), AUTHOR);
    const bamako = addPin(doc, pinInput({ title: "Bamako" }), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [koulikoro, bamako] }), AUTHOR);
    unlinkCardFromPin(doc, card, koulikoro);
    expect(getCard(doc, card)?.pinIds).toEqual([bamako]);
    expect(listPins(doc).map((pin) => pin.id).sort()).toEqual([koulikoro, bamako].sort());
  });

  it("writes nothing when the pin is not linked", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    expectNoWrite(doc, () => unlinkCardFromPin(doc, card, pin));
  });

  it("names an unknown card and writes nothing", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    expectMissing(doc, () => unlinkCardFromPin(doc, "ghost", pin), "No card with id ghost");
  });
});

// ---------------------------------------------------------------- claims

describe("addClaim", () => {
  it("stores a claim with no evidence by default", () => {
    const doc = newBoard();
    const id = addClaim(doc, { likelihood: "roughly even chance", confidence: "high" });
    expect(IdSchema.parse(id)).toBe(id);
    expect(getClaim(doc, id)).toEqual({ id, likelihood: "roughly even chance", confidence: "high", evidence: [] });
  });

  it("stores the given evidence in order, in one transaction", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    const evidence: EvidenceRef[] = [
      { kind: "card", id: card },
      { kind: "pin", id: pin },
    ];
    let id = "";
    expect(countUpdates(doc, () => (id = addClaim(doc, { likelihood: "likely", confidence: "moderate", evidence })))).toBe(1);
    expect(getClaim(doc, id)).toEqual({ id, likelihood: "likely", confidence: "moderate", evidence });
  });

  it.each([
    ["an unknown likelihood", { likelihood: "maybe", confidence: "low" }, [["likelihood"]]],
    ["an unknown confidence", { likelihood: "likely", confidence: "total" }, [["confidence"]]],
    ["evidence of an unknown kind", { likelihood: "likely", confidence: "low", evidence: [{ kind: "scene", id: "abc" }] }, [["evidence", 0, "kind"]]],
    ["evidence with a malformed id", { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: "no good" }] }, [["evidence", 0, "id"]]],
  ])("rejects %s and writes nothing", (_case, input, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => addClaim(doc, input as ClaimInput), paths);
    expect(listClaims(doc)).toEqual([]);
  });

  it("names evidence that does not exist and writes nothing, as linkEvidence does", () => {
    const doc = newBoard();
    expectMissing(
      doc,
      () => addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "card", id: "ghost" }] }),
      "No card with id ghost",
    );
  });
});

describe("updateClaim", () => {
  it("changes the likelihood and keeps the confidence and the evidence", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const id = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    updateClaim(doc, id, { likelihood: "very likely" });
    expect(getClaim(doc, id)).toEqual({ id, likelihood: "very likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    updateClaim(doc, id, { confidence: "high" });
    expect(getClaim(doc, id)).toEqual({ id, likelihood: "very likely", confidence: "high", evidence: [{ kind: "pin", id: pin }] });
  });

  it("cannot replace the evidence", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const id = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    updateClaim(doc, id, { confidence: "moderate", evidence: [] } as Parameters<typeof updateClaim>[2]);
    expect(getClaim(doc, id)?.evidence).toEqual([{ kind: "pin", id: pin }]);
  });

  it.each([
    ["an unknown likelihood", { likelihood: "maybe" }, [["likelihood"]]],
    ["an unknown confidence", { confidence: "total" }, [["confidence"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    const id = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectInvalid(doc, () => updateClaim(doc, id, patch as Parameters<typeof updateClaim>[2]), paths);
  });

  it("names an unknown claim and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => updateClaim(doc, "nope", { likelihood: "likely" }), "No claim with id nope");
  });
});

describe("deleteClaim", () => {
  it("removes only that claim", () => {
    const doc = newBoard();
    const gone = addClaim(doc, { likelihood: "likely", confidence: "low" });
    const kept = addClaim(doc, { likelihood: "unlikely", confidence: "high" });
    deleteClaim(doc, gone);
    expect(getClaim(doc, gone)).toBeNull();
    expect(listClaims(doc)).toEqual([{ id: kept, likelihood: "unlikely", confidence: "high", evidence: [] }]);
  });

  it("is a no-op for an id that no longer exists (someone else deleted it first)", () => {
    const doc = newBoard();
    addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectNoWrite(doc, () => deleteClaim(doc, "nope"));
  });
});

describe("getClaim and listClaims", () => {
  it("list every valid claim", () => {
    const doc = newBoard();
    const a = addClaim(doc, { likelihood: "likely", confidence: "low" });
    const b = addClaim(doc, { likelihood: "almost certain", confidence: "high" });
    expect(byId(listClaims(doc))).toEqual(
      byId([
        { id: a, likelihood: "likely", confidence: "low", evidence: [] },
        { id: b, likelihood: "almost certain", confidence: "high", evidence: [] },
      ]),
    );
    expect(getClaim(doc, "nope")).toBeNull();
  });

  it("skip entries written badly by a stock client", () => {
    const doc = newBoard();
    const good = addClaim(doc, { likelihood: "likely", confidence: "low" });
    stockClient.setEntity(doc, "claims", "rogue", yMap({ likelihood: "maybe", confidence: "low", evidence: new Y.Array() }));
    expect(getClaim(doc, "rogue")).toBeNull();
    expect(listClaims(doc).map((claim) => claim.id)).toEqual([good]);
  });
});

describe("linkEvidence", () => {
  it("appends card and pin refs in order", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    linkEvidence(doc, claim, { kind: "card", id: card });
    linkEvidence(doc, claim, { kind: "pin", id: pin });
    expect(getClaim(doc, claim)?.evidence).toEqual([
      { kind: "card", id: card },
      { kind: "pin", id: pin },
    ]);
  });

  it("writes nothing when the ref is already linked", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    expectNoWrite(doc, () => linkEvidence(doc, claim, { kind: "pin", id: pin }));
  });

  it.each([
    ["an unknown kind", { kind: "scene", id: "abc" }, [["kind"]]],
    ["a malformed id", { kind: "card", id: "not an id!" }, [["id"]]],
  ])("rejects a ref with %s and writes nothing", (_case, ref, paths) => {
    const doc = newBoard();
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectInvalid(doc, () => linkEvidence(doc, claim, ref as EvidenceRef), paths);
  });

  it("names an unknown claim, card or pin and writes nothing", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectMissing(doc, () => linkEvidence(doc, "nope", { kind: "pin", id: pin }), "No claim with id nope");
    expectMissing(doc, () => linkEvidence(doc, claim, { kind: "card", id: "ghost" }), "No card with id ghost");
    expectMissing(doc, () => linkEvidence(doc, claim, { kind: "pin", id: "ghost" }), "No pin with id ghost");
  });
});

describe("unlinkEvidence", () => {
  it("removes only the matching ref (same kind and id)", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput(), AUTHOR);
    const claim = addClaim(doc, {
      likelihood: "likely",
      confidence: "low",
      evidence: [
        { kind: "card", id: card },
        { kind: "pin", id: pin },
      ],
    });
    expectNoWrite(doc, () => unlinkEvidence(doc, claim, { kind: "pin", id: card }));
    unlinkEvidence(doc, claim, { kind: "card", id: card });
    expect(getClaim(doc, claim)?.evidence).toEqual([{ kind: "pin", id: pin }]);
    expect(getCard(doc, card)?.id).toBe(card);
  });

  it("names an unknown claim and writes nothing", () => {
    const doc = newBoard();
    expectMissing(doc, () => unlinkEvidence(doc, "nope", { kind: "pin", id: "abc" }), "No claim with id nope");
  });

  it("rejects a malformed ref with a ZodError, as linkEvidence does", () => {
    const doc = newBoard();
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low" });
    expectInvalid(doc, () => unlinkEvidence(doc, claim, { kind: "scene", id: "abc" } as unknown as EvidenceRef), [["kind"]]);
  });
});

// ---------------------------------------------------------------- scenes

describe("addScene", () => {
  it("appends a scene with its defaults", () => {
    const doc = newBoard();
    const id = addScene(doc, sceneInput());
    expect(IdSchema.parse(id)).toBe(id);
    expect(listScenes(doc)).toEqual([
      {
        id,
        title: "North",
        notes: "",
        view: { lng: -4, lat: 17, zoom: 5, bearing: 0, pitch: 0 },
        timeWindow: null,
        focus: { pinIds: [], cardIds: [] },
        narrativeAnchor: null,
      },
    ]);
  });

  it("stores every given field", () => {
    const doc = newBoard();
    const input: SceneInput = {
      title: "Koulikoro",
      notes: "Close to Bamako",
      view: { lng: -7.5, lat: 12.8, zoom: 9, bearing: 20, pitch: 40 },
      timeWindow: { start: "2019-02-01", end: "2019-02-28" },
      focus: { pinIds: ["pinA"], cardIds: ["cardA"] },
      narrativeAnchor: "claimA",
    };
    const id = addScene(doc, input);
    expect(listScenes(doc)).toEqual([{ id, ...input }]);
  });

  it("inserts at an index and clamps an index past the end", () => {
    const doc = newBoard();
    const b = addScene(doc, sceneInput({ title: "B" }));
    const a = addScene(doc, sceneInput({ title: "A" }), 0);
    const c = addScene(doc, sceneInput({ title: "C" }), 99);
    const ab = addScene(doc, sceneInput({ title: "AB" }), 1);
    expect(listScenes(doc).map((scene) => scene.id)).toEqual([a, ab, b, c]);
  });

  it("clamps a negative index to the start, as moveScene does", () => {
    const doc = newBoard();
    const a = addScene(doc, sceneInput({ title: "A" }));
    const b = addScene(doc, sceneInput({ title: "B" }));
    let first = "";
    expect(() => (first = addScene(doc, sceneInput({ title: "First" }), -1))).not.toThrow();
    expect(listScenes(doc).map((scene) => scene.id)).toEqual([first, a, b]);
  });

  it.each([
    ["a zoom of 30", { view: { ...VIEW, zoom: 30 } }, [["view", "zoom"]]],
    ["a blank title", { title: "" }, [["title"]]],
    ["a malformed time window", { timeWindow: { start: "soon", end: "2019-02-28" } }, [["timeWindow", "start"]]],
    ["a malformed anchor", { narrativeAnchor: "no good" }, [["narrativeAnchor"]]],
  ])("rejects %s and writes nothing", (_case, patch, paths) => {
    const doc = newBoard();
    expectInvalid(doc, () => addScene(doc, sceneInput(patch)), paths);
    expect(listScenes(doc)).toEqual([]);
  });
});

describe("updateScene", () => {
  it("changes only the patched fields and keeps the id and the position", () => {
    const doc = newBoard();
    const first = addScene(doc, sceneInput({ title: "First" }));
    const id = addScene(doc, sceneInput());
    updateScene(doc, id, { notes: "Kidal region", view: { lng: 1.4, lat: 18.4, zoom: 7 } });
    expect(listScenes(doc).map((scene) => scene.id)).toEqual([first, id]);
    expect(listScenes(doc)[1]).toEqual({
      id,
      title: "North",
      notes: "Kidal region",
      view: { lng: 1.4, lat: 18.4, zoom: 7, bearing: 0, pitch: 0 },
      timeWindow: null,
      focus: { pinIds: [], cardIds: [] },
      narrativeAnchor: null,
    });
  });

  it("rejects an invalid patch and writes nothing", () => {
    const doc = newBoard();
    const id = addScene(doc, sceneInput());
    expectInvalid(doc, () => updateScene(doc, id, { view: { ...VIEW, pitch: 90 } }), [["view", "pitch"]]);
  });

  it("names an unknown scene and rejects a malformed id, writing nothing", () => {
    const doc = newBoard();
    addScene(doc, sceneInput());
    expectMissing(doc, () => updateScene(doc, "nope", { notes: "x" }), "No scene with id nope");
    expectInvalid(doc, () => updateScene(doc, "not an id!", { notes: "x" }), [[]]);
  });
});

describe("moveScene", () => {
  function threeScenes() {
    const doc = newBoard();
    const a = addScene(doc, sceneInput({ title: "A", notes: "first", focus: { pinIds: ["p1"], cardIds: ["c1"] } }));
    const b = addScene(doc, sceneInput({ title: "B" }));
    const c = addScene(doc, sceneInput({ title: "C" }));
    return { doc, a, b, c, order: () => listScenes(doc).map((scene) => scene.id) };
  }

  it("moves a scene to the end, keeping every field, in one transaction", () => {
    const { doc, a, b, c, order } = threeScenes();
    const before = listScenes(doc)[0];
    expect(countUpdates(doc, () => moveScene(doc, a, 2))).toBe(1);
    expect(order()).toEqual([b, c, a]);
    expect(listScenes(doc)[2]).toEqual(before);
  });

  it("moves a scene to the start and to the middle", () => {
    const { doc, a, b, c, order } = threeScenes();
    moveScene(doc, c, 0);
    expect(order()).toEqual([c, a, b]);
    moveScene(doc, c, 1);
    expect(order()).toEqual([a, c, b]);
  });

  it("clamps an index out of range", () => {
    const { doc, a, b, c, order } = threeScenes();
    moveScene(doc, a, 99);
    expect(order()).toEqual([b, c, a]);
    moveScene(doc, a, -5);
    expect(order()).toEqual([a, b, c]);
  });

  it("names an unknown scene and writes nothing", () => {
    const { doc } = threeScenes();
    expectMissing(doc, () => moveScene(doc, "nope", 0), "No scene with id nope");
  });
});

describe("deleteScene", () => {
  it("removes only that scene", () => {
    const doc = newBoard();
    const a = addScene(doc, sceneInput({ title: "A" }));
    const b = addScene(doc, sceneInput({ title: "B" }));
    deleteScene(doc, a);
    expect(listScenes(doc).map((scene) => scene.id)).toEqual([b]);
  });

  it("names an unknown scene and rejects a malformed id, writing nothing", () => {
    const doc = newBoard();
    addScene(doc, sceneInput());
    expectMissing(doc, () => deleteScene(doc, "nope"), "No scene with id nope");
    expectInvalid(doc, () => deleteScene(doc, "not an id!"), [[]]);
  });
});

describe("duplicateScene", () => {
  it("inserts a copy with a new id right after the original, every field kept, in one transaction", () => {
    const doc = newBoard();
    const a = addScene(doc, sceneInput({ title: "A", notes: "first", focus: { pinIds: ["p1"], cardIds: ["c1"] }, narrativeAnchor: "claimA" }));
    const b = addScene(doc, sceneInput({ title: "B" }));
    let copy = "";
    expect(countUpdates(doc, () => (copy = duplicateScene(doc, a)))).toBe(1);
    expect(copy).not.toBe(a);
    expect(listScenes(doc).map((scene) => scene.id)).toEqual([a, copy, b]);
    expect(getScene(doc, copy)).toEqual({ ...getScene(doc, a), id: copy, title: "A (copy)" });
  });

  it("keeps a long title within 200 characters", () => {
    const doc = newBoard();
    const a = addScene(doc, sceneInput({ title: "x".repeat(200) }));
    const copy = duplicateScene(doc, a);
    expect(getScene(doc, copy)!.title).toBe(`${"x".repeat(193)} (copy)`);
  });

  it("names an unknown scene and writes nothing", () => {
    const doc = newBoard();
    addScene(doc, sceneInput());
    expectMissing(doc, () => duplicateScene(doc, "nope"), "No scene with id nope");
  });
});

describe("getScene", () => {
  it("finds a scene by id and answers null for an unknown one", () => {
    const doc = newBoard();
    const a = addScene(doc, sceneInput({ title: "A" }));
    expect(getScene(doc, a)?.title).toBe("A");
    expect(getScene(doc, "nope")).toBeNull();
  });
});

describe("listScenes", () => {
  it("skips entries written badly by a stock client, keeping the order of the rest", () => {
    const doc = newBoard();
    const a = addScene(doc, sceneInput({ title: "A" }));
    stockClient.pushScene(doc, yMap({ id: "rogue", title: "Too close", notes: "", view: { lng: 0, lat: 0, zoom: 99 }, timeWindow: null, focus: { pinIds: [], cardIds: [] }, narrativeAnchor: null }));
    stockClient.pushScene(doc, "not a scene");
    const b = addScene(doc, sceneInput({ title: "B" }));
    expect(listScenes(doc).map((scene) => scene.id)).toEqual([a, b]);
  });
});

// ---------------------------------------------------------------- observing and undo

describe("observeBoard", () => {
  it("fires once per transaction on the observed part, deep changes included, with the origin", () => {
    const doc = newBoard();
    const origins: unknown[] = [];
    observeBoard(doc, ["pins"], (origin) => origins.push(origin));

    const id = addPin(doc, pinInput(), AUTHOR);
    expect(origins).toEqual([null]);
    doc.transact(() => updatePin(doc, id, { lat: 13 }), "alice");
    expect(origins).toEqual([null, "alice"]);
    doc.transact(() => {
      updatePin(doc, id, { lat: 13.1 });
      updatePin(doc, id, { lng: -7.6 });
    }, "bob");
    expect(origins).toEqual([null, "alice", "bob"]);
  });

  it("passes the origin of a remote update", () => {
    const doc = newBoard(1);
    const other = replica(doc, 2);
    const origins: unknown[] = [];
    observeBoard(doc, ["pins"], (origin) => origins.push(origin));
    addPin(other, pinInput(), "someone else");
    sync(doc, other);
    expect(origins).toEqual([REMOTE]);
  });

  it("does not fire for other parts or for a transaction that writes nothing", () => {
    const doc = newBoard();
    let calls = 0;
    observeBoard(doc, ["pins"], () => calls++);
    addCard(doc, cardInput(), AUTHOR);
    addClaim(doc, { likelihood: "likely", confidence: "low" });
    addScene(doc, sceneInput());
    setMeta(doc, { title: "Renamed" });
    setMeta(doc, {});
    expect(calls).toBe(0);
  });

  it("fires for the narrative", () => {
    const doc = newBoard();
    let calls = 0;
    observeBoard(doc, ["narrative"], () => calls++);
    narrativeFragment(doc).insert(0, [new Y.XmlElement("paragraph")]);
    expect(calls).toBe(1);
  });

  it("fires once for a transaction that touches several observed parts", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    addCard(doc, cardInput({ pinIds: [pin] }), AUTHOR);
    addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    let calls = 0;
    observeBoard(doc, ["pins", "cards", "claims"], () => calls++);
    deletePin(doc, pin);
    expect(calls).toBe(1);
  });

  it("stops after unsubscribe", () => {
    const doc = newBoard();
    let calls = 0;
    const stop = observeBoard(doc, ["pins", "cards"], () => calls++);
    addPin(doc, pinInput(), AUTHOR);
    expect(calls).toBe(1);
    stop();
    addPin(doc, pinInput(), AUTHOR);
    addCard(doc, cardInput(), AUTHOR);
    expect(calls).toBe(1);
  });
});

describe("undoScope", () => {
  const LOCAL = { person: "me" };

  function undoManager(doc: Y.Doc, parts: Parameters<typeof undoScope>[1]) {
    return new Y.UndoManager(undoScope(doc, parts), { trackedOrigins: new Set([LOCAL]), captureTimeout: 0 });
  }

  it("returns one shared type per part, the narrative being the editor's fragment", () => {
    const doc = newBoard();
    const scope = undoScope(doc, ["pins", "scenes", "narrative"]);
    expect(scope).toHaveLength(3);
    expect(scope[0]).toBeInstanceOf(Y.Map);
    expect(scope[1]).toBeInstanceOf(Y.Array);
    expect(scope[2]).toBe(narrativeFragment(doc));
  });

  it("undoes and redoes an addPin", () => {
    const doc = newBoard();
    const undo = undoManager(doc, ["pins"]);
    let id = "";
    doc.transact(() => (id = addPin(doc, pinInput(), AUTHOR)), LOCAL);
    const pin = getPin(doc, id);
    undo.undo();
    expect(getPin(doc, id)).toBeNull();
    expect(listPins(doc)).toEqual([]);
    undo.redo();
    expect(getPin(doc, id)).toEqual(pin);
  });

  it("undoes a deletePin with its links in one step", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [pin] }), AUTHOR);
    const claim = addClaim(doc, { likelihood: "likely", confidence: "low", evidence: [{ kind: "pin", id: pin }] });
    const before = boardOf(doc);
    const undo = undoManager(doc, ["pins", "cards", "claims"]);
    doc.transact(() => deletePin(doc, pin), LOCAL);
    expect(getCard(doc, card)?.pinIds).toEqual([]);
    undo.undo();
    expect(boardOf(doc)).toEqual(before);
    expect(getClaim(doc, claim)?.evidence).toEqual([{ kind: "pin", id: pin }]);
  });

  it("undoes only the local origin's changes", () => {
    const doc = newBoard(1);
    const other = replica(doc, 2);
    const undo = undoManager(doc, ["pins"]);

    let mine = "";
    doc.transact(() => (mine = addPin(doc, pinInput({ title: "Mine" }), AUTHOR)), LOCAL);
    const theirs = addPin(other, pinInput({ title: "Theirs" }), "someone else");
    sync(doc, other);
    const untracked = addPin(doc, pinInput({ title: "No origin" }), AUTHOR);

    undo.undo();
    expect(getPin(doc, mine)).toBeNull();
    expect(listPins(doc).map((pin) => pin.id).sort()).toEqual([theirs, untracked].sort());
    expect(undo.canUndo()).toBe(false);
  });

  it("tags addPin, updatePin and deletePin with the origin they are given", () => {
    const doc = newBoard();
    const undo = undoManager(doc, ["pins", "cards", "claims"]);
    const id = addPin(doc, pinInput({ title: "Kidal" }), AUTHOR, LOCAL);
    undo.stopCapturing();
    updatePin(doc, id, { title: "Kidal town", lng: 1.41 }, LOCAL);
    undo.stopCapturing();
    deletePin(doc, id, LOCAL);

    undo.undo();
    expect(getPin(doc, id)).toMatchObject({ title: "Kidal town", lng: 1.41 });
    undo.undo();
    expect(getPin(doc, id)).toMatchObject({ title: "Kidal", lng: pinInput().lng });
    undo.redo();
    expect(getPin(doc, id)?.title).toBe("Kidal town");
    undo.undo();
    undo.undo();
    expect(getPin(doc, id)).toBeNull();
  });

  it("leaves writes without an origin out of the origin's undo history", () => {
    const doc = newBoard();
    const undo = undoManager(doc, ["pins"]);
    const id = addPin(doc, pinInput(), AUTHOR);
    updatePin(doc, id, { title: "Moved by someone" });
    expect(undo.canUndo()).toBe(false);
    updatePin(doc, id, { title: "Mine" }, LOCAL);
    undo.undo();
    expect(getPin(doc, id)?.title).toBe("Moved by someone");
  });

  it("does not undo parts outside its scope", () => {
    const doc = newBoard();
    const undo = undoManager(doc, ["pins"]);
    let card = "";
    doc.transact(() => (card = addCard(doc, cardInput(), AUTHOR)), LOCAL);
    expect(undo.canUndo()).toBe(false);
    undo.undo();
    expect(getCard(doc, card)?.id).toBe(card);
  });
});

// ---------------------------------------------------------------- two people at once

describe("concurrent edits on two replicas", () => {
  it("keeps both people's edits to different fields of one pin", () => {
    const alice = newBoard(1);
    const pin = addPin(alice, pinInput(), AUTHOR);
    const bob = replica(alice, 2);

    updatePin(alice, pin, { title: "Koulikoro camp" });
    updatePin(bob, pin, { note: "Attacked in late February", lat: 12.87 });
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(getPin(alice, pin)).toEqual({
      id: pin,
      title: "Koulikoro camp",
      lng: -7.5586,
      lat: 12.87,
      kind: "place",
      note: "Attacked in late February",
      geoPrecision: "near",
      createdBy: AUTHOR,
      createdAt: T0,
    });
  });

  it("keeps both people's links of different pins to one card", () => {
    const alice = newBoard(1);
    const koulikoro = addPin(alice, pinInput(), AUTHOR);
    const bamako = addPin(alice, pinInput({ title: "Bamako" }), AUTHOR);
    const kidal = addPin(alice, pinInput({ title: "Kidal" }), AUTHOR);
    const card = addCard(alice, cardInput({ pinIds: [koulikoro] }), AUTHOR);
    const bob = replica(alice, 2);

    linkCardToPin(alice, card, bamako);
    linkCardToPin(bob, card, kidal);
    sync(alice, bob);

    expectConverged(alice, bob);
    const pinIds = getCard(alice, card)?.pinIds ?? [];
    expect(pinIds[0]).toBe(koulikoro);
    expect([...pinIds].sort()).toEqual([koulikoro, bamako, kidal].sort());
  });

  it("shows both people's new pins, in the same order, on both replicas", () => {
    const alice = newBoard(1);
    const bob = replica(alice, 2);
    now = T0 + 1;
    const fromAlice = addPin(alice, pinInput({ title: "Kidal" }), "alice");
    now = T0 + 2;
    const fromBob = addPin(bob, pinInput({ title: "Aguelhoc" }), "bob");
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(listPins(alice).map((pin) => [pin.id, pin.title, pin.createdBy])).toEqual([
      [fromAlice, "Kidal", "alice"],
      [fromBob, "Aguelhoc", "bob"],
    ]);
  });

  it("deletes a pin on both replicas when the other person was editing it", () => {
    const alice = newBoard(1);
    const pin = addPin(alice, pinInput(), AUTHOR);
    const kept = addPin(alice, pinInput({ title: "Bamako" }), AUTHOR);
    const card = addCard(alice, cardInput({ pinIds: [pin, kept] }), AUTHOR);
    const bob = replica(alice, 2);

    deletePin(alice, pin);
    updatePin(bob, pin, { title: "Koulikoro camp" });
    sync(alice, bob);

    expectConverged(alice, bob);
    for (const doc of [alice, bob]) {
      expect(getPin(doc, pin)).toBeNull();
      expect(listPins(doc).map((p) => p.id)).toEqual([kept]);
      expect(getCard(doc, card)?.pinIds).toEqual([kept]);
    }
  });

  it("leaves no link to a pin one person deleted while the other linked it", () => {
    const alice = newBoard(1);
    const pin = addPin(alice, pinInput(), AUTHOR);
    const card = addCard(alice, cardInput(), AUTHOR);
    const bob = replica(alice, 2);

    deletePin(alice, pin);
    linkCardToPin(bob, card, pin);
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(getCard(alice, card)?.pinIds).toEqual([]);
  });

  it("converges when two people reorder different scenes", () => {
    const alice = newBoard(1);
    const s1 = addScene(alice, sceneInput({ title: "One" }));
    const s2 = addScene(alice, sceneInput({ title: "Two" }));
    const s3 = addScene(alice, sceneInput({ title: "Three" }));
    const bob = replica(alice, 2);

    moveScene(alice, s1, 2);
    moveScene(bob, s3, 0);
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(listScenes(alice).map((scene) => scene.id)).toEqual([s3, s2, s1]);
  });

  it("keeps one copy of a scene two people moved at once", () => {
    const alice = newBoard(1);
    const s1 = addScene(alice, sceneInput({ title: "One" }));
    const s2 = addScene(alice, sceneInput({ title: "Two" }));
    const s3 = addScene(alice, sceneInput({ title: "Three" }));
    const bob = replica(alice, 2);

    moveScene(alice, s1, 2);
    moveScene(bob, s1, 1);
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(listScenes(alice).map((scene) => scene.id).sort()).toEqual([s1, s2, s3].sort());
  });

  it("converges when one person edits a scene another person moves (the edit is lost: see moveScene)", () => {
    const alice = newBoard(1);
    const s1 = addScene(alice, sceneInput({ title: "One" }));
    addScene(alice, sceneInput({ title: "Two" }));
    const bob = replica(alice, 2);

    moveScene(alice, s1, 1);
    updateScene(bob, s1, { notes: "Open on Kidal" });
    sync(alice, bob);

    expectConverged(alice, bob);
    expect(listScenes(alice).map((scene) => scene.title)).toEqual(["Two", "One"]);
  });

  it("converges when both people link the same evidence; the ref is then listed twice", () => {
    const alice = newBoard(1);
    const card = addCard(alice, cardInput(), AUTHOR);
    const claim = addClaim(alice, { likelihood: "likely", confidence: "low" });
    const bob = replica(alice, 2);
    const ref: EvidenceRef = { kind: "card", id: card };

    linkEvidence(alice, claim, ref);
    linkEvidence(bob, claim, ref);
    sync(alice, bob);

    expectConverged(alice, bob);
    // Both inserts survive the merge; reads list the ref once.
    expect(getClaim(alice, claim)?.evidence).toEqual([ref]);
    unlinkEvidence(alice, claim, ref);
    expect(getClaim(alice, claim)?.evidence).toEqual([]);
  });

  it("lists cards with the same dates and creation time in the same order on both replicas", () => {
    const alice = newBoard(1);
    const bob = replica(alice, 2);
    const when = { start: "2019-02-01", end: "2019-02-28", precision: "approx" } as const;
    addCard(alice, cardInput({ title: "From Alice", when }), "alice");
    addCard(bob, cardInput({ title: "From Bob", when }), "bob");
    sync(alice, bob);

    expect(listCards(alice)).toEqual(listCards(bob));
  });

  it("lists claims in the same order on both replicas", () => {
    const alice = newBoard(1);
    const bob = replica(alice, 2);
    addClaim(alice, { likelihood: "likely", confidence: "low" });
    addClaim(bob, { likelihood: "unlikely", confidence: "high" });
    sync(alice, bob);

    expect(listClaims(alice)).toEqual(listClaims(bob));
  });
});

describe("card writers' origin", () => {
  const MINE = { component: "timeline" };

  it("tags each card write with the origin given, so an undo manager can track it", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const origins: unknown[] = [];
    observeBoard(doc, ["cards"], (origin) => origins.push(origin));
    const card = addCard(doc, cardInput(), AUTHOR, MINE);
    updateCard(doc, card, { title: "Renamed" }, MINE);
    linkCardToPin(doc, card, pin, MINE);
    unlinkCardFromPin(doc, card, pin, MINE);
    deleteCard(doc, card, MINE);
    expect(origins).toEqual([MINE, MINE, MINE, MINE, MINE]);
  });

  it("lets a person undo their delete of a card, links included, but not someone else's edit", () => {
    const doc = newBoard();
    const pin = addPin(doc, pinInput(), AUTHOR);
    const card = addCard(doc, cardInput({ pinIds: [pin], tags: ["JNIM"] }), AUTHOR);
    const other = addCard(doc, cardInput({ title: "Other" }), AUTHOR);
    const undo = new Y.UndoManager(undoScope(doc, ["cards"]), { trackedOrigins: new Set([MINE]), captureTimeout: 0 });
    const before = getCard(doc, card);
    deleteCard(doc, card, MINE);
    updateCard(doc, other, { title: "Edited by someone else" });
    undo.undo();
    expect(getCard(doc, card)).toEqual(before);
    expect(getCard(doc, other)?.title).toBe("Edited by someone else");
  });
});

describe("importEvidence", () => {
  const item = (title: string, lat = 14.5) => ({
    pin: { title, lat, lng: -4.2, kind: "event" as const, geoPrecision: "near" as const },
    card: { title, when: { start: "2019-02-24", precision: "day" as const }, tags: ["JNIM"] },
  });

  it("adds each event as a pin and a card linked to it, in one update", () => {
    const doc = newBoard();
    let ids: string[] = [];
    expect(countUpdates(doc, () => (ids = importEvidence(doc, [item("Mopti"), item("Sévaré")], AUTHOR)))).toBe(1);
    expect(ids).toHaveLength(2);
    const pins = listPins(doc);
    expect(pins.map((p) => p.title).sort()).toEqual(["Mopti", "Sévaré"]);
    for (const id of ids) {
      const card = getCard(doc, id)!;
      expect(card.pinIds).toHaveLength(1);
      expect(getPin(doc, card.pinIds[0])?.title).toBe(card.title);
      expect(card.createdBy).toBe(AUTHOR);
    }
  });

  it("writes nothing when one item is invalid, and names that item", () => {
    const doc = newBoard();
    expectInvalid(doc, () => importEvidence(doc, [item("Mopti"), item("Nowhere", 123)], AUTHOR), [[1, "pin", "lat"]]);
    expect(listCards(doc)).toEqual([]);
  });

  it("is undone as a whole by the importer's undo manager", () => {
    const doc = newBoard();
    const MINE = { component: "import" };
    const undo = new Y.UndoManager(undoScope(doc, ["pins", "cards"]), { trackedOrigins: new Set([MINE]) });
    importEvidence(doc, [item("Mopti"), item("Gao")], AUTHOR, MINE);
    undo.undo();
    expect(listPins(doc)).toEqual([]);
    expect(listCards(doc)).toEqual([]);
  });
});
