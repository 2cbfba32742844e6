/**
 * The review room's only writer: review requests that the server actions send as plain data
 * (lib/collab/review-commands.ts) are applied here, with this process's Yjs, as the server.
 */
import { MissingThreadError } from "@/lib/board/review";
import { reviewChange } from "@/lib/board/review-requests";
import { handleReviewCommands } from "@/lib/collab/review-commands";
import { reviewRoomName } from "@/lib/collab/protocol";
import type { RoomWriter } from "./registry";

/** Applies review commands through `writeRoom` from now on; returns a function that stops. */
export function applyReviewCommands(writeRoom: RoomWriter): () => void {
  return handleReviewCommands(async ({ boardId, request, author }) => {
    try {
      await writeRoom(reviewRoomName(boardId), reviewChange(request, author));
      return { ok: true };
    } catch (error) {
      // Checked here, where the error class is this process's own (Next's bundle has another copy).
      if (error instanceof MissingThreadError) return { ok: false, error: "This thread no longer exists." };
      throw error;
    }
  });
}
