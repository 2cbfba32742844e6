/**
 * "Someone's access to a board changed": published by the member actions, heard by every
 * collaboration server, which then closes that person's open connections with 4403 so they
 * reconnect with their new rights (or learn they have none).
 *
 * In one process the bus lives on globalThis, because Next bundles route code separately from the
 * server that imports this module; several instances share it through Redis instead.
 */
import { EventEmitter } from "node:events";
import type Redis from "ioredis";
import * as z from "zod";
import { readEnv } from "@/lib/env";
import { processSlot } from "@/lib/singleton";

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
 * change, wherever it was published. Redis connections are opened on first use, and the Redis
 * client with them, so that a process that never hears or publishes a change never loads it.
 */
export function createRedisAccessEvents(url: string, prefix = "sb:"): AccessEvents & { close(): void } {
  const channel = `${prefix}access`;
  const listeners = new Set<(change: AccessChange) => void>();
  let publisher: Promise<Redis> | null = null;
  let subscriber: Promise<Redis> | null = null;
  let closed = false;
  const connect = (name: string, maxRetriesPerRequest: number | null) =>
    import("@/lib/redis").then(({ connectRedis }) => {
      const connection = connectRedis(url, name, { maxRetriesPerRequest });
      if (closed) connection.disconnect();
      return connection;
    });
  // The subscription waits for Redis however long it is down; a publication fails after one retry.
  // Publications wait for the same connection in turn, so they still leave in order.
  return {
    publish(change) {
      publisher ??= connect("sb-access-pub", 1);
      publisher
        .then((connection) => connection.publish(channel, JSON.stringify(change)))
        .catch((error: unknown) => {
          console.error("[access-events] could not publish an access change:", error instanceof Error ? error.message : error);
        });
    },
    subscribe(listener) {
      if (!subscriber) {
        subscriber = connect("sb-access-sub", null);
        subscriber
          .then((connection) => {
            connection.on("message", (_channel: string, message: string) => {
              let parsed;
              try {
                parsed = AccessChangeSchema.safeParse(JSON.parse(message));
              } catch {
                return;
              }
              if (parsed.success) for (const each of listeners) each(parsed.data);
            });
            return connection.subscribe(channel);
          })
          .catch(() => undefined);
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      void publisher?.then((connection) => connection.disconnect());
      void subscriber?.then((connection) => connection.disconnect());
    },
  };
}

const bus = processSlot<AccessEvents>("access-events");

/**
 * The process-wide bus shared by the app and the collaboration server: over Redis when
 * REDIS_URL is set (several instances), in memory otherwise.
 */
export function accessEvents(): AccessEvents {
  const env = readEnv();
  return bus.get() ?? bus.set(env.REDIS_URL ? createRedisAccessEvents(env.REDIS_URL, env.REDIS_PREFIX) : createLocalAccessEvents());
}

/** The bus inside one process. */
function createLocalAccessEvents(): AccessEvents {
  const emitter = new EventEmitter().setMaxListeners(0);
  return {
    publish: (change) => emitter.emit("change", change),
    subscribe(listener) {
      emitter.on("change", listener);
      return () => emitter.off("change", listener);
    },
  };
}
