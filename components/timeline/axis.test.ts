import { describe, expect, it } from "vitest";
import { dayNumber } from "@/lib/board/dates";
import type { Card } from "@/lib/board/schema";
import { densityBuckets, domainOf, evidenceSpan, groupsOf, laneOf, middleDay, MIN_SPAN_DAYS, packRows, PLAY_STEPS, playWindows, ticksFor, zoomDomain } from "./axis";

const domain = (start: string, end: string) => ({ start: dayNumber(start), end: dayNumber(end) });
const card = (when: Card["when"], tags: string[] = []): Card => ({
  id: "c1",
  title: "T",
  body: "",
  when,
  pinIds: [],
  areaIds: [],
  source: { title: "", url: "" },
  grade: { reliability: "F", credibility: 6 },
  tags,
  createdBy: "a",
  createdAt: 0,
});

describe("ticksFor", () => {
  it("labels years across a decade, months across a year, days across a week", () => {
    expect(ticksFor(domain("2014-06-01", "2020-06-01"), 10).map((t) => t.label)).toEqual(["2015", "2016", "2017", "2018", "2019", "2020"]);
    expect(ticksFor(domain("2019-01-15", "2019-06-15"), 10).map((t) => t.label)).toEqual(["Feb", "Mar", "Apr", "May", "Jun"]);
    expect(ticksFor(domain("2018-11-15", "2019-02-15"), 10).map((t) => t.label)).toEqual(["Dec", "Jan 2019", "Feb"]);
    expect(ticksFor(domain("2019-02-26", "2019-03-03"), 10).map((t) => t.label)).toEqual(["26", "27", "28", "Mar 2019", "2", "3"]);
  });
});

describe("zoomDomain", () => {
  it("zooms around the anchor and never below two weeks", () => {
    expect(zoomDomain({ start: 0, end: 100 }, 0.5, 50)).toEqual({ start: 25, end: 75 });
    expect(zoomDomain({ start: 0, end: 100 }, 0.01, 0)).toEqual({ start: 0, end: MIN_SPAN_DAYS });
  });
});

describe("domainOf", () => {
  it("covers every day a card may have happened on", () => {
    const d = domainOf([card({ start: "2019-01-01", precision: "year" }), card({ start: "2018-06-01", precision: "day" })], "2026-01-01");
    expect(d.start).toBeLessThan(dayNumber("2018-06-01"));
    expect(d.end).toBeGreaterThan(dayNumber("2019-12-31"));
  });
});

describe("laneOf and packRows", () => {
  it("puts a card in its first tag's lane, or its first actor's", () => {
    expect(laneOf(card({ start: "2019-01-01", precision: "day" }, ["JNIM", "attack"]), [], "tag")).toBe("JNIM");
    expect(laneOf(card({ start: "2019-01-01", precision: "day" }), [], "tag")).toBe("No tag");
    const actor = { id: "p", title: "JNIM", kind: "actor" as const, lat: 0, lng: 0, note: "", geoPrecision: "exact" as const, createdBy: "", createdAt: 0 };
    expect(laneOf(card({ start: "2019-01-01", precision: "day" }), [actor], "actor")).toBe("JNIM");
  });

  it("puts an event card in its first actor's lane (before any linked actor pin) and its event type's", () => {
    const actor = { id: "p", title: "Actor pin", kind: "actor" as const, lat: 0, lng: 0, note: "", geoPrecision: "exact" as const, createdBy: "", createdAt: 0 };
    const battle = { ...card({ start: "2019-01-01", precision: "day" }, ["JNIM"]), event: { eventType: "Battles", actor1: { name: "JNIM", associated: ["Katiba Macina"] }, actor2: { name: "Military Forces of Mali" } } };
    expect(laneOf(battle, [actor], "actor")).toBe("JNIM");
    expect(laneOf(battle, [], "eventType")).toBe("Battles");
    expect(laneOf(card({ start: "2019-01-01", precision: "day" }), [], "actor")).toBe("No actor");
    expect(laneOf(card({ start: "2019-01-01", precision: "day" }), [], "eventType")).toBe("No event type");
    expect(laneOf(battle, [], "none")).toBe("All cards");
    // The trend counts an event for both its sides, and a card for each of its tags.
    expect(groupsOf(battle, [], "actor")).toEqual(["JNIM", "Military Forces of Mali"]);
    expect(groupsOf({ ...battle, tags: ["JNIM", "attack"] }, [], "tag")).toEqual(["JNIM", "attack"]);
    expect(groupsOf(card({ start: "2019-01-01", precision: "day" }), [actor], "actor")).toEqual(["Actor pin"]);
    expect(groupsOf(battle, [], "eventType")).toEqual(["Battles"]);
  });

  it("stacks overlapping spans and reuses free rows", () => {
    expect(packRows([{ x0: 0, x1: 10 }, { x0: 5, x1: 12 }, { x0: 14, x1: 20 }, { x0: 30, x1: 31 }], 2)).toEqual([0, 1, 0, 0]);
  });
});

describe("playWindows", () => {
  const evidence = domain("2018-01-01", "2023-12-31");

  it("slides from the first event and stops with the window's end on the last", () => {
    const frames = playWindows(evidence, 90);
    expect(frames[0]).toEqual({ start: evidence.start, end: evidence.start + 90 });
    expect(frames.at(-1)).toEqual({ start: evidence.end - 90, end: evidence.end });
    for (const frame of frames) {
      expect(frame.start).toBeGreaterThanOrEqual(evidence.start);
      expect(frame.end).toBeLessThanOrEqual(evidence.end);
      expect(frame.end - frame.start).toBe(90);
    }
    for (let i = 1; i < frames.length; i++) expect(frames[i].start).toBeGreaterThan(frames[i - 1].start);
    expect(frames.length).toBeLessThanOrEqual(PLAY_STEPS + 2);
  });

  it("resumes where a window already is, and never outgrows the evidence", () => {
    expect(playWindows(evidence, 30, evidence.end - 10)).toEqual([{ start: evidence.end - 30, end: evidence.end }]);
    expect(playWindows(evidence, 100_000)).toEqual([evidence]);
    expect(playWindows({ start: 100, end: 100 }, 7)).toEqual([{ start: 100, end: 100 }]);
  });

  it("spans the evidence from its first to its last day", () => {
    expect(evidenceSpan([card({ start: "2019-02-01", precision: "month" }), card({ start: "2018-05-04", precision: "day" })])).toEqual(
      domain("2018-05-04", "2019-02-28"),
    );
    expect(evidenceSpan([])).toBeNull();
  });
});

describe("densityBuckets", () => {
  const years = domain("2015-01-01", "2025-01-01");
  const days = Array.from({ length: 5000 }, (_, i) => years.start + ((i * 7919) % (years.end - years.start)));

  it("counts every card in view once, in buckets at least a few pixels wide", () => {
    const density = densityBuckets([...days, years.start - 10, years.end + 3], years, 800);
    expect(density.counts.reduce((a, b) => a + b, 0)).toBe(5000);
    expect((density.days / (years.end - years.start)) * 800).toBeGreaterThanOrEqual(6);
    expect(density.first).toBeLessThanOrEqual(years.start);
    expect(density.first + density.counts.length * density.days).toBeGreaterThanOrEqual(years.end);
  });

  it("narrows its buckets as the axis zooms in, down to a day", () => {
    const wide = densityBuckets(days, years, 800);
    const month = densityBuckets(days, domain("2019-03-01", "2019-04-01"), 800);
    expect(month.days).toBeLessThan(wide.days);
    expect(month.days).toBe(1);
    const inMonth = days.filter((d) => d >= dayNumber("2019-03-01") && d < dayNumber("2019-04-01")).length;
    expect(month.counts.reduce((a, b) => a + b, 0)).toBe(inMonth);
  });

  it("places a card at the middle of its uncertain dates", () => {
    expect(middleDay(card({ start: "2019-02-01", precision: "month" }))).toBe((dayNumber("2019-02-01") + dayNumber("2019-02-28")) / 2);
  });
});
