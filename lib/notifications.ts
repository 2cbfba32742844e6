/**
 * What a notification is and how it reads, wherever it is shown: in the inbox, in an email. Pure:
 * the database stores them (lib/db/notifications.ts), the review writer and the member actions
 * make them, the bell lists them.
 */
import { parseCellTargetId } from "@/lib/board/schema";

export const NOTIFICATION_KINDS = ["mention", "invitation", "reply", "verdict", "at-risk"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_TARGET_KINDS = ["claim", "pin", "card", "hypothesis", "cell"] as const;

/** What a notification is about on its board: what a review thread can be about (null: the board itself). */
export interface NotificationTarget {
  kind: (typeof NOTIFICATION_TARGET_KINDS)[number];
  id: string;
}

export interface NewNotification {
  userId: string;
  boardId: string;
  kind: NotificationKind;
  /** Who caused it; null when nobody in particular did. */
  actor: { id: string; name: string } | null;
  target: NotificationTarget | null;
  /** A line of what was said or decided (the comment, the verdict, the role). */
  excerpt: string;
}

export interface Notification extends NewNotification {
  id: string;
  boardTitle: string;
  createdAt: number;
  readAt: number | null;
}

/** The longest excerpt stored: enough for a line in the inbox and an email. */
export const EXCERPT_CHARS = 280;

const TARGET_NAMES: Record<NotificationTarget["kind"], string> = {
  claim: "a claim",
  pin: "a pin",
  card: "a card",
  hypothesis: "a hypothesis",
  cell: "a cell of the hypotheses matrix",
};

/** One line saying what happened, e.g. "Ben mentioned you on a claim". */
export function notificationHeadline(n: Pick<Notification, "kind" | "actor" | "target">): string {
  const who = n.actor?.name || "Someone";
  const on = n.target ? ` on ${TARGET_NAMES[n.target.kind]}` : "";
  switch (n.kind) {
    case "mention":
      return `${who} mentioned you${on}`;
    case "invitation":
      return `${who} added you to the board`;
    case "reply":
      return `${who} replied in your thread${on}`;
    case "verdict":
      return `${who} gave a verdict on your claim`;
    case "at-risk":
      return n.actor ? `Your claim is at risk: ${who} disputes it` : "Your claim is at risk";
  }
}

/** Where the notification leads: the board, with its claim, pin or card (a cell's card) selected. */
export function notificationPath(n: Pick<Notification, "boardId" | "target">): string {
  const base = `/boards/${encodeURIComponent(n.boardId)}`;
  const cell = n.target?.kind === "cell" ? parseCellTargetId(n.target.id) : null;
  const target = cell ? { kind: "card", id: cell.cardId } : n.target;
  if (!target || target.kind === "hypothesis") return base;
  return `${base}?select=${target.kind}:${encodeURIComponent(target.id)}`;
}

/** A `?select=kind:id` value as what to select, or null when it is not one. */
export function parseSelectParam(value: string | null | undefined): { kind: "claim" | "pin" | "card"; id: string } | null {
  const match = /^(claim|pin|card):([A-Za-z0-9_-]{1,64})$/.exec(value ?? "");
  return match ? { kind: match[1] as "claim" | "pin" | "card", id: match[2] } : null;
}
