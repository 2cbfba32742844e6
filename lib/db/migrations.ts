/**
 * Schema migrations, applied in order at startup by Kysely's migrator. Each is written once for
 * every driver; the few type names that differ between SQLite and PostgreSQL come from `types`.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";

export type Dialect = "sqlite" | "postgres";

function typesFor(dialect: Dialect) {
  return dialect === "postgres"
    ? { blob: "bytea", serial: "bigserial", time: "bigint" }
    : { blob: "blob", serial: "integer", time: "integer" };
}

function migrations(dialect: Dialect): Record<string, Migration> {
  const t = typesFor(dialect);
  return {
    "0001_boards_and_documents": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("boards")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("question", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .addColumn("updated_at", sql.raw(t.time), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("doc_updates")
          .addColumn("id", sql.raw(t.serial), (c) =>
            dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn("room", "text", (c) => c.notNull())
          .addColumn("data", sql.raw(t.blob), (c) => c.notNull())
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .execute();
        await db.schema.createIndex("doc_updates_room_id").on("doc_updates").columns(["room", "id"]).execute();
        await db.schema
          .createTable("doc_snapshots")
          .addColumn("room", "text", (c) => c.primaryKey())
          .addColumn("data", sql.raw(t.blob), (c) => c.notNull())
          .addColumn("updated_at", sql.raw(t.time), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("doc_quarantine")
          .addColumn("id", sql.raw(t.serial), (c) =>
            dialect === "sqlite" ? c.primaryKey().autoIncrement() : c.primaryKey(),
          )
          .addColumn("room", "text", (c) => c.notNull())
          .addColumn("data", sql.raw(t.blob), (c) => c.notNull())
          .addColumn("error", "text", (c) => c.notNull())
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .execute();
      },
    },
    "0002_accounts_and_members": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable("users")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("email", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("password_hash", "text")
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .execute();
        await db.schema
          .createTable("board_members")
          .addColumn("board_id", "text", (c) => c.notNull().references("boards.id").onDelete("cascade"))
          .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .addPrimaryKeyConstraint("board_members_pk", ["board_id", "user_id"])
          .execute();
        await db.schema.createIndex("board_members_user").on("board_members").column("user_id").execute();
        await db.schema
          .createTable("board_invites")
          .addColumn("board_id", "text", (c) => c.notNull().references("boards.id").onDelete("cascade"))
          .addColumn("email", "text", (c) => c.notNull())
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("invited_by", "text", (c) => c.notNull())
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .addPrimaryKeyConstraint("board_invites_pk", ["board_id", "email"])
          .execute();
        await db.schema
          .createTable("share_links")
          .addColumn("token", "text", (c) => c.primaryKey())
          .addColumn("board_id", "text", (c) => c.notNull().references("boards.id").onDelete("cascade"))
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("expires_at", sql.raw(t.time))
          .addColumn("revoked_at", sql.raw(t.time))
          .addColumn("created_by", "text", (c) => c.notNull())
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .execute();
        await db.schema.createIndex("share_links_board").on("share_links").column("board_id").execute();
      },
    },
    "0003_snapshot_merged_through": {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable("doc_snapshots")
          .addColumn("merged_through", sql.raw(t.time), (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    "0004_update_digests": {
      async up(db: Kysely<unknown>) {
        await db.schema.alterTable("doc_updates").addColumn("digest", "text").execute();
        await db.schema.alterTable("doc_snapshots").addColumn("digest", "text").execute();
      },
    },
    "0005_board_client_ids": {
      async up(db: Kysely<unknown>) {
        // Yjs client ids are unsigned 32-bit: PostgreSQL needs bigint, SQLite's integer holds them.
        await db.schema
          .createTable("board_client_ids")
          .addColumn("board_id", "text", (c) => c.notNull())
          .addColumn("client_id", sql.raw(t.time), (c) => c.notNull())
          .addColumn("user_id", "text", (c) => c.notNull())
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .addPrimaryKeyConstraint("board_client_ids_pk", ["board_id", "client_id"])
          .execute();
      },
    },
    "0006_board_deleted_at": {
      async up(db: Kysely<unknown>) {
        // A deleted board is kept (restorable) until it is purged, 30 days later by default.
        await db.schema.alterTable("boards").addColumn("deleted_at", sql.raw(t.time)).execute();
      },
    },
    "0007_user_sessions_valid_from": {
      async up(db: Kysely<unknown>) {
        // "Sign out everywhere": sessions issued before this time (ms) are no longer honoured.
        await db.schema.alterTable("users").addColumn("sessions_valid_from", sql.raw(t.time), (c) => c.notNull().defaultTo(0)).execute();
      },
    },
    "0008_notifications": {
      async up(db: Kysely<unknown>) {
        // Each person's inbox: mentions, invitations, replies, verdicts and claims at risk.
        await db.schema
          .createTable("notifications")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
          .addColumn("board_id", "text", (c) => c.notNull().references("boards.id").onDelete("cascade"))
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("actor_id", "text")
          .addColumn("actor_name", "text", (c) => c.notNull())
          .addColumn("target", "text")
          .addColumn("excerpt", "text", (c) => c.notNull().defaultTo(""))
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .addColumn("read_at", sql.raw(t.time))
          .execute();
        await db.schema.createIndex("notifications_user_created").on("notifications").columns(["user_id", "created_at"]).execute();
        // Email copies of notifications, when the server has SMTP settings: on unless the person turns them off.
        await db.schema.alterTable("users").addColumn("email_notifications", sql.raw(t.time), (c) => c.notNull().defaultTo(1)).execute();
      },
    },
    "0009_board_versions": {
      async up(db: Kysely<unknown>) {
        // Each version holds full states, never a log position: compaction cannot take what it needs.
        await db.schema
          .createTable("board_versions")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("board_id", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("name", "text")
          .addColumn("created_at", sql.raw(t.time), (c) => c.notNull())
          .addColumn("created_by", "text")
          .addColumn("authors", "text", (c) => c.notNull())
          .addColumn("bytes", sql.raw(t.time), (c) => c.notNull())
          .addColumn("state_digest", "text", (c) => c.notNull())
          // The states last: SQLite then reads a list's columns without walking their overflow pages.
          .addColumn("state_vector", sql.raw(t.blob), (c) => c.notNull())
          .addColumn("board", sql.raw(t.blob), (c) => c.notNull())
          .addColumn("review", sql.raw(t.blob), (c) => c.notNull())
          .execute();
        await db.schema.createIndex("board_versions_board_time").on("board_versions").columns(["board_id", "created_at"]).execute();
      },
    },
  };
}

/** Hands Kysely's migrator the migrations for one dialect. */
export function migrationProvider(dialect: Dialect): MigrationProvider {
  return { getMigrations: async () => migrations(dialect) };
}
