/**
 * Process-wide values. Next bundles route code and server actions separately from the server that
 * imports the same modules, so a module-level variable can exist twice in one process; a slot on
 * globalThis under a registered symbol exists once, whichever copy of the module asks.
 */

/** One value shared by every copy of a module in this process. */
export interface ProcessSlot<T> {
  get(): T | undefined;
  /** Stores `value` and returns it, so `slot.get() ?? slot.set(create())` makes it on first use. */
  set(value: T): T;
  clear(): void;
}

/** The slot named `name` (`Symbol.for("situation-board.<name>")` on globalThis). */
export function processSlot<T>(name: string): ProcessSlot<T> {
  const key = Symbol.for(`situation-board.${name}`);
  const slots = globalThis as unknown as Record<symbol, T | undefined>;
  return {
    get: () => slots[key],
    set: (value) => (slots[key] = value),
    clear: () => {
      delete slots[key];
    },
  };
}
