import Link from "next/link";
import { redirect } from "next/navigation";
import { AccountForms } from "@/components/auth/AccountForms";
import styles from "@/components/board/BoardList.module.css";
import { signInPath } from "@/lib/auth/redirect";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db";
import { readEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

/** The signed-in person's account: display name, password, email notifications, and signing out everywhere. */
export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect(signInPath("/account"));
  const database = await getDatabase();
  const hasPassword = (await database.users.passwordHashOf(user.id)) !== null;
  const email = { on: await database.users.emailNotifications(user.id), sent: readEnv().SMTP_URL !== undefined };
  return (
    <main className={styles.page}>
      <p>
        <Link href="/">← All boards</Link>
      </p>
      <h1>Your account</h1>
      <p className={styles.lead}>Signed in as {user.email}.</p>
      <AccountForms userId={user.id} name={user.name} hasPassword={hasPassword} email={email} />
    </main>
  );
}
