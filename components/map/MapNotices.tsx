"use client";
/** The map's short messages: what a click does, a pending pin pick, drawing an area, a deleted pin's or area's undo. */
import { useState } from "react";
import { ZodError } from "zod";
import type { PinPick } from "@/components/board/boardUi";
import type { AreaGeometry } from "@/lib/board/schema";
import styles from "./MapPane.module.css";
import panelStyles from "./MapPanel.module.css";
import { ShapeField } from "./PanelFields";

/** A one-line hint over the map: what a click does, or why it does nothing. */
export function StatusChip({ loading, canEdit, error }: { loading: boolean; canEdit: boolean; error: string | null }) {
  if (error) {
    return (
      <p className={`${styles.chip} ${styles.chipError}`} role="alert">
        {error}
      </p>
    );
  }
  const text = loading ? "Loading board…" : canEdit ? "Click the map to add a pin · drag a pin to move it" : "View only";
  return (
    <p className={styles.chip} role="status">
      {text}
    </p>
  );
}

const FIELD_LABEL: Record<string, string> = {
  title: "Title",
  lng: "Longitude",
  lat: "Latitude",
  note: "Note",
  kind: "Kind",
  geometry: "Shape",
  validFrom: "Valid from",
  validTo: "Valid to",
};

/** Runs a write; a validation failure becomes sentences a person can act on: "Title: a title is required". */
export function attempt(write: () => void): string[] {
  try {
    write();
    return [];
  } catch (error) {
    if (!(error instanceof ZodError)) throw error;
    return error.issues.map((issue) => {
      const field = FIELD_LABEL[String(issue.path[0])];
      return field ? `${field}: ${issue.message}` : issue.message;
    });
  }
}

/** Another pane's request to pick a pin, until a pin is clicked or the person cancels. */
export function PickPrompt({ pick, onCancel }: { pick: PinPick; onCancel(): void }) {
  return (
    <div className={panelStyles.pick} role="status" data-testid="pin-pick">
      <span>{pick.prompt}</span>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}

/**
 * While an area or route is drawn: what to click, and how to finish or leave by keyboard too; or,
 * instead of clicking, its corners (points) typed as "latitude, longitude" lines.
 */
export function DrawPrompt({
  shape,
  onFinish,
  onCancel,
  onTyped,
}: {
  shape: "polygon" | "linestring";
  onFinish(): void;
  onCancel(): void;
  onTyped(geometry: AreaGeometry): void;
}) {
  const [typing, setTyping] = useState(false);
  const text =
    shape === "polygon"
      ? "Click the map at each corner of the area; click the first corner or press Enter to close it."
      : "Click the map at each point of the route; click the last point again or press Enter to end it.";
  const noun = shape === "polygon" ? "corners" : "points";
  return (
    // A live region while it only says what to click; not once it holds the form.
    <div className={panelStyles.pick} role={typing ? "group" : "status"} aria-label={typing ? `Type the ${noun}` : undefined} data-testid="draw-prompt">
      {typing ? null : <span>{text}</span>}
      {typing ? (
        <ShapeField
          type={shape === "polygon" ? "Polygon" : "LineString"}
          geometry={null}
          canEdit
          autoFocus
          submitLabel={shape === "polygon" ? "Add area" : "Add route"}
          onShape={onTyped}
        />
      ) : (
        <>
          <button type="button" onClick={onFinish}>
            Finish
          </button>
          <button type="button" onClick={() => setTyping(true)}>
            Type the {noun}
          </button>
        </>
      )}
      <button type="button" onClick={onCancel} title="Escape">
        Cancel
      </button>
    </div>
  );
}

/** Offered after a delete: the deletion is one step of this person's undo history. */
export function DeletedNotice({ title, onUndo, onDismiss }: { title: string; onUndo(): void; onDismiss(): void }) {
  return (
    <div className={panelStyles.toast} role="status">
      <span>Deleted “{title}”</span>
      <button type="button" onClick={onUndo}>
        Undo
      </button>
      <button type="button" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
