/** Accounts: one row per person, found by email (stored lower-cased). */
import type { Kysely } from "kysely";
import type { Tables } from "./tables";

export interface User {
  id: string;
  email: string;
  name: string;
}

export class UserRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Creates an account; throws EmailTaken when the address already has one. */
  async create(user: { id: string; email: string; name: string; passwordHash: string | null }): Promise<User> {
    const email = normalizeEmail(user.email);
    const existing = await this.findByEmail(email);
    if (existing) throw new EmailTaken(email);
    await this.db
      .insertInto("users")
      .values({ id: user.id, email, name: user.name, password_hash: user.passwordHash, created_at: Date.now() })
      .execute();
    return { id: user.id, email, name: user.name };
  }

  async get(id: string): Promise<User | null> {
    const row = await this.db.selectFrom("users").select(["id", "email", "name"]).where("id", "=", id).executeTakeFirst();
    return row ?? null;
  }

  /** The names of the accounts among `ids` (a deleted account is simply absent). */
  async names(ids: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const unique = Array.from(new Set(ids));
    for (let i = 0; i < unique.length; i += 200) {
      const rows = await this.db.selectFrom("users").select(["id", "name"]).where("id", "in", unique.slice(i, i + 200)).execute();
      for (const row of rows) names.set(row.id, row.name);
    }
    return names;
  }

  async findByEmail(email: string): Promise<User | null> {
    const row = await this.db
      .selectFrom("users")
      .select(["id", "email", "name"])
      .where("email", "=", normalizeEmail(email))
      .executeTakeFirst();
    return row ?? null;
  }

  /** Renames the person as everyone sees them from now on. */
  async rename(id: string, name: string): Promise<void> {
    await this.db.updateTable("users").set({ name }).where("id", "=", id).execute();
  }

  /** Stores a new password hash. */
  async setPasswordHash(id: string, hash: string): Promise<void> {
    await this.db.updateTable("users").set({ password_hash: hash }).where("id", "=", id).execute();
  }

  /** The stored password hash of an account by id (null: it signs in through an identity provider only). */
  async passwordHashOf(id: string): Promise<string | null> {
    const row = await this.db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirst();
    return row?.password_hash ?? null;
  }

  /** Signs the person out everywhere: every session issued before `at` is no longer honoured. */
  async revokeSessions(id: string, at = Date.now()): Promise<void> {
    await this.db.updateTable("users").set({ sessions_valid_from: at }).where("id", "=", id).execute();
  }

  /** The person, if a session issued at `issuedAt` (ms) is still theirs to use. */
  async forSession(id: string, issuedAt: number): Promise<User | null> {
    const row = await this.db.selectFrom("users").select(["id", "email", "name", "sessions_valid_from"]).where("id", "=", id).executeTakeFirst();
    if (!row || issuedAt < Number(row.sessions_valid_from)) return null;
    return { id: row.id, email: row.email, name: row.name };
  }

  /** Whether the person gets email copies of their notifications (when the server sends email). */
  async emailNotifications(id: string): Promise<boolean> {
    const row = await this.db.selectFrom("users").select("email_notifications").where("id", "=", id).executeTakeFirst();
    return Number(row?.email_notifications ?? 0) === 1;
  }

  async setEmailNotifications(id: string, on: boolean): Promise<void> {
    await this.db.updateTable("users").set({ email_notifications: on ? 1 : 0 }).where("id", "=", id).execute();
  }

  /** Of the people named, those who take notifications by email, with their addresses. */
  async emailRecipients(ids: readonly string[]): Promise<User[]> {
    if (ids.length === 0) return [];
    return this.db.selectFrom("users").select(["id", "email", "name"]).where("id", "in", ids).where("email_notifications", "=", 1).execute();
  }

  /** The stored password hash of an account, for sign-in only. */
  async passwordHash(email: string): Promise<{ user: User; hash: string | null } | null> {
    const row = await this.db
      .selectFrom("users")
      .select(["id", "email", "name", "password_hash"])
      .where("email", "=", normalizeEmail(email))
      .executeTakeFirst();
    return row ? { user: { id: row.id, email: row.email, name: row.name }, hash: row.password_hash } : null;
  }
}

const EMAIL_TAKEN = Symbol.for("situation-board.EmailTaken");

/**
 * Sign-up for an address that already has an account. `instanceof` checks a brand, not the class:
 * the repository that throws may be the server's copy of this module (see getDatabase) while the
 * sign-up action that catches holds Next's bundled copy (as MembershipError in members.ts).
 */
export class EmailTaken extends Error {
  readonly [EMAIL_TAKEN] = true;

  constructor(email: string) {
    super(`An account with ${email} already exists`);
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [EMAIL_TAKEN]?: unknown })[EMAIL_TAKEN] === true;
  }
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
