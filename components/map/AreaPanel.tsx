"use client";
/**
 * The side panel of the selected area or route: its title, kind, note and when it holds, editable
 * by people who may edit and read-only for everyone else. Text fields write when they are
 * committed (Enter or leaving the field), like the pin panel's. Validity takes the same fuzzy
 * dates as a card ("2018", "Q1 2019", "late February 2019"); an empty field leaves that side open.
 * Its corners (a route's points) are listed as text, one "latitude, longitude" per line: read by
 * screen readers, and typed to reshape it without dragging.
 */
import { useEffect, useId, useRef, useState, type FormEvent } from "react";
import { formatWhen, parseWhen, type NumericDateOrder } from "@/lib/board/dates";
import { AREA_KINDS, AREA_KIND_LABELS, kindFitsGeometry, type Area, type AreaPatch, type Card } from "@/lib/board/schema";
import { describeShape } from "./geo";
import styles from "./MapPanel.module.css";
import { FieldErrors, NoteField, ShapeField } from "./PanelFields";

interface AreaPanelProps {
  area: Area;
  canEdit: boolean;
  /** How the board reads "03/04/2019" (the card editor's setting). */
  numericOrder: NumericDateOrder;
  /** Writes a change; returns the reasons it was refused, or none. */
  onChange(patch: AreaPatch): string[];
  /** The cards linked to this area (linked from the card, on the timeline). */
  linkedCards: readonly Card[];
  onDelete(): void;
  onClose(): void;
}

const VALIDITY_HINT = 'e.g. "2018", "Q1 2019", "Feb 2019", "24 Feb 2019"; empty: open';

type Bound = "validFrom" | "validTo";
const BOUND_LABEL: Record<Bound, string> = { validFrom: "Valid from", validTo: "Valid to" };

export function AreaPanel({ area, canEdit, numericOrder, linkedCards, onChange, onDelete, onClose }: AreaPanelProps) {
  const id = useId();
  const [errors, setErrors] = useState<string[]>([]);
  const titleRef = useRef<HTMLInputElement>(null);
  const change = (patch: AreaPatch) => setErrors(onChange(patch));
  // A newly drawn area opens with its title chosen, so the person can type its name at once.
  useEffect(() => {
    if (canEdit) titleRef.current?.select();
  }, [area.id, canEdit]);

  const commitTitle = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const input = event.currentTarget.elements.namedItem("title") as HTMLInputElement;
    if (input.value.trim() !== area.title) change({ title: input.value });
  };
  const commitBound = (bound: Bound, text: string) => {
    const current = area[bound] ? formatWhen(area[bound]) : "";
    if (text.trim() === current) return;
    if (text.trim() === "") return change({ [bound]: null });
    const when = parseWhen(text, { numericOrder });
    if (!when) return setErrors([`${BOUND_LABEL[bound]}: cannot read “${text.trim()}” as a date; ${VALIDITY_HINT}`]);
    change({ [bound]: when });
  };
  const noun = area.geometry.type === "Polygon" ? "area" : "route";

  return (
    <aside className={styles.panel} aria-label={`${noun === "area" ? "Area" : "Route"} details`} data-testid="area-panel" data-area-id={area.id}>
      <header className={styles.panelHeader}>
        <h3 className={styles.panelTitle}>{canEdit ? `Edit ${noun}` : noun}</h3>
        <button type="button" className={styles.iconButton} onClick={onClose} aria-label={`Close ${noun} details`}>
          ×
        </button>
      </header>
      {/* Remounted when someone else renames it, so the field shows their title. */}
      <form key={`title-${area.id}-${area.title}`} onSubmit={commitTitle} className={styles.field}>
        <label htmlFor={`${id}-title`}>Title</label>
        <input
          ref={titleRef}
          id={`${id}-title`}
          name="title"
          defaultValue={area.title}
          readOnly={!canEdit}
          maxLength={200}
          onBlur={(event) => event.currentTarget.form?.requestSubmit()}
        />
      </form>
      <div className={styles.field}>
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} value={area.kind} disabled={!canEdit} onChange={(event) => change({ kind: event.target.value as Area["kind"] })}>
          {AREA_KINDS.filter((kind) => kindFitsGeometry(kind, area.geometry.type)).map((kind) => (
            <option key={kind} value={kind}>
              {AREA_KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </div>
      {(["validFrom", "validTo"] as const).map((bound) => {
        const value = area[bound] ? formatWhen(area[bound]) : "";
        return (
          <form
            key={`${bound}-${area.id}-${value}`}
            className={styles.field}
            onSubmit={(event) => {
              event.preventDefault();
              commitBound(bound, (event.currentTarget.elements.namedItem(bound) as HTMLInputElement).value);
            }}
          >
            <label htmlFor={`${id}-${bound}`}>{BOUND_LABEL[bound]}</label>
            <input
              id={`${id}-${bound}`}
              name={bound}
              defaultValue={value}
              readOnly={!canEdit}
              placeholder={canEdit ? (bound === "validFrom" ? "since always" : "still") : undefined}
              aria-describedby={canEdit ? `${id}-validity-hint` : undefined}
              onBlur={(event) => event.currentTarget.form?.requestSubmit()}
            />
          </form>
        );
      })}
      {canEdit ? (
        <p id={`${id}-validity-hint`} className={styles.meta}>
          {VALIDITY_HINT}. Outside these dates the {noun} is hidden while a time window is set.
        </p>
      ) : null}
      <NoteField key={`note-${area.id}-${area.note}`} id={id} note={area.note} canEdit={canEdit} onChange={(note) => change({ note })} />
      <FieldErrors errors={errors} />
      <p className={styles.coords} data-testid="area-shape">
        {describeShape(area.geometry)}
      </p>
      <ShapeField type={area.geometry.type} geometry={area.geometry} canEdit={canEdit} onShape={(geometry) => change({ geometry })} />
      <p className={styles.meta}>
        {canEdit ? `Drag its ${noun === "area" ? "corners" : "points"} or the whole ${noun} on the map, or type them above, to reshape it. ` : ""}Drawn by{" "}
        {area.createdBy || "someone"}
      </p>
      {canEdit ? (
        <button type="button" className={styles.dangerButton} onClick={onDelete}>
          Delete {noun}
        </button>
      ) : null}
      {linkedCards.length > 0 ? (
        <div className={styles.field}>
          <span className={styles.meta}>Cards linked to it</span>
          <ul className={styles.linkedCards} aria-label="Cards linked to it">
            {linkedCards.map((card) => (
              <li key={card.id}>{card.title}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </aside>
  );
}
