/** The wire encoders write what the stock y-protocols/y-websocket code writes, and the decoders refuse what the server must refuse. */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { describe, expect, it } from "vitest";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import {
  MessageType,
  SyncKind,
  decodeMessage,
  encodeAwarenessEntries,
  encodeAwarenessMessage,
  encodeSaved,
  encodeSyncStep1,
  encodeQueryAwareness,
  encodeSyncStep2,
  encodeUpdate,
  readAwarenessEntries,
  readMessageType,
  readSavedState,
  toBytes,
  TooManyAwarenessEntries,
  splitUpdate,
} from "./wire";

/** What y-websocket's provider writes: the sync message type, then y-protocols' own encoding. */
function stock(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

describe("wire", () => {
  const doc = new Y.Doc();
  doc.getMap("m").set("k", "v");
  const update = Y.encodeStateAsUpdate(doc);

  it("encodes the awareness query as y-websocket does, and decodes it", () => {
    expect(Array.from(encodeQueryAwareness())).toEqual([3]);
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ type: MessageType.queryAwareness });
  });

  it("encodes sync messages byte for byte as y-protocols does", () => {
    expect(encodeSyncStep1(Y.encodeStateVector(doc))).toEqual(stock((e) => syncProtocol.writeSyncStep1(e, doc)));
    expect(encodeSyncStep2(update)).toEqual(stock((e) => syncProtocol.writeSyncStep2(e, doc)));
    expect(encodeUpdate(update)).toEqual(stock((e) => syncProtocol.writeUpdate(e, update)));
  });

  it("encodes awareness entries as y-protocols does, and reads them back", () => {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc());
    awareness.setLocalState({ cursor: 1 });
    const stockUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [awareness.clientID]);
    const entries = Array.from(readAwarenessEntries(stockUpdate));
    expect(entries).toEqual([{ clientId: awareness.clientID, clock: 1, state: JSON.stringify({ cursor: 1 }) }]);
    expect(encodeAwarenessEntries(entries)).toEqual(stockUpdate);
    expect(() => Array.from(readAwarenessEntries(new Uint8Array([...stockUpdate, 0])))).toThrow(/trailing/);
    awareness.destroy();
  });

  it("refuses an awareness update naming more clients than allowed from its count alone, before decoding any entry", () => {
    const entries = [1, 2, 3].map((clientId) => ({ clientId, clock: 1, state: "{}" }));
    expect(Array.from(readAwarenessEntries(encodeAwarenessEntries(entries), 3))).toEqual(entries);
    expect(() => Array.from(readAwarenessEntries(encodeAwarenessEntries(entries), 2))).toThrow(TooManyAwarenessEntries);
    // Only the count of a huge update: were any entry decoded, this would fail as truncated instead.
    const countOnly = encoding.createEncoder();
    encoding.writeVarUint(countOnly, 100_000);
    expect(() => readAwarenessEntries(encoding.toUint8Array(countOnly), 4).next()).toThrow(TooManyAwarenessEntries);
  });

  it("reads the saved state of a step 1 without moving the decoder, and nothing from other sync messages", () => {
    const saved = encodeSaved(Y.encodeStateVector(doc));
    const decoder = decoding.createDecoder(saved);
    expect(readMessageType(decoder)).toBe(MessageType.sync);
    expect(readSavedState(decoder)).toEqual(Y.encodeStateVector(doc));
    expect(decoding.readVarUint(decoder)).toBe(SyncKind.step1);
    const other = decoding.createDecoder(encodeUpdate(update));
    readMessageType(other);
    expect(readSavedState(other)).toBeNull();
  });

  it("decodes a client's messages and refuses unknown types, unknown sync kinds and trailing bytes", () => {
    expect(decodeMessage(encodeUpdate(update))).toEqual({ type: MessageType.sync, kind: SyncKind.update, payload: update });
    expect(decodeMessage(encodeAwarenessMessage(new Uint8Array([0])))).toEqual({ type: MessageType.awareness, update: new Uint8Array([0]) });
    expect(decodeMessage(new Uint8Array([MessageType.auth, 9, 9]))).toEqual({ type: MessageType.auth });
    expect(() => decodeMessage(new Uint8Array([42]))).toThrow(/unknown message type/);
    expect(() => decodeMessage(new Uint8Array([MessageType.sync, 7, 0]))).toThrow(/unknown sync message/);
    expect(() => decodeMessage(new Uint8Array([...encodeUpdate(update), 7]))).toThrow(/trailing/);
    expect(() => decodeMessage(new Uint8Array([MessageType.queryAwareness, 1]))).toThrow(/trailing/);
  });

  it("joins a fragmented frame into one array", () => {
    const parts = [Buffer.from([1, 2]), Buffer.from([3])];
    expect(toBytes(parts)).toEqual(new Uint8Array([1, 2, 3]));
    expect(toBytes(new Uint8Array([4, 5]).buffer)).toEqual(new Uint8Array([4, 5]));
  });
});

describe("splitUpdate", () => {
  /** A board-like document written by two clients, with deletions, nested maps and text. */
  function busyDoc(): { doc: Y.Doc; update: Uint8Array } {
    const a = new Y.Doc();
    const pins = a.getMap<Y.Map<unknown>>("pins");
    a.transact(() => {
      for (let i = 0; i < 400; i++) {
        const pin = new Y.Map<unknown>();
        pins.set(`p${i}`, pin);
        pin.set("title", `Pin ${i} `.repeat(20));
        pin.set("lat", i);
      }
    });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.transact(() => {
      for (let i = 0; i < 100; i++) b.getMap<Y.Map<unknown>>("pins").delete(`p${i * 3}`);
      const text = b.getText("notes");
      text.insert(0, "x".repeat(5000));
      for (let i = 0; i < 50; i++) text.insert(i * 7, "ab");
      text.delete(100, 300);
    });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    return { doc: a, update: Y.encodeStateAsUpdate(a) };
  }

  it("returns an update within the limits as it is", () => {
    const { update } = busyDoc();
    expect(splitUpdate(update, { maxBytes: update.byteLength, maxStructs: 100_000 })).toEqual([update]);
  });

  it("splits into parts within the limits that, applied in any order, make the same document", () => {
    const { doc, update } = busyDoc();
    const limits = { maxBytes: 4096, maxStructs: 200 };
    const parts = splitUpdate(update, limits);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      // A struct is never cut: one larger than the limit (the 5,000-character text) travels alone.
      if (Y.decodeUpdate(part).structs.length > 1) expect(part.byteLength).toBeLessThanOrEqual(limits.maxBytes);
      expect(Y.decodeUpdate(part).structs.length).toBeLessThanOrEqual(limits.maxStructs);
    }
    for (const order of [parts, [...parts].reverse()]) {
      const copy = new Y.Doc();
      for (const part of order) Y.applyUpdate(copy, part);
      expect(copy.getMap("pins").toJSON()).toEqual(doc.getMap("pins").toJSON());
      expect(copy.getText("notes").toString()).toEqual(doc.getText("notes").toString());
      expect(Y.encodeStateVector(copy)).toEqual(Y.encodeStateVector(doc));
    }
  });

  it("splits what a peer is missing (a diff starting mid-way through a client's structs): parts within the limits, each struct once", () => {
    const doc = new Y.Doc();
    const pins = doc.getMap<Y.Map<unknown>>("pins");
    const write = (from: number, to: number) =>
      doc.transact(() => {
        for (let i = from; i < to; i++) pins.set(`p${i}`, new Y.Map<unknown>([["title", `Pin ${i} `.repeat(20)]]));
      });
    write(0, 300);
    // The peer has the first 300 pins (a reconnecting tab, the server before a commit).
    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    write(300, 600);
    doc.transact(() => {
      for (let i = 0; i < 50; i++) pins.delete(`p${i * 7}`);
    });
    const diff = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(peer));
    const limits = { maxBytes: 4096, maxStructs: 200 };
    const parts = splitUpdate(diff, limits);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) {
      expect(part.byteLength).toBeLessThanOrEqual(limits.maxBytes);
      expect(Y.decodeUpdate(part).structs.length).toBeLessThanOrEqual(limits.maxStructs);
    }
    // The delete set travels alone, without the structs again (it once carried the whole diff).
    expect(parts.reduce((bytes, part) => bytes + part.byteLength, 0)).toBeLessThan(diff.byteLength * 1.2);
    for (const part of parts) Y.applyUpdate(peer, part);
    expect(peer.getMap("pins").toJSON()).toEqual(doc.getMap("pins").toJSON());
    expect(Y.encodeStateVector(peer)).toEqual(Y.encodeStateVector(doc));
  });
});
