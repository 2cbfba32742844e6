/**
 * One client socket: holds it to its message rate, queues what arrives while its room loads,
 * decodes each message (lib/collab/wire.ts) and applies what its rights allow. A bad message
 * closes this socket only, with the code that says why; a read-only connection's write attempts
 * are never applied and, repeated, close it with 4403.
 */
import { WebSocket, type RawData } from "ws";
import {
  CloseCode,
  MAX_MESSAGE_BYTES,
  MAX_MESSAGES_WHILE_LOADING,
  MESSAGE_BURST,
  MESSAGES_PER_SECOND,
  UPDATE_BURST,
  UPDATES_PER_SECOND,
} from "@/lib/collab/protocol";
import { decodeBoardUpdate } from "@/lib/collab/rules";
import { MessageType, SyncKind, assertValidStateVector, decodeMessage, isEmptyUpdate, toBytes } from "@/lib/collab/wire";
import type { Admission } from "./admission";
import { AwarenessRefused, filterAwarenessUpdate } from "./awareness";
import { refuseOversizeUpdate } from "./board-size";
import type { Room, RoomPeer } from "./room";

/** Why a frame over MAX_MESSAGE_BYTES is refused (our client never sends one: it sends large changes in parts). */
export const MESSAGE_TOO_LARGE = "Message too large (over 1 MiB)";

/**
 * A connection handles at most one message larger than this per tick (decoding a part of a large
 * change costs up to tens of milliseconds): the socket is paused and the rest waits for the next
 * tick, so several parts arriving at once never hold the event loop together.
 */
const LARGE_MESSAGE_BYTES = 64 * 1024;

/** Read-only connections may try to write this many times before they are closed with 4403. */
const READ_ONLY_STRIKES = 3;

/** One client socket: decodes its messages and applies what its rights allow. */
export class Connection implements RoomPeer {
  private room: Room | null = null;
  private admission: Admission | null = null;
  private strikes = 0;
  private readonly messages = new TokenBucket(MESSAGE_BURST, MESSAGES_PER_SECOND);
  private readonly updates = new TokenBucket(UPDATE_BURST, UPDATES_PER_SECOND);
  private queue: Array<[RawData, boolean]> = [];
  /** Messages that arrived after a large one in the same tick; handled from the next tick on. */
  private later: Array<[RawData, boolean]> = [];
  private nextTick: NodeJS.Immediate | null = null;
  closed = false;

  constructor(
    private readonly ws: WebSocket,
    /** Whether the client asked for the "saved" signal (SAVED_PROTOCOL). */
    readonly readsSaved = true,
  ) {
    ws.on("close", () => (this.closed = true));
  }

  send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.later = [];
    if (this.nextTick) clearImmediate(this.nextTick);
    this.ws.close(code, reason);
  }

  get userId(): string | null {
    return this.admission?.user.id ?? null;
  }

  /** Records the rights decided at admission; messages wait until the room is attached. */
  admit(admission: Admission): void {
    this.admission = admission;
  }

  /** Joins the room once it is loaded, then handles what arrived meanwhile. */
  attach(room: Room): void {
    this.room = room;
    room.join(this);
    const queued = this.queue;
    this.queue = [];
    for (const [data, isBinary] of queued) this.receive(data, isBinary);
  }

  receive(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    if (!(isUpdateMessage(data) ? this.updates : this.messages).take()) return this.close(CloseCode.rateLimited, "Too many messages");
    if (!this.room || !this.admission) {
      if (this.queue.length >= MAX_MESSAGES_WHILE_LOADING) return this.close(CloseCode.rateLimited, "Too many messages");
      this.queue.push([data, isBinary]);
      return;
    }
    if (this.nextTick) return void this.later.push([data, isBinary]);
    this.process(data, isBinary);
  }

  /** Handles what waited behind a large message: again at most one large message per tick. */
  private resume = () => {
    this.nextTick = null;
    while (this.later.length > 0 && !this.nextTick && !this.closed) {
      const [data, isBinary] = this.later.shift()!;
      this.process(data, isBinary);
    }
    if (!this.nextTick && !this.closed) this.ws.resume();
  };

  private process(data: RawData, isBinary: boolean): void {
    if (!this.room || !this.admission) return;
    const bytes = toBytes(data);
    if (bytes.byteLength > MAX_MESSAGE_BYTES) return this.close(CloseCode.tooLarge, MESSAGE_TOO_LARGE);
    if (!isBinary) return this.close(CloseCode.malformed, "Expected a binary message");
    try {
      this.handle(this.room, this.admission, bytes);
    } catch (error) {
      if (error instanceof AwarenessRefused) this.close(error.code, error.message);
      else this.close(CloseCode.malformed, "Malformed message");
    }
    if (bytes.byteLength > LARGE_MESSAGE_BYTES && !this.closed) {
      this.ws.pause();
      this.nextTick = setImmediate(this.resume);
    }
  }

  /** Applies one message; throws on anything malformed, before anything is applied. */
  private handle(room: Room, admission: Admission, bytes: Uint8Array): void {
    const message = decodeMessage(bytes);
    switch (message.type) {
      case MessageType.sync: {
        if (message.kind === SyncKind.step1) {
          assertValidStateVector(message.payload);
          for (const answer of room.syncStep2(message.payload, this)) this.send(answer);
          return;
        }
        // Sizes first, bytes before decoding, structs before applying: nothing refused is applied or stored.
        const bytes = message.payload.byteLength;
        const oversize = refuseOversizeUpdate(bytes);
        if (oversize) return this.close(oversize.code, oversize.reason);
        // Decoded once, here: the same decoding is checked against the document when it is applied.
        const decoded = decodeBoardUpdate(message.payload);
        const structs = decoded.structs.length;
        if (admission.readOnly) {
          // Stock clients answer the server's sync step 1 with an empty step 2: not a write attempt.
          if (!isEmptyUpdate(message.payload)) this.refuseWrite();
          return;
        }
        // Checked again right before it is applied: one breaking the board's structure (4422) or
        // written under another person's client id (4409) is refused there, against the document
        // it would change (Room.admit).
        const refusal = refuseOversizeUpdate(bytes, structs) ?? room.size.admit(bytes, structs);
        if (refusal) return this.close(refusal.code, refusal.reason);
        room.applyUpdate(message.payload, decoded, this);
        return;
      }
      case MessageType.awareness: {
        const allowed = filterAwarenessUpdate(message.update, room, { peer: this, user: admission.user, mayPresent: admission.mayPresent === true });
        if (allowed) room.applyAwareness(allowed, this);
        return;
      }
      case MessageType.queryAwareness: {
        const everyone = room.awarenessMessage();
        if (everyone) this.send(everyone);
        return;
      }
      case MessageType.auth:
        return; // tickets travel in the subprotocol; the auth message carries nothing for us
    }
  }

  private refuseWrite(): void {
    this.strikes += 1;
    if (this.strikes >= READ_ONLY_STRIKES) this.close(CloseCode.forbidden, "This connection is read-only");
  }
}

/** A rate limit: `burst` at once, `perSecond` sustained. */
class TokenBucket {
  private tokens: number;
  private refilledAt = Date.now();

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * Whether a frame is a document update (sync step 2 or update), read from its first two bytes
 * without decoding it: both numbers are single-byte varints in every message that is one. A frame
 * that lies here is refused when it is decoded.
 */
function isUpdateMessage(data: RawData): boolean {
  const first = Array.isArray(data) ? data[0] : data;
  if (!first || first.byteLength < 2) return false;
  const bytes = first instanceof ArrayBuffer ? new Uint8Array(first, 0, 2) : (first as Uint8Array);
  return bytes[0] === MessageType.sync && (bytes[1] === SyncKind.step2 || bytes[1] === SyncKind.update);
}
