"use client";
/** The fields a pin's and an area's side panels share: the note, and the errors of the last change. */
import styles from "./MapPanel.module.css";

/** The note, saved when the field is left; read-only for people who may not edit. */
export function NoteField({ id, note, canEdit, onChange }: { id: string; note: string; canEdit: boolean; onChange: (note: string) => void }) {
  return (
    <div className={styles.field}>
      <label htmlFor={`${id}-note`}>Note</label>
      <textarea
        id={`${id}-note`}
        defaultValue={note}
        readOnly={!canEdit}
        rows={3}
        maxLength={10_000}
        onBlur={(event) => event.target.value !== note && onChange(event.target.value)}
      />
    </div>
  );
}

export function FieldErrors({ errors }: { errors: readonly string[] }) {
  if (errors.length === 0) return null;
  return (
    <ul className={styles.errors} role="alert">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}
