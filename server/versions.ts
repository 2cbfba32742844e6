/**
 * Automatic versions of boards: while a board is edited, a version at most every `intervalMs`
 * after its newest one, and one when the last person leaves its room, each only if the board or
 * its review changed since the newest version (lib/db/versions.ts compares their digests, so
 * several instances closing one board store it once). Work for one board runs one at a time.
 */
import * as Y from "yjs";
import { reviewRoomName } from "@/lib/collab/protocol";
import type { DocStore } from "@/lib/db/doc-store";
import { boardStateOf, captureBoard, storedState, type BoardCapture, type BoardState, type LazyBoard, type VersionRepository } from "@/lib/db/versions";
import type { Room } from "./room";

export interface AutoVersionsOptions {
  versions: VersionRepository;
  docs: DocStore;
  /** At most this often (ms) while a board is edited (VERSION_INTERVAL_MS). */
  intervalMs: number;
  /** The loaded room of that name, if any: the review state is taken from it rather than the store. */
  room(name: string): Room | undefined;
}

export interface AutoVersions {
  /** After a durable commit of a room: stores a version of a board whose newest one is old enough. */
  onCommit(room: Room): void;
  /** When a room is unloaded, its last person gone: stores a version of a board that changed. Its document is read at once. */
  onEmpty(room: Room): void;
  /** Resolves once every version under way is stored (before the database closes). */
  settle(): Promise<void>;
}

export function createAutoVersions(options: AutoVersionsOptions): AutoVersions {
  const { versions, intervalMs } = options;
  /** Per board: when its newest version was made (or, with none, when this process first saw it edited). */
  const newest = new Map<string, number>();
  /** Per board: the tail of its queue of work. */
  const queues = new Map<string, Promise<void>>();
  /** Boards with a due check queued already. */
  const checking = new Set<string>();

  function enqueue(boardId: string, work: () => Promise<void>): void {
    const tail = (queues.get(boardId) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => console.error(`[versions] board ${boardId}: an automatic version could not be stored:`, error));
    queues.set(boardId, tail);
    void tail.then(() => {
      if (queues.get(boardId) === tail) queues.delete(boardId);
    });
  }

  /**
   * The board's bytes as stored, with the state taken from the room: once its writes are durable
   * the store holds what the room held (plus, at most, what another instance added meanwhile).
   */
  async function fromStore(boardId: string, state: BoardState): Promise<BoardCapture> {
    return { ...state, board: await storedState(options.docs, boardId) };
  }

  async function reviewState(boardId: string): Promise<Uint8Array> {
    const room = options.room(reviewRoomName(boardId));
    if (room && !room.isDestroyed) return Y.encodeStateAsUpdate(room.doc);
    return storedState(options.docs, reviewRoomName(boardId));
  }

  async function store(boardId: string, board: LazyBoard): Promise<void> {
    const made = await versions.record({ boardId, kind: "auto", board, review: await reviewState(boardId), onlyIfChanged: true });
    newest.set(boardId, made?.createdAt ?? Date.now());
  }

  return {
    onCommit(room) {
      if (room.roomName.kind !== "board") return;
      const { boardId } = room.roomName;
      const since = newest.get(boardId);
      if ((since !== undefined && Date.now() - since < intervalMs) || checking.has(boardId)) return;
      checking.add(boardId);
      enqueue(boardId, async () => {
        try {
          if (!newest.has(boardId)) {
            newest.set(boardId, (await versions.latest(boardId))?.createdAt ?? Date.now());
          }
          if (Date.now() - newest.get(boardId)! < intervalMs || room.isDestroyed) return;
          // Encoded (the costly part) only once the board is known to differ from its newest version.
          const state = boardStateOf(room.doc);
          await store(boardId, { state, capture: () => (room.isDestroyed ? fromStore(boardId, state) : captureBoard(room.doc)) });
        } finally {
          checking.delete(boardId);
        }
      });
    },

    onEmpty(room) {
      if (room.roomName.kind !== "board") return;
      const { boardId } = room.roomName;
      // The document goes with the room; everything in it is durable, so the store holds it too.
      const state = boardStateOf(room.doc);
      enqueue(boardId, async () => {
        await store(boardId, { state, capture: () => fromStore(boardId, state) });
        // Nobody is on it: what is known of it is read again when it is next edited.
        newest.delete(boardId);
      });
    },

    async settle() {
      while (queues.size > 0) await Promise.allSettled(Array.from(queues.values()));
    },
  };
}
