import Link from "next/link";
import { redirect } from "next/navigation";
import { SignOutForm } from "@/components/auth/SignOutForm";
import { KeepForOffline } from "@/components/offline/OfflineSupport";
import styles from "@/components/board/BoardList.module.css";
import { BoardList } from "@/components/board/BoardList";
import { NewBoardForm } from "@/components/board/NewBoardForm";
import { NotificationBell } from "@/components/notifications/NotificationBell";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db";
import { readEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

export default async function BoardListPage() {
  const user = await currentUser();
  if (!user) redirect("/signin");
  const database = await getDatabase();
  const [boards, deleted] = await Promise.all([database.boards.listFor(user.id), database.boards.listDeletedFor(user.id)]);
  return (
    <main className={styles.page}>
      <KeepForOffline userId={user.id} path="/" />
      <div className={styles.top}>
        <h1>Situation Board</h1>
        <div className={styles.account}>
          <NotificationBell />
          <Link href="/account">Account</Link>
          <SignOutForm userId={user.id} name={user.name} className={styles.account} />
        </div>
      </div>
      <p className={styles.lead}>One shared board per question: map, evidence and assessment, edited together live.</p>
      <BoardList boards={boards} deleted={deleted} retentionDays={readEnv().BOARD_RETENTION_DAYS} />
      <NewBoardForm />
    </main>
  );
}
