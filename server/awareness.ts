/**
 * Checks an awareness update from a client before the room applies it: well-formed, each state
 * within the size cap, only for client ids this connection owns (or new ones), and with the
 * `user` field taken from the ticket, so a client can neither bloat the room nor speak for
 * someone else. A person who may not present cannot announce a presentation (`present`).
 */
import { MAX_AWARENESS_STATE_BYTES } from "@/lib/collab/protocol";
import { encodeAwarenessEntries, readAwarenessEntries, type AwarenessEntry } from "@/lib/collab/wire";

export class AwarenessTooLarge extends Error {}

/**
 * Returns the re-encoded update holding only the entries this connection may write, each state's
 * `user` replaced by the connection's own (and `present` dropped unless `mayPresent`), or null
 * when none remain. Throws on malformed input and AwarenessTooLarge on an oversized state.
 */
export function filterAwarenessUpdate(
  update: Uint8Array,
  mayWrite: (clientId: number) => boolean,
  user: { id: string; name: string; color: string },
  mayPresent = false,
): Uint8Array | null {
  const entries: AwarenessEntry[] = [];
  for (const { clientId, clock, state } of readAwarenessEntries(update)) {
    if (Buffer.byteLength(state) > MAX_AWARENESS_STATE_BYTES) {
      throw new AwarenessTooLarge(`awareness state of ${Buffer.byteLength(state)} bytes`);
    }
    const parsed: unknown = JSON.parse(state);
    if (!mayWrite(clientId)) continue;
    const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
    // null means "left"; any other state speaks for this connection's person, whatever it claimed.
    if (!isObject) {
      entries.push({ clientId, clock, state: "null" });
      continue;
    }
    const { present, ...rest } = parsed as Record<string, unknown>;
    const kept = mayPresent && present !== undefined ? { ...rest, present, user } : { ...rest, user };
    entries.push({ clientId, clock, state: JSON.stringify(kept) });
  }
  return entries.length > 0 ? encodeAwarenessEntries(entries) : null;
}
