/**
 * "Saved means saved": a client that was told its edits are saved loses none of them when the
 * server process is killed with SIGKILL and started again.
 */
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addPin, listPins } from "@/lib/board/model";
import { watchSaveState, type SaveState } from "@/lib/collab/save-state";
import { openDatabase } from "@/lib/db";
import { startCollab, stopProcess, type CollabProcess } from "./support/processes";
import { connectProvider, createUser, eventually, memberTicket, tempDataDir, TEST_SECRET } from "./support/servers";

const servers: CollabProcess[] = [];
const cleanups: Array<() => void> = [];

afterEach(async () => {
  for (const server of servers.splice(0)) await stopProcess(server, "SIGKILL");
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Starts `server/collab-main.ts` in its own process on `dataDir`. */
async function startServerProcess(dataDir: string): Promise<CollabProcess> {
  const server = await startCollab({ DATA_DIR: dataDir, AUTH_SECRET: TEST_SECRET });
  servers.push(server);
  return server;
}

describe("durability under SIGKILL", () => {
  it("keeps all 1,000 edits a client saw saved when the server is killed and restarted", async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const database = await openDatabase({ dataDir: data.dir });
    const writerUser = await createUser(database, "Writer");
    const board = await database.createBoard({ title: "Durability", question: "" }, writerUser.id);
    const ticket = await memberTicket(database, writerUser, board.id, "owner");
    await database.close();

    const first = await startServerProcess(data.dir);
    let saveState: SaveState = "offline";
    const doc = new Y.Doc();
    const writer = await connectProvider(first.url, board.id, ticket, doc, (p) => watchSaveState(p, (state) => (saveState = state)));

    for (let i = 0; i < 1000; i++) addPin(doc, { title: `Edit ${i}`, lng: (i % 360) - 180, lat: 0 }, "writer");
    expect(saveState).toBe("saving");
    await eventually(() => expect(saveState).toBe("saved"), 20_000);

    writer.destroy();
    await stopProcess(first, "SIGKILL");

    const second = await startServerProcess(data.dir);
    const reader = await connectProvider(second.url, board.id, ticket);
    expect(listPins(reader.doc)).toHaveLength(1000);
    reader.destroy();
  }, 60_000);
});
