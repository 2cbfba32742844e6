"use client";
/**
 * The bell: how many notifications are unread, and the inbox under it — mentions, invitations,
 * replies in your threads, verdicts on your claims, claims of yours at risk — each a link to the
 * board with its claim, pin or card selected. It reads the inbox when shown, every few seconds
 * while the page is visible, and when the page comes back into view.
 */
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { markNotificationsRead } from "@/app/notification-actions";
import { LocalTime } from "@/components/ui/LocalTime";
import { useCloseOnEscape } from "@/components/ui/useCloseOnEscape";
import { notificationHeadline, notificationPath, type Notification } from "@/lib/notifications";
import styles from "./NotificationBell.module.css";

/** How often a visible page asks for new notifications. */
const POLL_MS = 10_000;

interface Inbox {
  unread: number;
  notifications: Notification[];
}

export function NotificationBell({ className }: { className?: string }) {
  const [inbox, setInbox] = useState<Inbox | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  const refresh = useCallback(async () => {
    try {
      const response = await fetch("/api/notifications", { cache: "no-store" });
      if (response.ok) setInbox((await response.json()) as Inbox);
    } catch {
      // Offline: the bell keeps what it last knew.
    }
  }, []);

  useEffect(() => {
    const first = setTimeout(() => void refresh(), 0);
    const timer = setInterval(() => document.visibilityState === "visible" && void refresh(), POLL_MS);
    const onVisible = () => document.visibilityState === "visible" && void refresh();
    document.addEventListener("visibilitychange", onVisible);
    window.addEventListener("focus", onVisible);
    return () => {
      clearTimeout(first);
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisible);
      window.removeEventListener("focus", onVisible);
    };
  }, [refresh]);

  const close = useCallback(() => setOpen(false), []);
  useCloseOnEscape(close);
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => box.current && !box.current.contains(event.target as Node) && setOpen(false);
    window.addEventListener("pointerdown", onPointer);
    return () => window.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const markRead = async (ids: string[] | "all") => {
    const now = Date.now();
    setInbox((current) =>
      current && {
        unread: ids === "all" ? 0 : Math.max(0, current.unread - current.notifications.filter((n) => ids.includes(n.id) && n.readAt === null).length),
        notifications: current.notifications.map((n) => (ids === "all" || ids.includes(n.id) ? { ...n, readAt: n.readAt ?? now } : n)),
      },
    );
    const result = await markNotificationsRead(ids).catch(() => null);
    if (result && !result.ok) setError(result.error);
    else if (result?.ok) setInbox((current) => current && { ...current, unread: result.unread });
  };

  const unread = inbox?.unread ?? 0;
  const label = unread === 0 ? "Notifications" : `Notifications, ${unread} unread`;
  return (
    <div className={`${styles.bell} ${className ?? ""}`} ref={box}>
      <button
        type="button"
        className={styles.button}
        aria-label={label}
        title={label}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => {
          setOpen((shown) => !shown);
          if (!open) void refresh();
        }}
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden>
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z" fill="currentColor" />
        </svg>
        {unread > 0 && (
          <span className={styles.count} data-testid="unread-count" aria-hidden>
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div className={styles.panel} role="dialog" aria-label="Notifications">
          <div className={styles.head}>
            <h2>Notifications</h2>
            <button type="button" className={styles.markAll} disabled={unread === 0} onClick={() => void markRead("all")}>
              Mark all read
            </button>
          </div>
          {error && (
            <p role="alert" className={styles.error}>
              {error}
            </p>
          )}
          {!inbox ? (
            <p className={styles.empty}>Loading…</p>
          ) : inbox.notifications.length === 0 ? (
            <p className={styles.empty}>Nothing yet. Mentions, replies, verdicts on your claims and invitations arrive here.</p>
          ) : (
            <ul className={styles.list}>
              {inbox.notifications.map((n) => (
                <li key={n.id} data-unread={n.readAt === null} data-testid="notification">
                  <Link
                    href={notificationPath(n)}
                    className={styles.item}
                    onClick={() => {
                      setOpen(false);
                      if (n.readAt === null) void markRead([n.id]);
                    }}
                  >
                    <span className={styles.headline}>
                      {n.readAt === null && <span className={styles.dot} aria-label="Unread" />}
                      {notificationHeadline(n)}
                    </span>
                    <span className={styles.board}>{n.boardTitle}</span>
                    {n.excerpt && <span className={styles.excerpt}>“{n.excerpt}”</span>}
                    <span className={styles.time}>
                      <LocalTime at={n.createdAt} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
