/**
 * Automatic versions, over real WebSockets: when the last person leaves a board they edited, the
 * server stores one version of it, naming them as its author; a visit that changes nothing stores
 * none; while people keep editing, a version is stored once the interval since the newest one has
 * passed.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { addPin, deletePin, listPins } from "@/lib/board/model";
import { watchSaveState, type SaveState } from "@/lib/collab/save-state";
import { openDatabase, type Database } from "@/lib/db";
import { connectProvider, createUser, eventually, memberTicket, startTestServer, tempDataDir, type TestServer } from "@/test/support/servers";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(versionIntervalMs?: number) {
  const data = tempDataDir();
  const server: TestServer = await startTestServer(data.dir, undefined, { versionIntervalMs });
  cleanups.push(() => data.cleanup(), () => server.stop());
  const { database } = server;
  const ana = await createUser(database, "Ana");
  const ben = await createUser(database, "Ben");
  const { id: boardId } = await database.createBoard({ title: "Mali", question: "What changed?" }, ana.id);
  return {
    server,
    database,
    dir: data.dir,
    boardId,
    ana,
    anaTicket: await memberTicket(database, ana, boardId, "owner"),
    benTicket: await memberTicket(database, ben, boardId, "editor"),
  };
}

/** A connected provider whose save states are recorded. */
async function open(url: string, boardId: string, ticket: string) {
  const states: SaveState[] = [];
  const provider: WebsocketProvider = await connectProvider(url, boardId, ticket, new Y.Doc(), (p) => watchSaveState(p, (s) => states.push(s)));
  cleanups.push(() => provider.destroy());
  const saved = () => eventually(() => expect(states.at(-1)).toBe("saved"));
  return { provider, doc: provider.doc, saved };
}

const pinTitles = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return listPins(doc).map((pin) => pin.title).sort();
};

async function versionsOf(database: Database, boardId: string) {
  return database.versions.list(boardId);
}

describe("automatic versions", () => {
  it("stores one when the last person leaves a board they edited, with them as its author; none after a visit that changed nothing", async () => {
    const { server, database, boardId, ana, anaTicket, benTicket } = await setup();
    const anaSide = await open(server.url, boardId, anaTicket);
    addPin(anaSide.doc, { title: "Kidal", lng: 1.4, lat: 18.4 }, "Ana");
    await anaSide.saved();
    expect(await versionsOf(database, boardId)).toEqual([]);

    anaSide.provider.destroy();
    const [version] = await eventually(async () => {
      const listed = await versionsOf(database, boardId);
      expect(listed).toHaveLength(1);
      return listed;
    });
    expect(version).toMatchObject({ kind: "auto", name: null, createdBy: null, authors: [ana.id] });
    const stored = await database.versions.get(boardId, version.id);
    expect(pinTitles(stored!.board)).toEqual(["Kidal"]);
    await eventually(() => expect(server.server.collab.roomCount()).toBe(0));

    // Ben looks and leaves: nothing changed, no new version.
    const benSide = await open(server.url, boardId, benTicket);
    expect(listPins(benSide.doc).map((p) => p.title)).toEqual(["Kidal"]);
    benSide.provider.destroy();
    await eventually(() => expect(server.server.collab.roomCount()).toBe(0));
    expect(await versionsOf(database, boardId)).toHaveLength(1);

    // Ben deletes the pin (a change that advances no clock) and leaves: a version without it.
    const again = await open(server.url, boardId, benTicket);
    deletePin(again.doc, listPins(again.doc)[0].id);
    await again.saved();
    again.provider.destroy();
    const latest = await eventually(async () => {
      const listed = await versionsOf(database, boardId);
      expect(listed).toHaveLength(2);
      return listed[0];
    });
    expect(pinTitles((await database.versions.get(boardId, latest.id))!.board)).toEqual([]);
  });

  it("stores one while people keep editing, once the interval since the newest version has passed", async () => {
    const { server, database, boardId, ana, anaTicket } = await setup(200);
    const anaSide = await open(server.url, boardId, anaTicket);
    let n = 0;
    // Edits in a row wait out a commit window each (about the interval here): by the time the
    // versions are listed, one or more intervals may have passed. The first one stored is checked.
    const listed = await eventually(async () => {
      addPin(anaSide.doc, { title: `Pin ${++n}`, lng: 0, lat: 0 }, "Ana");
      await anaSide.saved();
      const stored = await versionsOf(database, boardId);
      expect(stored.length).toBeGreaterThan(0);
      return stored;
    });
    const version = listed.at(-1)!;
    // Stored while Ana is still on the board.
    expect(server.server.collab.room(boardId)?.peers.size).toBe(1);
    expect(version.authors).toEqual([ana.id]);
    expect(pinTitles((await database.versions.get(boardId, version.id))!.board).length).toBeGreaterThan(0);
  });

  it("is not attempted for a board emptied as the server shuts down: no write after the database closed, no error, the edit kept", async () => {
    const { server, boardId, anaTicket, dir } = await setup();
    const anaSide = await open(server.url, boardId, anaTicket);
    addPin(anaSide.doc, { title: "Before the restart", lng: 0, lat: 0 }, "Ana");
    await anaSide.saved();
    const room = server.server.collab.room(boardId)!;
    const errors = vi.spyOn(console, "error");
    try {
      // Ana leaves just as the server is stopped: her room empties during the shutdown.
      anaSide.provider.destroy();
      await server.stop();
      // Once the server has seen her leave, the room is left as it is: not unloaded, so no
      // automatic version is attempted on the closed database.
      await eventually(() => expect(room.peers.size).toBe(0));
      expect(room.isDestroyed).toBe(false);
      expect(errors.mock.calls.map((call) => call.map(String).join(" "))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
    const reopened = await openDatabase({ dataDir: dir });
    cleanups.push(() => reopened.close());
    const { updates } = await reopened.docs.load(boardId);
    expect(pinTitles(Y.mergeUpdates(updates))).toEqual(["Before the restart"]);
  });
});
