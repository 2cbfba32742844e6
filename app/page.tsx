import Link from "next/link";
import { redirect } from "next/navigation";
import { SignOutForm } from "@/components/auth/SignOutForm";
import { KeepForOffline } from "@/components/offline/OfflineSupport";
import styles from "@/components/board/BoardList.module.css";
import { NewBoardForm } from "@/components/board/NewBoardForm";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

const changed = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

export default async function BoardListPage() {
  const user = await currentUser();
  if (!user) redirect("/signin");
  const boards = await (await getDatabase()).boards.listFor(user.id);
  return (
    <main className={styles.page}>
      <KeepForOffline userId={user.id} path="/" />
      <div className={styles.top}>
        <h1>Situation Board</h1>
        <SignOutForm userId={user.id} name={user.name} className={styles.account} />
      </div>
      <p className={styles.lead}>One shared board per question: map, evidence and assessment, edited together live.</p>
      {boards.length === 0 ? (
        <p className={styles.empty}>You are not on any board yet. Create one below, or open a share link someone sent you.</p>
      ) : (
        <ul className={styles.list} aria-label="Boards">
          {boards.map((board) => (
            <li key={board.id} className={styles.item}>
              <Link href={`/boards/${board.id}`}>
                <h2>{board.title}</h2>
                {board.question && <p>{board.question}</p>}
                <p>
                  {ROLE_LABELS[board.role]} · last change{" "}
                  <time dateTime={new Date(board.updatedAt).toISOString()}>{changed.format(board.updatedAt)} UTC</time>
                </p>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <NewBoardForm />
    </main>
  );
}
