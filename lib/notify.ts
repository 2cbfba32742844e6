/**
 * Delivers notifications: stores them in each person's inbox and, when the server sends email,
 * emails a copy to those who keep email on. Email failures are logged, never lost work: the inbox
 * holds every notification whatever happens to its email.
 */
import type { Database } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { mailerFor, type Mailer } from "@/lib/mail";
import { notificationHeadline, notificationPath, type NewNotification, type Notification } from "@/lib/notifications";

/** Stores `notifications` (none for the person who caused them) and emails them; resolves once both are done. */
export async function deliverNotifications(
  database: Database,
  notifications: readonly NewNotification[],
  mailer: Mailer | null = mailerFor(readEnv()),
): Promise<Notification[]> {
  const wanted = notifications.filter((n) => n.userId !== n.actor?.id);
  const stored = await database.notifications.add(wanted);
  if (!mailer || stored.length === 0) return stored;
  const recipients = new Map((await database.users.emailRecipients(Array.from(new Set(stored.map((n) => n.userId))))).map((u) => [u.id, u]));
  await Promise.all(
    stored.map(async (n) => {
      const to = recipients.get(n.userId);
      if (!to) return;
      try {
        await mailer.send({ to: to.email, ...notificationEmail(n, mailer.appUrl) });
      } catch (error) {
        console.error(`[mail] notification to ${to.email} not sent:`, error instanceof Error ? error.message : error);
      }
    }),
  );
  return stored;
}

/** The subject and text of a notification's email. */
export function notificationEmail(n: Notification, appUrl: string): { subject: string; text: string } {
  const headline = notificationHeadline(n);
  const lines = [`${headline} on “${n.boardTitle}”.`, ""];
  if (n.excerpt) lines.push(`“${n.excerpt}”`, "");
  lines.push(`Open it: ${appUrl}${notificationPath(n)}`, "", "You get these emails because email notifications are on in your account settings.");
  return { subject: `${headline} — ${n.boardTitle}`, text: lines.join("\n") };
}

/** Emails an invitation to an address that has no account yet (when the server sends email). */
export async function emailInvitation(
  invite: { email: string; boardTitle: string; inviter: string; role: string },
  mailer: Mailer | null = mailerFor(readEnv()),
): Promise<void> {
  if (!mailer) return;
  try {
    await mailer.send({
      to: invite.email,
      subject: `${invite.inviter} invited you to “${invite.boardTitle}”`,
      text: [
        `${invite.inviter} invited you to the board “${invite.boardTitle}” as ${invite.role.toLowerCase()}.`,
        "",
        `Create an account with this address to join: ${mailer.appUrl}/signup`,
      ].join("\n"),
    });
  } catch (error) {
    console.error(`[mail] invitation to ${invite.email} not sent:`, error instanceof Error ? error.message : error);
  }
}
