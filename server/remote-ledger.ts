/**
 * The updates a room received from other instances over the fan-out and that their writer has not
 * yet confirmed as committed. Normally each is dropped when its instance says "committed up to
 * seq"; one whose confirmation never comes (the instance died, or Redis lost the message) is
 * handed back to be stored here too. Bookkeeping only: the room applies, the commits store.
 */

/**
 * An update from another instance whose commit that instance has not confirmed within this time
 * (it died, or Redis lost the confirmation) is stored here too: storing twice is harmless, losing is not.
 */
export const UNCONFIRMED_GRACE_MS = 10_000;

interface Unconfirmed {
  seq: number;
  update: Uint8Array;
  receivedAt: number;
}

export class RemoteLedger {
  /** Per instance, its updates not yet confirmed, in the order received. */
  private unconfirmed = new Map<string, Unconfirmed[]>();

  /** True when no update of another instance awaits its confirmation. */
  get isEmpty(): boolean {
    return this.unconfirmed.size === 0;
  }

  /** Remembers an applied update that instance `from` numbered `seq`, until it is confirmed. */
  record(from: string, seq: number, update: Uint8Array): void {
    const list = this.unconfirmed.get(from) ?? [];
    list.push({ seq, update, receivedAt: Date.now() });
    this.unconfirmed.set(from, list);
  }

  /** Another instance committed its updates up to `seq`: they need not be stored here. */
  confirm(from: string, seq: number): void {
    const list = this.unconfirmed.get(from);
    if (!list) return;
    const rest = list.filter((entry) => entry.seq > seq);
    if (rest.length > 0) this.unconfirmed.set(from, rest);
    else this.unconfirmed.delete(from);
  }

  /** Forgets and returns the updates unconfirmed since before `now - UNCONFIRMED_GRACE_MS`: they are due for storing here. */
  sweep(now: number): Uint8Array[] {
    const due: Uint8Array[] = [];
    for (const [from, list] of this.unconfirmed) {
      const keep = list.filter((entry) => entry.receivedAt + UNCONFIRMED_GRACE_MS > now);
      for (const entry of list) if (!keep.includes(entry)) due.push(entry.update);
      if (keep.length > 0) this.unconfirmed.set(from, keep);
      else this.unconfirmed.delete(from);
    }
    return due;
  }
}
