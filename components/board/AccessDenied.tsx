import Link from "next/link";
import styles from "./BoardShell.module.css";

/** What a signed-in person sees on a board they may not open. */
export function AccessDenied({ message }: { message: string }) {
  return (
    <div className={styles.refused} role="alert">
      <p>{message}</p>
      <Link href="/">Back to your boards</Link>
    </div>
  );
}
