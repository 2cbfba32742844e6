/**
 * Unit tests of the board meta (title, question, version) and of the narrative fragment.
 */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { SCHEMA_VERSION } from "../schema";
import { initBoard, listPins, listScenes, narrativeFragment, readMeta, readNumericDateOrder, readStartView, setMeta, setNumericDateOrder, setStartView } from "./index";
import {
  countUpdates,
  expectInvalid,
  expectNoWrite,
  newBoard,
  replica,
  stockClient,
  freezeClock,
} from "./test-support";

freezeClock();

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

describe("numeric date order", () => {
  it("is day first until the board says otherwise, and travels to other replicas", () => {
    const doc = newBoard();
    expect(readNumericDateOrder(doc)).toBe("day-first");
    setNumericDateOrder(doc, "month-first");
    expect(readNumericDateOrder(doc)).toBe("month-first");
    expect(readNumericDateOrder(replica(doc, 999))).toBe("month-first");
  });

  it("refuses an unknown order and reads a malformed stored one as day first", () => {
    const doc = newBoard();
    expect(() => setNumericDateOrder(doc, "year-first" as never)).toThrow();
    expect(readNumericDateOrder(doc)).toBe("day-first");
    doc.getMap("meta").set("numericDateOrder", 42);
    expect(readNumericDateOrder(doc)).toBe("day-first");
  });
});

describe("start view", () => {
  it("is unset until an editor sets it, and travels to other replicas", () => {
    const doc = newBoard();
    expect(readStartView(doc)).toBeNull();
    setStartView(doc, { lng: 2.35, lat: 48.86, zoom: 6 });
    expect(readStartView(replica(doc, 999))).toEqual({ lng: 2.35, lat: 48.86, zoom: 6 });
  });

  it("refuses a view off the map and reads a malformed stored one as unset", () => {
    const doc = newBoard();
    expect(() => setStartView(doc, { lng: 0, lat: 91, zoom: 3 })).toThrow();
    expect(readStartView(doc)).toBeNull();
    doc.getMap("meta").set("startView", "Paris");
    expect(readStartView(doc)).toBeNull();
  });
});
