"use client";
/**
 * The boards a person is on: searchable by title and question, sorted by last change or title,
 * each with the people on it; below, the boards they deleted as an owner, restorable until purged.
 */
import Link from "next/link";
import { useMemo, useState, useTransition } from "react";
import { restoreBoardAction } from "@/app/actions";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { LocalTime } from "@/components/ui/LocalTime";
import styles from "./BoardList.module.css";

export interface ListedBoardView {
  id: string;
  title: string;
  question: string;
  updatedAt: number;
  deletedAt: number | null;
  role: Role;
  members: string[];
}

type Sort = "changed" | "title";

/** Up to four names, then how many more. */
function people(names: readonly string[]): string {
  if (names.length <= 4) return names.join(", ");
  return `${names.slice(0, 4).join(", ")} and ${names.length - 4} more`;
}

export function BoardList({ boards, deleted, retentionDays }: { boards: ListedBoardView[]; deleted: ListedBoardView[]; retentionDays: number }) {
  const [query, setQuery] = useState("");
  const [sort, setSort] = useState<Sort>("changed");
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const matching = boards.filter((board) => {
      const text = `${board.title} ${board.question}`.toLowerCase();
      return words.every((word) => text.includes(word));
    });
    return sort === "title" ? [...matching].sort((a, b) => a.title.localeCompare(b.title)) : matching;
  }, [boards, query, sort]);

  return (
    <>
      {boards.length === 0 ? (
        <p className={styles.empty}>You are not on any board yet. Create one below, or open a share link someone sent you.</p>
      ) : (
        <>
          <div className={styles.tools} role="search">
            <input type="search" aria-label="Search boards" placeholder="Search titles and questions" value={query} onChange={(e) => setQuery(e.target.value)} />
            <label>
              Sort by{" "}
              <select aria-label="Sort boards" value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
                <option value="changed">Last change</option>
                <option value="title">Title</option>
              </select>
            </label>
          </div>
          {shown.length === 0 && <p className={styles.empty}>No board matches “{query}”.</p>}
          <ul className={styles.list} aria-label="Boards">
            {shown.map((board) => (
              <li key={board.id} className={styles.item} data-testid="board-item">
                <Link href={`/boards/${board.id}`}>
                  <h2>{board.title}</h2>
                  {board.question && <p>{board.question}</p>}
                  <p>
                    {ROLE_LABELS[board.role]} · last change{" "}
                    <LocalTime at={board.updatedAt} />
                  </p>
                  <p data-testid="board-members">
                    {board.members.length === 1 ? "Only you" : `${board.members.length} people: ${people(board.members)}`}
                  </p>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {deleted.length > 0 && <DeletedBoards boards={deleted} retentionDays={retentionDays} />}
    </>
  );
}

function DeletedBoards({ boards, retentionDays }: { boards: ListedBoardView[]; retentionDays: number }) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <section className={styles.deleted} aria-labelledby="deleted-boards">
      <h2 id="deleted-boards">Recently deleted</h2>
      <p className={styles.empty}>Deleted boards can be restored by their owners for {retentionDays} days, then they are purged with everything they held.</p>
      <ul className={styles.list} aria-label="Deleted boards">
        {boards.map((board) => (
          <li key={board.id} className={styles.deletedItem} data-testid="deleted-board">
            <div>
              <h3>{board.title}</h3>
              <p>
                Deleted <LocalTime at={board.deletedAt!} day /> · purged after <LocalTime at={board.deletedAt! + retentionDays * 86_400_000} day />
              </p>
            </div>
            <button
              type="button"
              disabled={pending}
              onClick={() =>
                startTransition(async () => {
                  const result = await restoreBoardAction(board.id).catch(() => ({ ok: false as const, error: "The server could not be reached. Try again." }));
                  setError(result.ok ? null : result.error);
                })
              }
            >
              Restore {board.title}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p role="alert" className={styles.error}>
          {error}
        </p>
      )}
    </section>
  );
}
