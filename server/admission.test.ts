import type { IncomingMessage } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { AccessChange, AccessEvents } from "@/lib/collab/access-events";
import { clientProtocols, parseRoomName } from "@/lib/collab/protocol";
import { openDatabase, type Database } from "@/lib/db";
import { createUser, memberTicket, tempDataDir, TEST_SECRET, type TestUser } from "@/test/support/servers";
import { createTicketAdmission, RoleCache, ROLE_CACHE_MS, type Admission, type Refusal } from "./admission";

/** The in-process bus, as the collaboration server hears it. */
function bus(): AccessEvents {
  const listeners = new Set<(change: AccessChange) => void>();
  return {
    publish: (change) => listeners.forEach((listener) => listener(change)),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

function upgrade(ticket: string): IncomingMessage {
  return { headers: { "sec-websocket-protocol": clientProtocols(ticket).join(", ") } } as IncomingMessage;
}

const roleOf = (result: Admission | Refusal) => ("code" in result ? result.code : result.role);

describe("admission by ticket and current role", () => {
  let data: ReturnType<typeof tempDataDir>;
  let database: Database;
  let owner: TestUser;
  let boardId: string;

  beforeEach(async () => {
    data = tempDataDir();
    database = await openDatabase({ dataDir: data.dir });
    owner = await createUser(database, "Owner");
    boardId = (await database.createBoard({ title: "Board", question: "" }, owner.id)).id;
  });

  afterEach(async () => {
    await database.close();
    data.cleanup();
  });

  it("remembers a granted role until an access change on the board, for either room of it", async () => {
    const events = bus();
    const admit = createTicketAdmission(database, TEST_SECRET, events);
    const ana = await createUser(database, "Ana");
    const ticket = await memberTicket(database, ana, boardId, "editor");
    const board = parseRoomName(boardId)!;
    const review = parseRoomName(`${boardId}.review`)!;
    expect(roleOf(await admit(upgrade(ticket), board))).toBe("editor");

    // Changed behind the app's back (no access event): the remembered role still admits.
    await database.members.set(boardId, ana.id, "viewer");
    expect(roleOf(await admit(upgrade(ticket), review))).toBe("editor");

    // Changed through the app: every instance hears it and reads the role again.
    events.publish({ boardId, userId: ana.id });
    expect(roleOf(await admit(upgrade(ticket), board))).toBe("viewer");
    expect(await admit(upgrade(ticket), board)).toMatchObject({ readOnly: true, role: "viewer" });

    await database.members.remove(boardId, ana.id);
    events.publish({ boardId, userId: ana.id });
    expect(roleOf(await admit(upgrade(ticket), board))).toBe(4403);

    // Refusals are never remembered: access given counts at once, with no event needed.
    await database.members.set(boardId, ana.id, "reviewer");
    expect(roleOf(await admit(upgrade(ticket), board))).toBe("reviewer");

    // A deleted board drops everyone's role on it.
    await database.boards.softDelete(boardId);
    events.publish({ boardId, userId: null });
    expect(roleOf(await admit(upgrade(ticket), board))).toBe(4404);
  });

  it("reads the role on every connection without an access bus", async () => {
    const admit = createTicketAdmission(database, TEST_SECRET);
    const ana = await createUser(database, "Ana");
    const ticket = await memberTicket(database, ana, boardId, "editor");
    const board = parseRoomName(boardId)!;
    expect(roleOf(await admit(upgrade(ticket), board))).toBe("editor");
    await database.members.set(boardId, ana.id, "viewer");
    expect(roleOf(await admit(upgrade(ticket), board))).toBe("viewer");
  });
});

describe("RoleCache", () => {
  it("forgets a role after ROLE_CACHE_MS, one person's on their change and everyone's on the board's", () => {
    const cache = new RoleCache();
    cache.set("b1", "ana", "editor", cache.generation, 0);
    cache.set("b1", "ben", "viewer", cache.generation, 0);
    cache.set("b2", "ana", "owner", cache.generation, 0);
    expect(cache.get("b1", "ana", ROLE_CACHE_MS - 1)).toBe("editor");
    expect(cache.get("b1", "ana", ROLE_CACHE_MS)).toBeNull();
    cache.forget("b1", "ben");
    expect(cache.get("b1", "ben", 1)).toBeNull();
    expect(cache.get("b2", "ana", 1)).toBe("owner");
    cache.set("b1", "ana", "editor", cache.generation, 0);
    cache.forget("b1", null);
    expect(cache.get("b1", "ana", 1)).toBeNull();
    expect(cache.get("b2", "ana", 1)).toBe("owner");
  });

  it("does not keep a role read before an access change that arrived during the read", () => {
    const cache = new RoleCache();
    const readStarted = cache.generation;
    cache.forget("b1", "ana");
    cache.set("b1", "ana", "editor", readStarted, 0);
    expect(cache.get("b1", "ana", 1)).toBeNull();
  });

  it("prunes entries past their age", () => {
    const cache = new RoleCache(100);
    cache.set("b1", "ana", "editor", cache.generation, 0);
    cache.set("b1", "ben", "editor", cache.generation, 50);
    cache.prune(120);
    expect(cache.get("b1", "ana", 120)).toBeNull();
    expect(cache.get("b1", "ben", 120)).toBe("editor");
  });
});
