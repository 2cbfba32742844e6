"use client";
/** Asked after "Mark as claim": how likely the selected statement is, and with what confidence. */
import { useEffect, useRef, useState, type FormEvent } from "react";
import type { Claim } from "@/lib/board/schema";
import { ClaimFields } from "./ClaimFields";
import styles from "./Claims.module.css";

interface MarkClaimFormProps {
  /** The words being marked, quoted back to the person. */
  text: string;
  onMark(fields: Pick<Claim, "likelihood" | "confidence">): void;
  onCancel(): void;
}

export function MarkClaimForm({ text, onMark, onCancel }: MarkClaimFormProps) {
  const [fields, setFields] = useState<Pick<Claim, "likelihood" | "confidence">>({ likelihood: "likely", confidence: "moderate" });
  const formRef = useRef<HTMLFormElement>(null);
  // The form asks a question: it takes the focus, so the keyboard answers it where it appears.
  useEffect(() => formRef.current?.querySelector("select")?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onMark(fields);
  };
  return (
    <form
      ref={formRef}
      className={styles.markForm}
      role="dialog"
      aria-label="Mark as claim"
      onSubmit={submit}
      onKeyDown={(event) => event.key === "Escape" && onCancel()}
    >
      <p className={styles.quote}>“{text.length > 160 ? `${text.slice(0, 160)}…` : text}”</p>
      <ClaimFields {...fields} onChange={(patch) => setFields((current) => ({ ...current, ...patch }))} />
      <div className={styles.formActions}>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={styles.primary}>
          Mark claim
        </button>
      </div>
    </form>
  );
}
