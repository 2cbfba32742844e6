/**
 * Auth.js (next-auth v5): email + password accounts that work with no configuration, plus any
 * OpenID Connect provider whose settings are in the environment. Sessions are JWTs signed with
 * AUTH_SECRET; the session's user id is always one of our own user ids.
 */
import NextAuth, { type NextAuthConfig } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import type { Provider } from "next-auth/providers";
import { newId } from "@/lib/ids";
import { getDatabase } from "@/lib/db";
import { readEnv } from "@/lib/env";
import { authorizeCredentials } from "./credentials";
import { authSecret } from "./secret";

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

function config(): NextAuthConfig {
  return {
    secret: authSecret(),
    trustHost: true,
    session: { strategy: "jwt", maxAge: 30 * 24 * 3600 },
    pages: { signIn: "/signin" },
    providers: [
      Credentials({
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        // The request Auth.js hands to authorize (also for the sign-in form's server action)
        // carries the client's address; see credentials.ts for the limits.
        authorize: (raw, request) => authorizeCredentials(raw, request),
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
          token.signedInAt = Date.now();
        } else if (user?.id) {
          token.sub = user.id;
          token.signedInAt = Date.now();
        }
        return token;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        // When this sign-in happened (kept across refreshes): "sign out everywhere" refuses older ones.
        (session as SessionWithSignIn).signedInAt = typeof token.signedInAt === "number" ? token.signedInAt : 0;
        return session;
      },
    },
  };
}

/** A session as `auth()` returns it here: with the time its sign-in happened (ms). */
export type SessionWithSignIn = { signedInAt?: number };

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());
