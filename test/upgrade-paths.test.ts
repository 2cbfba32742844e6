/**
 * No request path can bring the collaboration server down: every upgrade to a path that names no
 * room is answered with a plain HTTP 400 before any socket exists, a well-formed room name goes on
 * to admission as before (4401 without a ticket, 4404 for a board that does not exist), and the
 * server keeps serving good connections afterwards — in the one-process server and in a real
 * `server/collab-main.ts` process alike.
 */
import net from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { signTicket } from "@/lib/auth/ticket";
import { readMeta } from "@/lib/board/model";
import { CloseCode, SUBPROTOCOL, clientProtocols } from "@/lib/collab/protocol";
import { openDatabase } from "@/lib/db";
import { startCollab, stopProcess, type CollabProcess } from "./support/processes";
import {
  closeOf,
  connectProvider,
  createUser,
  memberTicket,
  openRawSocket,
  startTestServer,
  tempDataDir,
  TEST_SECRET,
  type TestServer,
} from "./support/servers";

/** Paths under /collab that name no room, each for a different reason. */
const BAD_PATHS: Array<[string, string | Buffer]> = [
  ["malformed percent-encoding", "/collab/%E0%A4%A"],
  ["a lone percent sign", "/collab/%"],
  ["a percent sign before non-hex", "/collab/%zz-board"],
  ["no room", "/collab/"],
  ["the bare prefix", "/collab"],
  ["the room in the query instead of the path", "/collab/?room=abcdefgh"],
  ["two segments", "/collab/a/b"],
  ["a trailing slash", "/collab/abcdefgh/"],
  ["an encoded slash", "/collab/abcdefgh%2Fother"],
  ["an overlong name", "/collab/" + "a".repeat(2_000)],
  ["an encoded NUL", "/collab/abcd%00efgh"],
  ["a raw NUL", Buffer.from("/collab/abcd\0efgh", "latin1")],
  ["dot-dot", "/collab/.."],
  ["encoded dot-dot", "/collab/%2E%2E"],
  ["a climb out of the prefix", "/collab/../collab/abcdefgh"],
  ["encoded unicode", "/collab/%C3%A9t%C3%A9-board"],
  ["raw unicode", Buffer.from("/collab/été-board", "utf8")],
  ["a name too short for a board", "/collab/abc"],
  ["characters no board id has", "/collab/not%20a%20room!"],
  ["a review room of nothing", "/collab/.review"],
  ["a review room of a review room", "/collab/abcdefgh.review.review"],
  ["an encoded query", "/collab/abcdefgh%3Fx=1"],
];

const KEY = "dGhlIHNhbXBsZSBub25jZQ==";

/** Sends a WebSocket upgrade for exactly `path` and resolves with the status line's code (0 if none came). */
function upgradeStatus(port: number, path: string | Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    const done = () => {
      socket.destroy();
      const match = /^HTTP\/1\.1 (\d{3})/.exec(received);
      resolve(match ? Number(match[1]) : 0);
    };
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      if (received.includes("\r\n")) done();
    });
    socket.on("end", done);
    socket.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" ? done() : reject(error)));
    socket.write(
      Buffer.concat([
        Buffer.from("GET "),
        Buffer.isBuffer(path) ? path : Buffer.from(path),
        Buffer.from(
          ` HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
            `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ${SUBPROTOCOL}\r\n\r\n`,
        ),
      ]),
    );
  });
}

/** The port of a `ws://127.0.0.1:<port>/collab` URL. */
const portOf = (url: string) => Number(new URL(url).port);

/** Every bad path gets 400, well-formed names go on to admission, and a good client still syncs. */
async function expectSurvivesEveryPath(url: string, boardId: string, ticket: string, alive: () => boolean): Promise<void> {
  const port = portOf(url);
  const statuses = [];
  for (const [why, path] of BAD_PATHS) statuses.push([why, await upgradeStatus(port, path)]);
  expect(statuses).toEqual(BAD_PATHS.map(([why]) => [why, 400]));
  expect(alive()).toBe(true);

  // Well-formed names are not the path's business: admission answers them as before.
  const noTicket = await openRawSocket(url, "abcdefgh");
  expect((await closeOf(noTicket)).code).toBe(CloseCode.unauthorized);
  const unknown = await openRawSocket(url, "nosuchboard1", clientProtocols(await signTicket({ sub: "someone", name: "S", board: "nosuchboard1" }, TEST_SECRET)));
  expect((await closeOf(unknown)).code).toBe(CloseCode.notFound);
  const withQuery = await openRawSocket(`${url}`, `nosuchboard1?x=%E0%A4%A`, clientProtocols(await signTicket({ sub: "someone", name: "S", board: "nosuchboard1" }, TEST_SECRET)));
  expect((await closeOf(withQuery)).code).toBe(CloseCode.notFound);
  expect(await upgradeStatus(port, "//")).toBe(404);

  expect(alive()).toBe(true);
  const provider = await connectProvider(url, boardId, ticket);
  expect(readMeta(provider.doc).title).toBe("Paths");
  provider.destroy();
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe("upgrade paths", () => {
  it("the one-process server answers every bad path with 400 and keeps serving", async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const server: TestServer = await startTestServer(data.dir);
    cleanups.push(() => server.stop());
    const owner = await createUser(server.database, "Owner");
    const board = await server.database.createBoard({ title: "Paths", question: "" }, owner.id);
    const ticket = await memberTicket(server.database, owner, board.id, "owner");
    await expectSurvivesEveryPath(server.url, board.id, ticket, () => server.server.http.listening);
  });

  it("a collab-main process answers every bad path with 400 and stays up", async () => {
    const data = tempDataDir();
    cleanups.push(data.cleanup);
    const database = await openDatabase({ dataDir: data.dir });
    const owner = await createUser(database, "Owner");
    const board = await database.createBoard({ title: "Paths", question: "" }, owner.id);
    const ticket = await memberTicket(database, owner, board.id, "owner");
    await database.close();

    const collab: CollabProcess = await startCollab({ DATA_DIR: data.dir, AUTH_SECRET: TEST_SECRET });
    cleanups.push(async () => void (await stopProcess(collab, "SIGKILL")));
    await expectSurvivesEveryPath(collab.url, board.id, ticket, () => collab.child.exitCode === null && collab.child.signalCode === null);
    expect(collab.stderr()).not.toMatch(/URIError|TypeError/);
  }, 60_000);
});
