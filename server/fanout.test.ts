/**
 * Two collaboration servers on one PostgreSQL schema, with Redis between them: what a client
 * writes on one reaches clients on the other, awareness too, and an access change published
 * anywhere closes the affected sockets on every instance.
 */
import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { addPin, listPins } from "@/lib/board/model";
import { createRedisAccessEvents } from "@/lib/collab/access-events";
import { CloseCode } from "@/lib/collab/protocol";
import { openDatabase, type Database } from "@/lib/db";
import { connectProvider, createUser, eventually, memberTicket, TEST_SECRET } from "@/test/support/servers";
import { createTestSchema, TEST_DATABASE_URL, TEST_REDIS_URL, type TestSchema } from "@/test/support/services";
import { createAppServer, type AppServer } from "./app";
import { createRedisFanout, type Fanout } from "./fanout";

const enabled = Boolean(TEST_DATABASE_URL && TEST_REDIS_URL);
if (!enabled) console.log("[fanout.test] TEST_DATABASE_URL and TEST_REDIS_URL are not both set: the Redis fan-out tests are skipped.");

interface Instance {
  database: Database;
  server: AppServer;
  fanout: Fanout;
  access: ReturnType<typeof createRedisAccessEvents>;
  url: string;
}

let schema: TestSchema;
let prefix: string;
const instances: Instance[] = [];
const providers: WebsocketProvider[] = [];

async function startInstance(reconvergeMs = 5_000): Promise<Instance> {
  const database = await openDatabase({ dataDir: "", url: schema.url });
  const fanout = createRedisFanout(TEST_REDIS_URL!, { prefix });
  const access = createRedisAccessEvents(TEST_REDIS_URL!, prefix);
  const server = createAppServer({ database, secret: TEST_SECRET, fanout, accessEvents: access, reconvergeMs });
  const port = await server.listen(0, "127.0.0.1");
  const instance = { database, server, fanout, access, url: `ws://127.0.0.1:${port}/collab` };
  instances.push(instance);
  return instance;
}

describe.skipIf(!enabled)("two instances with Redis fan-out", () => {
  beforeEach(async () => {
    schema = await createTestSchema(TEST_DATABASE_URL!);
    prefix = `sbtest:${randomBytes(6).toString("hex")}:`;
  });

  afterEach(async () => {
    for (const p of providers.splice(0)) p.destroy();
    for (const { server, fanout, access, database } of instances.splice(0)) {
      await server.close();
      await fanout.close();
      access.close();
      await database.close();
    }
    await schema.drop();
  });

  async function board() {
    const [first] = instances;
    const owner = await createUser(first.database, "Owner");
    const { id } = await first.database.createBoard({ title: "Shared", question: "" }, owner.id);
    return { id, owner, ticket: await memberTicket(first.database, owner, id, "owner") };
  }

  it("carries edits and awareness between clients on different instances", async () => {
    const a = await startInstance();
    const b = await startInstance();
    const { id, ticket } = await board();
    const onA = await connectProvider(a.url, id, ticket);
    const onB = await connectProvider(b.url, id, ticket);
    providers.push(onA, onB);
    addPin(onA.doc, { title: "From A", lng: 1, lat: 1 }, "a");
    await eventually(() => expect(listPins(onB.doc).map((p) => p.title)).toEqual(["From A"]));
    addPin(onB.doc, { title: "From B", lng: 2, lat: 2 }, "b");
    await eventually(() => expect(listPins(onA.doc).map((p) => p.title).sort()).toEqual(["From A", "From B"]));
    onA.awareness.setLocalStateField("map", { selectedPinId: "p1", pointer: [1, 2] });
    await eventually(() => expect(onB.awareness.getStates().get(onA.awareness.clientID)).toMatchObject({ map: { selectedPinId: "p1", pointer: [1, 2] } }));
    // Each update is stored once, by the instance its client wrote to.
    await eventually(async () => {
      const rows = await a.database.db.selectFrom("doc_updates").select("id").where("room", "=", id).execute();
      expect(rows).toHaveLength(3);
    });
  });

  it("closes the affected sockets on every instance when an access change is published", async () => {
    const a = await startInstance();
    const b = await startInstance();
    const { id, ticket } = await board();
    const onB = await connectProvider(b.url, id, ticket);
    providers.push(onB);
    const closed = new Promise<number>((resolve) => onB.ws!.addEventListener("close", (event) => resolve(event.code)));
    a.access.publish({ boardId: id, userId: null });
    expect(await closed).toBe(CloseCode.forbidden);
  });

  it("catches up from the database what the fan-out did not bring", async () => {
    const a = await startInstance(200);
    const { id, ticket } = await board();
    const onA = await connectProvider(a.url, id, ticket);
    providers.push(onA);
    // An instance on another Redis prefix hears nothing from A: only the database connects them.
    prefix = `sbtest:${randomBytes(6).toString("hex")}:`;
    const b = await startInstance(200);
    const onB = await connectProvider(b.url, id, ticket);
    providers.push(onB);
    addPin(onA.doc, { title: "Via the database", lng: 1, lat: 1 }, "a");
    await eventually(() => expect(listPins(onB.doc).map((p) => p.title)).toEqual(["Via the database"]));
  });
});
