/** The caret plugin's view of awareness: other people's malformed cursors are not there, everything else is. */
import { afterEach, describe, expect, it } from "vitest";
import { applyAwarenessUpdate, Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { encodeAwarenessEntries } from "@/lib/collab/wire";
import { caretAwareness } from "./caretAwareness";

const USER = { id: "u1", name: "Vera", color: "#1971c2" };
const END = { type: null, tname: "narrative", item: null, assoc: -1 };
const CURSOR = { anchor: END, head: END };

const made: Awareness[] = [];
afterEach(() => made.splice(0).forEach((awareness) => awareness.destroy()));

function withPeers(states: Record<number, unknown>): Awareness {
  const awareness = new Awareness(new Y.Doc());
  made.push(awareness);
  const entries = Object.entries(states).map(([clientId, state]) => ({ clientId: Number(clientId), clock: 1, state: JSON.stringify(state) }));
  applyAwarenessUpdate(awareness, encodeAwarenessEntries(entries), "server");
  return awareness;
}

describe("caretAwareness", () => {
  it("hands out states with malformed cursors (and users) left out, and well-formed ones as they are", () => {
    const awareness = withPeers({
      1: { user: USER, cursor: { anchor: null, head: null } },
      2: { user: USER, cursor: "here" },
      3: { user: "Mallory", cursor: CURSOR },
      4: { user: USER, cursor: CURSOR },
    });
    const seen = caretAwareness(awareness);
    for (const states of [seen.getStates(), seen.states]) {
      expect(states.get(1)).toEqual({ user: USER });
      expect(states.get(2)).toEqual({ user: USER });
      expect(states.get(3)).toEqual({ cursor: CURSOR });
      expect(states.get(4)).toEqual({ user: USER, cursor: CURSOR });
    }
    // Each state is read once: the same object until it changes.
    expect(seen.getStates().get(4)).toBe(seen.getStates().get(4));
  });

  it("writes, reads the local state and notifies through the real awareness", () => {
    const awareness = withPeers({});
    const seen = caretAwareness(awareness);
    const changes: unknown[] = [];
    const onChange = (change: unknown) => changes.push(change);
    seen.on("change", onChange);
    seen.setLocalStateField("cursor", CURSOR);
    expect(awareness.getLocalState()).toEqual({ cursor: CURSOR });
    expect(seen.getLocalState()).toEqual({ cursor: CURSOR });
    expect(seen.clientID).toBe(awareness.clientID);
    expect(changes).toHaveLength(1);
    seen.off("change", onChange);
    awareness.setLocalStateField("cursor", null);
    expect(changes).toHaveLength(1);
  });
});
