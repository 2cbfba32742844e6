"use client";

import { useEffect, useRef, type ReactNode } from "react";
import { formatWhen, whenDateTime } from "@/lib/board/dates";
import { AREA_KIND_LABELS, type Area, type Pin } from "@/lib/board/schema";
import { describeGrade } from "@/lib/board/grade";
import { eventSummary } from "./eventForm";
import styles from "./TimelineCard.module.css";
import type { TimelineEntry } from "./useTimeline";

interface TimelineCardProps extends TimelineEntry {
  selected: boolean;
  /** Holds the card list's one Tab stop; the other cards' controls are reached by the arrows first. */
  tabbable?: boolean;
  /** Linked to the pin selected on the map. */
  highlighted: boolean;
  /** The areas and routes the card is linked to. */
  areas?: readonly Area[];
  /**
   * A click on the title: alone it selects this card; with Shift it extends the bulk selection
   * to it, with Ctrl/⌘ it adds or removes it.
   */
  onSelect(modifiers: { range: boolean; toggle: boolean }): void;
  /** The box that puts the card in the bulk selection, shown to people who may edit. */
  bulk?: { checked: boolean; onToggle(): void };
  /** Editing controls, shown on the selected card to people who may edit. */
  actions?: {
    onEdit(): void;
    onDelete(): void;
    onPickPin(): void;
    onUnlink(pinId: string): void;
    onLink(pinId: string): void;
    /** Pins not yet linked, offered in a list as well as by picking on the map. */
    unlinkedPins: readonly Pin[];
    onLinkArea(areaId: string): void;
    onUnlinkArea(areaId: string): void;
    /** Areas and routes not yet linked, offered in a list. */
    unlinkedAreas: readonly Area[];
  };
  /** Shown on the selected card: the claims citing it, review threads. */
  children?: ReactNode;
}

/**
 * One piece of evidence: when, what, from which source, how graded, where. Click to select it;
 * Shift- or Ctrl/⌘-click (or its box) to select several for a change to all at once.
 */
export function TimelineCard({ card, pins, areas = [], selected, tabbable = true, highlighted, onSelect, bulk, actions, children }: TimelineCardProps) {
  const { reliability, credibility } = card.grade;
  const ref = useRef<HTMLElement>(null);
  const tabIndex = tabbable ? undefined : -1;
  // A card selected on the axis or the map comes into view in the list.
  useEffect(() => {
    if (selected || highlighted) ref.current?.scrollIntoView({ block: "nearest" });
  }, [selected, highlighted]);
  return (
    <article
      ref={ref}
      className={`${styles.card} ${selected ? styles.selected : ""} ${highlighted ? styles.highlighted : ""}`}
      data-testid="timeline-card"
      data-card-id={card.id}
      data-selected={selected || undefined}
      data-highlighted={highlighted || undefined}
      data-checked={bulk?.checked || undefined}
      aria-current={selected || undefined}
    >
      <header className={styles.meta}>
        {bulk && (
          <input type="checkbox" className={styles.check} tabIndex={tabIndex} aria-label={`Select ${card.title}`} checked={bulk.checked} onChange={bulk.onToggle} />
        )}
        <time className={styles.when} dateTime={whenDateTime(card.when)}>
          {formatWhen(card.when)}
        </time>
        <abbr className={styles.grade} title={describeGrade(card.grade)}>
          {`${reliability}${credibility}`}
        </abbr>
      </header>
      <h3 className={styles.title}>
        <button
          type="button"
          className={styles.select}
          tabIndex={tabIndex}
          onClick={(e) => onSelect({ range: e.shiftKey, toggle: e.ctrlKey || e.metaKey })}
          // Shift-click extends the selection of cards, not a selection of text.
          onMouseDown={(e) => e.shiftKey && e.preventDefault()}
          aria-pressed={selected}
        >
          {card.title}
        </button>
      </h3>
      {eventSummary(card.event) !== "" && (
        <p className={styles.event} data-testid="card-event">
          {eventSummary(card.event)}
        </p>
      )}
      {card.body.trim() !== "" && <p className={`${styles.body} ${selected ? styles.full : ""}`}>{card.body}</p>}
      {card.source.title !== "" || card.source.url !== "" ? (
        <p className={styles.source}>
          <span className={styles.sourceLabel}>Source</span>{" "}
          {card.source.url !== "" ? (
            <a href={card.source.url} target="_blank" rel="noreferrer" tabIndex={tabIndex}>
              {card.source.title || card.source.url}
            </a>
          ) : (
            card.source.title
          )}
        </p>
      ) : null}
      {card.tags.length > 0 && (
        <ul className={styles.tags} aria-label="Tags">
          {card.tags.map((tag) => (
            <li key={tag}>{tag}</li>
          ))}
        </ul>
      )}
      {pins.length > 0 && (
        <ul className={styles.pins} aria-label="Linked pins">
          {pins.map((pin) => (
            <li key={pin.id} className={styles.pin} data-pin-id={pin.id} title={`${pin.kind}: ${pin.title}`}>
              {pin.title}
              {selected && actions && (
                <button type="button" className={styles.unlink} aria-label={`Unlink ${pin.title}`} onClick={() => actions.onUnlink(pin.id)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {areas.length > 0 && (
        <ul className={styles.pins} aria-label="Linked areas">
          {areas.map((area) => (
            <li key={area.id} className={`${styles.pin} ${styles.area}`} data-area-id={area.id} title={`${AREA_KIND_LABELS[area.kind]}: ${area.title}`}>
              {area.title}
              {selected && actions && (
                <button type="button" className={styles.unlink} aria-label={`Unlink ${area.title}`} onClick={() => actions.onUnlinkArea(area.id)}>
                  ×
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {selected && actions && (
        <div className={styles.actions}>
          <button type="button" onClick={actions.onPickPin}>
            Pick a pin on the map
          </button>
          {actions.unlinkedPins.length > 0 && (
            <select aria-label="Link a pin" value="" onChange={(e) => e.target.value && actions.onLink(e.target.value)}>
              <option value="">Link a pin…</option>
              {actions.unlinkedPins.map((pin) => (
                <option key={pin.id} value={pin.id}>
                  {pin.title}
                </option>
              ))}
            </select>
          )}
          {actions.unlinkedAreas.length > 0 && (
            <select aria-label="Link an area" value="" onChange={(e) => e.target.value && actions.onLinkArea(e.target.value)}>
              <option value="">Link an area or route…</option>
              {actions.unlinkedAreas.map((area) => (
                <option key={area.id} value={area.id}>
                  {area.title}
                </option>
              ))}
            </select>
          )}
          <button type="button" onClick={actions.onEdit}>
            Edit
          </button>
          <button type="button" className={styles.danger} onClick={actions.onDelete}>
            Delete
          </button>
        </div>
      )}
      {selected && children}
    </article>
  );
}
