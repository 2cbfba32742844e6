import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auth } from "@/lib/auth/config";
import type { Role } from "@/lib/auth/roles";
import { accessEvents, type AccessChange } from "@/lib/collab/access-events";
import { openDatabase, setDatabase, type Database } from "@/lib/db";
import { createUser, tempDataDir, type TestUser } from "@/test/support/servers";
import { createBoardAction } from "@/app/actions";
import {
  changeRole,
  createShareLink,
  inviteMember,
  loadMembers,
  removeMember,
  revokeShareLink,
} from "@/app/boards/[boardId]/member-actions";

// The session is the one thing a test cannot sign in for; everything after it is real.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn() }));
vi.mock("next/navigation", () => ({
  redirect: (url: string) => {
    throw new Error(`redirect ${url}`);
  },
}));

let data: ReturnType<typeof tempDataDir>;
let database: Database;
let owner: TestUser;
let boardId: string;

function signInAs(user: TestUser | null): void {
  vi.mocked(auth as unknown as () => Promise<unknown>).mockResolvedValue(user ? { user: { id: user.id } } : null);
}

async function member(name: string, role: Role): Promise<TestUser> {
  const user = await createUser(database, name);
  await database.members.set(boardId, user.id, role);
  return user;
}

beforeEach(async () => {
  data = tempDataDir();
  database = await openDatabase({ dataDir: data.dir });
  setDatabase(database);
  owner = await createUser(database, "Owner");
  boardId = (await database.createBoard({ title: "Members board", question: "Who is in?" }, owner.id)).id;
  signInAs(owner);
});

afterEach(async () => {
  await database.close();
  data.cleanup();
});

describe("member actions", () => {
  it("answer an owner with the members, and refuse everyone else with a sentence", async () => {
    const result = await loadMembers(boardId);
    expect(result.ok && result.state.members.map((m) => [m.name, m.role])).toEqual([["Owner", "owner"]]);
    expect(result.ok && result.state).toMatchObject({ invites: [], links: [] });

    signInAs(await member("Vi", "viewer"));
    expect(await loadMembers(boardId)).toEqual({ ok: false, error: "Your role on this board does not allow that." });
    signInAs(await createUser(database, "Stranger"));
    expect(await loadMembers(boardId)).toEqual({ ok: false, error: "You are not a member of this board." });
    expect(await loadMembers("nope")).toEqual({ ok: false, error: "This board does not exist." });
    signInAs(null);
    expect(await loadMembers(boardId)).toEqual({ ok: false, error: "Sign in to continue." });
  });

  it("invite by address, and tell open connections when a known person's role changes", async () => {
    const heard: AccessChange[] = [];
    const unsubscribe = accessEvents().subscribe((change) => heard.push(change));
    const ed = await createUser(database, "Ed");
    try {
      expect(await inviteMember(boardId, "not an address", "editor")).toEqual({ ok: false, error: "Enter a valid email address" });
      const invited = await inviteMember(boardId, " new@example.com ", "viewer");
      expect(invited.ok && invited.state.invites.map((i) => [i.email, i.role])).toEqual([["new@example.com", "viewer"]]);
      const added = await inviteMember(boardId, `${ed.id}@example.com`, "editor");
      expect(added.ok && added.state.members.map((m) => m.name).sort()).toEqual(["Ed", "Owner"]);
      expect(heard).toEqual([{ boardId, userId: ed.id }]);
    } finally {
      unsubscribe();
    }
  });

  it("keep an owner on every board and refuse what the input does not allow", async () => {
    const outsider = await createUser(database, "Outsider");
    expect(await changeRole(boardId, outsider.id, "editor")).toEqual({ ok: false, error: "That person is not a member of this board." });
    expect(await changeRole(boardId, owner.id, "editor")).toEqual({ ok: false, error: "A board needs an owner: make someone else owner first." });
    expect(await removeMember(boardId, owner.id)).toEqual({ ok: false, error: "A board needs an owner: make someone else owner first." });
    expect(await createShareLink(boardId, "owner", null)).toEqual({ ok: false, error: expect.stringMatching(/expected one of/) });

    const linked = await createShareLink(boardId, "viewer", 7);
    const [link] = linked.ok ? linked.state.links : [];
    expect(link).toMatchObject({ role: "viewer" });
    const revoked = await revokeShareLink(boardId, link.token);
    expect(revoked.ok && revoked.state.links).toEqual([]);
  });
});

describe("creating a board", () => {
  it("names the field a person got wrong, keeps the values, and opens a new board", async () => {
    const form = (title: string, question: string) => {
      const data = new FormData();
      data.set("title", title);
      data.set("question", question);
      return data;
    };
    const previous = { error: null, values: { title: "", question: "" } };
    expect(await createBoardAction(previous, form("", "Why?"))).toEqual({
      error: expect.stringMatching(/^Title: /),
      values: { title: "", question: "Why?" },
    });
    await expect(createBoardAction(previous, form("A board", "Why?"))).rejects.toThrow(/^redirect \/boards\//);
  });
});
