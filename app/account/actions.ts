"use server";
/** The signed-in person's own account: their name, their password, their sessions. */
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ActionError, userAction, type ActionResult } from "@/lib/auth/action";
import { signOut } from "@/lib/auth/config";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { accessEvents } from "@/lib/collab/access-events";

const NameSchema = z.object({ name: z.string().trim().min(1, "Name: it cannot be empty").max(100, "Name: at most 100 characters") });

const PasswordSchema = z.object({
  current: z.string().max(1000),
  next: z.string().min(8, "New password: at least 8 characters").max(1000),
});

const rename = userAction(NameSchema, async ({ name }, { user, database }) => {
  await database.users.rename(user.id, name);
  revalidatePath("/", "layout");
  return {};
});

const changePassword = userAction(
  PasswordSchema,
  async ({ current, next }, { user, database }) => {
    const stored = await database.users.passwordHashOf(user.id);
    if (stored === null) throw new ActionError("This account signs in through single sign-on: its password is kept there.");
    if (!(await verifyPassword(current, stored))) throw new ActionError("The current password is not right.");
    await database.users.setPasswordHash(user.id, await hashPassword(next));
    return {};
  },
  { limit: { name: "password-change", points: 10, seconds: 600, message: "Too many attempts. Wait a few minutes and try again." } },
);

const revoke = userAction(z.object({}), async (_input, { user, database }) => {
  await database.users.revokeSessions(user.id);
  // Boards open in other browsers close now: their reconnect asks for a ticket, which is refused.
  for (const board of await database.boards.listFor(user.id)) accessEvents().publish({ boardId: board.id, userId: user.id });
  return {};
});

export async function renameAccountAction(name: string): Promise<ActionResult> {
  return rename({ name });
}

export async function changePasswordAction(current: string, next: string): Promise<ActionResult> {
  return changePassword({ current, next });
}

/** Signs this person out on every device and browser, this one included. */
export async function signOutEverywhereAction(): Promise<ActionResult> {
  const result = await revoke({});
  if (!result.ok) return result;
  await signOut({ redirectTo: "/signin" });
  return result;
}
