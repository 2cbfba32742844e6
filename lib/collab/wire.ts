/**
 * The bytes on the wire: every message type, encoder and decoder of the collaboration protocol
 * (the y-websocket framing of y-protocols sync and awareness, and our "saved" signal). The
 * server, the browser's save state, the store's update check, the tests and the benchmark all
 * speak through this file, so a frame is built and read the same way everywhere.
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";

/** y-websocket message types: the first varUint of every message. */
export const MessageType = { sync: 0, awareness: 1, auth: 2, queryAwareness: 3 } as const;

/** Sync sub-types (the varUint after MessageType.sync), numbered as y-protocols numbers them. */
export const SyncKind = {
  /** Carries a state vector: "send me what I am missing". */
  step1: syncProtocol.messageYjsSyncStep1,
  /** Carries what the receiver was missing; the first one received makes a client `synced`. */
  step2: syncProtocol.messageYjsSyncStep2,
  /** Carries one update as it happens. */
  update: syncProtocol.messageYjsUpdate,
} as const;

// ------------------------------------------------------------------ sync

/** One sync message of `kind` carrying `payload` (a state vector for step 1, else an update). */
export function encodeSyncMessage(kind: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, kind);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

/** Sync step 1: the sender's state vector. */
export const encodeSyncStep1 = (stateVector: Uint8Array): Uint8Array => encodeSyncMessage(SyncKind.step1, stateVector);

/** Sync step 2: what the receiver of our step 1 answer is missing. */
export const encodeSyncStep2 = (update: Uint8Array): Uint8Array => encodeSyncMessage(SyncKind.step2, update);

/** A sync update message: one change as it happens. */
export const encodeUpdate = (update: Uint8Array): Uint8Array => encodeSyncMessage(SyncKind.update, update);

/**
 * "Saved": after a durable commit the server sends the state vector as of that commit (a sync step
 * 1, so a stock client answers with whatever is still missing) to the connections it committed for.
 */
export const encodeSaved = (committedStateVector: Uint8Array): Uint8Array => encodeSyncStep1(committedStateVector);

/**
 * The state vector of a server's sync step 1 (on join, and the "saved" signal after a commit), or
 * null for other sync messages. `decoder` stands after the message type; it is read through a
 * clone, so y-websocket's own handler still reads the message whole.
 */
export function readSavedState(decoder: decoding.Decoder): Uint8Array | null {
  const peek = decoding.clone(decoder);
  return decoding.readVarUint(peek) === SyncKind.step1 ? decoding.readVarUint8Array(peek) : null;
}

/** The message type: the first varUint of every message. */
export function readMessageType(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder);
}

/** Reads the sync sub-message type and its payload; throws on anything malformed. */
export function readSyncMessage(decoder: decoding.Decoder): { kind: number; payload: Uint8Array } {
  const kind = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  return { kind, payload };
}

// ------------------------------------------------------------------ awareness

/**
 * "Send me everyone's awareness", as y-websocket writes it: the server answers with the room's
 * states (the asker's own among them), which makes it the browser's heartbeat probe.
 */
export function encodeQueryAwareness(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.queryAwareness);
  return encoding.toUint8Array(encoder);
}

/** An awareness message carrying an awareness update (as y-protocols/awareness encodes one). */
export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

/** Reads the awareness update of an awareness message (after its type). */
export function readAwarenessMessage(decoder: decoding.Decoder): Uint8Array {
  return decoding.readVarUint8Array(decoder);
}

/** One client's entry in an awareness update; `state` is JSON text, "null" for a client that left. */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/** Thrown by readAwarenessEntries, before any entry is decoded, for an update naming too many clients. */
export class TooManyAwarenessEntries extends Error {
  constructor(
    readonly count: number,
    readonly max: number,
  ) {
    super(`the awareness update names ${count} clients, at most ${max} are allowed`);
  }
}

/**
 * The entries of an awareness update, one at a time, so a reader can refuse an entry before the
 * rest is decoded. The count is read first: past `maxEntries` nothing else is decoded
 * (TooManyAwarenessEntries). Throws on malformed input, and on trailing bytes once the last
 * entry is read.
 */
export function* readAwarenessEntries(update: Uint8Array, maxEntries = Infinity): Generator<AwarenessEntry, void, undefined> {
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  if (count > maxEntries) throw new TooManyAwarenessEntries(count, maxEntries);
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
    yield { clientId, clock, state };
  }
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes after the awareness update");
}

/** An awareness update holding `entries`, encoded as y-protocols/awareness encodes one. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}

// ------------------------------------------------------------------ a client's message, whole

/** A message from a client, decoded and checked for its shape (its payload is not yet validated). */
export type ClientMessage =
  | { type: typeof MessageType.sync; kind: (typeof SyncKind)[keyof typeof SyncKind]; payload: Uint8Array }
  | { type: typeof MessageType.awareness; update: Uint8Array }
  | { type: typeof MessageType.queryAwareness }
  | { type: typeof MessageType.auth };

/**
 * Decodes one message as the server receives it. Throws on an unknown type or sync kind, a
 * truncated message and trailing bytes. The auth message is not read: tickets travel in the
 * subprotocol, so it carries nothing for us.
 */
export function decodeMessage(bytes: Uint8Array): ClientMessage {
  const decoder = decoding.createDecoder(bytes);
  const type = readMessageType(decoder);
  switch (type) {
    case MessageType.sync: {
      const { kind, payload } = readSyncMessage(decoder);
      assertFullyRead(decoder);
      if (kind !== SyncKind.step1 && kind !== SyncKind.step2 && kind !== SyncKind.update) {
        throw new Error(`unknown sync message ${kind}`);
      }
      return { type, kind, payload };
    }
    case MessageType.awareness: {
      const update = readAwarenessMessage(decoder);
      assertFullyRead(decoder);
      return { type, update };
    }
    case MessageType.queryAwareness:
      assertFullyRead(decoder);
      return { type };
    case MessageType.auth:
      return { type };
    default:
      throw new Error(`unknown message type ${type}`);
  }
}

/** Throws when a message holds bytes past its end. */
function assertFullyRead(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes after the message");
}

// ------------------------------------------------------------------ payloads

/** Throws when `data` is not a state vector (the payload of a sync step 1). */
export function assertValidStateVector(data: Uint8Array): void {
  Y.decodeStateVector(data);
}

/**
 * Throws when `data` is not a complete Yjs update (truncated, garbage, trailing bytes); returns
 * the number of structs it holds (what an update costs to apply, see MAX_UPDATE_STRUCTS).
 */
export function assertValidUpdate(data: Uint8Array): number {
  return Y.decodeUpdate(data).structs.length;
}

/** True for an update that changes nothing (what a stock client sends as its empty step 2). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}

/**
 * The bytes of a received frame as one Uint8Array (a view, not a copy, when it arrived whole):
 * `ws` hands over a Buffer, an ArrayBuffer or, for fragmented frames, a list of Buffers.
 */
export function toBytes(data: ArrayBuffer | Uint8Array | readonly Uint8Array[]): Uint8Array {
  if (Array.isArray(data)) {
    const parts = data as readonly Uint8Array[];
    const bytes = new Uint8Array(parts.reduce((length, part) => length + part.byteLength, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.byteLength;
    }
    return bytes;
  }
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const view = data as Uint8Array;
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

// ------------------------------------------------------------------ updates in parts

/** Limits one part of a split update is held to (MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS). */
export interface PartLimits {
  maxBytes: number;
  maxStructs: number;
}

/**
 * `update` as several updates, each within `limits` (give or take one struct, which is never
 * cut: a single struct larger than the limit travels alone, and the server refuses it), that
 * applied in order have the same effect: each client's structs in clock order, a part at a time,
 * then the delete set on its own. An update already within the limits is returned as it is.
 * Parts depending on structs of another client's later part wait in the receiver's pending
 * store until it arrives (Yjs integrates them then), so the order between clients is free.
 */
export function splitUpdate(update: Uint8Array, limits: PartLimits): Uint8Array[] {
  // Every struct takes at least one byte: an update of fewer bytes than maxStructs holds fewer structs.
  if (update.byteLength <= limits.maxBytes && update.byteLength <= limits.maxStructs) return [update];
  const { structs } = Y.decodeUpdate(update);
  if (update.byteLength <= limits.maxBytes && structs.length <= limits.maxStructs) return [update];
  /** Room for a part's header (client, clock, counts) and its empty delete set. */
  const budget = limits.maxBytes - 32;
  const parts: Uint8Array[] = [];
  let run: Array<{ struct: Y.Item | Y.GC; bytes: Uint8Array }> = [];
  let runBytes = 0;
  const flush = () => {
    if (run.length === 0) return;
    const encoder = new Y.UpdateEncoderV1();
    encoding.writeVarUint(encoder.restEncoder, 1);
    encoding.writeVarUint(encoder.restEncoder, run.length);
    encoder.writeClient(run[0].struct.id.client);
    encoding.writeVarUint(encoder.restEncoder, run[0].struct.id.clock);
    for (const { bytes } of run) encoding.writeUint8Array(encoder.restEncoder, bytes);
    encoding.writeVarUint(encoder.restEncoder, 0); // no deletions: they travel in the last part
    parts.push(encoder.toUint8Array());
    run = [];
    runBytes = 0;
  };
  for (const struct of structs) {
    if (struct instanceof Y.Skip) {
      flush();
      continue;
    }
    // A version-1 update writes a struct as one run of bytes, so it can be measured on its own.
    const one = new Y.UpdateEncoderV1();
    struct.write(one, 0);
    const bytes = one.toUint8Array();
    const last = run.at(-1)?.struct;
    const contiguous = last && last.id.client === struct.id.client && last.id.clock + last.length === struct.id.clock;
    if (!contiguous || run.length >= limits.maxStructs || runBytes + bytes.byteLength > budget) flush();
    run.push({ struct: struct as Y.Item | Y.GC, bytes });
    runBytes += bytes.byteLength;
  }
  flush();
  // The delete set alone: the update diffed against the end of every client's structs keeps
  // nothing else. (Not against Yjs's state vector of the update, which counts a client's structs
  // only from clock 0: for a diff starting mid-way that kept every struct, and the last part was
  // the whole update again, over the limit the parts were cut for.)
  const ends = new Map<number, number>();
  for (const struct of structs) ends.set(struct.id.client, Math.max(ends.get(struct.id.client) ?? 0, struct.id.clock + struct.length));
  const deletions = Y.diffUpdate(update, Y.encodeStateVector(ends));
  if (!isEmptyUpdate(deletions)) parts.push(deletions);
  return parts;
}
