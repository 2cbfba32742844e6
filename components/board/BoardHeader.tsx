"use client";
/** The board's header: title and question, who is here, the save state and the local name. */
import Link from "next/link";
import type { ReactNode } from "react";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { readableTextColor } from "@/lib/collab/presence";
import { saveLabel, saveStateOf, type SaveStatus } from "@/lib/collab/save-state";
import { NotificationBell } from "@/components/notifications/NotificationBell";
import type { BoardUser } from "./types";
import styles from "./BoardShell.module.css";

interface BoardHeaderProps {
  title: string;
  question: string;
  present: BoardUser[];
  save: SaveStatus;
  loading: boolean;
  user: BoardUser;
  role: Role;
  /** Opens the members panel; absent for people who may not manage members. */
  onShowMembers?: () => void;
  /** What awaits review (open threads, disputed claims). */
  review?: ReactNode;
  /** More buttons for the board (scenes, presenting), before Share. */
  actions?: ReactNode;
}

export function BoardHeader({ title, question, present, save, loading, user, role, onShowMembers, review, actions }: BoardHeaderProps) {
  return (
    <header className={styles.header}>
      <Link href="/" className={styles.home} aria-label="All boards">
        ◧
      </Link>
      <div className={styles.titles}>
        <h1 className={styles.title}>{title}</h1>
        {question && <p className={styles.question}>{question}</p>}
      </div>
      <ul className={styles.presence} aria-label="People on this board">
        {present.map((person) => (
          <li key={person.id} title={person.name} style={{ background: person.color, color: readableTextColor(person.color) }} data-testid="present-user">
            <span className={styles.initial} aria-hidden>
              {person.name.slice(0, 1).toUpperCase()}
            </span>
            <span className="sr-only">{person.name}</span>
          </li>
        ))}
      </ul>
      {review}
      <span className={styles.save} data-state={loading ? "loading" : saveStateOf(save)} data-testid="save-state">
        {loading && saveStateOf(save) === "saved" ? "Loading…" : saveLabel(save)}
      </span>
      <span className={styles.role} data-testid="role-badge" title={`You are ${ROLE_LABELS[role].toLowerCase()} on this board`}>
        {ROLE_LABELS[role]}
      </span>
      {actions}
      {onShowMembers && (
        <button type="button" className={styles.share} onClick={onShowMembers}>
          Share
        </button>
      )}
      <NotificationBell />
      <span className={styles.you}>
        <span className={styles.swatch} style={{ background: user.color }} aria-hidden />
        {user.name}
      </span>
    </header>
  );
}
