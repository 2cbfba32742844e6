/**
 * The environment, parsed once with zod. Nothing is required: every setting has a default that
 * runs the app on one machine with SQLite under ./data.
 */
import path from "node:path";
import * as z from "zod";
import { DEFAULT_BOARD_MAX_BYTES, DEFAULT_BOARD_MAX_ITEMS } from "@/lib/collab/protocol";
import { DEFAULT_VERSION_RETENTION, parseRetention } from "@/lib/retention";

/** An unset variable and an empty one mean the same: not configured. */
const optionalUrl = (pattern: RegExp, message: string) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(pattern, message).optional());

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  /** Port of the one HTTP server (app + collaboration). 0 picks a free port. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Where the SQLite database and generated secrets live. */
  DATA_DIR: z.string().min(1).default("./data"),
  /**
   * A PMTiles basemap (a Protomaps extract) to serve and offer as "Streets (offline)"; by default
   * `basemap.pmtiles` in DATA_DIR, used whenever that file exists.
   */
  MAP_PMTILES: z.preprocess((v) => (v === "" ? undefined : v), z.string().optional()),
  /**
   * A maplibre style JSON of the operator's (a path on this site, or an http(s) URL whose origin the
   * page may then fetch from), offered as "Custom map" and shown first.
   */
  MAP_STYLE_URL: optionalUrl(/^(https?:\/\/|\/(?!\/))/, "must be an http(s):// URL or a path starting with /"),
  /** PostgreSQL (`postgres://…`) instead of the SQLite file under DATA_DIR: for several instances. */
  DATABASE_URL: optionalUrl(/^postgres(ql)?:\/\//, "must be a postgres:// URL"),
  /** Redis (`redis://…`): carries updates, awareness and access changes between instances. */
  REDIS_URL: optionalUrl(/^rediss?:\/\//, "must be a redis:// URL"),
  /** Prefix of every Redis channel, so several deployments can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default("sb:"),
  /** How often (ms) each open room checks the database for updates the fan-out missed; 0 turns it off. */
  RECONVERGE_MS: z.coerce.number().int().min(0).default(5_000),
  /** Whether to create the demo board when the database has no boards. */
  SEED_DEMO: z.enum(["true", "false"]).default("true").transform((v) => v === "true"),
  /** Origins (comma-separated) whose pages may open collaboration sockets, besides the app's own. */
  APP_ORIGINS: z
    .string()
    .default("")
    .transform((v) => v.split(",").map((o) => o.trim()).filter(Boolean)),
  /**
   * Reverse proxies in front of the app whose X-Forwarded-For entries are believed (`true` is one):
   * sign-in limits then count the address the outermost of them saw. 0 (the default) believes none.
   */
  TRUST_PROXY: z
    .preprocess((v) => (v === "" || v === undefined || v === "false" ? "0" : v === "true" ? "1" : v), z.coerce.number().int().min(0).max(10))
    .default(0),
  /** Days a deleted board stays restorable by its owners before it is purged with everything it held. */
  BOARD_RETENTION_DAYS: z.coerce.number().min(0).default(30),
  /** While a board is being edited, an automatic version is stored at most this often (ms); also when its last person leaves. */
  VERSION_INTERVAL_MS: z.coerce.number().int().min(1_000).default(10 * 60 * 1000),
  /**
   * How automatic versions are thinned with age (named and briefed ones are always kept):
   * `<age>:<all|interval>` tiers, e.g. the default keeps all for a day, one per hour up to 7 days,
   * one per day up to 90 days, then none.
   */
  VERSION_RETENTION: z
    .string()
    .default(DEFAULT_VERSION_RETENTION)
    .transform((text, ctx) => {
      try {
        return parseRetention(text);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: error instanceof Error ? error.message : String(error) });
        return z.NEVER;
      }
    }),
  /**
   * Largest board: document bytes (stored updates) and items (Yjs structs). A change that would
   * take a board past either is refused with a clear message, and nothing of it is stored.
   */
  BOARD_MAX_BYTES: z.coerce.number().int().min(64 * 1024).default(DEFAULT_BOARD_MAX_BYTES),
  BOARD_MAX_ITEMS: z.coerce.number().int().min(1_000).default(DEFAULT_BOARD_MAX_ITEMS),
  /**
   * Email copies of notifications and invitations: an SMTP server (`smtp://user:pass@host:587`, or
   * `smtps://` for TLS from the start). Unset (the default): no email is sent; the inbox still works.
   */
  SMTP_URL: optionalUrl(/^smtps?:\/\//, "must be an smtp:// or smtps:// URL"),
  /** The sender of those emails. */
  MAIL_FROM: z.string().min(3).default("Situation Board <no-reply@localhost>"),
  /** The app's public address, for links in emails; defaults to http://localhost:PORT. */
  APP_URL: optionalUrl(/^https?:\/\//, "must be an http(s):// URL"),
  /** An OpenID Connect provider (Keycloak, Entra ID, Google…): issuer URL, client id and secret. */
  AUTH_OIDC_ISSUER: z.url().optional(),
  AUTH_OIDC_CLIENT_ID: z.string().min(1).optional(),
  AUTH_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** Label of the provider's button on the sign-in page. */
  AUTH_OIDC_NAME: z.string().min(1).default("Single sign-on"),
});

export type Env = z.infer<typeof EnvSchema> & { dataDir: string };

/** Parses `source` (process.env by default); throws one readable error listing every bad setting. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
