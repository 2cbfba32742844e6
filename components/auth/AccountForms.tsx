"use client";
/**
 * Account settings: the name everyone sees, the password (with the current one), and signing out
 * on every device — which first removes what this person keeps on this device, as signing out does.
 */
import { useState, useTransition, type FormEvent } from "react";
import { changePasswordAction, renameAccountAction, signOutEverywhereAction } from "@/app/account/actions";
import { setEmailNotificationsAction } from "@/app/notification-actions";
import { clearLocalData } from "@/lib/collab/local-store";
import { forgetOfflinePages } from "@/lib/collab/offline-pages";
import styles from "@/components/board/BoardList.module.css";

type Outcome = { ok: boolean; text: string } | null;

const UNREACHABLE = "The server could not be reached. Try again once you are online.";

function Message({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return outcome.ok ? <p role="status">{outcome.text}</p> : <p role="alert" className={styles.error}>{outcome.text}</p>;
}

interface AccountFormsProps {
  userId: string;
  name: string;
  hasPassword: boolean;
  /** Whether this person takes email copies of their notifications, and whether the server sends email at all. */
  email: { on: boolean; sent: boolean };
}

export function AccountForms({ userId, name, hasPassword, email }: AccountFormsProps) {
  const [pending, startTransition] = useTransition();
  const [newName, setNewName] = useState(name);
  const [named, setNamed] = useState<Outcome>(null);
  const [passwords, setPasswords] = useState({ current: "", next: "" });
  const [changed, setChanged] = useState<Outcome>(null);
  const [everywhere, setEverywhere] = useState<Outcome>(null);
  const [emailOn, setEmailOn] = useState(email.on);
  const [emailed, setEmailed] = useState<Outcome>(null);

  const chooseEmail = (on: boolean) => {
    setEmailOn(on);
    startTransition(async () => {
      const result = await setEmailNotificationsAction(on).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (!result.ok) setEmailOn(!on);
      setEmailed(result.ok ? { ok: true, text: on ? "Notifications are emailed to you too." : "Notifications stay in your inbox only." } : { ok: false, text: result.error });
    });
  };

  const rename = (event: FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await renameAccountAction(newName).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      setNamed(result.ok ? { ok: true, text: "Your name is changed; others see it the next time you open a board." } : { ok: false, text: result.error });
    });
  };

  const changePassword = (event: FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await changePasswordAction(passwords.current, passwords.next).catch(() => ({ ok: false as const, error: UNREACHABLE }));
      if (result.ok) setPasswords({ current: "", next: "" });
      setChanged(result.ok ? { ok: true, text: "Your password is changed." } : { ok: false, text: result.error });
    });
  };

  const signOutEverywhere = () => {
    startTransition(async () => {
      await Promise.all([clearLocalData(userId), forgetOfflinePages(userId)]);
      const result = await signOutEverywhereAction().catch((error: unknown) => {
        if (error instanceof TypeError) return { ok: false as const, error: UNREACHABLE };
        throw error; // the redirect to the sign-in page
      });
      if (!result.ok) setEverywhere({ ok: false, text: result.error });
    });
  };

  return (
    <div className={styles.settings}>
      <form className={styles.form} onSubmit={rename} aria-labelledby="account-name">
        <h2 id="account-name">Name</h2>
        <input aria-label="Your name" value={newName} maxLength={100} onChange={(e) => setNewName(e.target.value)} />
        <button type="submit" disabled={pending}>
          Save name
        </button>
        <Message outcome={named} />
      </form>
      {hasPassword ? (
        <form className={styles.form} onSubmit={changePassword} aria-labelledby="account-password">
          <h2 id="account-password">Password</h2>
          <input type="password" aria-label="Current password" autoComplete="current-password" value={passwords.current} onChange={(e) => setPasswords((p) => ({ ...p, current: e.target.value }))} />
          <input type="password" aria-label="New password" autoComplete="new-password" value={passwords.next} onChange={(e) => setPasswords((p) => ({ ...p, next: e.target.value }))} />
          <button type="submit" disabled={pending}>
            Change password
          </button>
          <Message outcome={changed} />
        </form>
      ) : (
        <p>You sign in through single sign-on: your password is kept there.</p>
      )}
      <section className={styles.form} aria-labelledby="account-notifications">
        <h2 id="account-notifications">Notifications</h2>
        <label>
          <input type="checkbox" checked={emailOn} disabled={pending || !email.sent} onChange={(e) => chooseEmail(e.target.checked)} /> Email me a copy of each
          notification
        </label>
        {!email.sent && <p>This server sends no email: every notification is in the bell’s inbox.</p>}
        <Message outcome={emailed} />
      </section>
      <section className={styles.form} aria-labelledby="account-sessions">
        <h2 id="account-sessions">Sessions</h2>
        <p>Signs you out in every browser and on every device, this one included. You sign in again with your password.</p>
        <button type="button" disabled={pending} onClick={signOutEverywhere}>
          Sign out everywhere
        </button>
        <Message outcome={everywhere} />
      </section>
    </div>
  );
}
