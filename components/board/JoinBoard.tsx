import Link from "next/link";
import styles from "@/components/auth/auth.module.css";
import { higherRole, ROLE_LABELS, type Role } from "@/lib/auth/roles";

interface JoinBoardProps {
  token: string;
  board: { id: string; title: string; question: string };
  /** The role the link grants. */
  role: Role;
  /** The person's role on the board now, if they are already a member. */
  currentRole: Role | null;
  /** The server action that redeems the link (a POST). */
  join: (form: FormData) => Promise<void>;
}

/**
 * What a share link shows: the board and the role it grants, and a button that joins. Opening
 * the link changes nothing; only the button does.
 */
export function JoinBoard({ token, board, role, currentRole, join }: JoinBoardProps) {
  const alreadyHas = currentRole !== null && higherRole(currentRole, role) === currentRole;
  return (
    <main className={styles.page}>
      <div className={styles.card}>
        <h1>{board.title}</h1>
        {board.question && <p className={styles.switch}>{board.question}</p>}
        {alreadyHas ? (
          <p>
            You already belong to this board as {ROLE_LABELS[currentRole]}. <Link href={`/boards/${board.id}`}>Open the board</Link>
          </p>
        ) : (
          <form action={join} className={styles.form}>
            <p>
              This link makes you {ROLE_LABELS[role]} on this board{currentRole ? ` (you are ${ROLE_LABELS[currentRole]} now)` : ""}.
            </p>
            <input type="hidden" name="token" value={token} />
            <button type="submit">Join board</button>
          </form>
        )}
        <p className={styles.switch}>
          <Link href="/">Back to your boards</Link>
        </p>
      </div>
    </main>
  );
}
