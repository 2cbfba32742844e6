import Link from "next/link";
import { redirect } from "next/navigation";
import { AccountForms } from "@/components/auth/AccountForms";
import styles from "@/components/board/BoardList.module.css";
import { signInPath } from "@/lib/auth/redirect";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

/** The signed-in person's account: display name, password, and signing out everywhere. */
export default async function AccountPage() {
  const user = await currentUser();
  if (!user) redirect(signInPath("/account"));
  const hasPassword = (await (await getDatabase()).users.passwordHashOf(user.id)) !== null;
  return (
    <main className={styles.page}>
      <p>
        <Link href="/">← All boards</Link>
      </p>
      <h1>Your account</h1>
      <p className={styles.lead}>Signed in as {user.email}.</p>
      <AccountForms userId={user.id} name={user.name} hasPassword={hasPassword} />
    </main>
  );
}
