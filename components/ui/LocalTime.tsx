"use client";
/**
 * A moment on the board ("29 Nov 2026, 12:49") in the reader's language and time zone, inside a
 * `<time>` whose `dateTime` is ISO 8601 for machines.
 *
 * The server knows neither the language nor the zone, so it and the browser's hydrating render
 * both write the moment in UTC (saying so); the browser then rewrites it in the person's own. The
 * two first renders agree, so hydration never finds a mismatch.
 */
import { useSyncExternalStore } from "react";
import { FIXED_READER, formatMoment, formatMomentDay, momentDateTime } from "@/lib/board/dates";

const subscribe = () => () => {};

/** False on the server and while hydrating, true once the browser's own reader can be used. */
export function useLocalReader(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}

export function LocalTime({ at, day = false }: { at: number; /** The day only ("29 Nov 2026"). */ day?: boolean }) {
  const local = useLocalReader();
  const reader = local ? {} : FIXED_READER;
  return <time dateTime={momentDateTime(at)}>{day ? formatMomentDay(at, reader) : formatMoment(at, reader)}</time>;
}
