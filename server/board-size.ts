/**
 * How big a room's document is, and whether an incoming update may make it bigger: the per-update
 * limits (MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS) and the per-board limits (BOARD_MAX_BYTES,
 * BOARD_MAX_ITEMS). Checked before an update is applied, so a refused one is never applied,
 * relayed or stored.
 *
 * Bytes are the stored updates the room was loaded from plus every update applied since (what the
 * store holds, compaction aside); items are the structs in the document's store (what memory and
 * CPU grow with), counted when asked, plus the structs of updates accepted but not yet applied.
 */
import type * as Y from "yjs";
import { CloseCode, MAX_UPDATE_BYTES, MAX_UPDATE_STRUCTS, type BoardLimits } from "@/lib/collab/protocol";

export interface SizeRefusal {
  code: number;
  reason: string;
}

const MiB = 1024 * 1024;
const size = (bytes: number) => (bytes >= MiB ? `${(bytes / MiB).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`);
const count = (n: number) => n.toLocaleString("en");

/** An update too large to apply in one piece (before decoding: `structs` unknown), or null. */
export function refuseOversizeUpdate(bytes: number, structs = 0): SizeRefusal | null {
  if (bytes > MAX_UPDATE_BYTES) {
    return { code: CloseCode.tooLarge, reason: `This change is too large to save at once (${size(bytes)}, at most ${size(MAX_UPDATE_BYTES)})` };
  }
  if (structs > MAX_UPDATE_STRUCTS) {
    return { code: CloseCode.tooLarge, reason: `This change is too large to save at once (${count(structs)} items, at most ${count(MAX_UPDATE_STRUCTS)})` };
  }
  return null;
}

export class BoardSize {
  /** Bytes stored for the board: what it was loaded from, plus every update applied since. */
  private bytes = 0;
  /** Accepted updates waiting in the inbox: counted until applied. */
  private reservedBytes = 0;
  private reservedItems = 0;

  constructor(
    private readonly doc: () => Y.Doc,
    readonly limits: BoardLimits | null,
  ) {}

  /** Sets the bytes the board was loaded with. */
  loaded(bytes: number): void {
    this.bytes = bytes;
  }

  /** Counts an update that was applied (from a peer, another instance or the server). */
  applied(bytes: number): void {
    this.bytes += bytes;
  }

  /** Structs in the document's store now. */
  items(): number {
    let items = 0;
    for (const structs of this.doc().store.clients.values()) items += structs.length;
    return items;
  }

  /** The board's size now, waiting updates included. */
  current(): { bytes: number; items: number } {
    return { bytes: this.bytes + this.reservedBytes, items: this.items() + this.reservedItems };
  }

  /** Refuses an update that would take the board past its limits; else reserves room for it until `release`. */
  admit(bytes: number, structs: number): SizeRefusal | null {
    if (this.limits) {
      const now = this.current();
      if (now.bytes + bytes > this.limits.maxBytes) {
        return { code: CloseCode.boardFull, reason: `This board is full: ${size(now.bytes)} of ${size(this.limits.maxBytes)} stored; this change needs ${size(bytes)} more` };
      }
      if (now.items + structs > this.limits.maxItems) {
        return { code: CloseCode.boardFull, reason: `This board is full: ${count(now.items)} of ${count(this.limits.maxItems)} items; this change adds ${count(structs)}` };
      }
    }
    this.reservedBytes += bytes;
    this.reservedItems += structs;
    return null;
  }

  /** The update admitted with these figures has been applied (or dropped): its reservation ends. */
  release(bytes: number, structs: number): void {
    this.reservedBytes = Math.max(0, this.reservedBytes - bytes);
    this.reservedItems = Math.max(0, this.reservedItems - structs);
  }
}
