/**
 * Auth.js (next-auth v5): email + password accounts that work with no configuration, plus any
 * OpenID Connect provider whose settings are in the environment. Sessions are JWTs signed with
 * AUTH_SECRET; the session's user id is always one of our own user ids.
 */
import NextAuth, { CredentialsSignin, type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { z } from "zod";
import { newId } from "@/lib/ids";
import { getDatabase } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { verifyPassword } from "./password";
import { createFailureLimiter } from "./rate-limit";
import { authSecret } from "./secret";

/** Five failed attempts per email, fifty per client address (many people may share one), per five minutes. */
const failuresByEmail = createFailureLimiter(5, 5 * 60_000);
const failuresByClient = createFailureLimiter(50, 5 * 60_000);

class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

export const CredentialsSchema = z.object({
  email: z.email("an email address").max(320),
  password: z.string().min(1, "a password is required").max(1000),
});

/** The OpenID Connect provider configured by AUTH_OIDC_* variables, if any. */
function oidcProvider(): Provider[] {
  const env = readEnv();
  if (!env.AUTH_OIDC_ISSUER || !env.AUTH_OIDC_CLIENT_ID) return [];
  return [
    {
      id: "oidc",
      name: env.AUTH_OIDC_NAME,
      type: "oidc",
      issuer: env.AUTH_OIDC_ISSUER,
      clientId: env.AUTH_OIDC_CLIENT_ID,
      clientSecret: env.AUTH_OIDC_CLIENT_SECRET,
    },
  ];
}

/** Names of the configured identity providers, for the sign-in page. */
export function identityProviders(): Array<{ id: string; name: string }> {
  const env = readEnv();
  return oidcProvider().length > 0 ? [{ id: "oidc", name: env.AUTH_OIDC_NAME }] : [];
}

function config(request?: Request): NextAuthConfig {
  return {
    secret: authSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/signin" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw) {
          const parsed = CredentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const { email, password } = parsed.data;
          const client = request?.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? "local";
          const emailKey = email.toLowerCase();
          if (failuresByEmail.retryAfter(emailKey) || failuresByClient.retryAfter(client)) throw new TooManyAttempts();
          const database = await getDatabase();
          const account = await database.users.passwordHash(email);
          if (!account?.hash || !(await verifyPassword(password, account.hash))) {
            failuresByEmail.fail(emailKey);
            failuresByClient.fail(client);
            return null;
          }
          failuresByEmail.reset(emailKey);
          await database.members.acceptInvites(account.user);
          return account.user;
        },
      }),
      ...oidcProvider(),
    ],
    callbacks: {
      async jwt({ token, user, account }) {
        if (account?.provider === "oidc" && token.email) {
          // An identity-provider sign-in maps to our account with the same email, created on first use.
          const database = await getDatabase();
          const existing = await database.users.findByEmail(token.email);
          const local =
            existing ??
            (await database.users.create({ id: newId(), email: token.email, name: token.name ?? token.email, passwordHash: null }));
          await database.members.acceptInvites(local);
          token.sub = local.id;
          token.name = local.name;
        } else if (user?.id) {
          token.sub = user.id;
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth((request) => config(request));
