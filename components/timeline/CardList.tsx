"use client";
/**
 * The cards as a list that stays fast with thousands: past `VIRTUAL_FROM` cards only the ones in
 * (or near) the scrolled view are in the DOM, the rest stand in as padding of their measured (or
 * estimated) height, so the scroll bar is the whole list's. Every card stays reachable: by
 * scrolling, and by keyboard from any card's title (↑/↓ the next card, PageUp/PageDown ten,
 * Home/End the first and last), and the selected card is scrolled into view wherever it is.
 * The list is one Tab stop (a roving tabindex): the selected card's, or the one last focused.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { useRovingFocus } from "@/components/ui/useRovingFocus";
import { rowRange, rowOffsets } from "./listWindow";
import styles from "./TimelinePane.module.css";
import type { TimelineEntry } from "./useTimeline";

/** Up to this many cards the list renders them all. */
export const VIRTUAL_FROM = 200;
/** A card's height before it was measured, its bottom margin included. */
const ESTIMATED_ROW = 110;
/** Pixels drawn above and below the view, so a quick scroll does not show blank space. */
const OVERSCAN = 800;
const ROW_GAP = 10;

interface CardListProps {
  entries: readonly TimelineEntry[];
  /** The element that scrolls the list (it may hold other things above the list). */
  scrollRef: RefObject<HTMLElement | null>;
  selectedId: string | null;
  /** `tabbable`: the card holds the list's one Tab stop; the others are reached by the arrows. */
  renderCard(entry: TimelineEntry, tabbable: boolean): ReactNode;
}

/** Where the list is within its scrolling element, and what of it is in view. */
interface View {
  top: number;
  bottom: number;
}

export function CardList({ entries, scrollRef, selectedId, renderCard }: CardListProps) {
  const virtual = entries.length > VIRTUAL_FROM;
  const [list, setList] = useState<HTMLOListElement | null>(null);
  const [heights, setHeights] = useState<ReadonlyMap<string, number>>(() => new Map());
  const [view, setView] = useState<View>({ top: 0, bottom: 1200 });
  /** The card moved to by keyboard, focused once it is drawn. */
  const pendingFocus = useRef<string | null>(null);
  const sizes = useRef<ResizeObserver | null>(null);
  const ids = useMemo(() => entries.map((e) => e.card.id), [entries]);
  const offsets = useMemo(() => rowOffsets(ids, heights, ESTIMATED_ROW), [ids, heights]);
  const [first, last] = virtual ? rowRange(offsets, view.top - OVERSCAN, view.bottom + OVERSCAN) : [0, entries.length - 1];

  const listTop = (scroller: HTMLElement, element: HTMLElement) => element.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;

  // The view follows the scrolling element, at most once a frame.
  useEffect(() => {
    const scroller = scrollRef.current;
    if (!virtual || !scroller || !list) return;
    let frame = 0;
    const update = () => {
      frame = 0;
      const top = scroller.scrollTop - listTop(scroller, list);
      setView((v) => (v.top === top && v.bottom === top + scroller.clientHeight ? v : { top, bottom: top + scroller.clientHeight }));
    };
    const onScroll = () => (frame ||= requestAnimationFrame(update));
    update();
    scroller.addEventListener("scroll", onScroll, { passive: true });
    const resize = new ResizeObserver(onScroll);
    resize.observe(scroller);
    return () => {
      scroller.removeEventListener("scroll", onScroll);
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [virtual, scrollRef, list]);

  // Cards are measured once drawn (and again when they grow): the padding then matches what
  // scrolling reveals.
  useEffect(() => {
    if (!virtual) return;
    const observer = new ResizeObserver((changes) => {
      const measured: Array<[string, number]> = [];
      for (const change of changes) {
        const item = change.target as HTMLElement;
        if (item.isConnected && item.dataset.row) measured.push([item.dataset.row, item.offsetHeight + ROW_GAP]);
      }
      setHeights((previous) => (measured.every(([id, h]) => previous.get(id) === h) ? previous : new Map([...previous, ...measured])));
    });
    sizes.current = observer;
    return () => {
      observer.disconnect();
      sizes.current = null;
    };
  }, [virtual]);
  useEffect(() => {
    if (!list) return;
    if (sizes.current) for (const item of list.querySelectorAll<HTMLElement>(":scope > li[data-row]")) sizes.current.observe(item);
    // A card moved to by keyboard is focused once it is drawn.
    if (pendingFocus.current && focusCard(list, pendingFocus.current)) pendingFocus.current = null;
  });

  /** Scrolls the element so the card at `index` is in view, if it is not. */
  const reveal = (index: number) => {
    const scroller = scrollRef.current;
    if (!scroller || !list || index < 0) return;
    const base = listTop(scroller, list);
    const top = base + offsets[index];
    const bottom = base + offsets[index + 1];
    if (top < scroller.scrollTop) scroller.scrollTop = top - 8;
    else if (bottom > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = bottom - scroller.clientHeight + 8;
  };

  // A card selected elsewhere (on the axis, on the map) comes into view, drawn or not.
  const selectedIndex = selectedId ? ids.indexOf(selectedId) : -1;
  useEffect(() => {
    if (virtual && selectedIndex >= 0) reveal(selectedIndex);
    // `reveal` reads the latest offsets; following them would scroll back on every measurement.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [virtual, selectedIndex]);

  const focusAt = useCallback(
    (id: string) => {
      const target = ids.indexOf(id);
      reveal(target);
      if (!list || !focusCard(list, id)) pendingFocus.current = id;
    },
    // `reveal` reads the latest offsets and list.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ids, list, offsets],
  );
  const roving = useRovingFocus({ ids, selected: selectedId, focus: focusAt });

  const titleRow = (target: EventTarget) =>
    target instanceof HTMLElement && target.matches("h3 button") ? target.closest<HTMLElement>("li[data-row]")?.dataset.row : undefined;

  function handleKey(event: KeyboardEvent<HTMLOListElement>) {
    const id = titleRow(event.target);
    if (id) roving.onKey(event, id);
  }

  function handleFocus(event: FocusEvent<HTMLOListElement>) {
    const id = titleRow(event.target);
    if (id) roving.onFocusItem(id);
  }

  const rows = entries.slice(first, last + 1);
  return (
    <ol
      ref={setList}
      className={styles.list}
      aria-label="Cards"
      onKeyDown={handleKey}
      onFocus={handleFocus}
      style={virtual ? { paddingTop: offsets[first], paddingBottom: offsets[entries.length] - offsets[last + 1] } : undefined}
      data-testid="card-list"
      data-card-total={entries.length}
    >
      {rows.map((entry, i) => (
        <li
          key={entry.card.id}
          className={styles.item}
          data-row={entry.card.id}
          aria-posinset={first + i + 1}
          aria-setsize={entries.length}
          style={virtual ? { marginBottom: 0, paddingBottom: ROW_GAP } : undefined}
        >
          {renderCard(entry, entry.card.id === roving.tabStop)}
        </li>
      ))}
    </ol>
  );
}

/** Focuses a drawn card's title button; false when the card is not drawn. */
function focusCard(list: HTMLElement, id: string): boolean {
  const button = list.querySelector<HTMLElement>(`li[data-row="${CSS.escape(id)}"] h3 button`);
  button?.focus();
  return button !== null;
}
