"use client";
/**
 * One Tab stop for a whole list (a roving tabindex): Tab reaches the list once and leaves it,
 * arrows move within it, Home/End go to the first and last item, PageUp/PageDown ten at a time.
 * Enter and Space are left to the items, which activate as a click does.
 */
import { useCallback, useState, type KeyboardEvent } from "react";

export type RovingOrientation = "vertical" | "horizontal";

const STEPS: Record<RovingOrientation, Record<string, number>> = {
  vertical: { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 },
  horizontal: { ArrowRight: 1, ArrowLeft: -1, ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 },
};

/** The index a key moves to from `index` in a list of `count`; null when the key is not a move. */
export function rovingTarget(key: string, index: number, count: number, orientation: RovingOrientation = "vertical"): number | null {
  if (count <= 0) return null;
  if (key === "Home") return 0;
  if (key === "End") return count - 1;
  const step = STEPS[orientation][key];
  if (step === undefined) return null;
  return Math.max(0, Math.min(count - 1, Math.max(0, index) + step));
}

/** Which item holds the list's Tab stop: the one last focused, else the selected one, else the first. */
export function rovingStop(ids: readonly string[], focused: string | null, selected: string | null): string | undefined {
  if (focused !== null && ids.includes(focused)) return focused;
  if (selected !== null && ids.includes(selected)) return selected;
  return ids[0];
}

interface RovingOptions {
  /** The items in their order. */
  ids: readonly string[];
  /** The selected item, which holds the Tab stop until another is focused. */
  selected: string | null;
  orientation?: RovingOrientation;
  /** Moves focus to an item (it may first have to be drawn or scrolled to). */
  focus(id: string): void;
}

export function useRovingFocus({ ids, selected, orientation = "vertical", focus }: RovingOptions) {
  // The item focused, and the selection then: a selection made since (on the map, on the axis)
  // moves the Tab stop to it.
  const [focused, setFocused] = useState<{ id: string; selected: string | null } | null>(null);
  const tabStop = rovingStop(ids, focused?.selected === selected ? focused.id : null, selected);
  const onFocusItem = useCallback((id: string) => setFocused({ id, selected }), [selected]);

  /** Handles a key on the item `id`; true when it moved focus. */
  const onKey = useCallback(
    (event: KeyboardEvent, id: string): boolean => {
      if (event.altKey || event.ctrlKey || event.metaKey) return false;
      const target = rovingTarget(event.key, ids.indexOf(id), ids.length, orientation);
      if (target === null) return false;
      event.preventDefault();
      event.stopPropagation();
      onFocusItem(ids[target]);
      focus(ids[target]);
      return true;
    },
    [ids, orientation, focus, onFocusItem],
  );

  return { tabStop, onKey, onFocusItem };
}
