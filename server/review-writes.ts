/**
 * The review room's only writer: review requests that the server actions send as plain data
 * (lib/collab/review-commands.ts) are applied here, with this process's Yjs, as the server. What
 * a change means to others (a mention, a reply in their thread, a verdict on their claim) is
 * worked out around the same change and handed to `notify` once it is durable.
 */
import type * as Y from "yjs";
import { MissingThreadError } from "@/lib/board/review";
import { applyWithNotices, type ReviewNotice } from "@/lib/board/review-notices";
import { reviewChange } from "@/lib/board/review-requests";
import { handleReviewCommands } from "@/lib/collab/review-commands";
import { reviewRoomName } from "@/lib/collab/protocol";
import type { NewNotification } from "@/lib/notifications";
import type { RoomWriter } from "./registry";

export interface ReviewNotifier {
  /** The person who wrote a claim of the board, or null when unknown. */
  claimAuthor(boardId: string, claimId: string): Promise<string | null>;
  /** Stores (and emails) notifications; its failures are logged, never the review change's. */
  notify(notifications: NewNotification[]): Promise<unknown>;
}

/** Applies review commands through `writeRoom` from now on; returns a function that stops. */
export function applyReviewCommands(writeRoom: RoomWriter, notifier?: ReviewNotifier): () => void {
  return handleReviewCommands(async ({ boardId, request, author }) => {
    try {
      const claimAuthor = notifier && request.kind === "setVerdict" ? await notifier.claimAuthor(boardId, request.claimId) : null;
      let notices: ReviewNotice[] = [];
      const change = reviewChange(request, author);
      await writeRoom(reviewRoomName(boardId), (doc: Y.Doc) => {
        notices = applyWithNotices(doc, request, author, change, claimAuthor);
      });
      if (notifier && notices.length > 0) {
        const notifications = notices.map(({ userId, kind, target, excerpt }) => ({ userId, boardId, kind, actor: author, target, excerpt }));
        await notifier.notify(notifications).catch((error: unknown) => {
          console.error(`[review] board ${boardId}: notifications not stored:`, error instanceof Error ? error.message : error);
        });
      }
      return { ok: true };
    } catch (error) {
      // Checked here, where the error class is this process's own (Next's bundle has another copy).
      if (error instanceof MissingThreadError) return { ok: false, error: "This thread no longer exists." };
      throw error;
    }
  });
}
