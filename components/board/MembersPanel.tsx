"use client";
/** Who is on the board and with which role; invitations and share links. Owners only. */
import { useEffect, useState, useTransition } from "react";
import {
  cancelInvite,
  changeRole,
  createShareLink,
  inviteMember,
  loadMembers,
  removeMember,
  revokeShareLink,
  type MembersResult,
  type MembersState,
} from "@/app/boards/[boardId]/member-actions";
import { ROLE_LABELS, ROLES, SHARE_LINK_ROLES, type Role } from "@/lib/auth/roles";
import { useCloseOnEscape } from "@/components/ui/useCloseOnEscape";
import { LocalTime } from "@/components/ui/LocalTime";
import styles from "./MembersPanel.module.css";

const EXPIRIES: Array<{ label: string; days: number | null }> = [
  { label: "Never expires", days: null },
  { label: "Expires in 1 day", days: 1 },
  { label: "Expires in 7 days", days: 7 },
  { label: "Expires in 30 days", days: 30 },
];

interface MembersPanelProps {
  boardId: string;
  me: string;
  onClose(): void;
}

/** Members are managed on the server: without it nothing can be listed or changed. */
const OFFLINE = "The server could not be reached (are you offline?). Members can be managed once it is.";

export function MembersPanel({ boardId, me, onClose }: MembersPanelProps) {
  const [state, setState] = useState<MembersState | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [email, setEmail] = useState("");
  const [inviteRole, setInviteRole] = useState<Role>("editor");
  const [linkRole, setLinkRole] = useState<Role>("viewer");
  const [expiry, setExpiry] = useState(0);

  const run = (action: () => Promise<MembersResult>, onSuccess?: () => void) =>
    startTransition(async () => {
      let result: MembersResult;
      try {
        result = await action();
      } catch {
        setError(OFFLINE);
        return;
      }
      if (result.ok) {
        setState(result.state);
        setError(null);
        onSuccess?.();
      } else {
        setError(result.error);
      }
    });

  useEffect(() => {
    let cancelled = false;
    void loadMembers(boardId).then(
      (result) => {
        if (cancelled) return;
        if (result.ok) setState(result.state);
        else setError(result.error);
      },
      () => !cancelled && setError(OFFLINE),
    );
    return () => {
      cancelled = true;
    };
  }, [boardId]);

  useCloseOnEscape(onClose);

  return (
    <div className={styles.backdrop} onClick={onClose}>
      <section
        role="dialog"
        aria-modal="true"
        aria-label="Members"
        className={styles.panel}
        onClick={(event) => event.stopPropagation()}
        aria-busy={pending}
      >
        <div className={styles.header}>
          <h2>Share this board</h2>
          <button type="button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        {error && (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        )}
        <form
          className={styles.row}
          onSubmit={(event) => {
            event.preventDefault();
            run(() => inviteMember(boardId, email, inviteRole), () => setEmail(""));
          }}
        >
          <input aria-label="Email to invite" type="email" placeholder="name@example.org" value={email} onChange={(e) => setEmail(e.target.value)} required />
          <RoleSelect label="Role for the invitation" value={inviteRole} roles={ROLES} onChange={setInviteRole} />
          <button type="submit" disabled={pending}>
            Invite
          </button>
        </form>

        <h3>Members</h3>
        <ul className={styles.list} aria-label="Members">
          {state?.members.map((member) => (
            <li key={member.id} data-testid="member">
              <span className={styles.who}>
                <strong>{member.name}</strong>
                <span>{member.email}</span>
              </span>
              <RoleSelect
                label={`Role of ${member.name}`}
                value={member.role}
                roles={ROLES}
                onChange={(role) => run(() => changeRole(boardId, member.id, role))}
              />
              <button type="button" disabled={pending} onClick={() => run(() => removeMember(boardId, member.id))}
                aria-label={member.id === me ? "Leave this board" : `Remove ${member.name}`}
              >
                {member.id === me ? "Leave" : "Remove"}
              </button>
            </li>
          ))}
          {state?.invites.map((invite) => (
            <li key={invite.email} data-testid="invite">
              <span className={styles.who}>
                <strong>{invite.email}</strong>
                <span>Invited as {ROLE_LABELS[invite.role].toLowerCase()}; joins when they create an account</span>
              </span>
              <button type="button" disabled={pending} onClick={() => run(() => cancelInvite(boardId, invite.email))}>
                Cancel
              </button>
            </li>
          ))}
        </ul>

        <h3>Share links</h3>
        <div className={styles.row}>
          <RoleSelect label="Role for the link" value={linkRole} roles={SHARE_LINK_ROLES} onChange={setLinkRole} />
          <select aria-label="Link expiry" value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
            {EXPIRIES.map((option, index) => (
              <option key={option.label} value={index}>
                {option.label}
              </option>
            ))}
          </select>
          <button type="button" disabled={pending} onClick={() => run(() => createShareLink(boardId, linkRole, EXPIRIES[expiry].days))}>
            Create link
          </button>
        </div>
        <ul className={styles.list} aria-label="Share links">
          {state?.links.map((link) => {
            const url = `${window.location.origin}/join/${link.token}`;
            return (
              <li key={link.token} data-testid="share-link">
                <span className={styles.who}>
                  <input readOnly value={url} aria-label={`Share link for ${ROLE_LABELS[link.role].toLowerCase()}s`} onFocus={(e) => e.target.select()} />
                  <span>
                    {ROLE_LABELS[link.role]} · {link.expiresAt ? (
                      <>
                        expires <LocalTime at={link.expiresAt} day />
                      </>
                    ) : (
                      "never expires"
                    )}
                  </span>
                </span>
                <button type="button" onClick={() => void navigator.clipboard?.writeText(url)}>
                  Copy
                </button>
                <button type="button" disabled={pending} onClick={() => run(() => revokeShareLink(boardId, link.token))}>
                  Revoke
                </button>
              </li>
            );
          })}
        </ul>
      </section>
    </div>
  );
}

function RoleSelect({ label, value, roles, onChange }: { label: string; value: Role; roles: readonly Role[]; onChange(role: Role): void }) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value as Role)}>
      {roles.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}
