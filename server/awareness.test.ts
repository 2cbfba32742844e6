/** The server's filter of awareness updates: identity from the ticket, presenting only for presenters. */
import { describe, expect, it } from "vitest";
import { encodeAwarenessEntries, readAwarenessEntries } from "@/lib/collab/wire";
import { filterAwarenessUpdate } from "./awareness";

const USER = { id: "u1", name: "Vera", color: "#1971c2" };
const PRESENT = { sceneId: "s1", title: "North", index: 0, count: 2 };

function update(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  return encodeAwarenessEntries(entries.map((entry) => ({ ...entry, state: JSON.stringify(entry.state) })));
}

function states(bytes: Uint8Array | null): unknown[] {
  if (!bytes) return [];
  return Array.from(readAwarenessEntries(bytes), (entry) => JSON.parse(entry.state));
}

describe("filterAwarenessUpdate", () => {
  const claimed = update([{ clientId: 7, clock: 1, state: { user: { id: "owner", name: "Olga" }, present: PRESENT, following: 3 } }]);

  it("drops a presentation announced by someone who may not present, keeping the rest", () => {
    expect(states(filterAwarenessUpdate(claimed, () => true, USER))).toEqual([{ user: USER, following: 3 }]);
  });

  it("keeps the presentation of someone who may present", () => {
    expect(states(filterAwarenessUpdate(claimed, () => true, USER, true))).toEqual([{ user: USER, present: PRESENT, following: 3 }]);
  });

  it("keeps a state that leaves (null) and drops entries the connection may not write", () => {
    const bytes = update([
      { clientId: 7, clock: 2, state: null },
      { clientId: 8, clock: 1, state: { cursor: 1 } },
    ]);
    expect(states(filterAwarenessUpdate(bytes, (id) => id === 7, USER, true))).toEqual([null]);
  });
});
