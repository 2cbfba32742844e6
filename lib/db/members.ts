/**
 * Who belongs to which board and with which role: memberships, invitations to addresses without
 * an account yet, and share links.
 */
import type { Kysely, Transaction } from "kysely";
import { ROLE_LABELS, higherRole, type Role } from "@/lib/auth/roles";
import type { Dialect } from "./migrations";
import { prepared } from "./prepared";
import type { NotificationRepository } from "./notifications";
import type { Tables } from "./tables";
import { normalizeEmail, type User } from "./users";

export interface Member extends User {
  role: Role;
}

export interface Invite {
  email: string;
  role: Role;
  createdAt: number;
}

export interface ShareLink {
  token: string;
  boardId: string;
  role: Role;
  expiresAt: number | null;
  revokedAt: number | null;
  createdAt: number;
}

const MEMBERSHIP_ERROR = Symbol.for("situation-board.MembershipError");

/**
 * A membership change refused for a reason the person can act on (it would leave no owner, say).
 * `instanceof` checks a brand, not the class: the repository that throws may be the server's copy
 * of this module (see getDatabase) while the server action that catches holds Next's bundled copy.
 */
export class MembershipError extends Error {
  readonly [MEMBERSHIP_ERROR] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [MEMBERSHIP_ERROR]?: unknown })[MEMBERSHIP_ERROR] === true;
  }
}

/** Why a share link admits no one. */
export type LinkRefusal = "unknown" | "revoked" | "expired";

/** Run on every connection (see accessOf). */
const accessQuery = prepared(2, (db: Kysely<Tables>, boardId: string, userId: string) =>
  db
    .selectFrom("boards")
    .leftJoin("board_members", (join) => join.onRef("board_members.board_id", "=", "boards.id").on("board_members.user_id", "=", userId))
    .select(["boards.deleted_at", "board_members.role"])
    .where("boards.id", "=", boardId),
);

export class MemberRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly dialect: Dialect,
    /** Where a person hears that invitations waiting for their address were turned into memberships. */
    private readonly notifications?: NotificationRepository,
  ) {}

  /**
   * In one query: whether the board exists (null when it does not), whether it is deleted, and
   * `userId`'s role on it (null when not a member). What every access check needs.
   */
  async accessOf(boardId: string, userId: string): Promise<{ deleted: boolean; role: Role | null } | null> {
    const [row] = await accessQuery(this.db, boardId, userId);
    if (!row) return null;
    return { deleted: row.deleted_at !== null, role: (row.role as Role | null) ?? null };
  }

  /** The role of a user on a board, or null when they are not a member. */
  async roleOf(boardId: string, userId: string): Promise<Role | null> {
    const row = await this.db
      .selectFrom("board_members")
      .select("role")
      .where("board_id", "=", boardId)
      .where("user_id", "=", userId)
      .executeTakeFirst();
    return (row?.role as Role | undefined) ?? null;
  }

  async list(boardId: string): Promise<Member[]> {
    const rows = await this.db
      .selectFrom("board_members")
      .innerJoin("users", "users.id", "board_members.user_id")
      .select(["users.id", "users.email", "users.name", "board_members.role"])
      .where("board_members.board_id", "=", boardId)
      .orderBy("board_members.created_at")
      .execute();
    return rows.map((row) => ({ ...row, role: row.role as Role }));
  }

  /**
   * Sets a member's role, adding the membership if needed, with no owner check: for grants that
   * cannot take an owner away (a new board's owner, a join that only raises a role). Changes made
   * on someone's behalf go through `changeRole`.
   */
  async set(boardId: string, userId: string, role: Role): Promise<void> {
    await upsertRole(this.db, boardId, userId, role);
  }

  /** Adds a membership, keeping an existing higher role. Returns the resulting role. */
  async join(boardId: string, userId: string, role: Role): Promise<Role> {
    const current = await this.roleOf(boardId, userId);
    const next = current ? higherRole(current, role) : role;
    if (next !== current) await this.set(boardId, userId, next);
    return next;
  }

  /**
   * Gives a member a new role (with `orAdd`, makes a non-member a member), unless that would leave
   * the board without an owner. The check and the write are one transaction over the board's member
   * rows, so two owners demoting each other at once cannot both succeed: the second sees the first's
   * change and is refused with a MembershipError.
   */
  async changeRole(boardId: string, userId: string, role: Role, { orAdd = false } = {}): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const roles = await this.lockMembers(trx, boardId);
      if (!roles.has(userId) && !orAdd) throw new MembershipError("That person is not a member of this board.");
      assertOwnerRemains(roles, userId, role);
      await upsertRole(trx, boardId, userId, role);
    });
  }

  /** Ends a membership, unless it is the board's last owner (checked in the same transaction as `changeRole`). */
  async remove(boardId: string, userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      assertOwnerRemains(await this.lockMembers(trx, boardId), userId, null);
      await trx.deleteFrom("board_members").where("board_id", "=", boardId).where("user_id", "=", userId).execute();
    });
  }

  /**
   * The board's members and roles, read inside `trx` so that no other membership change of this
   * board commits in between. PostgreSQL locks the rows (`FOR UPDATE`: a concurrent change waits,
   * then reads what this one wrote); SQLite's transactions hold the write lock from their first
   * statement (see sqlite.ts), which already serialises them.
   */
  private async lockMembers(trx: Transaction<Tables>, boardId: string): Promise<Map<string, Role>> {
    const rows = await trx
      .selectFrom("board_members")
      .select(["user_id", "role"])
      .where("board_id", "=", boardId)
      .orderBy("user_id") // one lock order for every transaction: no deadlock between two of them
      .$if(this.dialect === "postgres", (query) => query.forUpdate())
      .execute();
    return new Map(rows.map((row) => [row.user_id, row.role as Role]));
  }

  // ------------------------------------------------------------ invitations

  async invite(boardId: string, email: string, role: Role, invitedBy: string): Promise<void> {
    const address = normalizeEmail(email);
    await this.db
      .insertInto("board_invites")
      .values({ board_id: boardId, email: address, role, invited_by: invitedBy, created_at: Date.now() })
      .onConflict((oc) => oc.columns(["board_id", "email"]).doUpdateSet({ role }))
      .execute();
  }

  async invites(boardId: string): Promise<Invite[]> {
    const rows = await this.db
      .selectFrom("board_invites")
      .select(["email", "role", "created_at"])
      .where("board_id", "=", boardId)
      .orderBy("created_at")
      .execute();
    return rows.map((row) => ({ email: row.email, role: row.role as Role, createdAt: Number(row.created_at) }));
  }

  async cancelInvite(boardId: string, email: string): Promise<void> {
    await this.db.deleteFrom("board_invites").where("board_id", "=", boardId).where("email", "=", normalizeEmail(email)).execute();
  }

  /**
   * Turns every invitation to `user.email` into a membership (at sign-up or first sign-in), each
   * announced in the person's inbox as an invitation from whoever sent it.
   */
  async acceptInvites(user: User): Promise<void> {
    const invites = await this.db
      .selectFrom("board_invites")
      .leftJoin("users", "users.id", "board_invites.invited_by")
      .selectAll("board_invites")
      .select("users.name as inviter_name")
      .where("board_invites.email", "=", normalizeEmail(user.email))
      .execute();
    for (const invite of invites) await this.join(invite.board_id, user.id, invite.role as Role);
    if (invites.length === 0) return;
    await this.db.deleteFrom("board_invites").where("email", "=", normalizeEmail(user.email)).execute();
    await this.notifications?.add(
      invites.map((invite) => ({
        userId: user.id,
        boardId: invite.board_id,
        kind: "invitation" as const,
        actor: invite.inviter_name ? { id: invite.invited_by, name: invite.inviter_name } : null,
        target: null,
        excerpt: ROLE_LABELS[invite.role as Role] ?? invite.role,
      })),
    );
  }

  // ------------------------------------------------------------ share links

  async createLink(link: { token: string; boardId: string; role: Role; expiresAt: number | null; createdBy: string }): Promise<ShareLink> {
    const createdAt = Date.now();
    await this.db
      .insertInto("share_links")
      .values({
        token: link.token,
        board_id: link.boardId,
        role: link.role,
        expires_at: link.expiresAt,
        revoked_at: null,
        created_by: link.createdBy,
        created_at: createdAt,
      })
      .execute();
    return { token: link.token, boardId: link.boardId, role: link.role, expiresAt: link.expiresAt, revokedAt: null, createdAt };
  }

  async link(token: string): Promise<ShareLink | null> {
    const row = await this.db.selectFrom("share_links").selectAll().where("token", "=", token).executeTakeFirst();
    return row ? toLink(row) : null;
  }

  /** Links of a board that still admit people (not revoked, not expired). */
  async activeLinks(boardId: string, now = Date.now()): Promise<ShareLink[]> {
    const rows = await this.db
      .selectFrom("share_links")
      .selectAll()
      .where("board_id", "=", boardId)
      .where("revoked_at", "is", null)
      .where((eb) => eb.or([eb("expires_at", "is", null), eb("expires_at", ">", now)]))
      .orderBy("created_at")
      .execute();
    return rows.map(toLink);
  }

  /** Whether a share link still admits people, admitting no one: what the join page shows before the person confirms. */
  async linkStatus(token: string, now = Date.now()): Promise<{ link: ShareLink } | { refused: LinkRefusal }> {
    const link = await this.link(token);
    if (!link) return { refused: "unknown" };
    if (link.revokedAt !== null) return { refused: "revoked" };
    if (link.expiresAt !== null && link.expiresAt <= now) return { refused: "expired" };
    return { link };
  }

  /** Joins `userId` to the link's board, unless the link is unknown, revoked or expired. */
  async redeemLink(token: string, userId: string, now = Date.now()): Promise<{ boardId: string; role: Role } | { refused: LinkRefusal }> {
    const status = await this.linkStatus(token, now);
    if ("refused" in status) return status;
    const { boardId, role } = status.link;
    return { boardId, role: await this.join(boardId, userId, role) };
  }

  async revokeLink(boardId: string, token: string): Promise<void> {
    await this.db
      .updateTable("share_links")
      .set({ revoked_at: Date.now() })
      .where("board_id", "=", boardId)
      .where("token", "=", token)
      .execute();
  }
}

/** Throws when giving `userId` the role `next` (null: removing them) would leave the board with no owner. */
function assertOwnerRemains(roles: ReadonlyMap<string, Role>, userId: string, next: Role | null): void {
  if (roles.get(userId) !== "owner" || next === "owner") return;
  const owners = Array.from(roles.values()).filter((role) => role === "owner").length;
  if (owners <= 1) throw new MembershipError("A board needs an owner: make someone else owner first.");
}

async function upsertRole(db: Kysely<Tables>, boardId: string, userId: string, role: Role): Promise<void> {
  await db
    .insertInto("board_members")
    .values({ board_id: boardId, user_id: userId, role, created_at: Date.now() })
    .onConflict((oc) => oc.columns(["board_id", "user_id"]).doUpdateSet({ role }))
    .execute();
}

function toLink(row: Tables["share_links"]): ShareLink {
  return {
    token: row.token,
    boardId: row.board_id,
    role: row.role as Role,
    expiresAt: row.expires_at === null ? null : Number(row.expires_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    createdAt: Number(row.created_at),
  };
}
