import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { addPin, listPins } from "@/lib/board/model";
import { auth } from "@/lib/auth/config";
import type { Role } from "@/lib/auth/roles";
import { openDatabase, setDatabase, type Database } from "@/lib/db";
import { storedState } from "@/lib/db/versions";
import { createUser, tempDataDir, type TestUser } from "@/test/support/servers";
import { listVersions, recordBriefedVersion, saveNamedVersion } from "@/app/boards/[boardId]/version-actions";
import { GET } from "@/app/api/boards/[boardId]/versions/[versionId]/route";

// The session is the one thing a test cannot sign in for; everything after it is real.
vi.mock("@/lib/auth/config", () => ({ auth: vi.fn() }));

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

/** `user` adds a pin under client id `clientId` (theirs), stored as the server commits it. */
async function writes(user: TestUser, clientId: number, title: string): Promise<void> {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  Y.applyUpdate(doc, await storedState(database.docs, boardId));
  const before = Y.encodeStateVector(doc);
  addPin(doc, { title, lng: 1, lat: 2 }, user.name);
  await database.clientIds.claim(boardId, [{ clientId, userId: user.id }]);
  await database.docs.append(boardId, [Y.encodeStateAsUpdate(doc, before)]);
}

async function read(versionId: string, part = "board", id = boardId): Promise<Response> {
  return GET(new Request(`http://localhost/api/boards/${id}/versions/${versionId}?part=${part}`), {
    params: Promise.resolve({ boardId: id, versionId }),
  });
}

beforeEach(async () => {
  data = tempDataDir();
  database = await openDatabase({ dataDir: data.dir });
  setDatabase(database);
  owner = await createUser(database, "Owner");
  boardId = (await database.createBoard({ title: "Versions board", question: "What changed?" }, owner.id)).id;
  signInAs(owner);
});

afterEach(async () => {
  await database.close();
  data.cleanup();
});

describe("version actions", () => {
  it("save a named version with who wrote since, and list it with names and the client ids' people", async () => {
    const ed = await member("Ed", "editor");
    await writes(ed, 4242, "Kidal");
    signInAs(ed);
    const saved = await saveNamedVersion({ boardId, name: "  Before the Monday brief " });
    expect(saved).toMatchObject({ ok: true, version: { kind: "named", name: "Before the Monday brief", createdBy: ed.id, authors: [ed.id] } });

    signInAs(await member("Vi", "viewer"));
    const listed = await listVersions({ boardId });
    expect(listed).toMatchObject({
      ok: true,
      versions: [{ kind: "named", name: "Before the Monday brief", authorNames: ["Ed"], createdByName: "Ed" }],
      people: { "4242": { id: ed.id, name: "Ed" } },
    });
  });

  it("refuse a name that is empty or too long, and people who may not save", async () => {
    expect(await saveNamedVersion({ boardId, name: "   " })).toEqual({ ok: false, error: "Give the version a name." });
    expect(await saveNamedVersion({ boardId, name: "x".repeat(121) })).toEqual({ ok: false, error: "A version's name can be at most 120 characters." });
    signInAs(await member("Rae", "reviewer"));
    expect(await saveNamedVersion({ boardId, name: "Mine" })).toEqual({ ok: false, error: "Your role on this board does not allow that." });
    signInAs(await createUser(database, "Stranger"));
    expect(await listVersions({ boardId })).toEqual({ ok: false, error: "You are not a member of this board." });
    expect(await database.versions.list(boardId)).toEqual([]);
  });

  it("record a briefing's version once however often it is printed or presented within a minute", async () => {
    signInAs(await member("Vi", "viewer"));
    const [first, second] = await Promise.all([
      recordBriefedVersion({ boardId, reason: "printed" }),
      recordBriefedVersion({ boardId, reason: "printed" }),
    ]);
    const third = await recordBriefedVersion({ boardId, reason: "presented" });
    expect(first).toMatchObject({ ok: true, version: { kind: "briefed", name: "Briefing printed" } });
    expect(second.ok && third.ok && [second.version.id, third.version.id]).toEqual([first.ok && first.version.id, first.ok && first.version.id]);
    expect(await database.versions.list(boardId)).toHaveLength(1);
    expect(await recordBriefedVersion({ boardId, reason: "shown" as "printed" })).toEqual({ ok: false, error: "A briefing is either printed or presented." });
  });
});

describe("the version route", () => {
  it("serves a version's board and review to members, says when there is no such version, and refuses others", async () => {
    await writes(owner, 77, "Gao");
    const saved = await saveNamedVersion({ boardId, name: "With Gao" });
    const versionId = saved.ok ? saved.version.id : "";
    await writes(owner, 78, "Mopti");

    signInAs(await member("Vi", "viewer"));
    const board = await read(versionId);
    expect(board.status).toBe(200);
    expect(board.headers.get("content-type")).toBe("application/octet-stream");
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await board.arrayBuffer()));
    expect(listPins(doc).map((pin) => pin.title)).toEqual(["Gao"]);
    const review = await read(versionId, "review");
    expect(review.status).toBe(200);
    expect((await review.arrayBuffer()).byteLength).toBeGreaterThan(0);

    const wrong = await read("noSuchVersion1");
    expect(wrong.status).toBe(404);
    expect((await wrong.json()).error).toBe("This board has no such version. It may have been thinned away: list the versions again.");
    expect((await read(versionId, "everything")).status).toBe(400);
    const other = (await database.createBoard({ title: "Other", question: "" }, owner.id)).id;
    // A version is read only through its own board.
    signInAs(owner);
    expect((await read(versionId, "board", other)).status).toBe(404);

    signInAs(await createUser(database, "Stranger"));
    const refused = await read(versionId);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: "You are not a member of this board." });
  });
});
