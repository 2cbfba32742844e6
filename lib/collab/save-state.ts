/**
 * "Saved" as the protocol defines it: after each durable commit the server sends its state
 * vector (sync step 1) to the connections whose updates it committed. A client is saved when that
 * state vector covers everything the client itself has written.
 */
import type { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { MessageType, readSavedState } from "./wire";

export type SaveState = "saving" | "saved" | "offline";

/**
 * True when `remote` (an encoded state vector) holds every change `doc` has made itself.
 * Only this client's own entry counts: changes it received from others were the server's first.
 */
export function coversLocalChanges(remote: Uint8Array, doc: Y.Doc): boolean {
  const server = Y.decodeStateVector(remote);
  return (server.get(doc.clientID) ?? 0) >= Y.getState(doc.store, doc.clientID);
}

/**
 * Follows the save state of a stock y-websocket provider: "saving" after a local change,
 * "saved" once the server's committed state covers it, "offline" while disconnected.
 * A change that only deletes leaves the state vector as it was, so it counts as saved at once;
 * the client keeps it and sends it again on reconnect until the server has it.
 * Returns a function that stops watching.
 */
export function watchSaveState(provider: WebsocketProvider, onChange: (state: SaveState) => void): () => void {
  const doc = provider.doc;
  let state: SaveState | null = null;
  let lastServerState: Uint8Array | null = null;
  const set = (next: SaveState) => {
    if (next !== state) onChange((state = next));
  };
  const evaluate = () => {
    if (!provider.wsconnected) return set("offline");
    set(lastServerState && coversLocalChanges(lastServerState, doc) ? "saved" : "saving");
  };

  const original = provider.messageHandlers[MessageType.sync];
  provider.messageHandlers[MessageType.sync] = (encoder, decoder, p, emitSynced, messageType) => {
    lastServerState = readSavedState(decoder) ?? lastServerState;
    original(encoder, decoder, p, emitSynced, messageType);
    evaluate();
  };
  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin !== provider) evaluate();
  };
  const onStatus = () => {
    lastServerState = null;
    evaluate();
  };
  doc.on("update", onUpdate);
  provider.on("status", onStatus);
  evaluate();
  return () => {
    provider.messageHandlers[MessageType.sync] = original;
    doc.off("update", onUpdate);
    provider.off("status", onStatus);
  };
}
