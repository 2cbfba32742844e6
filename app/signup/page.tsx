import Link from "next/link";
import { SignUpForm } from "@/components/auth/AuthForms";
import styles from "@/components/auth/auth.module.css";
import { safeCallbackPath } from "@/lib/auth/redirect";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <h1>Create your account</h1>
        <SignUpForm callbackUrl={callbackUrl} />
        <p className={styles.switch}>
          Already have an account? <Link href={`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Sign in</Link>
        </p>
      </div>
    </main>
  );
}
