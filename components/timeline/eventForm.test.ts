/**
 * The card editor's "Event details" boxes: a card's details fill them and come back unchanged,
 * empty boxes are unknown fields, and what the schema cannot word well is named by box.
 */
import { describe, expect, it } from "vitest";
import { EventDetailsSchema, type EventDetails } from "@/lib/board/schema";
import { EMPTY_EVENT, eventFieldOfIssue, eventFormValues, eventFromForm, eventSummary } from "./eventForm";

const details: EventDetails = {
  sourceId: "MLI9002",
  sourceDate: "2018-07-02",
  eventType: "Battles",
  subEventType: "Armed clash",
  actor1: { name: "JNIM", associated: ["Katiba Macina", "Ansar Dine"] },
  actor2: { name: "Military Forces" },
  inter1: "2",
  inter2: "1",
  fatalities: 0,
  country: "Mali",
  admin1: "Tombouctou",
  extra: { reporter: "Desk 4", score: 0.75 },
};

describe("the event details form", () => {
  it("gives back a card's details unchanged, the day and properties it has no box for included", () => {
    const values = eventFormValues(details);
    expect(values).toMatchObject({ actor1: "JNIM", assoc1: "Katiba Macina; Ansar Dine", fatalities: "0", admin2: "" });
    expect(eventFromForm(values, details)).toEqual({ event: details, problems: {} });
  });

  it("leaves out what is cleared, and has no details when every box is empty", () => {
    const values = { ...eventFormValues(details), fatalities: "", actor2: "", country: " " };
    const { event } = eventFromForm(values, details);
    expect(event).not.toHaveProperty("fatalities");
    expect(event).not.toHaveProperty("actor2");
    expect(event).not.toHaveProperty("country");
    expect(EventDetailsSchema.parse(event)).toEqual(event);
    expect(eventFromForm(EMPTY_EVENT, undefined)).toEqual({ event: null, problems: {} });
  });

  it("names a count that is not one, and associated actors acting with nobody, next to their box", () => {
    const values = { ...EMPTY_EVENT, fatalities: "about 10", assoc2: "Dozo" };
    expect(eventFromForm(values, undefined).problems).toEqual({
      fatalities: "a whole number of 0 or more, or empty when unknown",
      actor2: "name the actor the associated actors act with",
    });
  });

  it("puts each schema problem next to its box", () => {
    const issues = EventDetailsSchema.safeParse({ country: "x".repeat(101), actor1: { name: "JNIM", associated: ["x".repeat(301)] } }).error!.issues;
    expect(issues.map((issue) => eventFieldOfIssue(["event", ...issue.path])).sort()).toEqual(["assoc1", "country"]);
    expect(eventFieldOfIssue(["event", "actor2", "name"])).toBe("actor2");
    expect(eventFieldOfIssue(["title"])).toBeUndefined();
  });

  it("sums a card's details up in one line for the list", () => {
    expect(eventSummary(details)).toBe("Armed clash · JNIM vs Military Forces · 0 fatalities");
    expect(eventSummary({ eventType: "Riots", fatalities: 1 })).toBe("Riots · 1 fatality");
    expect(eventSummary({ country: "Mali" })).toBe("");
    expect(eventSummary(undefined)).toBe("");
  });
});
