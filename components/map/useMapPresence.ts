"use client";
/**
 * The map's part of each person's awareness state: `map: {selectedPinId, pointer}`, and what
 * each person says about presenting (`present`) and following (`following`). It is ephemeral
 * (never written to the document) and the pointer is sent at most ten times a second.
 */
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from "react";
import type { Awareness } from "y-protocols/awareness";
import { readFollowing, readPresenting, type PresenceUser, type PresenterState } from "@/lib/collab/presence";

export interface MapPresence {
  selectedPinId: string | null;
  pointer: [number, number] | null;
}

export interface MapPeer extends MapPresence {
  clientId: number;
  user: PresenceUser;
  /** What this person is presenting, if they are. */
  presenting: PresenterState | null;
  /** The client id of the presenter this person follows, if any. */
  following: number | null;
}

const POINTER_INTERVAL_MS = 100;
const NO_PEERS: MapPeer[] = [];

function readPeer(clientId: number, state: Record<string, unknown>): MapPeer | null {
  const user = state.user as Partial<PresenceUser> | undefined;
  const map = (state.map ?? {}) as Partial<MapPresence>;
  if (!user || typeof user.name !== "string" || typeof user.color !== "string") return null;
  const pointer = Array.isArray(map.pointer) && map.pointer.length === 2 && map.pointer.every(Number.isFinite) ? map.pointer : null;
  const selectedPinId = typeof map.selectedPinId === "string" ? map.selectedPinId : null;
  return {
    clientId,
    user: { id: String(user.id ?? ""), name: user.name, color: user.color },
    selectedPinId,
    pointer,
    presenting: readPresenting(state),
    following: readFollowing(state),
  };
}

function createPeerStore(awareness: Awareness) {
  let peers: MapPeer[] = NO_PEERS;
  const read = () => {
    const next: MapPeer[] = [];
    awareness.getStates().forEach((state, clientId) => {
      if (clientId === awareness.clientID) return;
      const peer = readPeer(clientId, state);
      if (peer) next.push(peer);
    });
    // A caret moving in the narrative changes awareness too; the map's peers stay the same array then.
    if (next.length === 0) peers = NO_PEERS;
    else if (JSON.stringify(next) !== JSON.stringify(peers)) peers = next;
  };
  read();
  return {
    subscribe(onChange: () => void) {
      const handler = () => {
        read();
        onChange();
      };
      awareness.on("change", handler);
      return () => awareness.off("change", handler);
    },
    get: () => peers,
  };
}

/** Everyone else on the board (map state, presenting, following); re-read only when someone's awareness changes. */
export function usePeers(awareness: Awareness): MapPeer[] {
  const store = useMemo(() => createPeerStore(awareness), [awareness]);
  return useSyncExternalStore(store.subscribe, store.get, () => NO_PEERS);
}

/** Publishes this person's selection and (throttled) pointer; returns everyone else's. */
export function useMapPresence(awareness: Awareness, selectedPinId: string | null) {
  const local = useRef<MapPresence>({ selectedPinId, pointer: null });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const publish = useCallback(() => awareness.setLocalStateField("map", { ...local.current }), [awareness]);

  useEffect(() => {
    local.current.selectedPinId = selectedPinId;
    publish();
  }, [selectedPinId, publish]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      awareness.setLocalStateField("map", null);
    },
    [awareness],
  );

  const setPointer = useCallback(
    (pointer: [number, number] | null) => {
      // A map showing copies of the world reports longitudes past ±180; presence carries them wrapped.
      local.current.pointer = pointer && [((((pointer[0] + 180) % 360) + 360) % 360) - 180, pointer[1]];
      if (pointer === null) {
        if (timer.current) clearTimeout(timer.current);
        timer.current = null;
        publish();
        return;
      }
      timer.current ??= setTimeout(() => {
        timer.current = null;
        publish();
      }, POINTER_INTERVAL_MS);
    },
    [publish],
  );

  return { peers: usePeers(awareness), setPointer };
}
