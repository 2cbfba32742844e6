/**
 * Typed read/write helpers over a review Y.Doc (the room `<boardId>.review`). Only the server
 * writes this document, on behalf of people who call the review actions; the UI reads it.
 *
 * Like the board model: every write validates first and throws a ZodError (nothing written) when its
 * values do not hold; every read skips entries that fail validation, so a bad entry never breaks
 * the review panel.
 */
import * as Y from "yjs";
import { newId } from "@/lib/ids";
import { getCard, getClaim, getHypothesis, getPin, narrativeClaimTexts } from "./model";
import {
  CommentInputSchema,
  CommentSchema,
  IdSchema,
  REVIEW_ROOT,
  ReviewAuthorSchema,
  ReviewTargetSchema,
  ThreadSchema,
  VerdictSchema,
  parseCellTargetId,
  type Comment,
  type CommentInput,
  type ReviewAuthor,
  type ReviewTarget,
  type Thread,
  type Verdict,
} from "./schema";

type ThreadMap = Y.Map<unknown>;

const threads = (doc: Y.Doc) => doc.getMap<ThreadMap>(REVIEW_ROOT.threads);
const verdicts = (doc: Y.Doc) => doc.getMap<unknown>(REVIEW_ROOT.verdicts);

/** Key of one person's verdict on one claim; ids never contain "/". */
const verdictKey = (claimId: string, userId: string) => `${claimId}/${userId}`;

/** A comment by `author`, validated; the author always comes from the caller (the session), never the input. */
export function buildComment(author: ReviewAuthor, input: CommentInput, now = Date.now()): Comment {
  const { id: authorId, name: authorName } = ReviewAuthorSchema.parse(author);
  const { body, mentions } = CommentInputSchema.parse(input);
  return CommentSchema.parse({
    id: newId(),
    authorId,
    authorName,
    body,
    mentions: Array.from(new Set(mentions)),
    createdAt: now,
  });
}

/** A thread that does not exist (any more): someone may have removed it, or the link is stale. */
export class MissingThreadError extends Error {
  constructor(threadId: string) {
    super(`No review thread with id ${threadId}`);
  }
}

function requireThread(doc: Y.Doc, threadId: string): ThreadMap {
  const thread = threads(doc).get(IdSchema.parse(threadId));
  if (!(thread instanceof Y.Map)) throw new MissingThreadError(threadId);
  return thread;
}

/** Opens a thread on a claim, pin or card with a first comment; returns the thread id. */
export function openThread(
  doc: Y.Doc,
  input: { target: ReviewTarget } & CommentInput,
  author: ReviewAuthor,
  now = Date.now(),
): string {
  const target = ReviewTargetSchema.parse(input.target);
  const first = buildComment(author, { body: input.body, mentions: input.mentions }, now);
  const id = newId();
  doc.transact(() => {
    const thread = new Y.Map<unknown>();
    thread.set("target", target);
    thread.set("status", "open");
    thread.set("createdAt", now);
    // A Y.Array so that replies written concurrently (two instances) both survive.
    const comments = new Y.Array<Comment>();
    comments.push([first]);
    thread.set("comments", comments);
    threads(doc).set(id, thread);
  });
  return id;
}

/** Adds a comment to a thread; returns the comment id. Replying to a resolved thread reopens it. */
export function reply(doc: Y.Doc, threadId: string, input: CommentInput, author: ReviewAuthor, now = Date.now()): string {
  const thread = requireThread(doc, threadId);
  const comment = buildComment(author, input, now);
  const comments = thread.get("comments");
  if (!(comments instanceof Y.Array)) throw new Error(`Review thread ${threadId} is damaged`);
  doc.transact(() => {
    comments.push([comment]);
    if (thread.get("status") !== "open") thread.set("status", "open");
  });
  return comment.id;
}

export function resolveThread(doc: Y.Doc, threadId: string): void {
  requireThread(doc, threadId).set("status", "resolved");
}

export function reopenThread(doc: Y.Doc, threadId: string): void {
  requireThread(doc, threadId).set("status", "open");
}

/** Records (or with null withdraws) one person's verdict on a claim. */
export function setVerdict(doc: Y.Doc, claimId: string, userId: string, verdict: Verdict | null): void {
  const key = verdictKey(IdSchema.parse(claimId), IdSchema.parse(userId));
  if (verdict === null) verdicts(doc).delete(key);
  else verdicts(doc).set(key, VerdictSchema.parse(verdict));
}

function readThread(id: string, map: ThreadMap): Thread | null {
  if (!(map instanceof Y.Map)) return null;
  const comments = map.get("comments");
  const parsed = ThreadSchema.safeParse({
    id,
    target: map.get("target"),
    status: map.get("status"),
    createdAt: map.get("createdAt"),
    comments: [],
  });
  if (!parsed.success || !(comments instanceof Y.Array)) return null;
  const valid = comments
    .toArray()
    .map((comment) => CommentSchema.safeParse(comment))
    .flatMap((result) => (result.success ? [result.data] : []))
    .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  return { ...parsed.data, comments: valid };
}

/** Every readable thread with its comments oldest first; threads ordered by when they were opened. */
export function listThreads(doc: Y.Doc): Thread[] {
  const result: Thread[] = [];
  for (const [id, map] of threads(doc).entries()) {
    const thread = readThread(id, map);
    if (thread) result.push(thread);
  }
  return result.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** userId → verdict on one claim. */
export function verdictsFor(doc: Y.Doc, claimId: string): Record<string, Verdict> {
  const prefix = `${claimId}/`;
  const result: Record<string, Verdict> = {};
  for (const [key, value] of verdicts(doc).entries()) {
    if (!key.startsWith(prefix)) continue;
    const verdict = VerdictSchema.safeParse(value);
    if (verdict.success) result[key.slice(prefix.length)] = verdict.data;
  }
  return result;
}

/**
 * Threads whose claim, pin, card, hypothesis or matrix cell no longer exists on the board: shown apart, never lost. A claim
 * whose marked text was deleted from the narrative counts as gone, even while its entry in
 * `claims` remains (undo can bring the text, and so the thread, back).
 */
export function orphanedThreads(reviewDoc: Y.Doc, boardDoc: Y.Doc): Thread[] {
  const inText = narrativeClaimTexts(boardDoc);
  const exists = ({ kind, id }: ReviewTarget): boolean => {
    switch (kind) {
      case "claim":
        return getClaim(boardDoc, id) !== null && inText.has(id);
      case "pin":
        return getPin(boardDoc, id) !== null;
      case "card":
        return getCard(boardDoc, id) !== null;
      case "hypothesis":
        return getHypothesis(boardDoc, id) !== null;
      case "cell": {
        const cell = parseCellTargetId(id);
        return cell !== null && getCard(boardDoc, cell.cardId) !== null && getHypothesis(boardDoc, cell.hypothesisId) !== null;
      }
    }
  };
  return listThreads(reviewDoc).filter((thread) => !exists(thread.target));
}

/**
 * What a thread is about, in words: the pin's, card's or hypothesis' title, the claim's text, a
 * cell's card and hypothesis ("Convoy ambushed × JNIM is shifting south"); null when it is gone.
 */
export function reviewTargetTitle(boardDoc: Y.Doc, { kind, id }: ReviewTarget): string | null {
  switch (kind) {
    case "pin":
      return getPin(boardDoc, id)?.title ?? null;
    case "card":
      return getCard(boardDoc, id)?.title ?? null;
    case "claim":
      return narrativeClaimTexts(boardDoc).get(id)?.trim() || null;
    case "hypothesis":
      return getHypothesis(boardDoc, id)?.title ?? null;
    case "cell": {
      const cell = parseCellTargetId(id);
      const card = cell && getCard(boardDoc, cell.cardId);
      const hypothesis = cell && getHypothesis(boardDoc, cell.hypothesisId);
      return card && hypothesis ? `${card.title} × ${hypothesis.title}` : null;
    }
  }
}

/** Calls `onChange` after every transaction that touched threads or verdicts; returns the stop function. */
export function observeReview(doc: Y.Doc, onChange: () => void): () => void {
  let reported: Y.Transaction | null = null;
  const handler = (_events: unknown, transaction: Y.Transaction) => {
    if (transaction === reported) return;
    reported = transaction;
    onChange();
  };
  threads(doc).observeDeep(handler);
  verdicts(doc).observeDeep(handler);
  return () => {
    threads(doc).unobserveDeep(handler);
    verdicts(doc).unobserveDeep(handler);
  };
}

/** What a claim's row shows about its review: open threads and how many reviewers gave each verdict. */
export interface ClaimReviewStatus {
  openThreads: number;
  threads: number;
  verdicts: Record<Verdict, number>;
}

/** The review status of every claim that has threads or verdicts, keyed by claim id. */
export function claimReviewStatuses(doc: Y.Doc): Map<string, ClaimReviewStatus> {
  const result = new Map<string, ClaimReviewStatus>();
  const statusOf = (claimId: string) => {
    let status = result.get(claimId);
    if (!status) result.set(claimId, (status = { openThreads: 0, threads: 0, verdicts: { agree: 0, dispute: 0, "needs-source": 0 } }));
    return status;
  };
  for (const thread of listThreads(doc)) {
    if (thread.target.kind !== "claim") continue;
    const status = statusOf(thread.target.id);
    status.threads += 1;
    if (thread.status === "open") status.openThreads += 1;
  }
  for (const [key, value] of verdicts(doc).entries()) {
    const [claimId, userId] = key.split("/");
    const verdict = VerdictSchema.safeParse(value);
    if (!claimId || !userId || !verdict.success || !IdSchema.safeParse(claimId).success) continue;
    statusOf(claimId).verdicts[verdict.data] += 1;
  }
  return result;
}
