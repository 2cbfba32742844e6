/** The arithmetic of a list that draws only the rows in view (`CardList.tsx`), pure so it can be tested. */

/** Where each row starts, by the measured heights where known: `offsets[i]` to `offsets[i + 1]`. */
export function rowOffsets(ids: readonly string[], heights: ReadonlyMap<string, number>, estimate: number): Float64Array {
  const offsets = new Float64Array(ids.length + 1);
  for (let i = 0; i < ids.length; i++) offsets[i + 1] = offsets[i] + (heights.get(ids[i]) ?? estimate);
  return offsets;
}

/** The first and last row overlapping `[top, bottom]` (pixels from the list's top); [0, -1] without rows. */
export function rowRange(offsets: Float64Array, top: number, bottom: number): [number, number] {
  const rows = offsets.length - 1;
  if (rows <= 0) return [0, -1];
  // The last row starting at or before `top`, then forward while rows start before `bottom`.
  let lo = 0;
  let hi = rows - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (offsets[mid] <= top) lo = mid;
    else hi = mid - 1;
  }
  let last = lo;
  while (last + 1 < rows && offsets[last + 1] < bottom) last++;
  return [lo, last];
}
