/**
 * Email + password sign-in (the Credentials provider's `authorize`), with limits that make
 * guessing slow without handing anyone a way to lock someone else out:
 *
 * - **This account from this address** (the usual brute force): 5 failures an hour are free;
 *   after each further one the pair must wait 1 s, 2 s, 4 s… up to 15 minutes before its next
 *   attempt is heard. A success clears it. Nobody else is slowed by it.
 * - **This address, any account** (credential stuffing): 50 failures an hour are free, then the
 *   same growing wait. A success does not clear it (one's own account must not launder attempts on
 *   others'). The address is the socket's, or X-Forwarded-For's only behind TRUST_PROXY proxies
 *   (see client-address.ts), so a client can neither rotate it nor pin it on someone else.
 * - **This account, from addresses that never signed in to it** (many addresses, one account):
 *   20 failures an hour are free, then the same growing wait — but it only holds back addresses
 *   that never signed in to the account, and only their failures count. So the owner, at an
 *   address they have signed in from in the last 20 days, is never slowed by an attack on their
 *   account from elsewhere; during such an attack only their first sign-in from a new place waits.
 *
 * A held attempt is refused before the password is checked, so waiting is the only way on. An
 * unknown account costs the same scrypt as a known one (a dummy hash), and both go through the
 * same limits, so neither the answer nor its time says whether an account exists.
 */
import { CredentialsSignin } from "next-auth";
import { z } from "zod";
import { getDatabase } from "@/lib/db";
import { normalizeEmail, type User } from "@/lib/db/users";
import { processSlot } from "@/lib/singleton";
import { clientAddressOf } from "./client-address";
import { verifyPassword } from "./password";
import { createKeySet, createProgressiveLimiter, type KeySet, type ProgressiveLimiter } from "./rate-limit";

export const CredentialsSchema = z.object({
  email: z.email("an email address").max(320),
  password: z.string().min(1, "a password is required").max(1000),
});

/** A sign-in refused because its account, its address or both must wait; `code` reaches the sign-in form. */
export class TooManyAttempts extends CredentialsSignin {
  code = "rate_limited";
}

const HOUR = 3600;
const MAX_WAIT = 15 * 60;

interface SignInLimits {
  pair: ProgressiveLimiter;
  address: ProgressiveLimiter;
  account: ProgressiveLimiter;
  /** `<account> <address>` pairs that signed in successfully. */
  familiar: KeySet;
}

const limitsSlot = processSlot<SignInLimits>("sign-in-limits");

function signInLimits(): SignInLimits {
  return (
    limitsSlot.get() ??
    limitsSlot.set({
      pair: createProgressiveLimiter("signin:pair", { free: 5, windowSeconds: HOUR, maxDelaySeconds: MAX_WAIT }),
      address: createProgressiveLimiter("signin:address", { free: 50, windowSeconds: HOUR, maxDelaySeconds: MAX_WAIT }),
      account: createProgressiveLimiter("signin:account", { free: 20, windowSeconds: HOUR, maxDelaySeconds: MAX_WAIT }),
      familiar: createKeySet("signin:familiar", 20 * 24 * HOUR),
    })
  );
}

/**
 * The Credentials provider's `authorize`: the account for these credentials, or null. `request`
 * is the one Auth.js hands over, whose headers carry the client's address from server/app.ts.
 * Throws TooManyAttempts while the account, the address or the pair must wait.
 */
export async function authorizeCredentials(raw: unknown, request: Request | undefined): Promise<User | null> {
  const parsed = CredentialsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { email, password } = parsed.data;
  const account = normalizeEmail(email);
  const address = clientAddressOf(request?.headers);
  const pair = `${account} ${address}`;
  const limits = signInLimits();
  const familiar = await limits.familiar.has(pair);
  const waits = await Promise.all([
    limits.pair.waitMs(pair),
    limits.address.waitMs(address),
    familiar ? 0 : limits.account.waitMs(account),
  ]);
  if (waits.some((wait) => wait > 0)) throw new TooManyAttempts();

  const database = await getDatabase();
  const stored = await database.users.passwordHash(account);
  if (!(await verifyPassword(password, stored?.hash ?? null)) || !stored) {
    await Promise.all([limits.pair.fail(pair), limits.address.fail(address), familiar ? undefined : limits.account.fail(account)]);
    return null;
  }
  await Promise.all([limits.pair.reset(pair), limits.familiar.add(pair)]);
  await database.members.acceptInvites(stored.user);
  return stored.user;
}
