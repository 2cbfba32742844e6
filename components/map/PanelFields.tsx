"use client";
/**
 * The fields the map's panels share: the note, the errors of the last change, and a shape typed
 * as text (an area's panel, and drawing by keyboard).
 */
import { useId, useState, type FormEvent } from "react";
import { MAX_AREA_POSITIONS, type AreaGeometry } from "@/lib/board/schema";
import { formatShapeText, parseShapeText } from "./geo";
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

export function FieldErrors({ errors, id }: { errors: readonly string[]; id?: string }) {
  if (errors.length === 0) return null;
  return (
    <ul id={id} className={styles.errors} role="alert">
      {errors.map((error) => (
        <li key={error}>{error}</li>
      ))}
    </ul>
  );
}

/**
 * A shape's corners (a route's points) as text, one "latitude, longitude" per line: how a shape is
 * read without seeing the map, and reshaped or drawn without dragging or clicking it. Written by
 * its button or Ctrl+Enter; a mistyped line stays in the field with the reason, and nothing is
 * written. With a `geometry`, the field follows it when it changes meanwhile (dragged, a
 * colleague's edit) without being remounted, so a person typing keeps the focus.
 */
export function ShapeField({
  type,
  geometry,
  canEdit,
  submitLabel,
  autoFocus = false,
  onShape,
}: {
  type: AreaGeometry["type"];
  geometry: AreaGeometry | null;
  canEdit: boolean;
  /** The button's words; "Apply corners" / "Apply points" when absent. */
  submitLabel?: string;
  /** Takes the focus when shown (it replaced the button that opened it). */
  autoFocus?: boolean;
  onShape(geometry: AreaGeometry): void;
}) {
  const id = useId();
  const [errors, setErrors] = useState<string[]>([]);
  const current = geometry ? formatShapeText(geometry) : "";
  const [text, setText] = useState(current);
  const [shown, setShown] = useState(current);
  if (shown !== current) {
    setShown(current);
    setText(current);
    setErrors([]);
  }
  const submit = (event?: FormEvent<HTMLFormElement>) => {
    event?.preventDefault();
    const parsed = parseShapeText(text, type, MAX_AREA_POSITIONS);
    if ("errors" in parsed) return setErrors(parsed.errors);
    setErrors([]);
    if (!geometry || JSON.stringify(parsed.geometry) !== JSON.stringify(geometry)) onShape(parsed.geometry as AreaGeometry);
  };
  const noun = type === "Polygon" ? "corners" : "points";
  return (
    <form onSubmit={submit} className={styles.field} noValidate>
      <label htmlFor={`${id}-shape`}>{type === "Polygon" ? "Corners" : "Points"} (lat, lng per line)</label>
      <textarea
        id={`${id}-shape`}
        name="shape"
        value={text}
        rows={Math.min(6, Math.max(3, text.split("\n").length))}
        readOnly={!canEdit}
        autoFocus={autoFocus}
        spellCheck={false}
        autoComplete="off"
        placeholder={canEdit && !geometry ? (type === "Polygon" ? "16.27, -0.04\n16.3, 0.1\n16.1, 0.05" : "16.27, -0.04\n16.5, 0.2") : undefined}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit();
        }}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length > 0 ? `${id}-shape-errors` : undefined}
      />
      {canEdit ? (
        <button type="submit" className={styles.fieldButton}>
          {submitLabel ?? `Apply ${noun}`}
        </button>
      ) : null}
      <FieldErrors id={`${id}-shape-errors`} errors={errors} />
    </form>
  );
}
