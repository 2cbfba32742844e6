/**
 * Checks an awareness update from a client before the room applies it: well-formed, each state
 * within the size cap, only for client ids this connection owns (or new ones), and with the
 * `user` field taken from the ticket, so a client can neither bloat the room nor speak for
 * someone else. A person who may not present cannot announce a presentation (`present`).
 */
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { MAX_AWARENESS_STATE_BYTES } from "@/lib/collab/protocol";

export class AwarenessTooLarge extends Error {}

interface Entry {
  clientId: number;
  clock: number;
  state: string;
}

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
  const decoder = decoding.createDecoder(update);
  const count = decoding.readVarUint(decoder);
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(decoder);
    const clock = decoding.readVarUint(decoder);
    const state = decoding.readVarString(decoder);
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
  if (decoding.hasContent(decoder)) throw new Error("trailing bytes after the awareness update");
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, state);
  }
  return encoding.toUint8Array(encoder);
}
