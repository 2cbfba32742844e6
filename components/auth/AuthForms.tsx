"use client";
/** The sign-in and sign-up forms; errors stay beside the form with the email kept. */
import { useActionState } from "react";
import { signInAction, signUpAction, type AuthFormState } from "@/app/auth-actions";
import styles from "./auth.module.css";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signInAction, { error: null, email: "" });
  return (
    <form action={action} className={styles.form}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required defaultValue={state.email} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
      {state.error && (
        <p role="alert" className={styles.error}>
          {state.error}
        </p>
      )}
    </form>
  );
}

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<AuthFormState, FormData>(signUpAction, { error: null, email: "", name: "" });
  return (
    <form action={action} className={styles.form}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label>
        Name
        <input name="name" autoComplete="name" required maxLength={100} defaultValue={state.name} />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required defaultValue={state.email} />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="new-password" required minLength={8} />
      </label>
      <button type="submit" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </button>
      {state.error && (
        <p role="alert" className={styles.error}>
          {state.error}
        </p>
      )}
    </form>
  );
}
