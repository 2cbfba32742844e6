/**
 * Hocuspocus 3 as a benchmark peer: the stock server with its default configuration (documents
 * in memory, no extensions) on HOST:PORT.
 */
import { Server } from "@hocuspocus/server";

const server = new Server({ address: process.env.HOST ?? "127.0.0.1", port: Number(process.env.PORT ?? 1234), quiet: true });
server.listen().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
