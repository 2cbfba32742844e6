/** Table shapes of the one database, shared by every driver (see migrations.ts). */
import type { Generated } from "kysely";

export interface BoardsTable {
  id: string;
  title: string;
  question: string;
  created_at: number;
  updated_at: number;
  /** When an owner deleted the board; null while it is live. Purged after BOARD_RETENTION_DAYS. */
  deleted_at: number | null;
}

/** Append-only log of Yjs updates, one row per committed update. */
export interface DocUpdatesTable {
  id: Generated<number>;
  room: string;
  data: Uint8Array;
  /** digestOf(data) when written; null on rows written before digests existed. */
  digest: string | null;
  created_at: number;
}

/** The compacted state of a room: every update merged up to the rows it replaced. */
export interface DocSnapshotsTable {
  room: string;
  data: Uint8Array;
  /** digestOf(data) when written; null on snapshots written before digests existed. */
  digest: string | null;
  /** Highest log id merged into `data`: rows up to it may be gone from the log. */
  merged_through: Generated<number>;
  updated_at: number;
}

/** Stored rows that failed to decode: kept for inspection, never loaded into a document. */
export interface DocQuarantineTable {
  id: Generated<number>;
  room: string;
  data: Uint8Array;
  error: string;
  created_at: number;
}

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  /** scrypt hash; null for accounts that only sign in through an identity provider. */
  password_hash: string | null;
  created_at: number;
  /** Sessions issued before this time (ms since the epoch) are signed out ("sign out everywhere"). */
  sessions_valid_from: Generated<number>;
  /** 1: email copies of notifications (when the server sends email); 0: the inbox only. */
  email_notifications: Generated<number>;
}

export interface BoardMembersTable {
  board_id: string;
  user_id: string;
  role: string;
  created_at: number;
}

/** Invitations to an email address that has no account yet; turned into memberships at sign-up. */
export interface BoardInvitesTable {
  board_id: string;
  email: string;
  role: string;
  invited_by: string;
  created_at: number;
}

export interface ShareLinksTable {
  token: string;
  board_id: string;
  role: string;
  expires_at: number | null;
  revoked_at: number | null;
  created_by: string;
  created_at: number;
}

/** Who first wrote with each Yjs client id of a board (client-ids.ts). */
export interface BoardClientIdsTable {
  board_id: string;
  client_id: number;
  user_id: string;
  created_at: number;
}

/** Versions of a board (versions.ts): full states of the board and review documents. */
export interface BoardVersionsTable {
  id: string;
  board_id: string;
  /** auto | named | briefed */
  kind: string;
  /** Null for automatic versions. */
  name: string | null;
  created_at: number;
  /** Who made it; null for automatic versions. */
  created_by: string | null;
  /** JSON array of the ids of the people who wrote since the version before. */
  authors: string;
  /** Y.encodeStateAsUpdate of the board document, deflated (raw deflate). */
  board: Uint8Array;
  /** The review document's state as one update, deflated. */
  review: Uint8Array;
  state_vector: Uint8Array;
  /** Digest of the board's state vector and delete set and the review's state vector (versions.ts stateDigestOf). */
  state_digest: string;
  /** Stored bytes of the two states and the state vector. */
  bytes: number;
}

/** One entry of a person's inbox (notifications.ts). */
export interface NotificationsTable {
  id: string;
  user_id: string;
  board_id: string;
  kind: string;
  /** Who caused it; null when nobody did (a claim found at risk). */
  actor_id: string | null;
  actor_name: string;
  /** JSON of what it is about on the board ({kind, id}), or null for the board itself. */
  target: string | null;
  excerpt: string;
  created_at: number;
  read_at: number | null;
}

export interface Tables {
  users: UsersTable;
  board_members: BoardMembersTable;
  board_invites: BoardInvitesTable;
  share_links: ShareLinksTable;
  boards: BoardsTable;
  doc_updates: DocUpdatesTable;
  doc_snapshots: DocSnapshotsTable;
  doc_quarantine: DocQuarantineTable;
  board_client_ids: BoardClientIdsTable;
  board_versions: BoardVersionsTable;
  notifications: NotificationsTable;
}
