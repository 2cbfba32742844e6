/**
 * Fan-out between instances over Redis pub/sub: each open room has a channel on which the
 * instances holding it publish the updates and awareness their own clients sent, and say which
 * of their updates are committed. Redis only carries; it never decides what is saved: an
 * instance that misses messages (Redis restarted, a connection dropped) catches up from the
 * database (Room.catchUp), and updates whose commit was never confirmed are stored by the
 * instances that received them (Room.sweepUnconfirmed).
 */
import { randomUUID } from "node:crypto";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import type { ClientIdClaim } from "@/lib/db/client-ids";
import { connectRedis } from "@/lib/redis";

/** What an instance hears on a room's channel from the other instances. */
export interface RoomFeed {
  /**
   * An update a client of instance `from` sent, numbered `seq` by that instance, with the client
   * ids it made its writer's (server/client-ids.ts).
   */
  update(from: string, seq: number, update: Uint8Array, claims?: ClientIdClaim[]): void;
  awareness(from: string, update: Uint8Array): void;
  /** Instance `from` committed every update it published up to `seq`. */
  committed(from: string, seq: number): void;
}

/** One room's channel, as its instance sees it. */
export interface RoomChannel {
  /** Publishes an update from a local client, with the client ids it claimed, and returns its sequence number. */
  publishUpdate(update: Uint8Array, claims?: readonly ClientIdClaim[]): number;
  publishAwareness(update: Uint8Array): void;
  publishCommitted(seq: number): void;
  /** Unsubscribes. */
  leave(): void;
}

export interface Fanout {
  /** This instance's id: its own messages come back from Redis and are ignored. */
  readonly instanceId: string;
  /**
   * Subscribes to a room's channel, before the room is loaded so that nothing falls between
   * the load and the first message. Resolves once subscribed, or after `SUBSCRIBE_WAIT_MS`
   * when Redis is unreachable: the room still loads, and catches up from the database.
   */
  join(room: string, feed: RoomFeed): Promise<RoomChannel>;
  close(): Promise<void>;
}

const Kind = { update: 0, awareness: 1, committed: 2 } as const;

/** How long a room's load waits for its subscription when Redis does not answer. */
const SUBSCRIBE_WAIT_MS = 2_000;

export interface RedisFanoutOptions {
  /** Prefix of every channel name, so several deployments (or test runs) can share one Redis. */
  prefix?: string;
}

/** The fan-out over the Redis at `url`. */
export function createRedisFanout(url: string, options: RedisFanoutOptions = {}): Fanout {
  const instanceId = randomUUID();
  const prefix = options.prefix ?? "sb:";
  // Publishing while Redis is down fails at once: the database check covers what is not carried.
  const publisher = connectRedis(url, "sb-fanout-pub", { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  // A subscription asked for while Redis is down waits for it, however long it takes.
  const subscriber = connectRedis(url, "sb-fanout-sub", { maxRetriesPerRequest: null });
  const feeds = new Map<string, RoomFeed>();
  const channelOf = (room: string) => `${prefix}room:${room}`;
  // One counter for the whole instance, so a room loaded again never reuses a number.
  let seq = 0;

  subscriber.on("messageBuffer", (channel: Buffer, message: Buffer) => {
    const feed = feeds.get(channel.toString());
    if (!feed) return;
    try {
      const decoder = decoding.createDecoder(new Uint8Array(message.buffer, message.byteOffset, message.byteLength));
      const from = decoding.readVarString(decoder);
      if (from === instanceId) return;
      const kind = decoding.readVarUint(decoder);
      if (kind === Kind.update) {
        const seq = decoding.readVarUint(decoder);
        const update = decoding.readVarUint8Array(decoder);
        const claims: ClientIdClaim[] = [];
        // Claims follow the update (absent in messages of instances older than client id owners).
        const count = decoding.hasContent(decoder) ? decoding.readVarUint(decoder) : 0;
        for (let i = 0; i < count; i++) claims.push({ clientId: decoding.readVarUint(decoder), userId: decoding.readVarString(decoder) });
        feed.update(from, seq, update, claims);
      } else if (kind === Kind.awareness) {
        feed.awareness(from, decoding.readVarUint8Array(decoder));
      } else if (kind === Kind.committed) {
        feed.committed(from, decoding.readVarUint(decoder));
      }
    } catch (error) {
      console.error(`[fanout] dropped a bad message on ${channel.toString()}:`, error);
    }
  });

  const publish = (channel: string, write: (encoder: encoding.Encoder) => void) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarString(encoder, instanceId);
    write(encoder);
    publisher.publish(channel, Buffer.from(encoding.toUint8Array(encoder))).catch(() => undefined);
  };

  return {
    instanceId,
    async join(room, feed) {
      const channel = channelOf(room);
      feeds.set(channel, feed);
      const subscribed = subscriber.subscribe(channel).then(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, SUBSCRIBE_WAIT_MS)));
      await Promise.race([subscribed.catch(() => undefined), waited]);
      clearTimeout(timer);
      return {
        publishUpdate(update, claims = []) {
          seq += 1;
          const numbered = seq;
          publish(channel, (e) => {
            encoding.writeVarUint(e, Kind.update);
            encoding.writeVarUint(e, numbered);
            encoding.writeVarUint8Array(e, update);
            encoding.writeVarUint(e, claims.length);
            for (const { clientId, userId } of claims) {
              encoding.writeVarUint(e, clientId);
              encoding.writeVarString(e, userId);
            }
          });
          return numbered;
        },
        publishAwareness(update) {
          publish(channel, (e) => {
            encoding.writeVarUint(e, Kind.awareness);
            encoding.writeVarUint8Array(e, update);
          });
        },
        publishCommitted(through) {
          publish(channel, (e) => {
            encoding.writeVarUint(e, Kind.committed);
            encoding.writeVarUint(e, through);
          });
        },
        leave() {
          if (feeds.get(channel) !== feed) return;
          feeds.delete(channel);
          subscriber.unsubscribe(channel).catch(() => undefined);
        },
      };
    },
    async close() {
      feeds.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
