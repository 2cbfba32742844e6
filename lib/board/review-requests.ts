/**
 * What a person may ask of the review room, and the change each request makes. Pure: the review
 * server actions parse the input here, then hand the change to the room writer with the author
 * taken from the session. Inputs are strict objects, so a request that names its own author
 * (`authorId`, `authorName`, …) is refused rather than quietly trusted.
 */
import type * as Y from "yjs";
import * as z from "zod";
import type { Action } from "@/lib/auth/roles";
import { openThread, reopenThread, reply, resolveThread, setVerdict } from "./review";
import { CommentInputSchema, IdSchema, ReviewTargetSchema, VerdictSchema, type ReviewAuthor } from "./schema";

export const OpenThreadRequestSchema = z.strictObject({
  kind: z.literal("openThread"),
  target: ReviewTargetSchema,
  ...CommentInputSchema.shape,
});

export const ReplyRequestSchema = z.strictObject({
  kind: z.literal("reply"),
  threadId: IdSchema,
  ...CommentInputSchema.shape,
});

export const ThreadStatusRequestSchema = z.strictObject({
  kind: z.enum(["resolve", "reopen"]),
  threadId: IdSchema,
});

export const VerdictRequestSchema = z.strictObject({
  kind: z.literal("setVerdict"),
  claimId: IdSchema,
  /** null withdraws the verdict. */
  verdict: VerdictSchema.nullable(),
});

export const ReviewRequestSchema = z.discriminatedUnion("kind", [
  OpenThreadRequestSchema,
  ReplyRequestSchema,
  ThreadStatusRequestSchema,
  VerdictRequestSchema,
]);
export type ReviewRequest = z.output<typeof ReviewRequestSchema>;
export type ReviewRequestInput = z.input<typeof ReviewRequestSchema>;

/** The permission a request needs: verdicts are for reviewers and owners, comments for anyone who reviews. */
export function permissionFor(request: ReviewRequest): Action {
  return request.kind === "setVerdict" ? "review:verdict" : "review:comment";
}

/** Thrown when a comment mentions someone who is not a member of the board. */
export class MentionError extends Error {}

/** Refuses mentions of people outside the board, so a comment cannot notify or reveal strangers. */
export function assertMembersMentioned(request: ReviewRequest, memberIds: ReadonlySet<string>): void {
  if (request.kind !== "openThread" && request.kind !== "reply") return;
  if (request.mentions.some((id) => !memberIds.has(id))) {
    throw new MentionError("You can only mention members of this board.");
  }
}

/**
 * The change a request makes to the review document, written as `actor` (the session user).
 * The change validates before it writes, so a refused request leaves the document untouched.
 */
export function reviewChange(request: ReviewRequest, actor: ReviewAuthor): (doc: Y.Doc) => void {
  switch (request.kind) {
    case "openThread":
      return (doc) => void openThread(doc, { target: request.target, body: request.body, mentions: request.mentions }, actor);
    case "reply":
      return (doc) => void reply(doc, request.threadId, { body: request.body, mentions: request.mentions }, actor);
    case "resolve":
      return (doc) => resolveThread(doc, request.threadId);
    case "reopen":
      return (doc) => reopenThread(doc, request.threadId);
    case "setVerdict":
      return (doc) => setVerdict(doc, request.claimId, actor.id, request.verdict);
  }
}
