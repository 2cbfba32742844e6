"use server";
/**
 * Review actions: open a thread, reply, resolve or reopen, give a verdict. The review room is
 * written only by the server, so these are the only way in. Each action parses its input, takes
 * the author and their role from the session (never from the input), then sends the request as
 * plain data to the collaboration server, which applies it, sends the change to everyone on the
 * review room and stores it.
 */
import { z } from "zod";
import { ActionError, boardAction, type ActionLimit, type ActionResult } from "@/lib/auth/action";
import {
  MentionError,
  ReviewRequestSchema,
  type OpenThreadRequestSchema,
  type ReplyRequestSchema,
  assertMembersMentioned,
  permissionFor,
  type ReviewRequestInput,
} from "@/lib/board/review-requests";
import { IdSchema, type Verdict } from "@/lib/board/schema";
import { sendReviewCommand } from "@/lib/collab/review-commands";

export type ReviewResult = ActionResult;

type OpenThreadInput = Omit<z.input<typeof OpenThreadRequestSchema>, "kind">;
type ReplyInput = Omit<z.input<typeof ReplyRequestSchema>, "threadId" | "kind">;

/**
 * Every review change is stored for good and sent to everyone on the board: a person may make 30 a
 * minute (a comment every two seconds, or a quick run of verdicts), not 300 in eight seconds.
 */
const REVIEW_LIMIT: ActionLimit = { name: "review-changes", points: 30, seconds: 60, message: "Too many review changes in a short time." };

const reviewAction = boardAction(
  z.object({ boardId: IdSchema, request: ReviewRequestSchema }),
  ({ request }) => permissionFor(request),
  async ({ boardId: id, request }, { user, database }) => {
    if ("mentions" in request && request.mentions.length > 0) {
      const members = await database.members.list(id);
      assertMembersMentioned(request, new Set(members.map((member) => member.id)));
    }
    const result = await sendReviewCommand({ boardId: id, request, author: { id: user.id, name: user.name } });
    if (!result.ok) throw new ActionError(result.error);
    return {};
  },
  { describe: (error) => (error instanceof MentionError ? error.message : undefined), limit: REVIEW_LIMIT },
);

function review(boardId: string, request: ReviewRequestInput): Promise<ReviewResult> {
  return reviewAction({ boardId, request });
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

export type PeopleResult = ActionResult<{ people: Array<{ id: string; name: string }> }>;

const mentionablePeople = boardAction(
  z.object({ boardId: IdSchema }),
  "review:comment",
  async ({ boardId }, { database }) => {
    const members = await database.members.list(boardId);
    return { people: members.map((member) => ({ id: member.id, name: member.name })) };
  },
  { describe: (error) => (error instanceof z.ZodError ? "This board does not exist." : undefined) },
);

/** The board's members by name, for @mentions in comments: only people who may comment need it. */
export async function listMentionablePeople(boardId: string): Promise<PeopleResult> {
  return mentionablePeople({ boardId });
}
