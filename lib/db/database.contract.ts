/**
 * The contract every database driver passes (document store and repositories): the same file
 * runs against SQLite and PostgreSQL.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { boardSchemaVersion, readMeta, upgradeStoredBoard } from "@/lib/board/model";
import { SCHEMA_VERSION } from "@/lib/board/schema";
import type { RoomChange } from "./doc-store";
import type { Database } from "./index";
import { MembershipError } from "./members";
import { parseRetention } from "@/lib/retention";
import { captureBoard } from "./versions";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

function pinDoc(doc: Y.Doc, key: string, value: string): Uint8Array {
  let update: Uint8Array | null = null;
  const capture = (u: Uint8Array) => (update = u);
  doc.on("update", capture);
  doc.getMap("test").set(key, value);
  doc.off("update", capture);
  return update!;
}

function restore(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc;
}

/**
 * A transform that sets `key` in the stored document unless it is there already, and counts the
 * updates it returned: a stand-in for a one-time upgrade.
 */
function setOnce(key: string, value: string) {
  const made = { count: 0 };
  const change: RoomChange = (updates) => {
    const doc = restore(updates);
    if (doc.getMap("test").has(key)) return null;
    const before = Y.encodeStateVector(doc);
    doc.getMap("test").set(key, value);
    made.count++;
    return Y.encodeStateAsUpdate(doc, before);
  };
  return { change, made };
}

/** A board saved before versioning (test/fixtures/make-board-v0.ts). */
const BOARD_V0 = new Uint8Array(fs.readFileSync(path.join(here, "../../test/fixtures/board-v0.bin")));

/** A fresh database for one test; `reopen` opens a second handle on it, as another instance would. */
export type ContractDatabase = Database & { reopen: () => Promise<Database>; dispose?: () => Promise<void> };

/** Runs the contract against databases made by `open` (each test gets a fresh one). */
export function describeDatabaseContract(driver: string, open: () => Promise<ContractDatabase>) {
  const withDatabase = (test: (db: ContractDatabase) => Promise<void>) => async () => {
    const db = await open();
    try {
      await test(db);
    } finally {
      await db.close();
      await db.dispose?.();
    }
  };

  describe(`DocStore contract (${driver})`, () => {
    it("loads nothing for a room never written", withDatabase(async ({ docs }) => {
      expect(await docs.load("room-empty")).toEqual({ updates: [], logLength: 0, quarantined: 0, cursor: 0 });
    }));

    it("appends updates in order and loads them back per room", withDatabase(async ({ docs }) => {
      const a = new Y.Doc();
      await docs.append("room-a", [pinDoc(a, "one", "1"), pinDoc(a, "two", "2")]);
      await docs.append("room-a", [pinDoc(a, "one", "uno")]);
      await docs.append("room-b", [pinDoc(new Y.Doc(), "other", "x")]);
      const loaded = await docs.load("room-a");
      expect(loaded.logLength).toBe(3);
      expect(restore(loaded.updates).getMap("test").toJSON()).toEqual({ one: "uno", two: "2" });
      expect(restore((await docs.load("room-b")).updates).getMap("test").toJSON()).toEqual({ other: "x" });
    }));

    it("compacts the log into a snapshot that loads to the same state", withDatabase(async ({ docs }) => {
      const a = new Y.Doc();
      for (let i = 0; i < 20; i++) await docs.append("room-c", [pinDoc(a, `k${i % 5}`, `v${i}`)]);
      await docs.compact("room-c");
      const loaded = await docs.load("room-c");
      expect(loaded.logLength).toBe(0);
      expect(loaded.updates).toHaveLength(1);
      expect(restore(loaded.updates).getMap("test").toJSON()).toEqual(a.getMap("test").toJSON());
    }));

    it("keeps rows appended while a compaction runs", withDatabase(async ({ docs }) => {
      const a = new Y.Doc();
      for (let i = 0; i < 10; i++) await docs.append("room-d", [pinDoc(a, `k${i}`, "v")]);
      const late = pinDoc(a, "late", "kept");
      await Promise.all([docs.compact("room-d"), docs.append("room-d", [late])]);
      await docs.compact("room-d");
      await docs.append("room-d", [pinDoc(a, "after", "also kept")]);
      const state = restore((await docs.load("room-d")).updates).getMap("test").toJSON();
      expect(state.late).toBe("kept");
      expect(state.after).toBe("also kept");
      expect(Object.keys(state)).toHaveLength(12);
    }));

    it("loses nothing when two instances append and compact one room at once", withDatabase(async (first) => {
      const second = await first.reopen();
      try {
        const writes = (database: Database, prefix: string) => async () => {
          const doc = new Y.Doc();
          for (let i = 0; i < 40; i++) {
            await database.docs.append("room-shared", [pinDoc(doc, `${prefix}${i}`, "v")]);
            if (i % 10 === 9) await database.docs.compact("room-shared");
          }
        };
        await Promise.all([writes(first, "a")(), writes(second, "b")()]);
        await Promise.all([first.docs.compact("room-shared"), second.docs.compact("room-shared")]);
        const state = restore((await first.docs.load("room-shared")).updates).getMap("test").toJSON();
        expect(Object.keys(state)).toHaveLength(80);
      } finally {
        await second.close();
      }
    }));

    it("hands out what was committed after a cursor, across compactions", withDatabase(async (first) => {
      const second = await first.reopen();
      try {
        const a = new Y.Doc();
        await first.docs.append("room-f", [pinDoc(a, "one", "1")]);
        const loaded = await second.docs.load("room-f");
        const mirror = restore(loaded.updates);
        expect((await second.docs.changesSince("room-f", loaded.cursor)).updates).toEqual([]);
        await first.docs.append("room-f", [pinDoc(a, "two", "2")]);
        const next = await second.docs.changesSince("room-f", loaded.cursor);
        for (const update of next.updates) Y.applyUpdate(mirror, update);
        expect(mirror.getMap("test").toJSON()).toEqual({ one: "1", two: "2" });
        await first.docs.append("room-f", [pinDoc(a, "three", "3")]);
        await first.docs.compact("room-f");
        const afterCompaction = await second.docs.changesSince("room-f", next.cursor);
        for (const update of afterCompaction.updates) Y.applyUpdate(mirror, update);
        expect(mirror.getMap("test").toJSON()).toEqual({ one: "1", two: "2", three: "3" });
        expect(afterCompaction.cursor).toBeGreaterThan(next.cursor);
      } finally {
        await second.close();
      }
    }));

    it("quarantines a row that fails to decode and loads the rest", withDatabase(async ({ docs, db }) => {
      const a = new Y.Doc();
      await docs.append("room-e", [pinDoc(a, "good", "yes")]);
      await db.insertInto("doc_updates").values({ room: "room-e", data: new Uint8Array([1, 2, 3]), created_at: Date.now() }).execute();
      await docs.append("room-e", [pinDoc(a, "later", "yes")]);
      const loaded = await docs.load("room-e");
      expect(loaded.quarantined).toBe(1);
      expect(restore(loaded.updates).getMap("test").toJSON()).toEqual({ good: "yes", later: "yes" });
      const quarantined = await db.selectFrom("doc_quarantine").select(["room", "error"]).execute();
      expect(quarantined).toHaveLength(1);
      expect(quarantined[0].room).toBe("room-e");
      expect((await docs.load("room-e")).quarantined).toBe(0);
    }));

    it("quarantines a row whose bytes no longer match their digest, even when they still decode", withDatabase(async ({ docs, db }) => {
      const a = new Y.Doc();
      await docs.append("room-f", [pinDoc(a, "good", "yes")]);
      await docs.append("room-f", [pinDoc(a, "altered", "yes")]);
      const [, second] = await db.selectFrom("doc_updates").select(["id"]).where("room", "=", "room-f").orderBy("id").execute();
      // A valid update, but not the one that was committed: the row changed after it was written.
      await db.updateTable("doc_updates").set({ data: pinDoc(new Y.Doc(), "forged", "yes") }).where("id", "=", second.id).execute();
      const loaded = await docs.load("room-f");
      expect(loaded.quarantined).toBe(1);
      expect(restore(loaded.updates).getMap("test").toJSON()).toEqual({ good: "yes" });
      expect(await db.selectFrom("doc_quarantine").select("error").execute()).toEqual([{ error: "stored bytes do not match their digest" }]);
    }));

    it("transforms a room once: the change reads what is stored and its update is appended", withDatabase(async ({ docs }) => {
      const a = new Y.Doc();
      await docs.append("room-t", [pinDoc(a, "one", "1"), pinDoc(a, "two", "2")]);
      const upgrade = setOnce("upgraded", "yes");
      expect(await docs.transform("room-t", upgrade.change)).toEqual({ applied: true });
      const loaded = await docs.load("room-t");
      expect(loaded.logLength).toBe(3);
      expect(restore(loaded.updates).getMap("test").toJSON()).toEqual({ one: "1", two: "2", upgraded: "yes" });
      expect(await docs.transform("room-t", upgrade.change)).toEqual({ applied: false });
      expect(upgrade.made.count).toBe(1);
      expect((await docs.load("room-t")).logLength).toBe(3);
    }));

    it("appends exactly one change when two instances transform one room at once", withDatabase(async (first) => {
      const second = await first.reopen();
      try {
        const a = new Y.Doc();
        await first.docs.append("room-race", [pinDoc(a, "one", "1")]);
        await first.docs.compact("room-race");
        await first.docs.append("room-race", [pinDoc(a, "two", "2")]);
        // Each instance would write a different value: two applied changes would both be stored.
        const fromFirst = setOnce("upgraded", "by first");
        const fromSecond = setOnce("upgraded", "by second");
        const results = await Promise.all([
          first.docs.transform("room-race", fromFirst.change),
          second.docs.transform("room-race", fromSecond.change),
          first.docs.append("room-race", [pinDoc(a, "three", "3")]),
          second.docs.transform("room-race", fromSecond.change),
          first.docs.transform("room-race", fromFirst.change),
          second.docs.compact("room-race"),
        ]);
        const applied = results.filter((r) => r && r.applied).length;
        expect(applied).toBe(1);
        expect(fromFirst.made.count + fromSecond.made.count).toBe(1);
        const state = restore((await second.docs.load("room-race")).updates).getMap("test").toJSON();
        expect(state).toMatchObject({ one: "1", two: "2", three: "3" });
        expect(["by first", "by second"]).toContain(state.upgraded);
      } finally {
        await second.close();
      }
    }));

    it("appends nothing when the change returns null", withDatabase(async ({ docs }) => {
      await docs.append("room-n", [pinDoc(new Y.Doc(), "one", "1")]);
      const before = await docs.load("room-n");
      const seen: Uint8Array[][] = [];
      expect(await docs.transform("room-n", (updates) => (seen.push(updates), null))).toEqual({ applied: false });
      expect(seen).toEqual([before.updates]);
      expect(await docs.load("room-n")).toEqual(before);
    }));

    it("appends nothing and rejects when the change throws, and releases the room", withDatabase(async ({ docs }) => {
      await docs.append("room-x", [pinDoc(new Y.Doc(), "one", "1")]);
      const before = await docs.load("room-x");
      await expect(docs.transform("room-x", () => {
        throw new Error("no upgrade for you");
      })).rejects.toThrow("no upgrade for you");
      await expect(docs.transform("room-x", () => new Uint8Array([1, 2, 3]))).rejects.toThrow();
      expect(await docs.load("room-x")).toEqual(before);
      expect(await docs.transform("room-x", setOnce("after", "yes").change)).toEqual({ applied: true });
      await docs.append("room-x", [pinDoc(new Y.Doc(), "later", "yes")]);
      expect(restore((await docs.load("room-x")).updates).getMap("test").toJSON()).toEqual({ one: "1", after: "yes", later: "yes" });
    }));

    it("hands a transform only the rows that pass their check, quarantining the rest", withDatabase(async ({ docs, db }) => {
      await docs.append("room-q", [pinDoc(new Y.Doc(), "good", "yes")]);
      await db.insertInto("doc_updates").values({ room: "room-q", data: new Uint8Array([1, 2, 3]), created_at: Date.now() }).execute();
      expect(await docs.transform("room-q", setOnce("upgraded", "yes").change)).toEqual({ applied: true });
      expect(await db.selectFrom("doc_quarantine").select("room").execute()).toEqual([{ room: "room-q" }]);
      const loaded = await docs.load("room-q");
      expect(loaded.quarantined).toBe(0);
      expect(restore(loaded.updates).getMap("test").toJSON()).toEqual({ good: "yes", upgraded: "yes" });
    }));

    it("upgrades a board saved before versioning once when two instances load it at once", withDatabase(async (first) => {
      const second = await first.reopen();
      try {
        await first.docs.append("room-v0", [BOARD_V0]);
        const upgrade = (updates: Uint8Array[]) => upgradeStoredBoard(updates)?.update ?? null;
        const results = await Promise.all([first.docs.transform("room-v0", upgrade), second.docs.transform("room-v0", upgrade)]);
        expect(results.map((r) => r.applied).sort()).toEqual([false, true]);
        const loaded = await first.docs.load("room-v0");
        expect(loaded.logLength).toBe(2);
        const doc = restore(loaded.updates);
        expect(boardSchemaVersion(doc)).toBe(SCHEMA_VERSION);
        expect(readMeta(doc).title).toBe("Koulikoro, before versioning");
      } finally {
        await second.close();
      }
    }));

    it("creates a board with its first document update and lists it", withDatabase(async (database) => {
      await database.users.create({ id: "owner1", email: "owner@example.com", name: "Owner", passwordHash: null });
      const board = await database.createBoard({ title: "  Sahel  ", question: "Moving south?" }, "owner1");
      expect(await database.members.roleOf(board.id, "owner1")).toBe("owner");
      expect(board.title).toBe("Sahel");
      expect(await database.boards.exists(board.id)).toBe(true);
      expect(await database.boards.exists("nope")).toBe(false);
      const doc = restore((await database.docs.load(board.id)).updates);
      expect(doc.getMap("meta").get("title")).toBe("Sahel");
      await database.boards.touch(board.id, { title: "Renamed", question: "" });
      expect((await database.boards.list()).map((b) => b.title)).toEqual(["Renamed"]);
      await expect(database.createBoard({ title: "   ", question: "" }, "owner1")).rejects.toThrow(/title is required/);
      expect(await database.boards.list()).toHaveLength(1);
    }));
  });

  describe(`accounts (${driver})`, () => {
    it("renames a person, changes their password hash, and signs them out everywhere", withDatabase(async (database) => {
      await database.users.create({ id: "ana1", email: "Ana@Example.com", name: "Ana", passwordHash: "hash-1" });
      await database.users.create({ id: "sso1", email: "sso@example.com", name: "Sso", passwordHash: null });
      await database.users.rename("ana1", "Ana Diallo");
      expect(await database.users.get("ana1")).toEqual({ id: "ana1", email: "ana@example.com", name: "Ana Diallo" });
      expect(await database.users.passwordHashOf("ana1")).toBe("hash-1");
      await database.users.setPasswordHash("ana1", "hash-2");
      expect(await database.users.passwordHashOf("ana1")).toBe("hash-2");
      expect(await database.users.passwordHashOf("sso1")).toBeNull();

      // Every session is honoured until the person signs out everywhere; then only later ones.
      expect(await database.users.forSession("ana1", 0)).toEqual({ id: "ana1", email: "ana@example.com", name: "Ana Diallo" });
      await database.users.revokeSessions("ana1", 5_000);
      expect(await database.users.forSession("ana1", 4_999)).toBeNull();
      expect(await database.users.forSession("ana1", 0)).toBeNull();
      expect((await database.users.forSession("ana1", 5_000))?.id).toBe("ana1");
      expect((await database.users.forSession("sso1", 0))?.id).toBe("sso1");
      expect(await database.users.forSession("nobody", 9_999)).toBeNull();
    }));
  });

  describe(`members, invitations and share links (${driver})`, () => {
    const setup = async (database: Database) => {
      for (const [id, name] of [["owner1", "Owner"], ["ana1", "Ana"]]) {
        await database.users.create({ id, email: `${name.toLowerCase()}@example.com`, name, passwordHash: null });
      }
      return database.createBoard({ title: "Board", question: "" }, "owner1");
    };

    it("lists only the boards a person belongs to, with their role", withDatabase(async (database) => {
      const board = await setup(database);
      expect(await database.boards.listFor("ana1")).toEqual([]);
      await database.members.set(board.id, "ana1", "viewer");
      expect((await database.boards.listFor("ana1")).map((b) => [b.id, b.role])).toEqual([[board.id, "viewer"]]);
      await database.members.set(board.id, "ana1", "editor");
      expect(await database.members.roleOf(board.id, "ana1")).toBe("editor");
      await database.members.remove(board.id, "ana1");
      expect(await database.members.roleOf(board.id, "ana1")).toBeNull();
    }));

    it("answers an access check in one read: the board, whether it is deleted, and the person's role", withDatabase(async (database) => {
      const board = await setup(database);
      await database.members.set(board.id, "ana1", "reviewer");
      expect(await database.members.accessOf(board.id, "ana1")).toEqual({ deleted: false, role: "reviewer" });
      expect(await database.members.accessOf(board.id, "nobody")).toEqual({ deleted: false, role: null });
      expect(await database.members.accessOf("no-such-board", "ana1")).toBeNull();
      await database.boards.softDelete(board.id, 1_000);
      expect(await database.members.accessOf(board.id, "ana1")).toEqual({ deleted: true, role: "reviewer" });
    }));

    it("refuses to leave a board without an owner, and to change the role of a non-member", withDatabase(async (database) => {
      const board = await setup(database);
      await expect(database.members.changeRole(board.id, "owner1", "editor")).rejects.toThrow(/needs an owner/);
      await expect(database.members.remove(board.id, "owner1")).rejects.toThrow(/needs an owner/);
      await expect(database.members.changeRole(board.id, "ana1", "editor")).rejects.toThrow(/not a member/);
      await database.members.changeRole(board.id, "ana1", "owner", { orAdd: true });
      await database.members.changeRole(board.id, "owner1", "viewer");
      await expect(database.members.remove(board.id, "ana1")).rejects.toBeInstanceOf(MembershipError);
      expect(await database.members.roleOf(board.id, "ana1")).toBe("owner");
      expect(await database.members.roleOf(board.id, "owner1")).toBe("viewer");
    }));

    it("keeps exactly one owner when two owners demote or remove each other at once", withDatabase(async (first) => {
      await setup(first);
      const second = await first.reopen();
      try {
        const boards = await Promise.all(
          Array.from({ length: 4 }, async (_, i) => {
            const board = await first.createBoard({ title: `Race ${i}`, question: "" }, "owner1");
            await first.members.set(board.id, "ana1", "owner");
            return board.id;
          }),
        );
        const results = await Promise.all(
          boards.map(async (boardId, i) => {
            // Each owner acts on a handle of its own, as from two app instances.
            const outcomes = await Promise.allSettled([
              first.members.changeRole(boardId, "ana1", "editor"),
              i % 2 ? second.members.remove(boardId, "owner1") : second.members.changeRole(boardId, "owner1", "viewer"),
            ]);
            return { boardId, outcomes };
          }),
        );
        for (const { boardId, outcomes } of results) {
          const refused = outcomes.flatMap((o) => (o.status === "rejected" ? [o.reason] : []));
          expect(refused).toHaveLength(1);
          expect(refused[0]).toBeInstanceOf(MembershipError);
          expect(String(refused[0].message)).toBe("A board needs an owner: make someone else owner first.");
          const owners = (await first.members.list(boardId)).filter((m) => m.role === "owner");
          expect(owners).toHaveLength(1);
        }
      } finally {
        await second.close();
      }
    }));

    it("turns an invitation into a membership when that address gets an account, and says so in their inbox", withDatabase(async (database) => {
      const board = await setup(database);
      await database.members.invite(board.id, "  New@Example.com ", "reviewer", "owner1");
      expect(await database.members.invites(board.id)).toMatchObject([{ email: "new@example.com", role: "reviewer" }]);
      const user = await database.users.create({ id: "new1", email: "new@example.com", name: "New", passwordHash: null });
      await database.members.acceptInvites(user);
      expect(await database.members.roleOf(board.id, "new1")).toBe("reviewer");
      expect(await database.members.invites(board.id)).toEqual([]);
      expect(await database.notifications.list("new1")).toMatchObject([
        { kind: "invitation", boardId: board.id, boardTitle: "Board", actor: { id: "owner1", name: "Owner" }, target: null, excerpt: "Reviewer", readAt: null },
      ]);
      await expect(database.users.create({ id: "dup", email: "NEW@example.com", name: "Dup", passwordHash: null })).rejects.toThrow(/already exists/);
    }));

    it("admits through a share link until it is revoked or expires, never lowering a role", withDatabase(async (database) => {
      const board = await setup(database);
      const link = await database.members.createLink({ token: "tok-open-123", boardId: board.id, role: "viewer", expiresAt: null, createdBy: "owner1" });
      expect(await database.members.linkStatus(link.token)).toEqual({ link });
      expect(await database.members.roleOf(board.id, "ana1")).toBeNull();
      expect(await database.members.redeemLink(link.token, "ana1")).toEqual({ boardId: board.id, role: "viewer" });
      expect(await database.members.redeemLink(link.token, "owner1")).toEqual({ boardId: board.id, role: "owner" });
      await database.members.createLink({ token: "tok-expiring", boardId: board.id, role: "editor", expiresAt: 1_000, createdBy: "owner1" });
      expect(await database.members.redeemLink("tok-expiring", "ana1", 1_000)).toEqual({ refused: "expired" });
      expect(await database.members.linkStatus("tok-expiring", 1_000)).toEqual({ refused: "expired" });
      expect((await database.members.activeLinks(board.id)).map((l) => l.token)).toEqual(["tok-open-123"]);
      await database.members.revokeLink(board.id, link.token);
      expect(await database.members.redeemLink(link.token, "ana1")).toEqual({ refused: "revoked" });
      expect(await database.members.linkStatus(link.token)).toEqual({ refused: "revoked" });
      expect(await database.members.redeemLink("tok-unknown-1", "ana1")).toEqual({ refused: "unknown" });
      expect(await database.members.activeLinks(board.id)).toEqual([]);
    }));

    it("lists a person's live boards with everyone on them; a deleted board leaves every list, its owners may restore it until it is purged", withDatabase(async (database) => {
      const board = await setup(database);
      await database.members.set(board.id, "ana1", "editor");
      const other = await database.createBoard({ title: "Other", question: "" }, "ana1");
      expect((await database.boards.listFor("ana1")).map((b) => [b.title, b.role, b.members])).toEqual([
        ["Other", "owner", ["Ana"]],
        ["Board", "editor", ["Ana", "Owner"]],
      ]);

      await database.boards.softDelete(board.id, 1_000);
      expect(await database.boards.exists(board.id)).toBe(false);
      expect((await database.boards.get(board.id))?.deletedAt).toBe(1_000);
      expect((await database.boards.listFor("ana1")).map((b) => b.title)).toEqual(["Other"]);
      expect(await database.boards.listFor("owner1")).toEqual([]);
      // Only its owners see it among the deleted boards; its members and document are kept.
      expect((await database.boards.listDeletedFor("owner1")).map((b) => [b.title, b.deletedAt])).toEqual([["Board", 1_000]]);
      expect(await database.boards.listDeletedFor("ana1")).toEqual([]);
      expect(await database.members.roleOf(board.id, "ana1")).toBe("editor");
      expect((await database.docs.load(board.id)).updates.length).toBeGreaterThan(0);

      expect(await database.boards.restore(board.id)).toBe(true);
      expect(await database.boards.restore(board.id)).toBe(false);
      expect(await database.boards.exists(board.id)).toBe(true);
      expect((await database.boards.listFor("owner1")).map((b) => b.title)).toEqual(["Board"]);

      // Purged only once past the cutoff, with everything it held; live boards are never purged.
      await database.boards.softDelete(board.id, 5_000);
      expect(await database.boards.purgeDeleted(5_000)).toEqual([]);
      expect(await database.boards.purgeDeleted(5_001)).toEqual([board.id]);
      expect(await database.boards.get(board.id)).toBeNull();
      expect(await database.members.roleOf(board.id, "ana1")).toBeNull();
      expect((await database.docs.load(board.id)).updates).toEqual([]);
      expect(await database.boards.exists(other.id)).toBe(true);
    }));

    it("deletes a board with its memberships, links and document", withDatabase(async (database) => {
      const board = await setup(database);
      await database.members.createLink({ token: "tok-gone-123", boardId: board.id, role: "viewer", expiresAt: null, createdBy: "owner1" });
      await database.boards.delete(board.id);
      expect(await database.boards.exists(board.id)).toBe(false);
      expect(await database.members.roleOf(board.id, "owner1")).toBeNull();
      expect(await database.members.link("tok-gone-123")).toBeNull();
      expect((await database.docs.load(board.id)).updates).toEqual([]);
    }));
  });

  describe(`Versions contract (${driver})`, () => {
    /** A board document written by `clientId`, with pins keyed by `keys`. */
    const boardDoc = (clientId: number, keys: string[]) => {
      const doc = new Y.Doc();
      doc.clientID = clientId;
      for (const key of keys) doc.getMap("pins").set(key, key.toUpperCase());
      return doc;
    };
    const reviewOf = (text: string) => {
      const doc = new Y.Doc();
      doc.getMap("verdicts").set("c1", text);
      return Y.encodeStateAsUpdate(doc);
    };
    const loaded = (update: Uint8Array) => restore([update]);

    it("records versions with their authors, lists them newest first and reads each back as it was", withDatabase(async ({ versions, clientIds }) => {
      await clientIds.claim("board-v", [{ clientId: 11, userId: "ana1" }, { clientId: 22, userId: "ben1" }]);
      const doc = boardDoc(11, ["a"]);
      const first = await versions.record({ boardId: "board-v", kind: "auto", board: captureBoard(doc), review: reviewOf("agree") });
      const ben = new Y.Doc();
      ben.clientID = 22;
      Y.applyUpdate(ben, Y.encodeStateAsUpdate(doc));
      ben.getMap("pins").set("b", "B");
      const second = await versions.record({ boardId: "board-v", kind: "named", name: "Before the brief", createdBy: "ana1", board: captureBoard(ben), review: reviewOf("dispute") });
      expect(first).toMatchObject({ kind: "auto", name: null, createdBy: null, authors: ["ana1"] });
      expect(second).toMatchObject({ kind: "named", name: "Before the brief", createdBy: "ana1", authors: ["ben1"] });
      expect(second!.createdAt).toBeGreaterThan(first!.createdAt);

      const listed = await versions.list("board-v");
      expect(listed.map((v) => v.id)).toEqual([second!.id, first!.id]);
      expect(listed[0]).toEqual(second);
      expect(listed[0]).not.toHaveProperty("board");
      expect(listed[1].bytes).toBeGreaterThan(0);
      expect(await versions.list("board-other")).toEqual([]);

      const stored = await versions.get("board-v", first!.id);
      expect(loaded(stored!.board).getMap("pins").toJSON()).toEqual({ a: "A" });
      expect(loaded(stored!.review).getMap("verdicts").toJSON()).toEqual({ c1: "agree" });
      expect(stored!.stateVector).toEqual(Y.encodeStateVector(loaded(stored!.board)));
      expect(loaded((await versions.get("board-v", second!.id))!.board).getMap("pins").toJSON()).toEqual({ a: "A", b: "B" });
      // A version is read only through its own board.
      expect(await versions.get("board-other", first!.id)).toBeNull();
      expect(await versions.get("board-v", "no-such-id")).toBeNull();
      expect((await versions.latest("board-v"))?.id).toBe(second!.id);
      expect((await versions.latest("board-v", "auto"))?.id).toBe(first!.id);
      expect(await versions.latest("board-v", "briefed")).toBeNull();
    }));

    it("stores no automatic version when nothing changed, and one when a pin was only deleted", withDatabase(async ({ versions }) => {
      const doc = boardDoc(11, ["a", "b"]);
      const review = reviewOf("agree");
      expect(await versions.record({ boardId: "board-n", kind: "auto", board: captureBoard(doc), review, onlyIfChanged: true })).not.toBeNull();
      expect(await versions.record({ boardId: "board-n", kind: "auto", board: captureBoard(doc), review, onlyIfChanged: true })).toBeNull();
      // A deletion advances no clock: the state vector alone would miss it.
      doc.getMap("pins").delete("b");
      expect(await versions.record({ boardId: "board-n", kind: "auto", board: captureBoard(doc), review, onlyIfChanged: true })).not.toBeNull();
      // A review change alone is a change too.
      expect(await versions.record({ boardId: "board-n", kind: "auto", board: captureBoard(doc), review: reviewOf("dispute"), onlyIfChanged: true })).not.toBeNull();
      expect(await versions.list("board-n")).toHaveLength(3);
    }));

    it("keeps every named and briefed version and thins automatic ones with age", withDatabase(async ({ versions }) => {
      const hour = 3_600_000;
      const day = 24 * hour;
      const now = 1_000 * day;
      const doc = boardDoc(11, ["a"]);
      const row = (kind: "auto" | "named" | "briefed", createdAt: number) => ({
        boardId: "board-t",
        kind,
        name: kind === "auto" ? null : kind,
        createdBy: null,
        authors: [],
        board: Y.encodeStateAsUpdate(doc),
        review: reviewOf("x"),
        stateVector: Y.encodeStateVector(doc),
        stateDigest: "d",
        createdAt,
      });
      const at = async (kind: "auto" | "named" | "briefed", createdAt: number) => (await versions.create(row(kind, createdAt))).id;
      // Today: three in the last hour, all kept.
      const recent = [await at("auto", now - 10 * 60_000), await at("auto", now - 20 * 60_000), await at("auto", now - 30 * 60_000)];
      // Three days ago, two in one hour: the newer of them is kept.
      const hourStart = Math.floor((now - 3 * day) / hour) * hour;
      const hourNewer = await at("auto", hourStart + 40 * 60_000);
      await at("auto", hourStart + 10 * 60_000);
      // Thirty days ago, two in one day: the newer is kept.
      const dayStart = Math.floor((now - 30 * day) / day) * day;
      const dayNewer = await at("auto", dayStart + 20 * hour);
      await at("auto", dayStart + 2 * hour);
      // A year ago: gone, unless named or briefed.
      await at("auto", now - 365 * day);
      const named = await at("named", now - 365 * day);
      const briefed = await at("briefed", now - 300 * day);
      await versions.create({ ...row("auto", now - 365 * day), boardId: "board-else" });

      const removed = await versions.thin("board-t", now, parseRetention("1d:all,7d:1h,90d:1d"));
      expect(removed).toBe(3);
      expect(new Set((await versions.list("board-t")).map((v) => v.id))).toEqual(new Set([...recent, hourNewer, dayNewer, named, briefed]));
      // Thinning again removes nothing more; another board was left alone until thinned too.
      expect(await versions.thin("board-t", now, parseRetention("1d:all,7d:1h,90d:1d"))).toBe(0);
      expect(await versions.list("board-else")).toHaveLength(1);
      expect(await versions.thin(null, now, parseRetention("1d:all,7d:1h,90d:1d"))).toBe(1);
      expect(await versions.list("board-else")).toEqual([]);
    }));

    it("never loses what a kept version needs when the document's log is compacted", withDatabase(async (database) => {
      await database.users.create({ id: "owner1", email: "owner@example.com", name: "Owner", passwordHash: null });
      const board = await database.createBoard({ title: "Compacted", question: "" }, "owner1");
      const live = restore((await database.docs.load(board.id)).updates);
      const edit = (key: string) => {
        const before = Y.encodeStateVector(live);
        live.getMap("pins").set(key, key);
        return Y.encodeStateAsUpdate(live, before);
      };
      await database.docs.append(board.id, [edit("one"), edit("two")]);
      const version = await database.versions.recordStored({ boardId: board.id, kind: "named", name: "Kept", createdBy: "owner1" });
      const before = await database.versions.get(board.id, version!.id);
      const asItWas = loaded(before!.board).getMap("pins").toJSON();
      expect(asItWas).toEqual({ one: "one", two: "two" });

      // Later edits, one deleting what the version holds, then the log merged away.
      live.getMap("pins").delete("one");
      await database.docs.append(board.id, [Y.encodeStateAsUpdate(live, before!.stateVector), edit("three")]);
      await database.docs.compact(board.id);
      expect((await database.docs.load(board.id)).logLength).toBe(0);

      const after = await database.versions.get(board.id, version!.id);
      expect(after).toEqual(before);
      expect(loaded(after!.board).getMap("pins").toJSON()).toEqual(asItWas);
      const now = await database.versions.recordStored({ boardId: board.id, kind: "auto", createdBy: null, onlyIfChanged: true });
      expect(loaded((await database.versions.get(board.id, now!.id))!.board).getMap("pins").toJSON()).toEqual({ two: "two", three: "three" });
    }));

    it("names a version, which keeps it, and forgets a board's versions when it is purged", withDatabase(async (database) => {
      await database.users.create({ id: "owner1", email: "owner@example.com", name: "Owner", passwordHash: null });
      const board = await database.createBoard({ title: "Purged", question: "" }, "owner1");
      const auto = await database.versions.recordStored({ boardId: board.id, kind: "auto" });
      expect(await database.versions.rename(board.id, auto!.id, "Start")).toBe(true);
      expect(await database.versions.rename("board-other", auto!.id, "Theirs")).toBe(false);
      expect(await database.versions.list(board.id)).toMatchObject([{ id: auto!.id, kind: "named", name: "Start" }]);
      expect(await database.versions.thin(null, Date.now() + 10_000 * 86_400_000, parseRetention("1d:all"))).toBe(0);
      await database.boards.softDelete(board.id, 1_000);
      await database.boards.purgeDeleted(2_000);
      expect(await database.versions.list(board.id)).toEqual([]);
    }));
  });

  describe(`notifications (${driver})`, () => {
    it("keeps each person's inbox: newest first, unread counted, marked read by its owner only, gone with its board", withDatabase(async (database) => {
      for (const [id, name] of [["owner1", "Owner"], ["ana1", "Ana"], ["ben1", "Ben"]]) {
        await database.users.create({ id, email: `${name.toLowerCase()}@example.com`, name, passwordHash: null });
      }
      const board = await database.createBoard({ title: "Is JNIM shifting south?", question: "" }, "owner1");
      const other = await database.createBoard({ title: "Other", question: "" }, "owner1");
      const owner = { id: "owner1", name: "Owner" };
      await database.notifications.add([{ userId: "ana1", boardId: board.id, kind: "invitation", actor: owner, target: null, excerpt: "Editor" }], 1_000);
      const [mention] = await database.notifications.add(
        [{ userId: "ana1", boardId: board.id, kind: "mention", actor: { id: "ben1", name: "Ben" }, target: { kind: "claim", id: "claim1" }, excerpt: "x".repeat(400) }],
        2_000,
      );
      await database.notifications.add([{ userId: "ana1", boardId: other.id, kind: "at-risk", actor: null, target: { kind: "claim", id: "claim2" }, excerpt: "Disputed" }], 3_000);
      await database.notifications.add([{ userId: "ben1", boardId: board.id, kind: "reply", actor: owner, target: { kind: "pin", id: "pin1" }, excerpt: "Seen" }], 4_000);

      const inbox = await database.notifications.list("ana1");
      expect(inbox.map((n) => [n.kind, n.boardTitle, n.createdAt])).toEqual([
        ["at-risk", "Other", 3_000],
        ["mention", "Is JNIM shifting south?", 2_000],
        ["invitation", "Is JNIM shifting south?", 1_000],
      ]);
      expect(inbox[1]).toMatchObject({ actor: { id: "ben1", name: "Ben" }, target: { kind: "claim", id: "claim1" }, readAt: null });
      expect(inbox[1].excerpt).toHaveLength(280);
      expect(inbox[0].actor).toBeNull();
      expect(await database.notifications.unreadCount("ana1")).toBe(3);

      // Ben cannot mark Ana's notification read; Ana can.
      await database.notifications.markRead("ben1", [mention.id], 5_000);
      expect(await database.notifications.unreadCount("ana1")).toBe(3);
      await database.notifications.markRead("ana1", [mention.id], 5_000);
      expect(await database.notifications.unreadCount("ana1")).toBe(2);
      expect((await database.notifications.list("ana1")).find((n) => n.id === mention.id)?.readAt).toBe(5_000);

      // A deleted board's notifications leave the inbox; purged, they are gone for good.
      await database.boards.softDelete(other.id);
      expect(await database.notifications.unreadCount("ana1")).toBe(1);
      expect((await database.notifications.list("ana1")).map((n) => n.boardId)).toEqual([board.id, board.id]);
      await database.boards.delete(other.id);
      await database.notifications.markRead("ana1", "all", 6_000);
      expect(await database.notifications.unreadCount("ana1")).toBe(0);
      expect(await database.notifications.unreadCount("ben1")).toBe(1);
      expect(await database.notifications.purgeRead(5_500)).toBe(1);
      expect((await database.notifications.list("ana1")).map((n) => n.kind)).toEqual(["invitation"]);
    }));

    it("sends email copies only to people who keep them on", withDatabase(async (database) => {
      await database.users.create({ id: "ana1", email: "ana@example.com", name: "Ana", passwordHash: null });
      await database.users.create({ id: "ben1", email: "ben@example.com", name: "Ben", passwordHash: null });
      expect(await database.users.emailNotifications("ana1")).toBe(true);
      await database.users.setEmailNotifications("ben1", false);
      expect(await database.users.emailNotifications("ben1")).toBe(false);
      expect(await database.users.emailRecipients(["ana1", "ben1", "nobody"])).toEqual([{ id: "ana1", email: "ana@example.com", name: "Ana" }]);
    }));
  });

  describe(`Client id owners contract (${driver})`, () => {
    it("records the first person to claim a client id, across handles, for the whole 32-bit range", withDatabase(async (first) => {
      const second = await first.reopen();
      try {
        expect(await first.clientIds.claim("board-ids", [{ clientId: 4_294_967_295, userId: "ana1" }, { clientId: 7, userId: "ana1" }])).toEqual(
          new Map([[4_294_967_295, "ana1"], [7, "ana1"]]),
        );
        // A later claim of the same id by someone else changes nothing and says who owns it.
        expect(await second.clientIds.claim("board-ids", [{ clientId: 7, userId: "ben1" }, { clientId: 8, userId: "ben1" }])).toEqual(
          new Map([[7, "ana1"], [8, "ben1"]]),
        );
        expect(await second.clientIds.owners("board-ids")).toEqual(new Map([[4_294_967_295, "ana1"], [7, "ana1"], [8, "ben1"]]));
        expect(await first.clientIds.owners("board-other")).toEqual(new Map());
      } finally {
        await second.close();
      }
    }));

    it("agrees on one owner when two instances claim one id at once", withDatabase(async (first) => {
      const second = await first.reopen();
      try {
        const claims = Array.from({ length: 300 }, (_, i) => i + 1);
        const [a, b] = await Promise.all([
          first.clientIds.claim("board-race", claims.map((clientId) => ({ clientId, userId: "ana1" }))),
          second.clientIds.claim("board-race", claims.map((clientId) => ({ clientId, userId: "ben1" }))),
        ]);
        expect(a).toEqual(b);
        expect(a.size).toBe(300);
        expect(await first.clientIds.owners("board-race")).toEqual(a);
      } finally {
        await second.close();
      }
    }));

    it("forgets a deleted board's client ids", withDatabase(async (database) => {
      await database.users.create({ id: "owner1", email: "owner@example.com", name: "Owner", passwordHash: null });
      const board = await database.createBoard({ title: "Gone" }, "owner1");
      await database.clientIds.claim(board.id, [{ clientId: 1, userId: "owner1" }]);
      await database.boards.delete(board.id);
      expect(await database.clientIds.owners(board.id)).toEqual(new Map());
    }));
  });
}
