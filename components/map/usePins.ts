import type * as Y from "yjs";
import { useBoardValue } from "@/components/board/useBoardValue";
import { listPins } from "@/lib/board/model";
import type { Pin } from "@/lib/board/schema";

const PIN_PARTS = ["pins"] as const;
const NO_PINS: Pin[] = [];

/**
 * The board's valid pins, oldest first, re-read once per transaction that touched them (local or
 * remote). The array keeps its identity between changes, so derived data can be memoised on it.
 */
export function usePins(doc: Y.Doc): Pin[] {
  return useBoardValue(doc, PIN_PARTS, listPins, NO_PINS);
}
