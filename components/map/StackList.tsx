"use client";
/** The pins at one place, listed when a person opens a counted stack on the map. */
import type { CSSProperties } from "react";
import { formatWhen } from "@/lib/board/dates";
import type { Card, Pin } from "@/lib/board/schema";
import styles from "./MapPanel.module.css";
import { PIN_COLOR } from "./pinSymbols";

interface StackListProps {
  pins: readonly Pin[];
  /** The first card linked to each pin, whose date and title tell the events apart. */
  cardOfPin: ReadonlyMap<string, Card>;
  onChoose(pin: Pin): void;
  onClose(): void;
}

export function StackList({ pins, cardOfPin, onChoose, onClose }: StackListProps) {
  const place = pins[0]?.title ?? "";
  // In the order of their events, as the timeline lists them; pins no card dates come last.
  const ordered = [...pins].sort((a, b) => (cardOfPin.get(a.id)?.when.start ?? "~").localeCompare(cardOfPin.get(b.id)?.when.start ?? "~"));
  return (
    <div className={styles.stack} data-testid="pin-stack" role="dialog" aria-label={`${pins.length} pins at ${place}`}>
      <header className={styles.stackHeader}>
        <strong>
          {pins.length} {pins.length === 1 ? "pin" : "pins"} at {place}
        </strong>
        <button type="button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <ul className={styles.stackList}>
        {ordered.map((pin) => {
          const card = cardOfPin.get(pin.id);
          return (
            <li key={pin.id}>
              <button type="button" onClick={() => onChoose(pin)} style={{ "--pin-color": PIN_COLOR[pin.kind] } as CSSProperties}>
                {card ? (
                  <>
                    <time>{formatWhen(card.when)}</time> {card.title}
                  </>
                ) : (
                  <>
                    {pin.title} <span className={styles.stackKind}>{pin.kind}</span>
                  </>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
