/** Every transition of the save-state machine, and the words the header shows for each state. */
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import {
  initialSaveStatus,
  losesChangesOnClose,
  nextSaveStatus,
  saveLabel,
  saveStateOf,
  unconfirmedChanges,
  type SaveEvent,
  type SaveStatus,
} from "./save-state";

const run = (events: SaveEvent[], from: SaveStatus = initialSaveStatus()) => events.reduce(nextSaveStatus, from);

describe("the save-state machine", () => {
  it("starts as Connecting…, never offline, and stays so until the server's state arrives", () => {
    expect(saveLabel(initialSaveStatus())).toBe("Connecting…");
    expect(saveStateOf(run([{ type: "connecting" }]))).toBe("connecting");
    expect(saveStateOf(run([{ type: "connecting" }, { type: "open" }]))).toBe("connecting");
  });

  it("is Saved once the server's committed state covers every change of this device", () => {
    const status = run([{ type: "connecting" }, { type: "open" }, { type: "confirmed", pending: 0 }]);
    expect(saveStateOf(status)).toBe("saved");
    expect(saveLabel(status)).toBe("Saved");
  });

  it("is Saving… after a local change, and Saved again once the commit is confirmed", () => {
    const saved = run([{ type: "open" }, { type: "confirmed", pending: 0 }]);
    const saving = nextSaveStatus(saved, { type: "pending", pending: 3 });
    expect(saveLabel(saving)).toBe("Saving…");
    expect(saveStateOf(nextSaveStatus(saving, { type: "confirmed", pending: 1 }))).toBe("saving");
    expect(saveStateOf(nextSaveStatus(saving, { type: "confirmed", pending: 0 }))).toBe("saved");
  });

  it("shows changes kept from an earlier visit as Saving… while reconnecting", () => {
    const status = run([{ type: "pending", pending: 4 }, { type: "connecting" }, { type: "open" }]);
    expect(saveStateOf(status)).toBe("saving");
  });

  it("is offline with the count of changes on this device once the connection is lost", () => {
    const offline = run([{ type: "open" }, { type: "confirmed", pending: 0 }, { type: "closed" }]);
    expect(saveLabel(offline)).toBe("Offline — no unsaved changes");
    expect(saveLabel(nextSaveStatus(offline, { type: "pending", pending: 1 }))).toBe("Offline — 1 change on this device");
    expect(saveLabel(nextSaveStatus(offline, { type: "pending", pending: 12 }))).toBe("Offline — 12 changes on this device");
  });

  it("stays offline while retrying, and a first connection that fails is offline too", () => {
    const offline = run([{ type: "open" }, { type: "closed" }, { type: "connecting" }]);
    expect(saveStateOf(offline)).toBe("offline");
    expect(saveStateOf(run([{ type: "connecting" }, { type: "closed" }]))).toBe("offline");
    expect(saveStateOf(run([{ type: "closed" }, { type: "connecting" }, { type: "open" }, { type: "confirmed", pending: 0 }]))).toBe("saved");
  });

  it("does not take a confirmation that arrives while closed as Saved", () => {
    const status = run([{ type: "closed" }, { type: "confirmed", pending: 0 }]);
    expect(saveStateOf(status)).toBe("offline");
    expect(status.confirmed).toBe(false);
  });

  it("a new connection must be confirmed again before it shows Saved", () => {
    const status = run([{ type: "open" }, { type: "confirmed", pending: 0 }, { type: "closed" }, { type: "open" }]);
    expect(saveStateOf(status)).toBe("connecting");
  });

  it("says the changes are in this tab only when the device cannot keep them, and asks before closing", () => {
    const memoryOnly = run([{ type: "durable", durable: false }, { type: "closed" }, { type: "pending", pending: 2 }]);
    expect(saveLabel(memoryOnly)).toBe("Offline — 2 changes in this tab only");
    expect(losesChangesOnClose(memoryOnly)).toBe(true);
    expect(losesChangesOnClose(nextSaveStatus(memoryOnly, { type: "durable", durable: true }))).toBe(false);
    expect(losesChangesOnClose(nextSaveStatus(memoryOnly, { type: "pending", pending: 0 }))).toBe(false);
  });

  it("is Not saved with the reason while refused, whatever the connection, until the refusal is lifted", () => {
    const refused = run([{ type: "open" }, { type: "confirmed", pending: 2 }, { type: "notSaved", reason: "the change is too large" }]);
    expect(saveLabel(refused)).toBe("Not saved — the change is too large");
    expect(saveStateOf(nextSaveStatus(refused, { type: "closed" }))).toBe("notSaved");
    expect(saveStateOf(nextSaveStatus(refused, { type: "notSaved", reason: null }))).toBe("saving");
  });

  it("returns the same status for events that change nothing", () => {
    const status = run([{ type: "open" }, { type: "confirmed", pending: 0 }]);
    expect(nextSaveStatus(status, { type: "pending", pending: 0 })).toBe(status);
    expect(nextSaveStatus(status, { type: "durable", durable: true })).toBe(status);
    expect(nextSaveStatus(status, { type: "notSaved", reason: null })).toBe(status);
  });
});

describe("unconfirmed changes", () => {
  it("counts only this person's client ids beyond the server's state vector", () => {
    const mine = new Y.Doc();
    const earlier = new Y.Doc();
    const other = new Y.Doc();
    earlier.getText("t").insert(0, "abc");
    other.getText("t").insert(0, "zz");
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(earlier));
    Y.applyUpdate(mine, Y.encodeStateAsUpdate(other));
    mine.getText("t").insert(0, "de");
    const own = [mine.clientID, earlier.clientID];
    expect(unconfirmedChanges(mine, own, null)).toBe(5);
    expect(unconfirmedChanges(mine, own, new Map([[earlier.clientID, 3]]))).toBe(2);
    expect(unconfirmedChanges(mine, own, Y.decodeStateVector(Y.encodeStateVector(mine)))).toBe(0);
  });
});
