import Link from "next/link";
import { redirect } from "next/navigation";
import { signInWithProviderAction } from "@/app/auth-actions";
import { SignInForm } from "@/components/auth/AuthForms";
import styles from "@/components/auth/auth.module.css";
import { identityProviders } from "@/lib/auth/config";
import { safeCallbackPath } from "@/lib/auth/redirect";
import { currentUser } from "@/lib/auth/session";
import { DEMO_ACCOUNT } from "@/lib/board/seed";

export const dynamic = "force-dynamic";

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string | string[] }> }) {
  const callbackUrl = safeCallbackPath((await searchParams).callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <h1>Sign in to Situation Board</h1>
        <p className={styles.demo}>
          Demo account: <strong>{DEMO_ACCOUNT.email}</strong> / <strong>{DEMO_ACCOUNT.password}</strong>
        </p>
        <SignInForm callbackUrl={callbackUrl} />
        {identityProviders().map((provider) => (
          <form key={provider.id} action={signInWithProviderAction}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <button type="submit" className={styles.provider}>
              Continue with {provider.name}
            </button>
          </form>
        ))}
        <p className={styles.switch}>
          No account yet? <Link href={`/signup?callbackUrl=${encodeURIComponent(callbackUrl)}`}>Create one</Link>
        </p>
      </div>
    </main>
  );
}
