import type { FeatureCollection } from "geojson";
import { describe, expect, it } from "vitest";
import { boundsOf, describeShape, formatShapeText, inView, parseLatLng, parseShapeText, regionAt } from "./geo";
import { formatViewParam, parseViewParam, shareableUrl } from "./mapView";

const square = (name: string, x: number): FeatureCollection["features"][number] => ({
  type: "Feature",
  properties: { name },
  geometry: {
    type: "Polygon",
    coordinates: [
      [
        [x, 0],
        [x + 1, 0],
        [x + 1, 1],
        [x, 1],
        [x, 0],
      ],
    ],
  },
});

describe("regionAt", () => {
  const regions: FeatureCollection = { type: "FeatureCollection", features: [square("West", 0), square("East", 1)] };
  it("names the region holding a point, or none", () => {
    expect(regionAt(regions, [0.5, 0.5])).toBe("West");
    expect(regionAt(regions, [1.5, 0.5])).toBe("East");
    expect(regionAt(regions, [3, 3])).toBeNull();
  });
});

describe("boundsOf", () => {
  it("boxes every point and pads a lone one", () => {
    expect(boundsOf([])).toBeNull();
    expect(boundsOf([{ lng: 1, lat: 2 }, { lng: -3, lat: 5 }])).toEqual([[-3, 2], [1, 5]]);
    expect(boundsOf([{ lng: 1, lat: 2 }])).toEqual([[0.5, 1.5], [1.5, 2.5]]);
  });
});

describe("the ?view= parameter", () => {
  it("round-trips a view and refuses nonsense", () => {
    const view = { longitude: 1.40921, latitude: 18.44345, zoom: 7.5 };
    expect(parseViewParam(formatViewParam(view))).toEqual(view);
    expect(parseViewParam("1,2")).toBeNull();
    expect(parseViewParam("200,0,3")).toBeNull();
    expect(parseViewParam("a,b,c")).toBeNull();
    expect(parseViewParam(null)).toBeNull();
  });

  it("keeps the rest of the address", () => {
    expect(shareableUrl("http://localhost:3000/boards/x?a=1", { longitude: 1, latitude: 2, zoom: 3 })).toBe(
      "http://localhost:3000/boards/x?a=1&view=1.00000%2C2.00000%2C3.00",
    );
  });
});

describe("describeShape", () => {
  it("gives a polygon's corners and area and a line's points and length on the sphere", () => {
    // One degree square at the equator: about 111.2 km a side.
    expect(describeShape({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] })).toBe("4 corners · about 12,400 km²");
    expect(describeShape({ type: "LineString", coordinates: [[0, 0], [1, 0], [2, 0]] })).toBe("3 points · about 222 km");
  });
});

describe("parseLatLng", () => {
  it("reads latitude then longitude, separated by a comma or a space", () => {
    expect(parseLatLng("14.5, -3.25")).toEqual({ lat: 14.5, lng: -3.25 });
    expect(parseLatLng(" 12 -1.5 ")).toEqual({ lat: 12, lng: -1.5 });
  });

  it("says what to type when the text is not two numbers or is off the globe", () => {
    expect(parseLatLng("Gao")).toEqual({ error: expect.stringContaining("two numbers") });
    expect(parseLatLng("14.5")).toEqual({ error: expect.stringContaining("two numbers") });
    expect(parseLatLng("95, 10")).toEqual({ error: expect.stringContaining("latitude") });
    expect(parseLatLng("10, 200")).toEqual({ error: expect.stringContaining("longitude") });
  });
});

describe("a shape typed as one latitude, longitude per line", () => {
  const area = { type: "Polygon" as const, coordinates: [[[-1.5, 16], [0.5, 16], [0, 17.25], [-1.5, 16]]] };

  it("lists an area's corners without the closing repeat and reads them back as the same ring", () => {
    expect(formatShapeText(area)).toBe("16, -1.5\n16, 0.5\n17.25, 0");
    expect(parseShapeText(formatShapeText(area), "Polygon", 2000)).toEqual({ geometry: area });
    // A last line repeating the first is the closing, not a fourth corner; blank lines are skipped.
    expect(parseShapeText("16, -1.5\n\n16 0.5\n17.25, 0\n16, -1.5\n", "Polygon", 2000)).toEqual({ geometry: area });
  });

  it("reads a route's points in order", () => {
    expect(parseShapeText("14.5, -3.25\n15, -2", "LineString", 2000)).toEqual({ geometry: { type: "LineString", coordinates: [[-3.25, 14.5], [-2, 15]] } });
    expect(formatShapeText({ type: "LineString", coordinates: [[-3.25, 14.5], [-2, 15]] })).toBe("14.5, -3.25\n15, -2");
  });

  it("names the line that cannot be read, and says how many corners or points are missing or too many", () => {
    expect(parseShapeText("16, -1.5\nGao\n17.25, 95, 3", "Polygon", 2000)).toEqual({
      errors: [expect.stringMatching(/^Line 2: .*two numbers/), expect.stringMatching(/^Line 3: /)],
    });
    expect(parseShapeText("16, -1.5\n16, 0.5\n16, -1.5", "Polygon", 2000)).toEqual({ errors: [expect.stringContaining("at least three corners")] });
    expect(parseShapeText("", "LineString", 2000)).toEqual({ errors: [expect.stringContaining("at least two points")] });
    expect(parseShapeText("1, 1\n2, 2\n3, 3", "LineString", 2)).toEqual({ errors: [expect.stringContaining("at most 2 points")] });
    expect(parseShapeText("1, 1\n2, 2\n3, 3", "Polygon", 3)).toEqual({ errors: [expect.stringContaining("at most 2 corners")] });
  });
});

describe("inView", () => {
  it("holds the points inside the view's edges", () => {
    const sahel: [number, number, number, number] = [-5, 12, 5, 20];
    expect(inView({ lng: 1.41, lat: 18.44 }, sahel)).toBe(true);
    expect(inView({ lng: 1.41, lat: 21 }, sahel)).toBe(false);
    expect(inView({ lng: -6, lat: 15 }, sahel)).toBe(false);
  });

  it("holds points past 180 when the view crosses the antimeridian, and every longitude when it spans the world", () => {
    const pacific: [number, number, number, number] = [170, -30, 190, -10];
    expect(inView({ lng: -175, lat: -18 }, pacific)).toBe(true);
    expect(inView({ lng: 175, lat: -18 }, pacific)).toBe(true);
    expect(inView({ lng: 160, lat: -18 }, pacific)).toBe(false);
    expect(inView({ lng: 100, lat: 0 }, [-400, -80, 400, 80])).toBe(true);
  });
});
