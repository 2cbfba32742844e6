/**
 * The copy of each opened room (a board, or its review room) kept on this device, one IndexedDB
 * database per person and room (y-indexeddb), so that what is typed survives a closed tab, a dead
 * network and a browser restart, and is sent once the server is reachable again.
 *
 * Beside the document it keeps the Yjs client ids this person wrote with on this device (so that
 * changes of an earlier visit still count as unsaved until the server has them) and the server's
 * last confirmed state vector. A person's copies are removed when they sign out
 * (`clearLocalData`), and a room's copy when its person lost access and has nothing unsaved.
 *
 * Browser only. The naming and the compaction decision are pure and unit-tested.
 */
import { IndexeddbPersistence, PREFERRED_TRIM_SIZE, storeState } from "y-indexeddb";
import type * as Y from "yjs";

/** Every database of ours starts with this; the person's id and the room name follow. */
export const LOCAL_STORE_PREFIX = "situation-board";
/** localStorage key listing a person's rooms, for browsers that cannot list their databases. */
const INDEX_KEY_PREFIX = `${LOCAL_STORE_PREFIX}.rooms:`;
/** How long opening the local copy may take before the board goes on without it. */
const OPEN_TIMEOUT_MS = 3_000;
/** Rows of updates beyond which the copy is rewritten as one on open. */
export const COMPACT_AFTER_ROWS = 20;

const OWN_CLIENTS = "own-clients";
const SERVER_STATE = "server-state";

/** The database name of `userId`'s copy of `room`. */
export function localStoreName(userId: string, room: string): string {
  return `${LOCAL_STORE_PREFIX}:${userId}:${room}`;
}

/** The names among `names` that hold `userId`'s copies. */
export function storesOf(userId: string, names: Iterable<string>): string[] {
  const prefix = `${LOCAL_STORE_PREFIX}:${userId}:`;
  return Array.from(new Set(names)).filter((name) => name.startsWith(prefix));
}

/** True when a copy with this many rows of updates should be rewritten as one. */
export function shouldCompact(rows: number): boolean {
  return rows > COMPACT_AFTER_ROWS && rows < PREFERRED_TRIM_SIZE; // y-indexeddb compacts from PREFERRED_TRIM_SIZE on itself
}

export interface LocalStore {
  /** True when the copy held a document (this room was opened on this device before). */
  readonly hadContent: boolean;
  /** Client ids this person wrote with on this device, the current one included. */
  readonly ownClients: number[];
  /** The server's committed state vector as last confirmed, or null. */
  readonly lastServerState: Uint8Array | null;
  /** Keeps the server's committed state vector. */
  setServerState(stateVector: Uint8Array): void;
  /** Stops writing to the copy (the copy stays). */
  close(): Promise<void>;
  /** Removes the copy from this device. */
  clear(): Promise<void>;
}

/**
 * Opens `userId`'s copy of `room` and loads it into `doc`; null when this browser cannot keep one
 * (no IndexedDB, private mode, storage refused) or it takes too long to open.
 */
export async function openLocalStore(userId: string, room: string, doc: Y.Doc): Promise<LocalStore | null> {
  if (typeof indexedDB === "undefined") return null;
  const name = localStoreName(userId, room);
  let persistence: IndexeddbPersistence;
  try {
    persistence = new IndexeddbPersistence(name, doc);
  } catch {
    return null;
  }
  const opened = await Promise.race([
    persistence.whenSynced.then(() => true),
    (persistence as unknown as { _db: Promise<unknown> })._db.then(
      () => new Promise<boolean>(() => {}),
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), OPEN_TIMEOUT_MS)),
  ]);
  if (!opened) {
    void persistence.destroy().catch(() => {});
    return null;
  }
  remember(userId, room);
  const hadContent = doc.store.clients.size > 0;
  const [savedClients, serverState] = await Promise.all([
    persistence.get(OWN_CLIENTS).catch(() => undefined) as Promise<unknown>,
    persistence.get(SERVER_STATE).catch(() => undefined) as Promise<unknown>,
  ]);
  const ownClients = Array.from(new Set([...(Array.isArray(savedClients) ? savedClients.filter(Number.isInteger) : []), doc.clientID]));
  void persistence.set(OWN_CLIENTS, ownClients as unknown as ArrayBuffer).catch(() => {});
  const rows = (persistence as unknown as { _dbsize: number })._dbsize;
  if (shouldCompact(rows)) void storeState(persistence, true).catch(() => {});

  return {
    hadContent,
    ownClients,
    lastServerState: serverState instanceof Uint8Array ? serverState : null,
    setServerState: (stateVector) => void persistence.set(SERVER_STATE, stateVector as unknown as ArrayBuffer).catch(() => {}),
    close: () => persistence.destroy(),
    clear: async () => {
      await persistence.destroy();
      await deleteDatabase(name);
      forget(userId, room);
    },
  };
}

/**
 * Removes every copy `userId` keeps on this device (on sign-out). Resolves once the databases are
 * deleted, or once deleting them was started where an open tab still holds one (the browser
 * deletes it when that tab lets go).
 */
export async function clearLocalData(userId: string): Promise<void> {
  if (typeof indexedDB === "undefined") return;
  const known = new Set(readIndex(userId).map((room) => localStoreName(userId, room)));
  try {
    for (const { name } of await indexedDB.databases()) if (name) known.add(name);
  } catch {
    // Older browsers cannot list their databases: the index in localStorage has them.
  }
  await Promise.all(storesOf(userId, known).map(deleteDatabase));
  try {
    localStorage.removeItem(INDEX_KEY_PREFIX + userId);
  } catch {
    // No localStorage: nothing was indexed there.
  }
}

/** The names of the databases `userId` keeps on this device (for tests and the README's checks). */
export async function localStoreNames(userId: string): Promise<string[]> {
  if (typeof indexedDB === "undefined") return [];
  return storesOf(userId, (await indexedDB.databases()).map(({ name }) => name ?? ""));
}

function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = request.onerror = () => resolve();
    request.onblocked = () => resolve();
  });
}

function readIndex(userId: string): string[] {
  try {
    const rooms: unknown = JSON.parse(localStorage.getItem(INDEX_KEY_PREFIX + userId) ?? "[]");
    return Array.isArray(rooms) ? rooms.filter((room): room is string => typeof room === "string") : [];
  } catch {
    return [];
  }
}

function writeIndex(userId: string, rooms: string[]): void {
  try {
    if (rooms.length === 0) localStorage.removeItem(INDEX_KEY_PREFIX + userId);
    else localStorage.setItem(INDEX_KEY_PREFIX + userId, JSON.stringify(rooms));
  } catch {
    // No localStorage: databases are listed through indexedDB.databases() instead.
  }
}

function remember(userId: string, room: string): void {
  const rooms = readIndex(userId);
  if (!rooms.includes(room)) writeIndex(userId, [...rooms, room]);
}

function forget(userId: string, room: string): void {
  writeIndex(userId, readIndex(userId).filter((known) => known !== room));
}
