/**
 * A new account with a password, made as sign-up makes it: the account (its password hashed),
 * then every invitation waiting for its address becomes a membership. An address already taken
 * throws `EmailTaken` (lib/db/users.ts) and nothing is written.
 */
import type { Database } from "@/lib/db";
import type { User } from "@/lib/db/users";
import { newId } from "@/lib/ids";
import { hashPassword } from "./password";

export async function createAccount(database: Database, account: { name: string; email: string; password: string }): Promise<User> {
  const user = await database.users.create({
    id: newId(),
    email: account.email,
    name: account.name,
    passwordHash: await hashPassword(account.password),
  });
  await database.members.acceptInvites(user);
  return user;
}
