import { useId, useState, type FormEvent, type KeyboardEvent } from "react";
import styles from "./MapPane.module.css";

interface AddPinFormProps {
  /** Writes the pin; returns the reasons it was refused, or none when it was written. */
  onAdd: (title: string) => string[];
  onCancel: () => void;
  /** A place name found by search, which the person may keep or change. */
  initialTitle?: string;
}

/** The small form that opens where the map was clicked. Escape or "Cancel" closes it unwritten. */
export function AddPinForm({ onAdd, onCancel, initialTitle = "" }: AddPinFormProps) {
  const [title, setTitle] = useState(initialTitle);
  const [errors, setErrors] = useState<string[]>([]);
  const errorId = useId();

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setErrors(onAdd(title));
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== "Escape") return;
    event.stopPropagation();
    onCancel();
  };

  return (
    <form className={styles.addForm} onSubmit={handleSubmit} onKeyDown={handleKeyDown} noValidate>
      <input
        className={styles.addInput}
        aria-label="Pin title"
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length > 0 ? errorId : undefined}
        placeholder="What happened here?"
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        maxLength={400}
        autoFocus
      />
      {errors.length > 0 && (
        <ul id={errorId} className={styles.addErrors} role="alert">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div className={styles.addActions}>
        <button type="button" className={styles.secondaryButton} onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={styles.primaryButton}>
          Add pin
        </button>
      </div>
    </form>
  );
}
