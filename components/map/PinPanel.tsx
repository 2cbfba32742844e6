"use client";
/**
 * The side panel of the selected pin: its title, kind, note and geographic precision, editable by
 * people who may edit and read-only for everyone else. Text fields write when they are committed
 * (Enter or leaving the field), so a half-typed title never reaches colleagues.
 */
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { GEO_PRECISIONS, PIN_KINDS, type Pin, type PinPatch } from "@/lib/board/schema";
import styles from "./MapPanel.module.css";
import { FieldErrors, NoteField } from "./PanelFields";
import { parseLatLng } from "./geo";
import { KIND_LABEL } from "./pinSymbols";

const PRECISION_LABEL: Record<Pin["geoPrecision"], string> = {
  exact: "Exact — at the point",
  near: "Near — within about 25 km",
  region: "Region — somewhere in its region",
};

interface PinPanelProps {
  pin: Pin;
  canEdit: boolean;
  /** Takes the focus when shown (the pin was just added, and the form that added it is gone). */
  takeFocus?: boolean;
  /** Writes a change; returns the reasons it was refused, or none. */
  onChange(patch: PinPatch): string[];
  onDelete(): void;
  onClose(): void;
  /** What the rest of the board says about this pin: the claims citing it, review threads. */
  children?: ReactNode;
}

export function PinPanel({ pin, canEdit, takeFocus = false, onChange, onDelete, onClose, children }: PinPanelProps) {
  const id = useId();
  const panelRef = useRef<HTMLElement>(null);
  useEffect(() => {
    if (takeFocus) panelRef.current?.focus();
  }, [takeFocus]);
  const [errors, setErrors] = useState<string[]>([]);
  const change = (patch: PinPatch) => setErrors(onChange(patch));
  const commitTitle = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("title") as HTMLInputElement;
    if (input.value.trim() !== pin.title) change({ title: input.value });
  };
  return (
    <aside ref={panelRef} tabIndex={-1} className={styles.panel} aria-label="Pin details" data-testid="pin-panel">
      <header className={styles.panelHeader}>
        <h3 className={styles.panelTitle}>{canEdit ? "Edit pin" : "Pin"}</h3>
        <button type="button" className={styles.iconButton} onClick={onClose} aria-label="Close pin details">
          ×
        </button>
      </header>
      {/* Remounted when someone else renames the pin, so the field shows their title. */}
      <form key={`title-${pin.id}-${pin.title}`} onSubmit={commitTitle} className={styles.field}>
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          id={`${id}-title`}
          name="title"
          defaultValue={pin.title}
          readOnly={!canEdit}
          maxLength={200}
          onBlur={(event) => event.currentTarget.form?.requestSubmit()}
        />
      </form>
      <div className={styles.field}>
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select
          id={`${id}-kind`}
          value={pin.kind}
          disabled={!canEdit}
          onChange={(event) => change({ kind: event.target.value as Pin["kind"] })}
        >
          {PIN_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABEL[kind]}
            </option>
          ))}
        </select>
      </div>
      <div className={styles.field}>
        <label htmlFor={`${id}-precision`}>Geo precision</label>
        <select
          id={`${id}-precision`}
          value={pin.geoPrecision}
          disabled={!canEdit}
          onChange={(event) => change({ geoPrecision: event.target.value as Pin["geoPrecision"] })}
        >
          {GEO_PRECISIONS.map((precision) => (
            <option key={precision} value={precision}>
              {PRECISION_LABEL[precision]}
            </option>
          ))}
        </select>
      </div>
      <NoteField key={`note-${pin.id}-${pin.note}`} id={id} note={pin.note} canEdit={canEdit} onChange={(note) => change({ note })} />
      <FieldErrors errors={errors} />
      <p className={styles.coords} data-testid="pin-coordinates">
        {pin.lat.toFixed(4)}, {pin.lng.toFixed(4)}
      </p>
      {canEdit ? <CoordinatesField pin={pin} onMove={(lat, lng) => setErrors(onChange({ lat, lng }))} /> : null}
      <p className={styles.meta}>Added by {pin.createdBy || "someone"}</p>
      {canEdit ? (
        <button type="button" className={styles.dangerButton} onClick={onDelete}>
          Delete pin
        </button>
      ) : null}
      {children}
    </aside>
  );
}

/**
 * Moves the pin to coordinates typed as "lat, lng" — the way to place a pin without dragging it.
 * Written on Enter; a mistyped value stays in the field with the reason, and the pin stays put.
 */
function CoordinatesField({ pin, onMove }: { pin: Pin; onMove(lat: number, lng: number): void }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const at = `${pin.lat.toFixed(5)}, ${pin.lng.toFixed(5)}`;
  const [text, setText] = useState(at);
  // The pin moved (here, by a drag, by a colleague): the field shows where it is now. Not
  // remounted, so a person who just typed keeps the focus.
  const [shown, setShown] = useState(at);
  if (shown !== at) {
    setShown(at);
    setText(at);
    setError(null);
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = parseLatLng(text);
    if ("error" in parsed) return setError(parsed.error);
    setError(null);
    if (parsed.lat !== pin.lat || parsed.lng !== pin.lng) onMove(parsed.lat, parsed.lng);
  };
  return (
    <form onSubmit={submit} className={styles.field} noValidate>
      <label htmlFor={`${id}-at`}>Move to (lat, lng)</label>
      <input
        id={`${id}-at`}
        name="coordinates"
        value={text}
        onChange={(event) => setText(event.target.value)}
        inputMode="decimal"
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-at-error` : undefined}
      />
      {error ? (
        <p id={`${id}-at-error`} className={styles.errors} role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
