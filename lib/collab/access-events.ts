/**
 * "Someone's access to a board changed": published by the member actions, heard by every
 * collaboration server, which then closes that person's open connections with 4403 so they
 * reconnect with their new rights (or learn they have none).
 *
 * In one process the bus lives on globalThis, because Next bundles route code separately from the
 * server that imports this module; several instances share it through Redis instead.
 */
import { EventEmitter } from "node:events";
import Redis from "ioredis";
import { z } from "zod";
import { readEnv } from "@/lib/env";

export interface AccessChange {
  boardId: string;
  /** The person whose role changed or who was removed; null for everyone on the board. */
  userId: string | null;
}

export interface AccessEvents {
  publish(change: AccessChange): void;
  subscribe(listener: (change: AccessChange) => void): () => void;
}

const AccessChangeSchema = z.object({ boardId: z.string(), userId: z.string().nullable() });

/**
 * The bus over Redis pub/sub on `<prefix>access`: every instance that subscribes hears every
 * change, wherever it was published. Redis connections are opened on first use.
 */
export function createRedisAccessEvents(url: string, prefix = "sb:"): AccessEvents & { close(): void } {
  const channel = `${prefix}access`;
  const listeners = new Set<(change: AccessChange) => void>();
  const retryStrategy = (attempt: number) => Math.min(attempt * 100, 2_000);
  let publisher: Redis | null = null;
  let subscriber: Redis | null = null;
  // The subscription waits for Redis however long it is down; a publication fails after one retry.
  const connect = (name: string, maxRetriesPerRequest: number | null) =>
    new Redis(url, { connectionName: name, retryStrategy, maxRetriesPerRequest }).on("error", () => undefined);
  return {
    publish(change) {
      publisher ??= connect("sb-access-pub", 1);
      publisher.publish(channel, JSON.stringify(change)).catch((error: unknown) => {
        console.error("[access-events] could not publish an access change:", error instanceof Error ? error.message : error);
      });
    },
    subscribe(listener) {
      if (!subscriber) {
        subscriber = connect("sb-access-sub", null);
        subscriber.on("message", (_channel: string, message: string) => {
          let parsed;
          try {
            parsed = AccessChangeSchema.safeParse(JSON.parse(message));
          } catch {
            return;
          }
          if (parsed.success) for (const each of listeners) each(parsed.data);
        });
        subscriber.subscribe(channel).catch(() => undefined);
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      publisher?.disconnect();
      subscriber?.disconnect();
    },
  };
}

const GLOBAL_KEY = Symbol.for("situation-board.access-events");
type GlobalWithBus = typeof globalThis & { [GLOBAL_KEY]?: AccessEvents };

/**
 * The process-wide bus shared by the app and the collaboration server: over Redis when
 * REDIS_URL is set (several instances), in memory otherwise.
 */
export function accessEvents(): AccessEvents {
  const g = globalThis as GlobalWithBus;
  const env = readEnv();
  if (!g[GLOBAL_KEY] && env.REDIS_URL) g[GLOBAL_KEY] = createRedisAccessEvents(env.REDIS_URL, env.REDIS_PREFIX);
  if (!g[GLOBAL_KEY]) {
    const emitter = new EventEmitter().setMaxListeners(0);
    g[GLOBAL_KEY] = {
      publish: (change) => emitter.emit("change", change),
      subscribe(listener) {
        emitter.on("change", listener);
        return () => emitter.off("change", listener);
      },
    };
  }
  return g[GLOBAL_KEY];
}
