"use server";
/**
 * Members of a board: invite, change role, remove, share links. Every action goes through the
 * one action wrapper (input parsed with zod, the acting person and their role from the session)
 * and tells the collaboration server whose access changed so open connections follow within
 * moments.
 */
import { z } from "zod";
import { boardAction, type ActionResult, type BoardContext } from "@/lib/auth/action";
import { ROLE_LABELS, RoleSchema, ShareLinkRoleSchema, type Role } from "@/lib/auth/roles";
import { newId } from "@/lib/ids";
import { IdSchema } from "@/lib/board/schema";
import { accessEvents } from "@/lib/collab/access-events";
import { MembershipError, type Invite, type Member, type ShareLink } from "@/lib/db/members";
import { deliverNotifications, emailInvitation } from "@/lib/notify";

export interface MembersState {
  members: Member[];
  invites: Invite[];
  links: ShareLink[];
}

export type MembersResult = ActionResult<{ state: MembersState }>;

/** An action of people who may manage members; it answers with the members as they are after `work`. */
function managing<S extends z.ZodType<{ boardId: string }>>(
  schema: S,
  work: (input: z.output<S>, context: BoardContext) => Promise<unknown>,
): (input: z.input<S>) => Promise<MembersResult> {
  return boardAction(schema, "members:manage", async (input, context) => {
    await work(input, context);
    const { database } = context;
    return {
      state: {
        members: await database.members.list(input.boardId),
        invites: await database.members.invites(input.boardId),
        links: await database.members.activeLinks(input.boardId),
      },
    };
  }, { describe: (error) => (error instanceof MembershipError ? error.message : undefined) });
}

const load = managing(z.object({ boardId: IdSchema }), async () => {});

const invite = managing(
  z.object({ boardId: IdSchema, email: z.string().trim().pipe(z.email("Enter a valid email address")), role: RoleSchema }),
  async ({ boardId: id, email, role }, { user: actor, database }) => {
    const user = await database.users.findByEmail(email);
    const board = await database.boards.get(id);
    if (!user) {
      await database.members.invite(id, email, role, actor.id);
      await emailInvitation({ email, boardTitle: board?.title ?? "", inviter: actor.name, role: ROLE_LABELS[role] });
      return;
    }
    const wasMember = (await database.members.roleOf(id, user.id)) !== null;
    await database.members.changeRole(id, user.id, role, { orAdd: true });
    accessEvents().publish({ boardId: id, userId: user.id });
    if (!wasMember) {
      await deliverNotifications(database, [
        { userId: user.id, boardId: id, kind: "invitation", actor: { id: actor.id, name: actor.name }, target: null, excerpt: ROLE_LABELS[role] },
      ]);
    }
  },
);

const change = managing(
  z.object({ boardId: IdSchema, userId: IdSchema, role: RoleSchema }),
  async ({ boardId: id, userId: member, role }, { database }) => {
    await database.members.changeRole(id, member, role);
    accessEvents().publish({ boardId: id, userId: member });
  },
);

const remove = managing(z.object({ boardId: IdSchema, userId: IdSchema }), async ({ boardId: id, userId: member }, { database }) => {
  await database.members.remove(id, member);
  accessEvents().publish({ boardId: id, userId: member });
});

const cancel = managing(z.object({ boardId: IdSchema, email: z.email() }), ({ boardId, email }, { database }) =>
  database.members.cancelInvite(boardId, email),
);

const createLink = managing(
  // Any role may be asked for; only those a share link may grant pass.
  z.object({ boardId: IdSchema, role: RoleSchema.pipe(ShareLinkRoleSchema), expiresInDays: z.number().int().min(1).max(365).nullable() }),
  ({ boardId, role, expiresInDays: days }, { user, database }) =>
    database.members.createLink({
      token: newId() + newId(),
      boardId,
      role,
      expiresAt: days === null ? null : Date.now() + days * 86_400_000,
      createdBy: user.id,
    }),
);

const revokeLink = managing(z.object({ boardId: IdSchema, token: z.string().min(10).max(64) }), ({ boardId, token }, { database }) =>
  database.members.revokeLink(boardId, token),
);

export async function loadMembers(boardId: string): Promise<MembersResult> {
  return load({ boardId });
}

export async function inviteMember(boardId: string, email: string, role: Role): Promise<MembersResult> {
  return invite({ boardId, email, role });
}

export async function changeRole(boardId: string, userId: string, role: Role): Promise<MembersResult> {
  return change({ boardId, userId, role });
}

export async function removeMember(boardId: string, userId: string): Promise<MembersResult> {
  return remove({ boardId, userId });
}

export async function cancelInvite(boardId: string, email: string): Promise<MembersResult> {
  return cancel({ boardId, email });
}

export async function createShareLink(boardId: string, role: Role, expiresInDays: number | null): Promise<MembersResult> {
  return createLink({ boardId, role, expiresInDays });
}

export async function revokeShareLink(boardId: string, token: string): Promise<MembersResult> {
  return revokeLink({ boardId, token });
}
