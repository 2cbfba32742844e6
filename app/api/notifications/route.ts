/** GET: the signed-in person's inbox (newest first) and how many of it are unread; the bell polls it. */
import { accessErrorResponse, requireUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

export async function GET() {
  try {
    const user = await requireUser();
    const database = await getDatabase();
    const [notifications, unread] = await Promise.all([database.notifications.list(user.id), database.notifications.unreadCount(user.id)]);
    return Response.json({ unread, notifications }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    return accessErrorResponse(error);
  }
}
