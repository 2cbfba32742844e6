import { describe, expect, it } from "vitest";
import type { Card, Pin } from "@/lib/board/schema";
import { BAMAKO, describeTrend, distanceKm, fitTrend, MIN_TREND_EVENTS, niceTicks, studentT975, trendSeries } from "./trend";

const pin = (lat: number, lng = -4): Pin => ({ id: `p${lat}`, title: "P", kind: "event", lat, lng, note: "", geoPrecision: "exact", createdBy: "", createdAt: 0 });
const entry = (id: string, start: string, lat: number, tags: string[]) => ({
  card: { id, title: id, body: "", when: { start, precision: "day" }, pinIds: [], areaIds: [], source: { title: "", url: "" }, grade: { reliability: "F", credibility: 6 }, tags, createdBy: "", createdAt: 0 } satisfies Card,
  pins: [pin(lat)],
});

describe("trendSeries", () => {
  it("fits a southward drift as a negative slope per year, per tag", () => {
    // Two degrees south a year, give or take a quarter of a degree.
    const jnim = Array.from({ length: 12 }, (_, i) => entry(`j${i}`, `${2013 + i}-01-01`, 30 - 2 * i + (i % 2 ? 0.25 : -0.25), ["JNIM"]));
    const series = trendSeries([...jnim, entry("d", "2019-01-01", 13, ["ISGS"])], { kind: "latitude" });
    expect(series.map((s) => s.group)).toEqual(["JNIM", "ISGS"]);
    expect(series[0].slopePerYear).toBeCloseTo(-2, 1);
    expect(series[0].interval![0]).toBeLessThan(-2);
    expect(series[0].interval![1]).toBeGreaterThan(-2);
    expect(series[0].interval![1]).toBeLessThan(0);
    expect(series[0].r2).toBeGreaterThan(0.99);
    expect(series[1].slopePerYear).toBeNull();
  });

  it("makes one series per actor or per event type when the lanes are chosen so", () => {
    const event = (id: string, lat: number, actor1: string, eventType: string, actor2?: string) => {
      const e = entry(id, "2019-01-01", lat, ["Sahel"]);
      return { ...e, card: { ...e.card, event: { eventType, actor1: { name: actor1 }, ...(actor2 ? { actor2: { name: actor2 } } : {}) } } };
    };
    const entries = [event("a", 14, "JNIM", "Battles", "Military Forces of Mali"), event("b", 15, "JNIM", "Explosions"), event("c", 16, "ISGS", "Battles")];
    const byActor = trendSeries(entries, { kind: "latitude" }, "actor");
    expect(byActor.map((s) => [s.group, s.points.map((p) => p.cardId)])).toEqual([
      ["JNIM", ["a", "b"]],
      ["ISGS", ["c"]],
      ["Military Forces of Mali", ["a"]],
    ]);
    expect(trendSeries(entries, { kind: "latitude" }, "eventType").map((s) => [s.group, s.points.length])).toEqual([
      ["Battles", 2],
      ["Explosions", 1],
    ]);
    expect(trendSeries(entries, { kind: "latitude" }).map((s) => s.group)).toEqual(["Sahel"]);
  });

  it("measures distance from a chosen place and leaves out cards without pins", () => {
    expect(distanceKm(BAMAKO, BAMAKO)).toBe(0);
    expect(distanceKm({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111.2, 0);
    const lonely = { ...entry("x", "2019-01-01", 10, []), pins: [] };
    const series = trendSeries([entry("a", "2019-01-01", BAMAKO.lat, []), lonely], { kind: "distance", from: BAMAKO });
    expect(series).toHaveLength(1);
    expect(series[0].group).toBe("No tag");
    expect(series[0].points[0].value).toBeCloseTo(distanceKm(BAMAKO, { lat: BAMAKO.lat, lng: -4 }), 6);
  });
});

describe("fitTrend", () => {
  const line = (n: number, slopePerDay: number, noise: (i: number) => number) =>
    Array.from({ length: n }, (_, i) => ({ day: i * 30, value: 10 + slopePerDay * i * 30 + noise(i) }));

  it("reports no slope from too few events or too few dates", () => {
    expect(fitTrend(line(3, 0.01, () => 0)).slopePerYear).toBeNull();
    expect(fitTrend(line(MIN_TREND_EVENTS - 1, 0.01, () => 0))).toMatchObject({ slopePerYear: null, interval: null, r2: null });
    const twoDates = Array.from({ length: 20 }, (_, i) => ({ day: i % 2, value: i }));
    expect(fitTrend(twoDates).slopePerYear).toBeNull();
    expect(fitTrend(line(MIN_TREND_EVENTS, 0.01, () => 0)).slopePerYear).toBeCloseTo(3.6525, 6);
  });

  it("gives an exact line R² 1 and a zero-width interval", () => {
    const fit = fitTrend(line(20, -0.002, () => 0));
    expect(fit.slopePerYear).toBeCloseTo(-0.7305, 6);
    expect(fit.r2).toBeCloseTo(1, 9);
    expect(fit.interval![1] - fit.interval![0]).toBeCloseTo(0, 9);
    expect(fit.at(0)).toBeCloseTo(10, 9);
  });

  it("widens the interval with noise and narrows it with more events", () => {
    const noise = (i: number) => ((i * 7919) % 11) / 5 - 1;
    const few = fitTrend(line(12, 0.001, noise));
    const many = fitTrend(line(400, 0.001, noise));
    const width = (f: ReturnType<typeof fitTrend>) => f.interval![1] - f.interval![0];
    expect(width(few)).toBeGreaterThan(0);
    expect(width(many)).toBeLessThan(width(few));
    expect(many.interval![0]).toBeLessThan(0.001 * 365.25);
    expect(many.interval![1]).toBeGreaterThan(0.001 * 365.25);
    expect(few.r2!).toBeLessThan(1);
  });

  it("uses Student's t for the interval", () => {
    // Tabulated t(0.975): df 3 → 3.182, 10 → 2.228, 30 → 2.042, 1000 → 1.962.
    expect(studentT975(3)).toBeCloseTo(3.182, 1);
    expect(studentT975(10)).toBeCloseTo(2.228, 2);
    expect(studentT975(30)).toBeCloseTo(2.042, 3);
    expect(studentT975(1000)).toBeCloseTo(1.962, 3);
  });
});

describe("niceTicks", () => {
  it("puts round values inside the range", () => {
    expect(niceTicks(11.3, 21.8, 4)).toEqual([12, 14, 16, 18, 20]);
    expect(niceTicks(0, 950, 4)).toEqual([0, 200, 400, 600, 800]);
    expect(niceTicks(5, 5, 4)).toEqual([5]);
  });
});

describe("describeTrend", () => {
  it("says the slope with its interval, R² and n, or that there are too few events", () => {
    const points = Array.from({ length: 3 }, (_, i) => ({ day: i, value: i, cardId: String(i) }));
    expect(describeTrend({ points, slopePerYear: null, interval: null, r2: null }, "°", 2)).toBe("n = 3 events: too few events to fit a trend");
    const many = Array.from({ length: 1234 }, (_, i) => ({ day: i, value: i, cardId: String(i) }));
    expect(describeTrend({ points: many, slopePerYear: -0.4213, interval: [-0.5, -0.34], r2: 0.123 }, "°", 2)).toBe(
      "n = 1,234 events: −0.42° per year (95 % CI −0.50 to −0.34), R² 0.12",
    );
  });
});
