/** What one person's awareness says about presenting and following, read defensively. */
import { describe, expect, it } from "vitest";
import { MAX_AWARENESS_STATE_BYTES } from "./protocol";
import * as Y from "yjs";
import { cappedFocus, colorFor, contrastRatio, readableTextColor, readFollowing, readPresence, readPresenting, type PresenterState } from "./presence";

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
    const largest = { ...PRESENTING, title: "t".repeat(200), sceneId: "s".repeat(64), narrativeAnchor: "a".repeat(64), focus: cappedFocus({ pinIds: ids, cardIds: ids }), summon: Number.MAX_SAFE_INTEGER };
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

describe("readPresence", () => {
  const doc = new Y.Doc();
  const fragment = doc.getXmlFragment("narrative");
  const paragraph = new Y.XmlElement("paragraph");
  const text = new Y.XmlText("Kidal is contested");
  paragraph.insert(0, [text]);
  fragment.insert(0, [paragraph]);
  // What y-tiptap puts in awareness: Y.RelativePosition objects, as JSON.
  const asSent = (position: Y.RelativePosition) => JSON.parse(JSON.stringify(position)) as unknown;
  const cursor = { anchor: asSent(Y.createRelativePositionFromTypeIndex(text, 3, -1)), head: asSent(Y.createRelativePositionFromTypeIndex(fragment, 1, -1)) };
  const user = { id: "u1", name: "Vera", color: colorFor("u1") };

  it("keeps every well-formed field of a state our client sends, and y-tiptap's cursors as they are", () => {
    const state = { user, cursor, map: { selectedPinId: "p1", pointer: [-7.5, 12.25] }, present: PRESENTING, following: 42 };
    expect(readPresence(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(readPresence({ cursor: { anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, 3)), head: cursor.head } }).cursor).toBeTruthy();
  });

  it.each([
    ["a cursor in another root", { cursor: { anchor: { type: null, tname: "pins", item: null, assoc: 0 }, head: cursor.head } }],
    ["a cursor with a fractional clock", { cursor: { anchor: { type: null, tname: null, item: { client: 1, clock: 0.5 }, assoc: 0 }, head: cursor.head } }],
    ["an unwrapped pointer", { map: { selectedPinId: null, pointer: [190, 10] } }],
    ["a user without a colour", { user: { id: "u1", name: "Vera" } }],
    ["a negative followed id", { following: -1 }],
  ])("drops %s and nothing else", (_case, state) => {
    expect(readPresence({ following: 7, ...state })).toEqual("following" in state ? {} : { following: 7 });
  });

  it("drops unknown fields and reads anything that is not an object as nothing", () => {
    expect(readPresence({ following: 1, hijacked: true, constructor: "x" })).toEqual({ following: 1 });
    for (const notAState of [null, 42, "state", [user]]) expect(readPresence(notAState)).toEqual({});
  });
});

describe("readableTextColor", () => {
  it("puts a name on any colour at 4.5:1 or more (carets' labels, the header's initials)", () => {
    const levels = [0x00, 0x33, 0x55, 0x77, 0x88, 0x99, 0xaa, 0xcc, 0xff];
    const hex = (n: number) => n.toString(16).padStart(2, "0");
    for (const r of levels)
      for (const g of levels)
        for (const b of levels) {
          const background = `#${hex(r)}${hex(g)}${hex(b)}`;
          expect(contrastRatio(background, readableTextColor(background)), background).toBeGreaterThanOrEqual(4.5);
        }
  });

  it("reads every person's colour with a contrast of 4.5:1 or more", () => {
    for (let n = 0; n < 200; n++) {
      const color = colorFor(`user-${n}`);
      expect(contrastRatio(color, readableTextColor(color)), color).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("takes the contrast ratio as WCAG defines it", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });
});
