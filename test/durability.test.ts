/**
 * "Saved means saved": a client that was told its edits are saved loses none of them when the
 * server process is killed with SIGKILL and started again.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { addPin, listPins } from "@/lib/board/model";
import { watchSaveState, type SaveState } from "@/lib/collab/save-state";
import { openDatabase } from "@/lib/db";
import { connectProvider, createUser, eventually, memberTicket, tempDataDir, TEST_SECRET } from "./helpers";

const ROOT = path.resolve(__dirname, "..");
const children: ChildProcess[] = [];
const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Starts `server/collab-main.ts` in its own process and resolves to its collab URL. */
function startServerProcess(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/collab-main.ts"], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", NODE_ENV: "production", AUTH_SECRET: TEST_SECRET },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /collab listening on port (\d+)/.exec(output);
      if (match) resolve({ child, url: `ws://127.0.0.1:${match[1]}/collab` });
    });
    child.once("exit", (code) => reject(new Error(`server exited with ${code}: ${output}`)));
  });
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
    first.child.kill("SIGKILL");
    await new Promise((resolve) => first.child.once("exit", resolve));

    const second = await startServerProcess(data.dir);
    const reader = await connectProvider(second.url, board.id, ticket);
    expect(listPins(reader.doc)).toHaveLength(1000);
    reader.destroy();
  }, 60_000);
});
