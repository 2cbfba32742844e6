import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { auth } from "@/lib/auth/config";
import type { Role } from "@/lib/auth/roles";
import { listThreads, verdictsFor } from "@/lib/board/review";
import { reviewRoomName } from "@/lib/collab/protocol";
import { setDatabase } from "@/lib/db";
import {
  connectProvider,
  createUser,
  eventually,
  logRows,
  memberTicket,
  startTestServer,
  tempDataDir,
  type TestServer,
  type TestUser,
} from "@/test/support/servers";
import {
  listMentionablePeople,
  openReviewThread,
  replyToThread,
  resolveReviewThread,
  setClaimVerdict,
} from "@/app/boards/[boardId]/review-actions";

// The session is the one thing a test cannot sign in for; everything after it is real.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn() }));

let data: ReturnType<typeof tempDataDir>;
let server: TestServer;
let boardId: string;
let provider: WebsocketProvider;
const target = { kind: "claim" as const, id: "claim1" };

/** A member with `role`, signed in from now on. */
async function signIn(name: string, role: Role): Promise<TestUser> {
  const user = await createUser(server.database, name);
  await server.database.members.set(boardId, user.id, role);
  vi.mocked(auth as unknown as () => Promise<unknown>).mockResolvedValue({ user: { id: user.id } });
  return user;
}

beforeEach(async () => {
  data = tempDataDir();
  server = await startTestServer(data.dir);
  setDatabase(server.database);
  const owner = await createUser(server.database, "Owner");
  boardId = (await server.database.createBoard({ title: "Review board", question: "Who writes?" }, owner.id)).id;
  provider = await connectProvider(server.url, reviewRoomName(boardId), await memberTicket(server.database, owner, boardId, "owner"));
});

afterEach(async () => {
  provider.destroy();
  await server.stop();
  data.cleanup();
});

describe("review actions", () => {
  it("write threads and verdicts as the signed-in reviewer, seen live on the review room", async () => {
    const rita = await signIn("Rita", "reviewer");
    expect(await openReviewThread(boardId, { target, body: "Which source?" })).toEqual({ ok: true });
    const [thread] = await eventually(() => {
      const threads = listThreads(provider.doc);
      expect(threads).toHaveLength(1);
      return threads;
    });
    expect(thread.comments[0]).toMatchObject({ authorId: rita.id, authorName: "Rita", body: "Which source?" });

    expect(await replyToThread(boardId, thread.id, { body: "Found it" })).toEqual({ ok: true });
    expect(await resolveReviewThread(boardId, thread.id)).toEqual({ ok: true });
    expect(await setClaimVerdict(boardId, "claim1", "needs-source")).toEqual({ ok: true });
    await eventually(() => {
      expect(listThreads(provider.doc)[0]).toMatchObject({ status: "resolved", comments: [{}, { body: "Found it" }] });
      expect(verdictsFor(provider.doc, "claim1")).toEqual({ [rita.id]: "needs-source" });
    });
  });

  it("refuse a forged author and write nothing", async () => {
    await signIn("Mallory", "reviewer");
    const victim = await createUser(server.database, "Victim");
    const forged = { target, body: "Not me", authorId: victim.id, authorName: "Victim" };
    const result = await openReviewThread(boardId, forged as Parameters<typeof openReviewThread>[1]);
    expect(result).toMatchObject({ ok: false });
    expect(await logRows(server.database, reviewRoomName(boardId))).toBe(0);
  });

  it("refuse a reply or a verdict that names its own author, and record a verdict only for the session's user", async () => {
    const rita = await signIn("Rita", "reviewer");
    const victim = await createUser(server.database, "Victim");
    expect(await openReviewThread(boardId, { target, body: "Mine" })).toEqual({ ok: true });
    const [thread] = await eventually(() => {
      const threads = listThreads(provider.doc);
      expect(threads).toHaveLength(1);
      return threads;
    });
    const forgedReply = { body: "Not me", authorName: "Victim" };
    expect(await replyToThread(boardId, thread.id, forgedReply as Parameters<typeof replyToThread>[2])).toMatchObject({ ok: false });
    const forgedVerdict = setClaimVerdict as unknown as (b: string, c: string, v: string, u: string) => Promise<unknown>;
    expect(await forgedVerdict(boardId, "claim1", "agree", victim.id)).toEqual({ ok: true });
    await eventually(() => expect(verdictsFor(provider.doc, "claim1")).toEqual({ [rita.id]: "agree" }));
    expect(listThreads(provider.doc)[0].comments.map((c) => c.authorName)).toEqual(["Rita"]);
  });

  it("follow the permission table: editors comment but give no verdict, viewers do neither", async () => {
    await signIn("Ed", "editor");
    expect(await openReviewThread(boardId, { target, body: "Editor's note" })).toEqual({ ok: true });
    expect(await setClaimVerdict(boardId, "claim1", "agree")).toEqual({ ok: false, error: expect.stringMatching(/role/) });
    await signIn("Vi", "viewer");
    expect(await openReviewThread(boardId, { target, body: "Viewer" })).toEqual({ ok: false, error: expect.stringMatching(/role/) });
    await eventually(() => expect(listThreads(provider.doc).map((t) => t.comments[0].body)).toEqual(["Editor's note"]));
    expect(verdictsFor(provider.doc, "claim1")).toEqual({});
  });

  it("allow mentions of board members only", async () => {
    const rita = await signIn("Rita", "reviewer");
    const outsider = await createUser(server.database, "Outsider");
    expect(await openReviewThread(boardId, { target, body: "Hi", mentions: [outsider.id] })).toEqual({
      ok: false,
      error: "You can only mention members of this board.",
    });
    expect(await openReviewThread(boardId, { target, body: "Note to self", mentions: [rita.id] })).toEqual({ ok: true });
  });

  it("list the board's members for mentions to people who may comment, and to nobody else", async () => {
    const rita = await signIn("Rita", "reviewer");
    const result = await listMentionablePeople(boardId);
    expect(result).toMatchObject({ ok: true });
    expect(result.ok && result.people.map((p) => p.name).sort()).toEqual(["Owner", "Rita"]);
    expect(result.ok && result.people.find((p) => p.name === "Rita")).toEqual({ id: rita.id, name: "Rita" });
    await signIn("Vi", "viewer");
    expect(await listMentionablePeople(boardId)).toEqual({ ok: false, error: expect.stringMatching(/role/) });
  });

  it("hold one person to 30 changes a minute with a sentence saying when to go on, writing none beyond, and not hold back anyone else", async () => {
    await signIn("Spammer", "reviewer");
    const body = "x".repeat(5_000);
    const answers = [];
    for (let i = 0; i < 40; i++) answers.push(await openReviewThread(boardId, { target, body }));
    expect(answers.slice(0, 30)).toEqual(Array(30).fill({ ok: true }));
    expect(answers.slice(30)).toEqual(
      Array(10).fill({ ok: false, error: expect.stringMatching(/^Too many review changes in a short time\. Try again in \d+ seconds?\.$/) }),
    );
    await eventually(() => expect(listThreads(provider.doc)).toHaveLength(30));

    await signIn("Rita", "reviewer");
    expect(await openReviewThread(boardId, { target, body: "Meanwhile, a real question" })).toEqual({ ok: true });
    await eventually(() => expect(listThreads(provider.doc)).toHaveLength(31));
  });

  it("say so when the thread no longer exists", async () => {
    await signIn("Rita", "reviewer");
    expect(await replyToThread(boardId, "gone", { body: "Hello?" })).toEqual({ ok: false, error: "This thread no longer exists." });
  });
});
