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
import { z } from "zod";
import { readEnv } from "@/lib/env";
import { connectRedis } from "@/lib/redis";
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
 * change, wherever it was published. Redis connections are opened on first use.
 */
export function createRedisAccessEvents(url: string, prefix = "sb:"): AccessEvents & { close(): void } {
  const channel = `${prefix}access`;
  const listeners = new Set<(change: AccessChange) => void>();
  let publisher: Redis | null = null;
  let subscriber: Redis | null = null;
  // The subscription waits for Redis however long it is down; a publication fails after one retry.
  return {
    publish(change) {
      publisher ??= connectRedis(url, "sb-access-pub", { maxRetriesPerRequest: 1 });
      publisher.publish(channel, JSON.stringify(change)).catch((error: unknown) => {
        console.error("[access-events] could not publish an access change:", error instanceof Error ? error.message : error);
      });
    },
    subscribe(listener) {
      if (!subscriber) {
        subscriber = connectRedis(url, "sb-access-sub", { maxRetriesPerRequest: null });
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
