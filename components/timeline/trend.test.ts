import { describe, expect, it } from "vitest";
import type { Card, Pin } from "@/lib/board/schema";
import { BAMAKO, distanceKm, trendSeries } from "./trend";

const pin = (lat: number, lng = -4): Pin => ({ id: `p${lat}`, title: "P", kind: "event", lat, lng, note: "", geoPrecision: "exact", createdBy: "", createdAt: 0 });
const entry = (id: string, start: string, lat: number, tags: string[]) => ({
  card: { id, title: id, body: "", when: { start, precision: "day" }, pinIds: [], source: { title: "", url: "" }, grade: { reliability: "F", credibility: 6 }, tags, createdBy: "", createdAt: 0 } satisfies Card,
  pins: [pin(lat)],
});

describe("trendSeries", () => {
  it("fits a southward drift as a negative slope per year, per tag", () => {
    const series = trendSeries(
      [entry("a", "2018-01-01", 18, ["JNIM"]), entry("b", "2019-01-01", 16, ["JNIM"]), entry("c", "2020-01-01", 14, ["JNIM"]), entry("d", "2019-01-01", 13, ["ISGS"])],
      { kind: "latitude" },
    );
    expect(series.map((s) => s.tag)).toEqual(["JNIM", "ISGS"]);
    expect(series[0].slopePerYear).toBeCloseTo(-2, 1);
    expect(series[1].slopePerYear).toBeNull();
  });

  it("measures distance from a chosen place and leaves out cards without pins", () => {
    expect(distanceKm(BAMAKO, BAMAKO)).toBe(0);
    expect(distanceKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111.2, 0);
    const lonely = { ...entry("x", "2019-01-01", 10, []), pins: [] };
    const series = trendSeries([entry("a", "2019-01-01", BAMAKO.lat, []), lonely], { kind: "distance", from: BAMAKO });
    expect(series).toHaveLength(1);
    expect(series[0].tag).toBe("No tag");
    expect(series[0].points[0].value).toBeCloseTo(distanceKm(BAMAKO, { lat: BAMAKO.lat, lng: -4 }), 6);
  });
});
