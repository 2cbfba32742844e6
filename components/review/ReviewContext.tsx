"use client";
/**
 * The board's review room for every component of the board: a read-only live copy of threads and
 * verdicts (the server writes them through the review actions), who is reading, with which role,
 * and the members a comment may mention.
 */
import { createContext, useCallback, useContext, useMemo, useState, useSyncExternalStore, type ReactNode } from "react";
import * as Y from "yjs";
import { listMentionablePeople } from "@/app/boards/[boardId]/review-actions";
import { reviewSnapshot, subscribeReview } from "@/components/board/boardConnection";
import { can, type Role } from "@/lib/auth/roles";
import { observeReview } from "@/lib/board/review";

export interface Person {
  id: string;
  name: string;
}

export interface ReviewContextValue {
  boardId: string;
  /** The review room's document; empty until it has loaded. */
  doc: Y.Doc;
  loading: boolean;
  me: Person;
  role: Role;
  /** What the UI offers; the server enforces the same table. */
  canComment: boolean;
  canVerdict: boolean;
  /** Board members who may be mentioned; loaded once someone starts a comment. */
  people: Person[];
  loadPeople(): void;
}

const ReviewContext = createContext<ReviewContextValue | null>(null);
/** Stands in for the review document until the connection exists. */
const EMPTY_DOC = new Y.Doc();

export function ReviewProvider({ boardId, me, role, children }: { boardId: string; me: Person; role: Role; children: ReactNode }) {
  const subscribe = useCallback((listener: () => void) => subscribeReview(boardId, me.id, listener), [boardId, me.id]);
  const connection = useSyncExternalStore(subscribe, () => reviewSnapshot(boardId, me.id), () => null);
  const [people, setPeople] = useState<Person[] | null>(null);
  const canComment = can(role, "review:comment");
  const loadPeople = useCallback(() => {
    if (people !== null || !canComment) return;
    setPeople([]);
    // Offline, nobody can be looked up; the next attempt (once online) asks again.
    void listMentionablePeople(boardId).then(
      (result) => setPeople(result.ok ? result.people : []),
      () => setPeople(null),
    );
  }, [boardId, canComment, people]);
  const value = useMemo(
    (): ReviewContextValue => ({
      boardId,
      doc: connection?.doc ?? EMPTY_DOC,
      loading: connection?.loading ?? true,
      me,
      role,
      canComment,
      canVerdict: can(role, "review:verdict"),
      people: people ?? [],
      loadPeople,
    }),
    [boardId, connection?.doc, connection?.loading, me, role, canComment, people, loadPeople],
  );
  return <ReviewContext.Provider value={value}>{children}</ReviewContext.Provider>;
}

export function useReview(): ReviewContextValue {
  const value = useContext(ReviewContext);
  if (!value) throw new Error("useReview must be used inside a ReviewProvider");
  return value;
}

/**
 * A value read from the review document, re-read after each change to threads or verdicts.
 * `read` must be stable (a module-level function).
 */
export function useReviewValue<T>(read: (doc: Y.Doc) => T): T {
  const { doc } = useReview();
  const store = useMemo(() => createReviewStore(doc, read), [doc, read]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}

function createReviewStore<T>(doc: Y.Doc, read: (doc: Y.Doc) => T) {
  let snapshot: { value: T } | null = null;
  return {
    subscribe(onChange: () => void): () => void {
      snapshot = null;
      return observeReview(doc, () => {
        snapshot = null;
        onChange();
      });
    },
    getSnapshot: (): T => (snapshot ??= { value: read(doc) }).value,
  };
}
