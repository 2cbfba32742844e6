/**
 * Who belongs to which board and with which role: memberships, invitations to addresses without
 * an account yet, and share links.
 */
import type { Kysely } from "kysely";
import { higherRole, type Role } from "@/lib/auth/roles";
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

export class MemberRepository {
  constructor(private readonly db: Kysely<Tables>) {}

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

  /** Sets a member's role, adding the membership if needed. */
  async set(boardId: string, userId: string, role: Role): Promise<void> {
    await this.db
      .insertInto("board_members")
      .values({ board_id: boardId, user_id: userId, role, created_at: Date.now() })
      .onConflict((oc) => oc.columns(["board_id", "user_id"]).doUpdateSet({ role }))
      .execute();
  }

  /** Adds a membership, keeping an existing higher role. Returns the resulting role. */
  async join(boardId: string, userId: string, role: Role): Promise<Role> {
    const current = await this.roleOf(boardId, userId);
    const next = current ? higherRole(current, role) : role;
    if (next !== current) await this.set(boardId, userId, next);
    return next;
  }

  async remove(boardId: string, userId: string): Promise<void> {
    await this.db.deleteFrom("board_members").where("board_id", "=", boardId).where("user_id", "=", userId).execute();
  }

  async countOwners(boardId: string): Promise<number> {
    const row = await this.db
      .selectFrom("board_members")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("board_id", "=", boardId)
      .where("role", "=", "owner")
      .executeTakeFirstOrThrow();
    return Number(row.n);
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

  /** Turns every invitation to `user.email` into a membership (at sign-up or first sign-in). */
  async acceptInvites(user: User): Promise<void> {
    const invites = await this.db.selectFrom("board_invites").selectAll().where("email", "=", normalizeEmail(user.email)).execute();
    for (const invite of invites) await this.join(invite.board_id, user.id, invite.role as Role);
    if (invites.length > 0) await this.db.deleteFrom("board_invites").where("email", "=", normalizeEmail(user.email)).execute();
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

  /** Joins `userId` to the link's board, unless the link is unknown, revoked or expired. */
  async redeemLink(
    token: string,
    userId: string,
    now = Date.now(),
  ): Promise<{ boardId: string; role: Role } | { refused: "unknown" | "revoked" | "expired" }> {
    const link = await this.link(token);
    if (!link) return { refused: "unknown" };
    if (link.revokedAt !== null) return { refused: "revoked" };
    if (link.expiresAt !== null && link.expiresAt <= now) return { refused: "expired" };
    return { boardId: link.boardId, role: await this.join(link.boardId, userId, link.role) };
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
