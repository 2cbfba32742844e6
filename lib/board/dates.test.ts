import { describe, expect, it } from "vitest";
import {
  addDays,
  areaInWindow,
  formatValidity,
  dayNumber,
  FIXED_READER,
  formatMoment,
  formatMomentDay,
  formatWhen,
  formatWindow,
  isoFromDayNumber,
  overlapsWindow,
  parseEventDate,
  otherReading,
  parseNumericDate,
  parseWhen,
  whenBounds,
  whenDateTime,
  momentDateTime,
} from "./dates";

describe("formatMoment", () => {
  const at = Date.UTC(2026, 10, 29, 12, 49);

  it("always writes the day, the month as a word, then the year, whatever order the locale uses", () => {
    expect(formatMoment(at, { locale: "en-GB", timeZone: "UTC" })).toBe("29 Nov 2026, 12:49 UTC");
    // The US's own order would be "Nov 29, 2026": the day still comes first, the clock stays the US's.
    // ICU versions differ on the space before AM (narrow or not): compare as plain spaces.
    expect(formatMoment(at, { locale: "en-US", timeZone: "America/New_York" }).replace(/\s/g, " ")).toBe("29 Nov 2026, 7:49 AM");
    expect(formatMoment(at, { locale: "de-DE", timeZone: "Europe/Berlin" })).toBe("29 Nov. 2026, 13:49");
    expect(formatMoment(at, { locale: "fr-FR", timeZone: "Europe/Paris" })).toBe("29 nov. 2026, 13:49");
  });

  it("reads the moment on the reader's clock, which may be another day", () => {
    expect(formatMoment(Date.UTC(2026, 10, 29, 23, 30), { locale: "en-GB", timeZone: "Asia/Tokyo" })).toBe("30 Nov 2026, 08:30");
    expect(formatMoment(Date.UTC(2026, 10, 29, 2, 0), { locale: "en-GB", timeZone: "America/Los_Angeles" })).toBe("28 Nov 2026, 18:00");
  });

  it("writes a day alone the same way", () => {
    expect(formatMomentDay(at, { locale: "en-US", timeZone: "UTC" })).toBe("29 Nov 2026");
    expect(formatMomentDay(Date.UTC(2026, 0, 5), { locale: "en-GB", timeZone: "UTC" })).toBe("5 Jan 2026");
  });

  it("gives the server and a hydrating browser the same text wherever they run", () => {
    const before = process.env.TZ;
    const texts = ["Asia/Tokyo", "America/New_York"].map((zone) => {
      process.env.TZ = zone;
      return formatMoment(at, FIXED_READER);
    });
    process.env.TZ = before;
    expect(texts).toEqual(["29 Nov 2026, 12:49 UTC", "29 Nov 2026, 12:49 UTC"]);
  });

  it("gives machines ISO 8601 in UTC", () => {
    expect(momentDateTime(at)).toBe("2026-11-29T12:49:00.000Z");
  });
});

describe("formatWindow", () => {
  it("writes a time window's days in words, naming what both ends share once", () => {
    expect(formatWindow({ start: "2019-02-01", end: "2019-02-28" })).toBe("1–28 Feb 2019");
    expect(formatWindow({ start: "2019-01-01", end: "2019-06-30" })).toBe("1 Jan – 30 Jun 2019");
    expect(formatWindow({ start: "2018-12-01", end: "2019-01-31" })).toBe("1 Dec 2018 – 31 Jan 2019");
  });
});

describe("formatWhen", () => {
  it("writes a single date at its precision", () => {
    expect(formatWhen({ start: "2019-02-24", precision: "day" })).toBe("24 Feb 2019");
    expect(formatWhen({ start: "2019-02-01", precision: "month" })).toBe("Feb 2019");
    expect(formatWhen({ start: "2019-01-01", precision: "year" })).toBe("2019");
    expect(formatWhen({ start: "2019-02-24", precision: "approx" })).toBe("c. 24 Feb 2019");
  });

  it("never shows more precision than the card holds", () => {
    expect(formatWhen({ start: "2019-02-24", precision: "month" })).toBe("Feb 2019");
    expect(formatWhen({ start: "2019-12-31", precision: "year" })).toBe("2019");
  });

  it("does not shift dates by time zone", () => {
    expect(formatWhen({ start: "2020-01-01", precision: "day" })).toBe("1 Jan 2020");
    expect(formatWhen({ start: "2019-12-31", precision: "day" })).toBe("31 Dec 2019");
  });

  it("names a shared month or year once in a day range", () => {
    expect(formatWhen({ start: "2019-02-20", end: "2019-02-28", precision: "day" })).toBe("20–28 Feb 2019");
    expect(formatWhen({ start: "2019-02-28", end: "2019-03-03", precision: "day" })).toBe("28 Feb – 3 Mar 2019");
    expect(formatWhen({ start: "2018-12-28", end: "2019-01-03", precision: "day" })).toBe(
      "28 Dec 2018 – 3 Jan 2019",
    );
    expect(formatWhen({ start: "2019-02-20", end: "2019-02-20", precision: "day" })).toBe("20 Feb 2019");
  });

  it("writes month and year ranges", () => {
    expect(formatWhen({ start: "2019-02-01", end: "2019-04-01", precision: "month" })).toBe("Feb–Apr 2019");
    expect(formatWhen({ start: "2018-11-01", end: "2019-02-01", precision: "month" })).toBe("Nov 2018 – Feb 2019");
    expect(formatWhen({ start: "2019-02-01", end: "2019-02-28", precision: "month" })).toBe("Feb 2019");
    expect(formatWhen({ start: "2017-01-01", end: "2019-01-01", precision: "year" })).toBe("2017–2019");
    expect(formatWhen({ start: "2019-01-01", end: "2019-06-30", precision: "year" })).toBe("2019");
  });

  it("marks an approximate range", () => {
    expect(formatWhen({ start: "2019-02-20", end: "2019-02-28", precision: "approx" })).toBe("c. 20–28 Feb 2019");
    expect(formatWhen({ start: "2019-02-20", end: "2019-03-05", precision: "approx" })).toBe("c. 20 Feb – 5 Mar 2019");
  });

  it("shows a malformed start as it is rather than inventing a date", () => {
    expect(formatWhen({ start: "sometime", precision: "day" })).toBe("sometime");
  });
});

describe("whenDateTime", () => {
  it("cuts the start date to the card's precision", () => {
    expect(whenDateTime({ start: "2019-02-24", precision: "day" })).toBe("2019-02-24");
    expect(whenDateTime({ start: "2019-02-01", precision: "month" })).toBe("2019-02");
    expect(whenDateTime({ start: "2019-01-01", end: "2020-01-01", precision: "year" })).toBe("2019");
    expect(whenDateTime({ start: "2019-02-24", precision: "approx" })).toBe("2019-02-24");
  });
});

describe("parseEventDate", () => {
  it("reads the three forms ACLED files use", () => {
    expect(parseEventDate("2025-05-16")).toBe("2025-05-16");
    expect(parseEventDate("16 May 2025")).toBe("2025-05-16");
    expect(parseEventDate("7-Feb-25")).toBe("2025-02-07");
    expect(parseEventDate(" 7 February 2019 ")).toBe("2019-02-07");
    expect(parseEventDate("3-Mar-98")).toBe("1998-03-03");
  });

  it("refuses days that do not exist and other forms", () => {
    expect(parseEventDate("2019-02-29")).toBeNull();
    expect(parseEventDate("31 Apr 2019")).toBeNull();
    expect(parseEventDate("7-Fbr-25")).toBeNull();
    expect(parseEventDate("02/07/2019")).toBeNull();
    expect(parseEventDate("")).toBeNull();
  });
});

describe("parseWhen", () => {
  it("reads a day, a month and a year at the precision written", () => {
    expect(parseWhen("24 Feb 2019")).toEqual({ start: "2019-02-24", precision: "day" });
    expect(parseWhen("2019-02-24")).toEqual({ start: "2019-02-24", precision: "day" });
    expect(parseWhen("February 2019")).toEqual({ start: "2019-02-01", precision: "month" });
    expect(parseWhen("2019-02")).toEqual({ start: "2019-02-01", precision: "month" });
    expect(parseWhen("2019")).toEqual({ start: "2019-01-01", precision: "year" });
  });

  it("reads early, mid and late as an approximate third of the month", () => {
    expect(parseWhen("late February 2019")).toEqual({ start: "2019-02-21", end: "2019-02-28", precision: "approx" });
    expect(parseWhen("early Mar 2019")).toEqual({ start: "2019-03-01", end: "2019-03-10", precision: "approx" });
    expect(parseWhen("mid-June 2020")).toEqual({ start: "2020-06-11", end: "2020-06-20", precision: "approx" });
    expect(formatWhen(parseWhen("late February 2019")!)).toBe("c. 21–28 Feb 2019");
  });

  it("reads circa as approximate without narrowing a month to a day", () => {
    expect(parseWhen("c. 24 Feb 2019")).toEqual({ start: "2019-02-24", precision: "approx" });
    expect(parseWhen("c. Feb 2019")).toEqual({ start: "2019-02-01", end: "2019-02-28", precision: "approx" });
  });

  it("reads ranges, sharing the month or year written once", () => {
    expect(parseWhen("20–28 Feb 2019")).toEqual({ start: "2019-02-20", end: "2019-02-28", precision: "day" });
    expect(parseWhen("20-28 Feb 2019")).toEqual({ start: "2019-02-20", end: "2019-02-28", precision: "day" });
    expect(parseWhen("28 Feb – 3 Mar 2019")).toEqual({ start: "2019-02-28", end: "2019-03-03", precision: "day" });
    expect(parseWhen("2019-02-20 to 2019-03-01")).toEqual({ start: "2019-02-20", end: "2019-03-01", precision: "day" });
    expect(parseWhen("Feb–Apr 2019")).toEqual({ start: "2019-02-01", end: "2019-04-01", precision: "month" });
    expect(parseWhen("2017–2019")).toEqual({ start: "2017-01-01", end: "2019-01-01", precision: "year" });
  });

  it("formats what it reads back to the same words", () => {
    for (const text of ["24 Feb 2019", "Feb 2019", "2019", "20–28 Feb 2019", "28 Feb – 3 Mar 2019", "Feb–Apr 2019", "c. 24 Feb 2019"]) {
      expect(formatWhen(parseWhen(text)!)).toBe(text);
    }
  });

  it("reads numeric dates day first by default, in the board's order when both readings exist", () => {
    expect(parseWhen("28/03/2019")).toEqual({ start: "2019-03-28", precision: "day" });
    expect(parseWhen("28.03.2019")).toEqual({ start: "2019-03-28", precision: "day" });
    expect(parseWhen("28-03-2019")).toEqual({ start: "2019-03-28", precision: "day" });
    // Only one reading makes sense of 28/03: the board's order does not matter.
    expect(parseWhen("28/03/2019", { numericOrder: "month-first" })).toEqual({ start: "2019-03-28", precision: "day" });
    expect(parseWhen("03/04/2019")).toEqual({ start: "2019-04-03", precision: "day" });
    expect(parseWhen("03/04/2019", { numericOrder: "month-first" })).toEqual({ start: "2019-03-04", precision: "day" });
    expect(parseWhen("3/4/19")).toEqual({ start: "2019-04-03", precision: "day" });
    expect(parseWhen("28/03/2019 to 02/04/2019")).toEqual({ start: "2019-03-28", end: "2019-04-02", precision: "day" });
    expect(parseWhen("13/13/2019")).toBeNull();
    expect(parseWhen("3/4-2019")).toBeNull();
  });

  it("names the other reading of an ambiguous numeric date, and none for a clear one", () => {
    expect(parseNumericDate("03/04/2019")).toEqual({ date: "2019-04-03", ambiguous: "2019-03-04" });
    expect(parseNumericDate("03/04/2019", "month-first")).toEqual({ date: "2019-03-04", ambiguous: "2019-04-03" });
    expect(parseNumericDate("28/03/2019")).toEqual({ date: "2019-03-28", ambiguous: null });
    expect(parseNumericDate("05/05/2019")).toEqual({ date: "2019-05-05", ambiguous: null });
    expect(otherReading("03/04/2019 to 28/04/2019")).toBe("2019-03-04");
    expect(otherReading("28/03/2019")).toBeNull();
    expect(otherReading("late March 2019")).toBeNull();
  });

  it("reads parts of a year, quarters and weeks of a month", () => {
    expect(parseWhen("early 2019")).toEqual({ start: "2019-01-01", end: "2019-04-30", precision: "approx" });
    expect(parseWhen("mid-2019")).toEqual({ start: "2019-05-01", end: "2019-08-31", precision: "approx" });
    expect(parseWhen("late 2019")).toEqual({ start: "2019-09-01", end: "2019-12-31", precision: "approx" });
    expect(parseWhen("Q1 2019")).toEqual({ start: "2019-01-01", end: "2019-03-01", precision: "month" });
    expect(parseWhen("2019-Q4")).toEqual({ start: "2019-10-01", end: "2019-12-01", precision: "month" });
    expect(formatWhen(parseWhen("Q1 2019")!)).toBe("Jan–Mar 2019");
    expect(parseWhen("first week of April 2019")).toEqual({ start: "2019-04-01", end: "2019-04-07", precision: "approx" });
    expect(parseWhen("second week of Apr 2019")).toEqual({ start: "2019-04-08", end: "2019-04-14", precision: "approx" });
    expect(parseWhen("last week of February 2020")).toEqual({ start: "2020-02-23", end: "2020-02-29", precision: "approx" });
    expect(formatWhen(parseWhen("first week of April 2019")!)).toBe("c. 1–7 Apr 2019");
    expect(parseWhen("Q5 2019")).toBeNull();
    expect(parseWhen("fifth week of April 2019")).toBeNull();
  });

  it("refuses what it cannot read and ranges that end before they start", () => {
    expect(parseWhen("")).toBeNull();
    expect(parseWhen("sometime in spring")).toBeNull();
    expect(parseWhen("28 Feb 2019 to 20 Feb 2019")).toBeNull();
    expect(parseWhen("31 Feb 2019")).toBeNull();
  });
});

describe("whenBounds and overlapsWindow", () => {
  it("spans every day a card may have happened on", () => {
    expect(whenBounds({ start: "2019-02-24", precision: "day" })).toEqual({ start: "2019-02-24", end: "2019-02-24" });
    expect(whenBounds({ start: "2020-02-01", precision: "month" })).toEqual({ start: "2020-02-01", end: "2020-02-29" });
    expect(whenBounds({ start: "2017-01-01", end: "2019-01-01", precision: "year" })).toEqual({
      start: "2017-01-01",
      end: "2019-12-31",
    });
    expect(whenBounds({ start: "2019-02-21", end: "2019-02-28", precision: "approx" })).toEqual({
      start: "2019-02-21",
      end: "2019-02-28",
    });
  });

  it("keeps a month-precise card in a window that covers only part of the month", () => {
    const window = { start: "2019-02-25", end: "2019-03-10" };
    expect(overlapsWindow({ start: "2019-02-01", precision: "month" }, window)).toBe(true);
    expect(overlapsWindow({ start: "2019-02-24", precision: "day" }, window)).toBe(false);
    expect(overlapsWindow({ start: "2019-03-10", precision: "day" }, window)).toBe(true);
  });

  it("extends month and year precision to the end of the period", () => {
    expect(whenBounds({ start: "2019-02-01", precision: "month" }).end).toBe("2019-02-28");
    expect(whenBounds({ start: "2020-02-01", precision: "month" }).end).toBe("2020-02-29");
    expect(whenBounds({ start: "2019-01-01", precision: "year" }).end).toBe("2019-12-31");
    expect(whenBounds({ start: "2019-03-02", precision: "day" }).end).toBe("2019-03-02");
    expect(whenBounds({ start: "2019-03-02", end: "2019-03-09", precision: "approx" }).end).toBe("2019-03-09");
  });

  it("counts a shared day at either end of the window", () => {
    const march = { start: "2019-03-01", end: "2019-03-31" };
    expect(overlapsWindow({ start: "2019-02-20", end: "2019-03-01", precision: "day" }, march)).toBe(true);
    expect(overlapsWindow({ start: "2019-03-31", precision: "day" }, march)).toBe(true);
    expect(overlapsWindow({ start: "2019-02-01", precision: "month" }, march)).toBe(false);
    expect(overlapsWindow({ start: "2019-01-01", precision: "year" }, march)).toBe(true);
  });
});

describe("areaInWindow", () => {
  const year = (y: number) => ({ start: `${y}-01-01`, end: `${y}-12-31` });
  const of2018 = { validFrom: { start: "2018-01-01", precision: "year" }, validTo: { start: "2018-01-01", precision: "year" } } as const;

  it("shows an area valid in 2018 in a 2018 window and hides it in 2021", () => {
    expect(areaInWindow(of2018, year(2018))).toBe(true);
    expect(areaInWindow(of2018, { start: "2018-12-31", end: "2019-01-15" })).toBe(true);
    expect(areaInWindow(of2018, year(2021))).toBe(false);
    expect(areaInWindow(of2018, year(2017))).toBe(false);
  });

  it("shows every area when there is no window", () => {
    expect(areaInWindow(of2018, null)).toBe(true);
  });

  it("reads a bound left out as open", () => {
    expect(areaInWindow({}, year(1990))).toBe(true);
    const since2019 = { validFrom: { start: "2019-03-01", precision: "day" } } as const;
    expect(areaInWindow(since2019, year(2030))).toBe(true);
    expect(areaInWindow(since2019, year(2018))).toBe(false);
    const until2019 = { validTo: { start: "2019-03-01", precision: "day" } } as const;
    expect(areaInWindow(until2019, year(1990))).toBe(true);
    expect(areaInWindow(until2019, { start: "2019-03-02", end: "2019-04-01" })).toBe(false);
  });

  it("counts a fuzzy bound's whole period: a month, an approximate range", () => {
    const untilFeb = { validTo: { start: "2019-02-01", precision: "month" } } as const;
    expect(areaInWindow(untilFeb, { start: "2019-02-28", end: "2019-03-10" })).toBe(true);
    expect(areaInWindow(untilFeb, { start: "2019-03-01", end: "2019-03-10" })).toBe(false);
    const fromAbout = { validFrom: { start: "2019-02-18", end: "2019-02-28", precision: "approx" } } as const;
    expect(areaInWindow(fromAbout, { start: "2019-02-01", end: "2019-02-18" })).toBe(true);
    expect(areaInWindow(fromAbout, { start: "2019-02-01", end: "2019-02-17" })).toBe(false);
  });
});

describe("day numbers", () => {
  it("count days from 1970 in UTC and convert back", () => {
    expect(dayNumber("1970-01-02")).toBe(1);
    expect(isoFromDayNumber(dayNumber("2019-02-28") + 1)).toBe("2019-03-01");
    expect(addDays("2020-02-28", 2)).toBe("2020-03-01");
    expect(Number.isNaN(dayNumber("nope"))).toBe(true);
  });
});

describe("formatValidity", () => {
  it("says when an area holds as people write it", () => {
    const year = { start: "2018-01-01", precision: "year" } as const;
    expect(formatValidity({ validFrom: year, validTo: year })).toBe("2018");
    expect(formatValidity({ validFrom: year, validTo: { start: "2019-03-01", precision: "month" } })).toBe("2018 – Mar 2019");
    expect(formatValidity({ validFrom: { start: "2019-02-18", end: "2019-02-28", precision: "approx" } })).toBe("from c. 18–28 Feb 2019");
    expect(formatValidity({ validTo: { start: "2020-06-30", precision: "day" } })).toBe("until 30 Jun 2020");
    expect(formatValidity({})).toBe("no set period");
  });
});
