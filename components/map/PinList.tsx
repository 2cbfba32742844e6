import { memo, useEffect, useRef, type CSSProperties } from "react";
import type { Pin } from "@/lib/board/schema";
import styles from "./MapPane.module.css";
import { PIN_COLOR } from "./pinSymbols";

/** More rows than this would cost more to render than a person can read; the map shows them all. */
const LIST_LIMIT = 200;

interface PinListProps {
  pins: readonly Pin[];
  selectedId: string | null;
  /** Pins of the card or claim selected elsewhere; listed first. */
  highlighted: readonly string[];
  onSelect: (pin: Pin) => void;
  emptyHint: string;
}

/**
 * The pins as text, so a person (or a test) can read which exist; choosing one flies to it.
 * Memoised: a change of the time window redraws the map, not this list.
 */
export const PinList = memo(function PinList({ pins, selectedId, highlighted, onSelect, emptyHint }: PinListProps) {
  const listRef = useRef<HTMLUListElement>(null);

  // A pin chosen on the map comes into view in the list too.
  useEffect(() => {
    listRef.current?.querySelector('[aria-current="true"]')?.scrollIntoView({ block: "nearest" });
  }, [selectedId]);

  const marked = new Set(highlighted);
  const first = pins.filter((pin) => marked.has(pin.id) || pin.id === selectedId);
  const shown = [...first, ...pins.filter((pin) => !marked.has(pin.id) && pin.id !== selectedId)].slice(0, LIST_LIMIT);

  return (
    <section className={styles.listSection} aria-label="Pins">
      <h3 className={styles.listHeading}>
        Pins <span className={styles.count}>{pins.length}</span>
      </h3>
      {pins.length === 0 ? <p className={styles.empty}>{emptyHint}</p> : null}
      <ul ref={listRef} className={styles.list} data-testid="pin-list">
        {shown.map((pin) => (
          <li key={pin.id}>
            <button
              type="button"
              className={styles.listItem}
              aria-current={pin.id === selectedId ? "true" : undefined}
              data-highlighted={marked.has(pin.id) ? "true" : undefined}
              onClick={() => onSelect(pin)}
              style={{ "--pin-color": PIN_COLOR[pin.kind] } as CSSProperties}
            >
              <span className={styles.dot} aria-hidden="true" />
              <span className={styles.itemTitle}>{pin.title}</span>
              <span className={styles.kind}>{pin.kind}</span>
            </button>
          </li>
        ))}
      </ul>
      {pins.length > LIST_LIMIT ? (
        <p className={styles.empty}>{pins.length - LIST_LIMIT} more on the map — search or zoom to find them.</p>
      ) : null}
    </section>
  );
});
