/**
 * Redis connections, opened one way everywhere (the fan-out between instances, the access-change
 * bus): named, reconnecting forever with a back-off up to 2 s, and never crashing the process
 * with an "error" event while Redis is away. Redis only carries messages here; what is saved is
 * decided by the database, so an outage is waited out, not reported.
 */
import Redis, { type RedisOptions } from "ioredis";

/** A connection to `url` named `name` (as CLIENT LIST shows it); `options` override the defaults. */
export function connectRedis(url: string, name: string, options: RedisOptions = {}): Redis {
  const retryStrategy = (attempt: number) => Math.min(attempt * 100, 2_000);
  return new Redis(url, { connectionName: name, retryStrategy, ...options }).on("error", () => undefined);
}
