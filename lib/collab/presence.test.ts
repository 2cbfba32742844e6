/** What one person's awareness says about presenting and following, read defensively. */
import { describe, expect, it } from "vitest";
import { MAX_AWARENESS_STATE_BYTES } from "./protocol";
import { cappedFocus, colorFor, readFollowing, readPresenting, type PresenterState } from "./presence";

const PRESENTING: PresenterState = {
  sceneId: "scene1",
  title: "The north",
  index: 0,
  count: 4,
  view: { lng: 1.2, lat: 18.9, zoom: 6.5, bearing: 0, pitch: 0 },
  timeWindow: { start: "2019-01-01", end: "2019-02-28" },
  focus: { pinIds: ["p1"], cardIds: ["c1"] },
  narrativeAnchor: "h-key-judgements",
};

describe("readPresenting", () => {
  it("reads a presenter's state", () => {
    expect(readPresenting({ user: {}, present: PRESENTING })).toEqual(PRESENTING);
  });

  it.each([
    ["no state", {}],
    ["a stopped presentation", { present: null }],
    ["a malformed view", { present: { ...PRESENTING, view: { lng: 500, lat: 0, zoom: 3 } } }],
    ["a bad scene id", { present: { ...PRESENTING, sceneId: "no good" } }],
    ["too many focused pins", { present: { ...PRESENTING, focus: { pinIds: Array(21).fill("p"), cardIds: [] } } }],
  ])("answers null for %s", (_case, state) => {
    expect(readPresenting(state)).toBeNull();
  });

  it("fits the largest presenter state within the awareness size limit", () => {
    const ids = Array.from({ length: 100 }, () => "x".repeat(64));
    const largest = { ...PRESENTING, title: "t".repeat(200), sceneId: "s".repeat(64), narrativeAnchor: "a".repeat(64), focus: cappedFocus({ pinIds: ids, cardIds: ids }) };
    expect(readPresenting({ present: largest })).toEqual(largest);
    const others = { user: { id: "u".repeat(64), name: "n".repeat(100), color: colorFor("u") }, map: { selectedPinId: "p".repeat(64), pointer: [-7.123456789, 12.123456789] } };
    const state = JSON.stringify({ ...others, present: largest, following: 1234567890 });
    expect(new TextEncoder().encode(state).length).toBeLessThan(MAX_AWARENESS_STATE_BYTES);
  });
});

describe("readFollowing", () => {
  it("reads the followed client id and nothing else", () => {
    expect(readFollowing({ following: 42 })).toBe(42);
    expect(readFollowing({ following: null })).toBeNull();
    expect(readFollowing({ following: "42" })).toBeNull();
    expect(readFollowing({ following: -1 })).toBeNull();
    expect(readFollowing({})).toBeNull();
  });
});
