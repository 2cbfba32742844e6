/**
 * A room's grouped commits: the updates of a commit window are stored in one transaction, so a
 * busy room costs the database one write per window, not one per keystroke; the client ids its
 * writers claimed (client-ids.ts) are stored first, so no update is durable before its owner is. A failed commit keeps
 * its updates queued and is retried. After each durable commit the writers whose updates it held
 * are told "saved" (the committed state vector), the other instances hear which of this one's
 * updates are durable, and a log grown too long is compacted.
 */
import * as Y from "yjs";
import { BUSY_COMMIT_AFTER_MS, BUSY_COMMIT_WINDOW_MS, COMMIT_WINDOW_MS, COMPACT_AFTER_UPDATES, MAX_UPDATE_BYTES } from "@/lib/collab/protocol";
import { encodeSaved } from "@/lib/collab/wire";
import type { DocStore } from "@/lib/db/doc-store";
import type { Room, RoomPeer } from "./room";

const RETRY_COMMIT_MS = 1_000;

/** What the room does around its commits. */
export interface CommitHooks {
  /** Tells the other instances that this one's updates numbered up to `seq` are durable. */
  publishCommitted(seq: number): void;
  /** Work after each durable commit (the room's RoomHooks.onCommit). */
  onCommit(): Promise<void> | void;
  /** Stores what must be durable before the updates are (the client ids their writers claimed). */
  beforeAppend?(): Promise<void>;
}

export class Commits {
  /** Log rows not yet merged into the snapshot (from the room's load on); compaction is due past a threshold. */
  logLength = 0;
  private pending: Uint8Array[] = [];
  /** Peers whose updates are in `pending`: they are told "saved" once those are durable. */
  private pendingPeers = new Set<RoomPeer>();
  /** Fan-out number of the last update in `pending`: confirmed to the other instances once committed. */
  private pendingSeq = 0;
  private timer: NodeJS.Timeout | null = null;
  /** When the last commit began (performance.now()): the next waits out the window from there. */
  private lastCommitAt = -Infinity;
  /** When the room's run of back-to-back commits began (see `window`); null when it is not in one. */
  private busySince: number | null = null;
  private committing: Promise<void> = Promise.resolve();

  constructor(
    private readonly room: Room,
    private readonly store: DocStore,
    private readonly hooks: CommitHooks,
  ) {}

  /** True while updates wait to be committed. */
  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /**
   * Queues updates for the commit that ends the current window. `writers` are told "saved" once
   * it is durable; `seq` is the fan-out number of the last of them, if they were published.
   */
  queue(updates: readonly Uint8Array[], writers: Iterable<RoomPeer> = [], seq?: number): void {
    this.pending.push(...updates);
    if (seq !== undefined) this.pendingSeq = seq;
    for (const peer of writers) this.pendingPeers.add(peer);
    // A lone edit is committed at once (after this turn's other messages); edits that follow it
    // within the window wait for its end and are committed together.
    const now = performance.now();
    this.schedule(Math.max(0, this.lastCommitAt + this.window(now) - now));
  }

  /**
   * The window the next commit waits out after the previous one: COMMIT_WINDOW_MS, widened to
   * BUSY_COMMIT_WINDOW_MS once the room has committed back to back for BUSY_COMMIT_AFTER_MS.
   */
  private window(now: number): number {
    const window = this.busySince !== null && this.lastCommitAt - this.busySince >= BUSY_COMMIT_AFTER_MS ? BUSY_COMMIT_WINDOW_MS : COMMIT_WINDOW_MS;
    if (now - this.lastCommitAt >= window) this.busySince = null;
    else this.busySince ??= this.lastCommitAt;
    return window;
  }

  /** A peer that left is told nothing more. */
  forget(peer: RoomPeer): void {
    this.pendingPeers.delete(peer);
  }

  /**
   * Commits what is pending now, after the commit in progress if any. Rejects when the commit
   * fails; its updates then stay queued and are retried.
   */
  async commitNow(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.committing = this.committing.catch(() => undefined).then(() => this.commitPending());
    await this.committing;
  }

  destroy(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  /** The window's end flushes the whole room (see Room.flush), as a shutdown or an unload does. */
  private schedule(delay: number): void {
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.room.flush().catch(() => undefined);
    }, delay);
  }

  /** One transaction for everything pending; on failure the updates stay queued and are retried. */
  private async commitPending(): Promise<void> {
    if (this.pending.length === 0 || this.room.isDestroyed) return;
    const batch = this.pending;
    const peers = this.pendingPeers;
    const seq = this.pendingSeq;
    const name = this.room.roomName.name;
    this.lastCommitAt = performance.now();
    // The state vector as of this batch: later updates are not yet durable and must not count as saved.
    const committedState = Y.encodeStateVector(this.room.doc);
    this.pending = [];
    this.pendingPeers = new Set();
    const rows = logRowsOf(batch);
    try {
      await this.hooks.beforeAppend?.();
      await this.store.append(name, rows);
    } catch (error) {
      this.pending = batch.concat(this.pending);
      for (const peer of peers) this.pendingPeers.add(peer);
      console.error(`[room ${name}] commit failed, retrying:`, error instanceof Error ? error.message : error);
      this.schedule(RETRY_COMMIT_MS);
      throw error;
    }
    if (seq > 0) this.hooks.publishCommitted(seq);
    this.logLength += rows.length;
    const saved = encodeSaved(committedState);
    for (const peer of peers) if (peer.readsSaved !== false && this.room.peers.has(peer)) peer.send(saved);
    await this.afterCommit();
  }

  private async afterCommit(): Promise<void> {
    try {
      await this.hooks.onCommit();
      if (this.logLength >= COMPACT_AFTER_UPDATES) {
        await this.store.compact(this.room.roomName.name);
        this.logLength = 0;
      }
    } catch (error) {
      console.error(`[room ${this.room.roomName.name}] after-commit work failed:`, error);
    }
  }
}

/**
 * Updates of at least this many bytes are stored as rows of their own. Merging costs the writer
 * per struct (Yjs decodes and re-encodes each), and such an update is already many edits merged
 * by Yjs (a tick's transaction of a burst, a paste, a part of an import): merged with its
 * neighbours it would shrink by little. A burst of 10,000 new pins had the writer thread merge
 * for 0.3–0.9 s, competing for the cores with the room it was saving.
 */
const OWN_ROW_BYTES = 4 * 1024;

/**
 * A commit's updates as log rows: consecutive small ones (keystrokes) grouped to be merged into
 * rows of at most MAX_UPDATE_BYTES, large ones kept as they are, so that no row merges megabytes
 * (merging the 20 parts of a 5 MiB import took seconds) and bulk edits are not merged again. The
 * store merges each group (with SQLite on its writer thread, off the event loop).
 */
function logRowsOf(batch: readonly Uint8Array[]): Uint8Array[][] {
  const rows: Uint8Array[][] = [];
  let group: Uint8Array[] = [];
  let bytes = 0;
  for (const update of batch) {
    const alone = update.byteLength >= OWN_ROW_BYTES;
    if (group.length > 0 && (alone || bytes + update.byteLength > MAX_UPDATE_BYTES)) {
      rows.push(group);
      group = [];
      bytes = 0;
    }
    if (alone) {
      rows.push([update]);
      continue;
    }
    group.push(update);
    bytes += update.byteLength;
  }
  if (group.length > 0) rows.push(group);
  return rows;
}
