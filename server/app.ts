/**
 * Builds the one HTTP server of the app: Next handles HTTP, the collaboration server handles
 * WebSocket upgrades on /collab/*. Used by `server/main.ts` and by the integration tests.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "@/lib/auth/client-address";
import { hashPassword } from "@/lib/auth/password";
import { readMeta } from "@/lib/board/model";
import { newId } from "@/lib/ids";
import { accessEvents, type AccessEvents } from "@/lib/collab/access-events";
import { DEFAULT_BOARD_MAX_BYTES, DEFAULT_BOARD_MAX_ITEMS, type BoardLimits } from "@/lib/collab/protocol";
import type { Database } from "@/lib/db";
import type { RetentionPolicy } from "@/lib/retention";
import type { Mailer } from "@/lib/mail";
import { deliverNotifications } from "@/lib/notify";
import { createTicketAdmission } from "./admission";
import { createCollabServer, type CollabServer } from "./collab";
import type { Fanout } from "./fanout";
import { createAutoVersions } from "./versions";

type RequestHandler = (req: http.IncomingMessage, res: http.ServerResponse) => void;
type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface AppServerOptions {
  database: Database;
  /** AUTH_SECRET: verifies collab tickets. */
  secret: string;
  /** Origins besides the app's own whose pages may open collaboration sockets. */
  allowedOrigins?: readonly string[];
  /** Where role changes are heard; the process-wide bus by default. */
  accessEvents?: AccessEvents;
  /** Several instances: the fan-out between them (Redis). */
  fanout?: Fanout;
  /** With a fan-out, how often (ms) open rooms check the database for what it did not bring. */
  reconvergeMs?: number;
  /** Size limits of each board (BOARD_MAX_BYTES, BOARD_MAX_ITEMS); the defaults when absent. */
  boardLimits?: BoardLimits;
  /** Reverse proxies in front whose X-Forwarded-For is believed (TRUST_PROXY); 0 by default. */
  trustProxy?: number;
  /** Next's request handler; without it the server answers HTTP with 404 (collab-only tests). */
  handleRequest?: RequestHandler;
  /** Next's upgrade handler (hot reload in development). */
  handleOtherUpgrade?: UpgradeHandler;
  /** Days a deleted board stays restorable (BOARD_RETENTION_DAYS); older ones are purged hourly. Unset: never purged here. */
  boardRetentionDays?: number;
  /** While a board is edited, an automatic version at most this often (VERSION_INTERVAL_MS); 10 minutes by default. */
  versionIntervalMs?: number;
  /** How automatic versions are thinned with age (VERSION_RETENTION), hourly; unset: never thinned here. */
  versionRetention?: RetentionPolicy;
  /** Sends email copies of notifications; by default the one SMTP_URL configures (none when unset). */
  mailer?: Mailer | null;
}

export interface AppServer {
  http: http.Server;
  collab: CollabServer;
  /** Listens on `port` (0 for any free port) and resolves to the port taken. */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, flushes every open room, closes every socket. */
  close(): Promise<void>;
}

/**
 * While a board's title and question stay the same, its entry in the board list is refreshed at
 * most this often: each refresh is a commit (an fsync on the event loop), and a busy board commits
 * up to 20 times a second. A new title or question is written at once.
 */
const TOUCH_EVERY_MS = 2_000;

/** Read notifications older than this go with the hourly purge; unread ones stay until read. */
const NOTIFICATIONS_KEPT_DAYS = 90;

/** How often deleted boards past their retention are purged and automatic versions thinned. */
const HOUSEKEEPING_EVERY_MS = 60 * 60 * 1000;

/** While a board is edited, an automatic version at most this often unless configured. */
const DEFAULT_VERSION_INTERVAL_MS = 10 * 60 * 1000;

/**
 * Purges the boards deleted more than `days` ago (and read notifications past 90 days) and thins
 * automatic versions by `retention`, now and then every hour, until stopped. Several instances
 * may each do it: purging or thinning twice removes nothing the second time.
 */
function scheduleHousekeeping(database: Database, days: number | undefined, retention: RetentionPolicy | undefined): () => void {
  if (days === undefined && retention === undefined) return () => {};
  const run = async () => {
    if (days !== undefined) {
      try {
        const purged = await database.boards.purgeDeleted(Date.now() - days * 86_400_000);
        await database.notifications.purgeRead(Date.now() - NOTIFICATIONS_KEPT_DAYS * 86_400_000);
        if (purged.length > 0) console.log(`Purged ${purged.length} board(s) deleted more than ${days} days ago`);
      } catch (error) {
        console.error("Purging deleted boards failed; it is tried again in an hour:", error);
      }
    }
    if (retention !== undefined) {
      try {
        await database.versions.thin(null, Date.now(), retention);
      } catch (error) {
        console.error("Thinning automatic versions failed; it is tried again in an hour:", error);
      }
    }
  };
  void run();
  const timer = setInterval(run, HOUSEKEEPING_EVERY_MS);
  timer.unref();
  return () => clearInterval(timer);
}

export function createAppServer(options: AppServerOptions): AppServer {
  const { database, handleRequest, handleOtherUpgrade } = options;
  const touched = new Map<string, { at: number; title: string; question: string }>();
  const events = options.accessEvents ?? accessEvents();
  const autoVersions = createAutoVersions({
    versions: database.versions,
    docs: database.docs,
    intervalMs: options.versionIntervalMs ?? DEFAULT_VERSION_INTERVAL_MS,
    room: (name) => collab.room(name),
  });
  const collab = createCollabServer({
    store: database.docs,
    clientIds: database.clientIds,
    admit: createTicketAdmission(database, options.secret, events),
    allowedOrigins: options.allowedOrigins,
    accessEvents: events,
    fanout: options.fanout,
    reconvergeMs: options.reconvergeMs,
    boardLimits: options.boardLimits ?? { maxBytes: DEFAULT_BOARD_MAX_BYTES, maxItems: DEFAULT_BOARD_MAX_ITEMS },
    notify: (notifications) => deliverNotifications(database, notifications, options.mailer),
    hooks: {
      async onCommit(room) {
        autoVersions.onCommit(room);
        const name = room.roomName;
        if (name.kind !== "board") return;
        const meta = readMeta(room.doc);
        const last = touched.get(name.boardId);
        const now = Date.now();
        if (last && last.title === meta.title && last.question === meta.question && now - last.at < TOUCH_EVERY_MS) return;
        touched.set(name.boardId, { at: now, title: meta.title, question: meta.question });
        await database.boards.touch(name.boardId, meta);
      },
      onEmpty: (room) => autoVersions.onEmpty(room),
    },
  });
  const stopHousekeeping = scheduleHousekeeping(database, options.boardRetentionDays, options.versionRetention);
  const server = http.createServer((req, res) => {
    // Routes and actions learn the client's address from this header, never from one a client set.
    req.headers[CLIENT_ADDRESS_HEADER] = clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], options.trustProxy ?? 0);
    if (handleRequest) return handleRequest(req, res);
    res.writeHead(404).end();
  });
  server.on("upgrade", (req, socket, head) => {
    if (collab.handles(req)) collab.handleUpgrade(req, socket, head);
    else if (handleOtherUpgrade) handleOtherUpgrade(req, socket, head);
    else socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
  });
  return {
    http: server,
    collab,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    async close() {
      stopHousekeeping();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await collab.close();
      await autoVersions.settle();
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Creates the demo account and its demo board when the database holds no board yet. */
export async function ensureDemoBoard(database: Database): Promise<void> {
  const boards = await database.boards.list();
  if (boards.length > 0) return;
  // The demo's narrative is written with the editor's schema (TipTap), loaded only to make it:
  // the collaboration server alone never does.
  const { DEMO_ACCOUNT, DEMO_BOARD, seedDemoBoard } = await import("@/lib/board/seed");
  const owner =
    (await database.users.findByEmail(DEMO_ACCOUNT.email)) ??
    (await database.users.create({
      id: newId(),
      email: DEMO_ACCOUNT.email,
      name: DEMO_ACCOUNT.name,
      passwordHash: await hashPassword(DEMO_ACCOUNT.password),
    }));
  const board = await database.createBoard(DEMO_BOARD, owner.id, (doc) => seedDemoBoard(doc, owner.id));
  console.log(`Created the demo board "${board.title}" (/boards/${board.id}), owned by ${DEMO_ACCOUNT.email}`);
}
