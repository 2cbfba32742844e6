import { describe, expect, it } from "vitest";
import { chooseOpeningView, WORLD_VIEW } from "./openingView";

const pins = [
  { lng: -8.0, lat: 12.64 },
  { lng: 1.41, lat: 18.44 },
];
const startView = { lng: 36.8, lat: -1.3, zoom: 6 };
const link = { longitude: 1.409, latitude: 18.443, zoom: 8 };

describe("where a board's map opens", () => {
  it("follows a link's view whatever the board holds", () => {
    expect(chooseOpeningView({ link, pins, startView })).toEqual({ kind: "link", view: link });
  });

  it("shows every pin of the board", () => {
    expect(chooseOpeningView({ link: null, pins, startView })).toEqual({ kind: "pins", bounds: [[-8, 12.64], [1.41, 18.44]] });
  });

  it("opens an empty board on its start view, or on the world", () => {
    expect(chooseOpeningView({ link: null, pins: [], startView })).toEqual({ kind: "start", view: { longitude: 36.8, latitude: -1.3, zoom: 6 } });
    expect(chooseOpeningView({ link: null, pins: [], startView: null })).toEqual({ kind: "world", view: WORLD_VIEW });
  });
});
