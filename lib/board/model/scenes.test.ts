/**
 * Unit tests of scenes: the ordered, saved views a lead presents.
 */
import { describe, expect, it } from "vitest";
import type * as Y from "yjs";
import { IdSchema, type SceneInput } from "../schema";
import { addScene, deleteScene, duplicateScene, listScenes, moveScene, updateScene } from "./index";
import {
  countUpdates,
  expectInvalid,
  expectMissing,
  newBoard,
  sceneInput,
  stockClient,
  freezeClock,
  VIEW,
  yMap,
} from "./test-support";

freezeClock();

const sceneById = (doc: Y.Doc, id: string) => listScenes(doc).find((scene) => scene.id === id) ?? null;

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
    expect(sceneById(doc, copy)).toEqual({ ...sceneById(doc, a), id: copy, title: "A (copy)" });
  });

  it("keeps a long title within 200 characters", () => {
    const doc = newBoard();
    const a = addScene(doc, sceneInput({ title: "x".repeat(200) }));
    const copy = duplicateScene(doc, a);
    expect(sceneById(doc, copy)!.title).toBe(`${"x".repeat(193)} (copy)`);
  });

  it("names an unknown scene and writes nothing", () => {
    const doc = newBoard();
    addScene(doc, sceneInput());
    expectMissing(doc, () => duplicateScene(doc, "nope"), "No scene with id nope");
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
