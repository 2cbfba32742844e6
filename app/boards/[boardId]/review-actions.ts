"use server";
/**
 * Review actions: open a thread, reply, resolve or reopen, give a verdict. The review room is
 * written only by the server, so these are the only way in. Each action parses its input, takes
 * the author and their role from the session (never from the input), then writes through the
 * collaboration server, which sends the change to everyone on the review room and stores it.
 */
import { z } from "zod";
import { AccessError, requireBoardAccess } from "@/lib/auth/session";
import { MissingThreadError } from "@/lib/board/review";
import {
  MentionError,
  ReviewRequestSchema,
  type OpenThreadRequestSchema,
  type ReplyRequestSchema,
  assertMembersMentioned,
  permissionFor,
  reviewChange,
  type ReviewRequestInput,
} from "@/lib/board/review-requests";
import { IdSchema, type Verdict } from "@/lib/board/schema";
import { reviewRoomName } from "@/lib/collab/protocol";
import { getDatabase } from "@/lib/db";
import { writeRoom } from "@/server/room-writer";

export type ReviewResult = { ok: true } | { ok: false; error: string };

type OpenThreadInput = Omit<z.input<typeof OpenThreadRequestSchema>, "kind">;
type ReplyInput = Omit<z.input<typeof ReplyRequestSchema>, "threadId" | "kind">;

async function review(boardId: unknown, input: ReviewRequestInput): Promise<ReviewResult> {
  try {
    const id = IdSchema.parse(boardId);
    const request = ReviewRequestSchema.parse(input);
    const { user } = await requireBoardAccess(id, permissionFor(request));
    if ("mentions" in request && request.mentions.length > 0) {
      const members = await (await getDatabase()).members.list(id);
      assertMembersMentioned(request, new Set(members.map((member) => member.id)));
    }
    await writeRoom(reviewRoomName(id), reviewChange(request, { id: user.id, name: user.name }));
    return { ok: true };
  } catch (error) {
    if (error instanceof AccessError || error instanceof MentionError) return { ok: false, error: error.message };
    if (error instanceof z.ZodError) return { ok: false, error: error.issues[0]?.message ?? "Invalid input" };
    if (error instanceof MissingThreadError) return { ok: false, error: "This thread no longer exists." };
    throw error;
  }
}

export async function openReviewThread(boardId: string, input: OpenThreadInput): Promise<ReviewResult> {
  return review(boardId, { ...input, kind: "openThread" });
}

export async function replyToThread(boardId: string, threadId: string, input: ReplyInput): Promise<ReviewResult> {
  return review(boardId, { ...input, threadId, kind: "reply" });
}

export async function resolveReviewThread(boardId: string, threadId: string): Promise<ReviewResult> {
  return review(boardId, { kind: "resolve", threadId });
}

export async function reopenReviewThread(boardId: string, threadId: string): Promise<ReviewResult> {
  return review(boardId, { kind: "reopen", threadId });
}

export async function setClaimVerdict(boardId: string, claimId: string, verdict: Verdict | null): Promise<ReviewResult> {
  return review(boardId, { kind: "setVerdict", claimId, verdict });
}

export type PeopleResult = { ok: true; people: Array<{ id: string; name: string }> } | { ok: false; error: string };

/** The board's members by name, for @mentions in comments: only people who may comment need it. */
export async function listMentionablePeople(boardId: string): Promise<PeopleResult> {
  try {
    const id = IdSchema.parse(boardId);
    await requireBoardAccess(id, "review:comment");
    const members = await (await getDatabase()).members.list(id);
    return { ok: true, people: members.map((member) => ({ id: member.id, name: member.name })) };
  } catch (error) {
    if (error instanceof AccessError) return { ok: false, error: error.message };
    if (error instanceof z.ZodError) return { ok: false, error: "This board does not exist." };
    throw error;
  }
}
