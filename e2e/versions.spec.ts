/**
 * Versions as the app stores and serves them: presenting records the version the briefing
 * showed (once, however often Present is pressed within a minute), and its states are read back
 * through the version route by a member, in full; a wrong version is a 404 that says so, and
 * someone not on the board is refused.
 */
import * as Y from "yjs";
import { listScenes, readMeta } from "../lib/board/model";
import { openDatabase } from "../lib/db";
import { expect, test } from "./fixtures";

test("presenting records the briefed version once; its board and review are read back by members only", async ({ person, appProcess }) => {
  const lead = await person("Lena");
  const boardId = await lead.createBoard("Versions board", "What did we brief?");
  await lead.captureScene("Overview");
  await lead.expectSaved();

  const scenes = await lead.openScenes();
  await scenes.getByRole("button", { name: "Present", exact: true }).click();
  await expect(lead.presenterView.getByTestId("presented-scene")).toHaveText("Overview");
  await lead.page.keyboard.press("Escape");
  await expect(lead.presenterView).toHaveCount(0);
  // Presenting again within the minute records nothing more.
  await (await lead.openScenes()).getByRole("button", { name: "Present", exact: true }).click();
  await expect(lead.presenterView).toHaveCount(1);

  // The app's own database, read beside the running server (SQLite in WAL mode).
  const database = await openDatabase({ dataDir: appProcess.dataDir });
  try {
    await expect(async () => {
      const briefed = (await database.versions.list(boardId)).filter((version) => version.kind === "briefed");
      expect(briefed.map((version) => version.name)).toEqual(["Briefing presented"]);
    }).toPass();
    const [version] = (await database.versions.list(boardId)).filter((v) => v.kind === "briefed");
    expect(version.createdBy).not.toBeNull();
    expect((await database.users.get(version.createdBy!))?.name).toBe("Lena");

    const board = await lead.page.request.get(`/api/boards/${boardId}/versions/${version.id}?part=board`);
    expect(board.status()).toBe(200);
    expect(board.headers()["content-type"]).toBe("application/octet-stream");
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(await board.body()));
    expect(readMeta(doc).title).toBe("Versions board");
    expect(listScenes(doc).map((scene) => scene.title)).toEqual(["Overview"]);
    const review = await lead.page.request.get(`/api/boards/${boardId}/versions/${version.id}?part=review`);
    expect(review.status()).toBe(200);
    expect((await review.body()).byteLength).toBeGreaterThan(0);

    const wrong = await lead.page.request.get(`/api/boards/${boardId}/versions/noSuchVersion1?part=board`);
    expect(wrong.status()).toBe(404);
    expect((await wrong.json()).error).toMatch(/no such version/);
    expect((await lead.page.request.get(`/api/boards/${boardId}/versions/${version.id}?part=all`)).status()).toBe(400);

    const stranger = await person("Stranger");
    const refused = await stranger.page.request.get(`/api/boards/${boardId}/versions/${version.id}?part=board`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error).toBe("You are not a member of this board.");
  } finally {
    await database.close();
  }
});
