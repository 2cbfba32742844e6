/**
 * The server's filter of awareness updates: identity from the ticket, every field parsed against
 * the presence schema, presenting only for presenters, a few client ids per connection and never
 * someone else's. Then random states and updates thrown at it (fast-check).
 */
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { applyAwarenessUpdate, Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import { PresenceStateSchema, readPresence, type PresenterState } from "@/lib/collab/presence";
import { AWARENESS_CLIENT_GRACE_MS, CloseCode, MAX_AWARENESS_CLIENTS_PER_CONNECTION } from "@/lib/collab/protocol";
import { encodeAwarenessEntries, readAwarenessEntries } from "@/lib/collab/wire";
import { AwarenessOwners, AwarenessRefused, filterAwarenessUpdate, type AwarenessRoom, type AwarenessSpeaker } from "./awareness";
import type { RoomPeer } from "./room";

const VERA = { id: "u1", name: "Vera", color: "#1971c2" };
const OLGA = { id: "u2", name: "Olga", color: "#2f9e44" };
const PRESENT: PresenterState = {
  sceneId: "s1",
  title: "North",
  index: 0,
  count: 2,
  view: { lng: 1, lat: 2, zoom: 3, bearing: 0, pitch: 0 },
  timeWindow: null,
  focus: { pinIds: [], cardIds: [] },
  narrativeAnchor: null,
};

/** A narrative with one paragraph, and a cursor in it as y-tiptap puts one in awareness. */
const narrativeDoc = new Y.Doc();
const text = new Y.XmlText("Hello world");
const paragraph = new Y.XmlElement("paragraph");
paragraph.insert(0, [text]);
narrativeDoc.getXmlFragment("narrative").insert(0, [paragraph]);
const asAwarenessJson = (position: Y.RelativePosition): unknown => JSON.parse(JSON.stringify(position));
const CURSOR = {
  anchor: asAwarenessJson(Y.createRelativePositionFromTypeIndex(text, 2, -1)),
  head: asAwarenessJson(Y.createRelativePositionFromTypeIndex(narrativeDoc.getXmlFragment("narrative"), 1, -1)),
};

const rooms: Awareness[] = [];
afterEach(() => rooms.splice(0).forEach((awareness) => awareness.destroy()));

/** A room's awareness as the server keeps it: no state of its own, and its owners. */
function newRoom(): AwarenessRoom {
  const awareness = new Awareness(new Y.Doc());
  awareness.setLocalState(null);
  rooms.push(awareness);
  return { awareness, awarenessOwners: new AwarenessOwners(awareness) };
}

function speaker(user = VERA, mayPresent = false): AwarenessSpeaker {
  const peer: RoomPeer = { userId: user.id, send: () => {}, close: () => {} };
  return { peer, user, mayPresent };
}

function update(entries: Array<{ clientId: number; clock: number; state: unknown }>): Uint8Array {
  return encodeAwarenessEntries(entries.map((entry) => ({ ...entry, state: JSON.stringify(entry.state) })));
}

/** Filters `entries` as sent by `from`, applies what passes as the room would, and returns it by client id. */
function send(room: AwarenessRoom, from: AwarenessSpeaker, entries: Array<{ clientId: number; clock: number; state: unknown }>, now?: number) {
  const passed = filterAwarenessUpdate(update(entries), room, from, now);
  if (passed) applyAwarenessUpdate(room.awareness, passed, from.peer);
  return new Map(passed ? Array.from(readAwarenessEntries(passed), (entry) => [entry.clientId, JSON.parse(entry.state) as unknown]) : []);
}

function refusal(run: () => unknown): AwarenessRefused {
  try {
    run();
  } catch (error) {
    if (error instanceof AwarenessRefused) return error;
    throw error;
  }
  throw new Error("not refused");
}

describe("filterAwarenessUpdate: each state", () => {
  it("takes `user` from the ticket, keeps well-formed known fields and drops unknown ones", () => {
    const state = { user: OLGA, cursor: CURSOR, map: { selectedPinId: "p1", pointer: [1.5, 2.5] }, following: 42, bench: 1, cursorColor: "red" };
    expect(send(newRoom(), speaker(), [{ clientId: 7, clock: 1, state }]).get(7)).toEqual({
      user: VERA,
      cursor: CURSOR,
      map: { selectedPinId: "p1", pointer: [1.5, 2.5] },
      following: 42,
    });
  });

  it.each([
    ["null ends", { anchor: null, head: null }],
    ["a string", "here"],
    ["ids of the wrong type", { anchor: { type: { client: "1", clock: 0 }, tname: null, item: null, assoc: 0 }, head: CURSOR.head }],
    ["a negative client", { anchor: { type: null, tname: null, item: { client: -1, clock: 0 }, assoc: 0 }, head: CURSOR.head }],
    ["a position pointing nowhere", { anchor: { type: null, tname: null, item: null, assoc: 0 }, head: CURSOR.head }],
    ["another root's name", { anchor: { type: null, tname: "pins", item: null, assoc: 0 }, head: CURSOR.head }],
  ])("drops a cursor with %s and keeps the person", (_case, cursor) => {
    const relayed = send(newRoom(), speaker(), [{ clientId: 7, clock: 1, state: { cursor, map: { selectedPinId: null, pointer: null } } }]);
    expect(relayed.get(7)).toEqual({ user: VERA, map: { selectedPinId: null, pointer: null } });
  });

  it("keeps a presentation only from someone who may present", () => {
    const state = { present: PRESENT, following: 3 };
    expect(send(newRoom(), speaker(VERA, false), [{ clientId: 7, clock: 1, state }]).get(7)).toEqual({ user: VERA, following: 3 });
    expect(send(newRoom(), speaker(VERA, true), [{ clientId: 7, clock: 1, state }]).get(7)).toEqual({ user: VERA, present: PRESENT, following: 3 });
  });

  it("relays a state that leaves (null, or anything not an object) for the connection's own id", () => {
    const room = newRoom();
    const vera = speaker();
    send(room, vera, [{ clientId: 7, clock: 1, state: {} }]);
    expect(send(room, vera, [{ clientId: 7, clock: 2, state: [1, 2] }]).get(7)).toBeNull();
  });

  it("refuses an oversized state with 4413 and a malformed update with 4400", () => {
    expect(refusal(() => filterAwarenessUpdate(update([{ clientId: 7, clock: 1, state: { cursor: "x".repeat(5000) } }]), newRoom(), speaker())).code).toBe(CloseCode.tooLarge);
    const notJson = encodeAwarenessEntries([{ clientId: 7, clock: 1, state: "{not json" }]);
    expect(refusal(() => filterAwarenessUpdate(notJson, newRoom(), speaker())).code).toBe(CloseCode.malformed);
    expect(refusal(() => filterAwarenessUpdate(new Uint8Array([3, 1]), newRoom(), speaker())).code).toBe(CloseCode.malformed);
  });
});

describe("filterAwarenessUpdate: client ids", () => {
  it("refuses from its count alone an update naming more clients than the room knows plus the per-connection allowance", () => {
    const room = newRoom();
    const known = room.awareness.meta.size; // the server's own (empty) state
    const entries = Array.from({ length: known + MAX_AWARENESS_CLIENTS_PER_CONNECTION + 1 }, (_, i) => ({ clientId: i + 1, clock: 1, state: {} }));
    const refused = refusal(() => filterAwarenessUpdate(update(entries), room, speaker()));
    expect([refused.code, refused.message]).toEqual([CloseCode.tooLarge, "Too many awareness clients in one message"]);
    expect(room.awareness.meta.size).toBe(known);
  });

  it("lets a connection introduce a few client ids, and closes one that introduces more", () => {
    const room = newRoom();
    const vera = speaker();
    const ids = Array.from({ length: MAX_AWARENESS_CLIENTS_PER_CONNECTION }, (_, i) => i + 1);
    expect(Array.from(send(room, vera, ids.map((clientId) => ({ clientId, clock: 1, state: {} }))).keys())).toEqual(ids);
    expect(refusal(() => send(room, vera, [{ clientId: 99, clock: 1, state: {} }])).code).toBe(CloseCode.tooLarge);
  });

  it("skips entries another connection holds, stale entries, and 'left' for ids a connection does not hold: a stock client's echoes", () => {
    const room = newRoom();
    const olga = speaker(OLGA);
    const vera = speaker();
    send(room, olga, [{ clientId: 1, clock: 3, state: { following: 5 } }]);
    expect(send(room, vera, [{ clientId: 1, clock: 9, state: { hijacked: true } }]).size).toBe(0);
    expect(send(room, vera, [{ clientId: 2, clock: 1, state: null }]).size).toBe(0);
    expect(send(room, olga, [{ clientId: 1, clock: 3, state: { following: 6 } }]).size).toBe(0);
    expect(room.awareness.getStates().get(1)).toEqual({ following: 5, user: OLGA });
  });

  it("keeps a client id its person's after they left, for the grace period: others are refused, they may take it back", () => {
    const room = newRoom();
    const editor = speaker(OLGA);
    const viewer = speaker(VERA);
    send(room, editor, [{ clientId: 1, clock: 1, state: { cursor: CURSOR } }]);
    // The editor drops off: the room removes their state and lets the connection go (as room.leave does).
    applyAwarenessUpdate(room.awareness, update([{ clientId: 1, clock: 2, state: null }]), editor.peer);
    room.awarenessOwners.leave(editor.peer);
    const left = Date.now();

    expect(send(room, viewer, [{ clientId: 1, clock: 5, state: { cursor: CURSOR } }], left + 1_000).size).toBe(0);
    expect(room.awareness.getStates().has(1)).toBe(false);
    const back = speaker(OLGA);
    expect(send(room, back, [{ clientId: 1, clock: 3, state: {} }], left + 2_000).get(1)).toEqual({ user: OLGA });

    // Once gone for longer than the grace period, an id is anyone's.
    applyAwarenessUpdate(room.awareness, update([{ clientId: 1, clock: 4, state: null }]), back.peer);
    room.awarenessOwners.leave(back.peer);
    expect(send(room, viewer, [{ clientId: 1, clock: 5, state: {} }], Date.now() + AWARENESS_CLIENT_GRACE_MS).get(1)).toEqual({ user: VERA });
  });

  it("refuses an id another person wrote the document with, however long ago", () => {
    const awareness = new Awareness(new Y.Doc());
    awareness.setLocalState(null);
    rooms.push(awareness);
    const room: AwarenessRoom = { awareness, awarenessOwners: new AwarenessOwners(awareness, (clientId) => (clientId === 9 ? OLGA.id : undefined)) };
    expect(send(room, speaker(VERA), [{ clientId: 9, clock: 1, state: {} }], Date.now() + 10 * AWARENESS_CLIENT_GRACE_MS).size).toBe(0);
    expect(send(room, speaker(OLGA), [{ clientId: 9, clock: 1, state: {} }]).get(9)).toEqual({ user: OLGA });
  });

  it("refuses an id a person on another instance holds (known only from the state the room applied)", () => {
    const room = newRoom();
    applyAwarenessUpdate(room.awareness, update([{ clientId: 1, clock: 1, state: { user: OLGA } }]), "remote");
    expect(send(room, speaker(), [{ clientId: 1, clock: 2, state: {} }]).size).toBe(0);
  });
});

// ------------------------------------------------------------------ random states

const ODD_NUMBERS = [0, -1, 1.5, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e308, Number.MIN_VALUE];
const idNumber = fc.oneof(fc.constantFrom(...ODD_NUMBERS, narrativeDoc.clientID), fc.integer({ min: 0, max: 40 }), fc.double());
const jsonish = fc.oneof(fc.jsonValue(), fc.constantFrom("", "narrative", "pins", "__proto__", null), idNumber);
const mostly = <T>(likely: fc.Arbitrary<T>, rest: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: likely, weight: 4 }, { arbitrary: rest, weight: 1 });
const yjsId = mostly(fc.record({ client: idNumber, clock: idNumber }), jsonish);
const relativePosition = mostly(
  fc.record(
    {
      type: fc.option(yjsId),
      tname: mostly(fc.constantFrom(null, "narrative"), jsonish),
      item: fc.option(yjsId),
      assoc: mostly(fc.constantFrom(-1, 0), jsonish),
    },
    { requiredKeys: [] },
  ),
  jsonish,
);
const cursor = fc.oneof(
  { arbitrary: fc.record({ anchor: relativePosition, head: relativePosition }, { requiredKeys: [] }), weight: 4 },
  { arbitrary: jsonish, weight: 1 },
  { arbitrary: fc.constant(CURSOR), weight: 1 },
);
const presenceLike = fc.record(
  {
    user: fc.oneof(jsonish, fc.constant(OLGA)),
    cursor,
    map: fc.oneof(jsonish, fc.record({ selectedPinId: jsonish, pointer: fc.oneof(jsonish, fc.tuple(idNumber, idNumber)) })),
    present: fc.oneof(jsonish, fc.constant(PRESENT)),
    following: idNumber,
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);
const anyState = mostly(presenceLike, fc.jsonValue());

/** Every cursor the schema lets through resolves in a real narrative, or resolves to nothing: it never throws. */
function expectResolvable(state: { cursor?: { anchor: object; head: object } | null }): void {
  if (!state.cursor) return;
  for (const end of [state.cursor.anchor, state.cursor.head]) {
    Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(end), narrativeDoc);
  }
}

describe("random awareness states (property)", () => {
  it("readPresence lets through only cursors that Yjs resolves without throwing", () => {
    fc.assert(fc.property(cursor, (random) => expectResolvable(readPresence({ cursor: random }))), { numRuns: 5_000 });
  });

  it("readPresence never throws, keeps only known fields and keeps what parses against the schema", () => {
    fc.assert(
      fc.property(anyState, (state) => {
        const fields = readPresence(state);
        expect(PresenceStateSchema.partial().strict().safeParse(fields).success).toBe(true);
        expectResolvable(fields);
      }),
      { numRuns: 2_000 },
    );
  });

  it("filterAwarenessUpdate throws only AwarenessRefused, and relays only states that parse, with the ticket's user", () => {
    const entry = fc.record({ clientId: idNumber.filter((n) => Number.isSafeInteger(n) && n >= 0), clock: fc.nat(), state: anyState });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), fc.boolean(), (entries, mayPresent) => {
        const room = newRoom();
        const from = speaker(VERA, mayPresent);
        let relayed: Uint8Array | null;
        try {
          relayed = filterAwarenessUpdate(update(entries), room, from);
        } catch (error) {
          expect(error).toBeInstanceOf(AwarenessRefused);
          return;
        }
        for (const { clientId, state } of relayed ? readAwarenessEntries(relayed) : []) {
          expect(entries.map((e) => e.clientId)).toContain(clientId);
          const parsed: unknown = JSON.parse(state);
          if (parsed === null) continue;
          const presence = PresenceStateSchema.strict().parse(parsed);
          expect(presence.user).toEqual(VERA);
          if (!mayPresent) expect(presence.present).toBeUndefined();
          expectResolvable(presence);
        }
      }),
      { numRuns: 500 },
    );
  });

  it("filterAwarenessUpdate refuses random bytes with AwarenessRefused and nothing else", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          filterAwarenessUpdate(bytes, newRoom(), speaker());
        } catch (error) {
          expect(error).toBeInstanceOf(AwarenessRefused);
        }
      }),
      { numRuns: 500 },
    );
  });
});
