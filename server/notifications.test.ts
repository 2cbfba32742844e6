/**
 * Review changes reach the people they concern: stored in their inbox, and emailed through a real
 * SMTP server (a local sink) to those who keep email on.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { WebsocketProvider } from "y-websocket";
import { addClaim } from "@/lib/board/model";
import { sendReviewCommand } from "@/lib/collab/review-commands";
import { mailerFor, type Mailer } from "@/lib/mail";
import { connectProvider, createUser, eventually, memberTicket, startTestServer, tempDataDir, type TestServer, type TestUser } from "@/test/support/servers";

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
async function startSink(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const port = (sink.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => sink.close(() => resolve())) };
}

/** The decoded text of a received message (quoted-printable soft breaks and escapes undone). */
const decoded = (raw: string) =>
  Buffer.from(raw.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), "latin1").toString("utf8");

let data: ReturnType<typeof tempDataDir>;
let sink: Awaited<ReturnType<typeof startSink>>;
let mailer: Mailer;
let server: TestServer;
let boardId: string;
let ana: TestUser;
let rita: TestUser;
let ben: TestUser;
const providers: WebsocketProvider[] = [];

beforeEach(async () => {
  data = tempDataDir();
  sink = await startSink();
  mailer = mailerFor({ SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_FROM: "Situation Board <board@example.com>", APP_URL: "http://board.example", PORT: 3000 })!;
  server = await startTestServer(data.dir, undefined, { mailer });
  const owner = await createUser(server.database, "Owner");
  boardId = (await server.database.createBoard({ title: "Is JNIM shifting south?", question: "" }, owner.id)).id;
  ana = await createUser(server.database, "Ana");
  rita = await createUser(server.database, "Rita");
  ben = await createUser(server.database, "Ben");
  await server.database.members.set(boardId, rita.id, "reviewer");
  await server.database.members.set(boardId, ben.id, "viewer");
});

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  await server.stop();
  mailer.close();
  await sink.close();
  data.cleanup();
});

describe("notifications of review changes", () => {
  it("tell a claim's author it is at risk, in the inbox and by email; mentions reach the inbox of people who turned email off", async () => {
    // Ana marks a claim on the board through her own connection: she is its author.
    const provider = await connectProvider(server.url, boardId, await memberTicket(server.database, ana, boardId, "editor"));
    providers.push(provider);
    const claimId = addClaim(provider.doc, { likelihood: "likely", confidence: "moderate" });
    await eventually(async () => expect((await server.database.clientIds.owners(boardId)).get(provider.doc.clientID)).toBe(ana.id));

    const rita_ = { id: rita.id, name: rita.name };
    expect(await sendReviewCommand({ boardId, request: { kind: "setVerdict", claimId, verdict: "dispute" }, author: rita_ })).toEqual({ ok: true });

    const [atRisk] = await server.database.notifications.list(ana.id);
    expect(atRisk).toMatchObject({ kind: "at-risk", boardId, boardTitle: "Is JNIM shifting south?", actor: rita_, target: { kind: "claim", id: claimId }, excerpt: "Disputes" });
    expect(await server.database.notifications.list(rita.id)).toEqual([]);
    await eventually(() => expect(sink.received).toHaveLength(1));
    const [mail] = sink.received;
    expect(mail.to).toEqual([`${ana.id}@example.com`.toLowerCase()]);
    const text = decoded(mail.raw);
    expect(text).toContain("Your claim is at risk: Rita disputes it");
    expect(text).toContain(`http://board.example/boards/${boardId}?select=claim:${claimId}`);

    // Ben keeps email off: a mention reaches his inbox only.
    await server.database.users.setEmailNotifications(ben.id, false);
    const mention = { kind: "openThread" as const, target: { kind: "claim" as const, id: claimId }, body: "@Ben can you check the date?", mentions: [ben.id] };
    expect(await sendReviewCommand({ boardId, request: mention, author: rita_ })).toEqual({ ok: true });
    expect((await server.database.notifications.list(ben.id)).map((n) => [n.kind, n.excerpt])).toEqual([["mention", "@Ben can you check the date?"]]);
    expect(await server.database.notifications.unreadCount(ben.id)).toBe(1);
    // The command resolves only after its emails were accepted by the SMTP server: none went to Ben.
    expect(sink.received).toHaveLength(1);
  });

  it("never lose the review change when notifications cannot be stored", async () => {
    await server.database.db.schema.dropTable("notifications").execute();
    const request = { kind: "openThread" as const, target: { kind: "pin" as const, id: "pin1" }, body: "@Ben look", mentions: [ben.id] };
    expect(await sendReviewCommand({ boardId, request, author: { id: rita.id, name: rita.name } })).toEqual({ ok: true });
  });
});
