/**
 * The demo board a first start creates (real SQLite file): its hypotheses matrix is rated in the
 * demo account's name, so the account sees the ratings as its own and may change them.
 */
import { afterEach, beforeEach, expect, it } from "vitest";
import * as Y from "yjs";
import { listHypotheses, listRatings } from "@/lib/board/model";
import { DEMO_ACCOUNT } from "@/lib/board/seed";
import { openDatabase, type Database } from "@/lib/db";
import { tempDataDir } from "@/test/support/servers";
import { ensureDemoBoard } from "./app";

let data: ReturnType<typeof tempDataDir>;
let database: Database;

beforeEach(async () => {
  data = tempDataDir();
  database = await openDatabase({ dataDir: data.dir });
});

afterEach(async () => {
  await database.close();
  data.cleanup();
});

it("rates the demo matrix in the demo account's name", async () => {
  await ensureDemoBoard(database);
  const owner = await database.users.findByEmail(DEMO_ACCOUNT.email);
  const [board] = await database.boards.list();
  const doc = new Y.Doc();
  for (const update of (await database.docs.load(board.id)).updates) Y.applyUpdate(doc, update);
  expect(listHypotheses(doc)).toHaveLength(3);
  const raters = new Set(listRatings(doc).map((rating) => rating.userId));
  expect(raters).toEqual(new Set([owner!.id]));
});
