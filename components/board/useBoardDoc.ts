"use client";
/**
 * The live board document of `boardId` for this component, and what the header shows about it:
 * who is here, whether the board has loaded, the save state and why the server refused, if it did.
 */
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { boardSnapshot, subscribeBoard, type BoardConnection } from "./boardConnection";
import type { BoardUser } from "./types";

export function useBoardDoc(boardId: string, user: BoardUser): BoardConnection | null {
  const subscribe = useCallback((listener: () => void) => subscribeBoard(boardId, user.id, listener), [boardId, user.id]);
  const connection = useSyncExternalStore(subscribe, () => boardSnapshot(boardId, user.id), () => null);
  const awareness = connection?.awareness;

  useEffect(() => {
    if (awareness && user.id) awareness.setLocalStateField("user", user);
  }, [awareness, user]);

  return connection;
}
