/** Unit tests of what the board's live region says: people coming and going, and saving when it matters. */
import { describe, expect, it } from "vitest";
import { initialSaveStatus, nextSaveStatus, type SaveEvent, type SaveStatus } from "@/lib/collab/save-state";
import { presenceAnnouncement, saveAnnouncement, saveSummary, type SaveSummary } from "./announcements";

const person = (id: string, name: string) => ({ id, name, color: "#1971c2" });
const [me, ben, cleo, dan] = [person("me", "Ana"), person("b", "Ben"), person("c", "Cleo"), person("d", "Dan")];

describe("presenceAnnouncement", () => {
  it("names who joined and who left, never the person themselves", () => {
    expect(presenceAnnouncement([me], [me, ben], "me")).toBe("Ben joined.");
    expect(presenceAnnouncement([me, ben], [me], "me")).toBe("Ben left.");
    expect(presenceAnnouncement([], [me], "me")).toBeNull();
    expect(presenceAnnouncement([me, ben], [me, cleo, dan], "me")).toBe("Cleo and Dan joined. Ben left.");
    expect(presenceAnnouncement([me], [me, ben, cleo, dan], "me")).toBe("Ben, Cleo and Dan joined.");
  });

  it("says nothing when the same people are there", () => {
    expect(presenceAnnouncement([me, ben], [ben, me], "me")).toBeNull();
  });
});

/** The statuses a page goes through for `events`, from the first. */
function walk(events: SaveEvent[]): SaveStatus[] {
  const statuses = [initialSaveStatus()];
  for (const event of events) statuses.push(nextSaveStatus(statuses.at(-1)!, event));
  return statuses;
}

/** What the region says along the way, remembering the last summary as the board does. */
function said(events: SaveEvent[]): string[] {
  let last: SaveSummary = null;
  const out: string[] = [];
  for (const status of walk(events)) {
    const text = saveAnnouncement(last, status);
    if (text) out.push(text);
    last = saveSummary(status) ?? last;
  }
  return out;
}

describe("saveAnnouncement", () => {
  it("stays quiet while typing is saved as usual", () => {
    expect(
      said([
        { type: "open" },
        { type: "confirmed", pending: 0 },
        { type: "pending", pending: 3 },
        { type: "confirmed", pending: 0 },
        { type: "pending", pending: 1 },
        { type: "confirmed", pending: 0 },
      ]),
    ).toEqual([]);
  });

  it("says where changes are kept when the network goes, and once they are all saved again", () => {
    expect(
      said([
        { type: "open" },
        { type: "confirmed", pending: 0 },
        { type: "pending", pending: 2 },
        { type: "closed" },
        { type: "pending", pending: 5 },
        { type: "open" },
        { type: "confirmed", pending: 0 },
      ]),
    ).toEqual(["Offline — changes kept on this device.", "Back online — all changes saved."]);
  });

  it("says when changes live in this tab only, and why the server will not save them", () => {
    expect(said([{ type: "durable", durable: false }, { type: "pending", pending: 1 }, { type: "closed" }])).toEqual([
      "Offline — changes kept in this tab only; keep it open.",
    ]);
    expect(said([{ type: "open" }, { type: "notSaved", reason: "the board is full" }])).toEqual(["Changes not saved — the board is full."]);
  });
});
