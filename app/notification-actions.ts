"use server";
/** The signed-in person's inbox: mark notifications read; choose whether copies come by email. */
import { z } from "zod";
import { userAction, type ActionResult } from "@/lib/auth/action";
import { IdSchema } from "@/lib/board/schema";

const markRead = userAction(z.object({ ids: z.union([z.literal("all"), z.array(IdSchema).max(200)]) }), async ({ ids }, { user, database }) => {
  await database.notifications.markRead(user.id, ids);
  return { unread: await database.notifications.unreadCount(user.id) };
});

const emailChoice = userAction(z.object({ on: z.boolean() }), async ({ on }, { user, database }) => {
  await database.users.setEmailNotifications(user.id, on);
  return {};
});

/** Marks the named notifications (or "all") of the signed-in person read; answers the unread count after. */
export async function markNotificationsRead(ids: string[] | "all"): Promise<ActionResult<{ unread: number }>> {
  return markRead({ ids });
}

/** Turns email copies of the signed-in person's notifications on or off. */
export async function setEmailNotificationsAction(on: boolean): Promise<ActionResult> {
  return emailChoice({ on });
}
