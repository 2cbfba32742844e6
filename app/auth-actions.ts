"use server";
/** Sign-in, sign-up and sign-out. Input is parsed with zod; errors come back as sentences. */
import { AuthError } from "next-auth";
import { z } from "zod";
import { createAccount } from "@/lib/auth/accounts";
import { signIn, signOut } from "@/lib/auth/config";
import { CredentialsSchema } from "@/lib/auth/credentials";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { getDatabase } from "@/lib/db";
import { EmailTaken } from "@/lib/db/users";

const TOO_MANY_ATTEMPTS = "Too many failed attempts. Wait a little and try again; each further failure makes the wait longer.";

export interface AuthFormState {
  error: string | null;
  email: string;
  name?: string;
}

export async function signInAction(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const email = String(form.get("email") ?? "");
  const parsed = CredentialsSchema.safeParse({ email, password: form.get("password") });
  if (!parsed.success) return { error: "Enter your email address and password.", email };
  try {
    await signIn("credentials", { ...parsed.data, redirectTo: safeCallbackPath(form.get("callbackUrl")) });
  } catch (error) {
    if (error instanceof AuthError) {
      const rateLimited = "code" in error && error.code === "rate_limited";
      return {
        error: rateLimited ? TOO_MANY_ATTEMPTS : "That email and password do not match an account.",
        email,
      };
    }
    throw error; // the redirect after a successful sign-in
  }
  return { error: null, email };
}

const SignUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Name: at most 100 characters"),
  email: z.email("Enter a valid email address").max(320),
  password: z.string().min(8, "Password: at least 8 characters").max(1000),
});

export async function signUpAction(_previous: AuthFormState, form: FormData): Promise<AuthFormState> {
  const values = { name: String(form.get("name") ?? ""), email: String(form.get("email") ?? ""), password: String(form.get("password") ?? "") };
  const parsed = SignUpSchema.safeParse(values);
  if (!parsed.success) return { error: parsed.error.issues[0].message, email: values.email, name: values.name };
  const database = await getDatabase();
  try {
    await createAccount(database, parsed.data);
  } catch (error) {
    if (error instanceof EmailTaken) return { error: "An account with that email already exists. Sign in instead.", email: values.email, name: values.name };
    throw error;
  }
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: safeCallbackPath(form.get("callbackUrl")) });
  } catch (error) {
    // The account exists now; only signing in was refused (this address must wait, say).
    if (error instanceof AuthError) return { error: "Your account was created, but you could not be signed in yet. Sign in in a little while.", email: values.email, name: values.name };
    throw error; // the redirect after a successful sign-in
  }
  return { error: null, email: values.email };
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/signin" });
}

export async function signInWithProviderAction(form: FormData): Promise<void> {
  await signIn("oidc", { redirectTo: safeCallbackPath(form.get("callbackUrl")) });
}
