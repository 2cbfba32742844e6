"use client";
/**
 * Where a person writes a comment: `@` offers the board's members, and the comment is sent with
 * the ids of the members it still names when it is sent.
 */
import { useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import { useReview, type Person } from "./ReviewContext";
import styles from "./Review.module.css";

interface CommentBoxProps {
  label: string;
  submitLabel: string;
  placeholder?: string;
  /** Sends the comment; resolves to an error to show, or null once it is written. */
  onSubmit(body: string, mentions: string[]): Promise<string | null>;
  onCancel?(): void;
}

/** The `@name` being typed just before the caret, if any. */
function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const match = /(?:^|\s)@([^\s@]{0,40})$/.exec(text.slice(0, caret));
  return match ? { start: caret - match[1].length - 1, query: match[1] } : null;
}

export function CommentBox({ label, submitLabel, placeholder, onSubmit, onCancel }: CommentBoxProps) {
  const { people, loadPeople } = useReview();
  const id = useId();
  const field = useRef<HTMLTextAreaElement>(null);
  const [body, setBody] = useState("");
  const [caret, setCaret] = useState(0);
  const [mentioned, setMentioned] = useState<Person[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const query = mentionQuery(body, caret);
  const matches = query ? people.filter((p) => p.name.toLowerCase().includes(query.query.toLowerCase())).slice(0, 6) : [];

  const mention = (person: Person) => {
    if (!query) return;
    const next = `${body.slice(0, query.start)}@${person.name} ${body.slice(caret)}`;
    const at = query.start + person.name.length + 2;
    setBody(next);
    setCaret(at);
    setMentioned((list) => (list.some((p) => p.id === person.id) ? list : [...list, person]));
    requestAnimationFrame(() => field.current?.setSelectionRange(at, at));
    field.current?.focus();
  };

  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!body.trim() || sending) return;
    setSending(true);
    const mentions = mentioned.filter((p) => body.includes(`@${p.name}`)).map((p) => p.id);
    const problem = await onSubmit(body, mentions);
    setSending(false);
    setError(problem);
    if (!problem) {
      setBody("");
      setMentioned([]);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) void submit();
    else if (event.key === "Enter" && matches.length > 0) {
      event.preventDefault();
      mention(matches[0]);
    } else if (event.key === "Escape" && onCancel) onCancel();
  };

  return (
    <form className={styles.commentBox} onSubmit={submit} aria-busy={sending}>
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <textarea
        id={id}
        ref={field}
        value={body}
        rows={2}
        maxLength={5_000}
        placeholder={placeholder ?? "Comment… (@ to mention someone)"}
        onFocus={loadPeople}
        onChange={(event) => {
          setBody(event.target.value);
          setCaret(event.target.selectionStart);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart)}
        onKeyDown={onKeyDown}
      />
      {matches.length > 0 && (
        <ul className={styles.mentionList} role="listbox" aria-label="People to mention">
          {matches.map((person) => (
            <li key={person.id} role="option" aria-selected={false}>
              <button type="button" onMouseDown={(event) => event.preventDefault()} onClick={() => mention(person)}>
                {person.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p className={styles.error} role="alert">
          {error}
        </p>
      )}
      <div className={styles.commentActions}>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className={styles.primary} disabled={!body.trim() || sending}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
