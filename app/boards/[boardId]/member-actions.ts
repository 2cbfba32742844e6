"use server";
/**
 * Members of a board: invite, change role, remove, share links. Every action parses its input with
 * zod, takes the acting person and their role from the session, and tells the collaboration
 * server whose access changed so open connections follow within moments.
 */
import { z } from "zod";
import { AccessError, requireBoardAccess } from "@/lib/auth/session";
import { RoleSchema, ShareLinkRoleSchema, type Role } from "@/lib/auth/roles";
import { newId } from "@/lib/ids";
import { IdSchema } from "@/lib/board/schema";
import { accessEvents } from "@/lib/collab/access-events";
import { getDatabase } from "@/lib/db";
import { MembershipError, type Invite, type Member, type ShareLink } from "@/lib/db/members";

export interface MembersState {
  members: Member[];
  invites: Invite[];
  links: ShareLink[];
}

export type MembersResult = { ok: true; state: MembersState } | { ok: false; error: string };

const BoardIdSchema = IdSchema;

async function managed(boardId: unknown, work: (boardId: string, actorId: string) => Promise<void>): Promise<MembersResult> {
  try {
    const id = BoardIdSchema.parse(boardId);
    const { user } = await requireBoardAccess(id, "members:manage");
    await work(id, user.id);
    const database = await getDatabase();
    return {
      ok: true,
      state: {
        members: await database.members.list(id),
        invites: await database.members.invites(id),
        links: await database.members.activeLinks(id),
      },
    };
  } catch (error) {
    if (error instanceof AccessError || error instanceof MembershipError) return { ok: false, error: error.message };
    if (error instanceof z.ZodError) return { ok: false, error: error.issues[0]?.message ?? "Invalid input" };
    throw error;
  }
}

export async function loadMembers(boardId: string): Promise<MembersResult> {
  return managed(boardId, async () => {});
}

export async function inviteMember(boardId: string, email: string, role: Role): Promise<MembersResult> {
  return managed(boardId, async (id, actorId) => {
    const address = z.email("Enter a valid email address").parse(email.trim());
    const granted = RoleSchema.parse(role);
    const database = await getDatabase();
    const user = await database.users.findByEmail(address);
    if (!user) return database.members.invite(id, address, granted, actorId);
    await database.members.changeRole(id, user.id, granted, { orAdd: true });
    accessEvents().publish({ boardId: id, userId: user.id });
  });
}

export async function changeRole(boardId: string, userId: string, role: Role): Promise<MembersResult> {
  return managed(boardId, async (id) => {
    const member = IdSchema.parse(userId);
    const granted = RoleSchema.parse(role);
    const database = await getDatabase();
    await database.members.changeRole(id, member, granted);
    accessEvents().publish({ boardId: id, userId: member });
  });
}

export async function removeMember(boardId: string, userId: string): Promise<MembersResult> {
  return managed(boardId, async (id) => {
    const member = IdSchema.parse(userId);
    await (await getDatabase()).members.remove(id, member);
    accessEvents().publish({ boardId: id, userId: member });
  });
}

export async function cancelInvite(boardId: string, email: string): Promise<MembersResult> {
  return managed(boardId, async (id) => (await getDatabase()).members.cancelInvite(id, z.email().parse(email)));
}

export async function createShareLink(boardId: string, role: Role, expiresInDays: number | null): Promise<MembersResult> {
  return managed(boardId, async (id, actorId) => {
    const granted = ShareLinkRoleSchema.parse(role);
    const days = z.number().int().min(1).max(365).nullable().parse(expiresInDays);
    await (await getDatabase()).members.createLink({
      token: newId() + newId(),
      boardId: id,
      role: granted,
      expiresAt: days === null ? null : Date.now() + days * 86_400_000,
      createdBy: actorId,
    });
  });
}

export async function revokeShareLink(boardId: string, token: string): Promise<MembersResult> {
  return managed(boardId, async (id) => (await getDatabase()).members.revokeLink(id, z.string().min(10).max(64).parse(token)));
}
