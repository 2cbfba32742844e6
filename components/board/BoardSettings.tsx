"use client";
/**
 * The board itself: its title and question, renamed by editors and owners (written to the board
 * document, so everyone sees the new name at once and the board list follows on the next save),
 * and, for owners, deleting the board (restorable from the board list until it is purged).
 */
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import type * as Y from "yjs";
import { ZodError } from "zod";
import { deleteBoardAction } from "@/app/actions";
import { setMeta } from "@/lib/board/model";
import { useCloseOnEscape } from "@/components/ui/useCloseOnEscape";
import styles from "./MembersPanel.module.css";

interface BoardSettingsProps {
  doc: Y.Doc;
  boardId: string;
  title: string;
  question: string;
  canRename: boolean;
  canDelete: boolean;
  onClose(): void;
}

export function BoardSettings({ doc, boardId, title, question, canRename, canDelete, onClose }: BoardSettingsProps) {
  const router = useRouter();
  const [values, setValues] = useState({ title, question });
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();

  useCloseOnEscape(onClose);

  function rename(event: FormEvent) {
    event.preventDefault();
    try {
      setMeta(doc, values);
      setError(null);
      setSaved(true);
    } catch (problem) {
      setSaved(false);
      setError(problem instanceof ZodError ? `${problem.issues[0].path.join(".") === "title" ? "Title" : "Question"}: ${problem.issues[0].message}` : String(problem));
    }
  }

  function remove() {
    startTransition(async () => {
      const result = await deleteBoardAction(boardId).catch(() => ({ ok: false as const, error: "The server could not be reached. Try again." }));
      if (!result.ok) return setError(result.error);
      router.push("/");
    });
  }

  return (
    <div className={styles.backdrop} onClick={onClose}>
      <section role="dialog" aria-modal="true" aria-label="Board settings" className={styles.panel} onClick={(event) => event.stopPropagation()} aria-busy={pending}>
        <div className={styles.header}>
          <h2>This board</h2>
          <button type="button" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
        {error && (
          <p role="alert" className={styles.error}>
            {error}
          </p>
        )}
        <form className={styles.stack} onSubmit={rename}>
          <label>
            Title
            <input aria-label="Board title" value={values.title} maxLength={200} disabled={!canRename} onChange={(e) => (setSaved(false), setValues((v) => ({ ...v, title: e.target.value })))} />
          </label>
          <label>
            Question
            <input aria-label="Board question" value={values.question} maxLength={500} disabled={!canRename} onChange={(e) => (setSaved(false), setValues((v) => ({ ...v, question: e.target.value })))} />
          </label>
          {canRename && (
            <p className={styles.row}>
              <button type="submit">Rename</button>
              {saved && <span role="status">Renamed for everyone.</span>}
            </p>
          )}
        </form>
        {canDelete && (
          <div className={styles.danger}>
            <h3>Delete this board</h3>
            <p>It leaves everyone&apos;s list at once. You can restore it from your board list until it is purged.</p>
            {confirming ? (
              <p className={styles.row}>
                <button type="button" className={styles.dangerButton} disabled={pending} onClick={remove}>
                  Delete “{title}” for everyone
                </button>
                <button type="button" onClick={() => setConfirming(false)}>
                  Keep it
                </button>
              </p>
            ) : (
              <button type="button" onClick={() => setConfirming(true)}>
                Delete board…
              </button>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
