/**
 * Each person's inbox: mentions, invitations, replies in their threads, verdicts on their claims
 * and claims of theirs found at risk. Rows are written by whoever caused them (the review writer,
 * the member actions) and read by the person they are for; a board's notifications go with it.
 */
import type { Kysely } from "kysely";
import { newId } from "@/lib/ids";
import { EXCERPT_CHARS, NOTIFICATION_KINDS, NOTIFICATION_TARGET_KINDS, type NewNotification, type Notification, type NotificationKind, type NotificationTarget } from "@/lib/notifications";
import type { Tables } from "./tables";

/** How many notifications the inbox lists at most (newest first). */
export const INBOX_LIMIT = 50;

export class NotificationRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  /** Stores notifications (for live boards only) and returns them as the inbox lists them. */
  async add(notifications: readonly NewNotification[], now = Date.now()): Promise<Notification[]> {
    if (notifications.length === 0) return [];
    const rows = notifications.map((n) => ({
      id: newId(),
      user_id: n.userId,
      board_id: n.boardId,
      kind: n.kind,
      actor_id: n.actor?.id ?? null,
      actor_name: n.actor?.name ?? "",
      target: n.target ? JSON.stringify({ kind: n.target.kind, id: n.target.id }) : null,
      excerpt: n.excerpt.slice(0, EXCERPT_CHARS),
      created_at: now,
      read_at: null,
    }));
    await this.db.insertInto("notifications").values(rows).execute();
    const titles = await this.boardTitles(Array.from(new Set(rows.map((row) => row.board_id))));
    return rows.map((row) => toNotification({ ...row, board_title: titles.get(row.board_id) ?? "" }));
  }

  /** A person's newest notifications on boards that are not deleted, newest first. */
  async list(userId: string, limit = INBOX_LIMIT): Promise<Notification[]> {
    const rows = await this.db
      .selectFrom("notifications")
      .innerJoin("boards", "boards.id", "notifications.board_id")
      .selectAll("notifications")
      .select("boards.title as board_title")
      .where("notifications.user_id", "=", userId)
      .where("boards.deleted_at", "is", null)
      .orderBy("notifications.created_at", "desc")
      .orderBy("notifications.id", "desc")
      .limit(limit)
      .execute();
    return rows.map(toNotification);
  }

  /** How many of a person's notifications (on boards that are not deleted) are unread. */
  async unreadCount(userId: string): Promise<number> {
    const row = await this.db
      .selectFrom("notifications")
      .innerJoin("boards", "boards.id", "notifications.board_id")
      .select((eb) => eb.fn.countAll<number | string>().as("count"))
      .where("notifications.user_id", "=", userId)
      .where("notifications.read_at", "is", null)
      .where("boards.deleted_at", "is", null)
      .executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  /** Marks a person's notifications read: those named, or all of them. Another person's ids are ignored. */
  async markRead(userId: string, ids: readonly string[] | "all", now = Date.now()): Promise<void> {
    if (ids !== "all" && ids.length === 0) return;
    let query = this.db.updateTable("notifications").set({ read_at: now }).where("user_id", "=", userId).where("read_at", "is", null);
    if (ids !== "all") query = query.where("id", "in", ids);
    await query.execute();
  }

  /** Deletes notifications read before `before` (ms), so inboxes do not grow for ever. */
  async purgeRead(before: number): Promise<number> {
    const result = await this.db.deleteFrom("notifications").where("read_at", "<", before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private async boardTitles(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom("boards").select(["id", "title"]).where("id", "in", ids).execute();
    return new Map(rows.map((row) => [row.id, row.title]));
  }
}

/** A stored notification with its board's title, as the inbox reads it. */
type NotificationRow = Tables["notifications"] & { board_title: string };

function toNotification(row: NotificationRow): Notification {
  return {
    id: row.id,
    userId: row.user_id,
    boardId: row.board_id,
    boardTitle: row.board_title,
    kind: (NOTIFICATION_KINDS as readonly string[]).includes(row.kind) ? (row.kind as NotificationKind) : "mention",
    actor: row.actor_id ? { id: row.actor_id, name: row.actor_name } : null,
    target: parseTarget(row.target),
    excerpt: row.excerpt,
    createdAt: Number(row.created_at),
    readAt: row.read_at === null ? null : Number(row.read_at),
  };
}

function parseTarget(text: string | null): NotificationTarget | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as { kind?: unknown; id?: unknown };
    const kind = NOTIFICATION_TARGET_KINDS.find((k) => k === value.kind);
    if (kind && typeof value.id === "string") return { kind, id: value.id };
  } catch {
    // a damaged row links to the board itself
  }
  return null;
}
