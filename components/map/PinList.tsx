import { memo, useCallback, useEffect, useRef, useState, type CSSProperties } from "react";
import type { Pin } from "@/lib/board/schema";
import { useRovingFocus } from "@/components/ui/useRovingFocus";
import styles from "./MapPane.module.css";
import { inView, type ViewBounds } from "./geo";
import { PIN_COLOR } from "./pinSymbols";

/** More rows than this would cost more to render than a person can read; the map shows them all. */
const LIST_LIMIT = 200;

/** The id of the note telling screen reader users this list is the map in words. */
export const PIN_LIST_NOTE_ID = "pin-list-note";

interface PinListProps {
  pins: readonly Pin[];
  selectedId: string | null;
  /** Pins of the card or claim selected elsewhere; listed first. */
  highlighted: readonly string[];
  /** What the map shows; null until it has drawn. */
  view: ViewBounds | null;
  /** A pane asked for a pin: every pin is offered, in view or not. */
  picking: boolean;
  onSelect: (pin: Pin) => void;
  emptyHint: string;
}

/**
 * The pins as text — the map's text alternative: the pins the map shows (or all of them), so a
 * person who cannot see the map reads what it shows; choosing one flies to it. One Tab stop: the
 * arrows move between pins. Memoised: a change of the time window redraws the map, not this list.
 */
export const PinList = memo(function PinList({ pins, selectedId, highlighted, view, picking, onSelect, emptyHint }: PinListProps) {
  const listRef = useRef<HTMLUListElement>(null);
  const [scope, setScope] = useState<"view" | "all">("all");

  // A pin chosen on the map comes into view in the list too.
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: "nearest" });
  }, [selectedId]);

  const marked = new Set(highlighted);
  const first = pins.filter((pin) => marked.has(pin.id) || pin.id === selectedId);
  const filtering = scope === "view" && view !== null && !picking;
  // The selected pin and those of the selected card stay listed wherever they are.
  const rest = pins.filter((pin) => !marked.has(pin.id) && pin.id !== selectedId && (!filtering || inView(pin, view)));
  const listed = [...first, ...rest];
  const shown = listed.slice(0, LIST_LIMIT);
  const ids = shown.map((pin) => pin.id);
  const focus = useCallback((id: string) => listRef.current?.querySelector<HTMLElement>(`[data-pin-id="${CSS.escape(id)}"]`)?.focus(), []);
  const roving = useRovingFocus({ ids, selected: selectedId, focus });
  const inViewCount = filtering ? pins.filter((pin) => inView(pin, view)).length : null;

  return (
    <section className={styles.listSection} aria-label="Pins">
      <h3 className={styles.listHeading}>
        Pins <span className={styles.count}>{pins.length}</span>
        {inViewCount !== null ? <span data-testid="pins-in-view">{inViewCount} in view</span> : null}
        <span className={styles.scope} role="group" aria-label="Pins listed">
          <button type="button" aria-pressed={scope === "view"} onClick={() => setScope("view")}>
            In view
          </button>
          <button type="button" aria-pressed={scope === "all"} onClick={() => setScope("all")}>
            All
          </button>
        </span>
      </h3>
      <p id={PIN_LIST_NOTE_ID} className="sr-only">
        The list of pins below the map says in words what the map shows: it lists the pins in view, or all of them.
      </p>
      {pins.length === 0 ? <p className={styles.empty}>{emptyHint}</p> : null}
      <ul ref={listRef} className={styles.list} data-testid="pin-list">
        {shown.map((pin) => (
          <li key={pin.id}>
            <button
              type="button"
              className={styles.listItem}
              data-pin-id={pin.id}
              tabIndex={pin.id === roving.tabStop ? 0 : -1}
              aria-current={pin.id === selectedId ? "true" : undefined}
              data-highlighted={marked.has(pin.id) ? "true" : undefined}
              onClick={() => onSelect(pin)}
              onKeyDown={(event) => roving.onKey(event, pin.id)}
              onFocus={() => roving.onFocusItem(pin.id)}
              style={{ "--pin-color": PIN_COLOR[pin.kind] } as CSSProperties}
            >
              <span className={styles.dot} aria-hidden="true" />
              <span className={styles.itemTitle}>{pin.title}</span>
              <span className={styles.kind}>{pin.kind}</span>
            </button>
          </li>
        ))}
      </ul>
      {pins.length > 0 && listed.length === 0 ? <p className={styles.empty}>No pins in view — zoom out, or list all.</p> : null}
      {listed.length > LIST_LIMIT ? (
        <p className={styles.empty}>{listed.length - LIST_LIMIT} more on the map — search or zoom to find them.</p>
      ) : null}
    </section>
  );
});
