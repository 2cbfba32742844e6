/**
 * Who owns each Yjs client id of a board: the person who first wrote with it there. Yjs trusts
 * the client id a struct carries; a person writing under someone else's id at that person's next
 * clock would make the server drop the owner's own later (offline) edit as already known, while
 * the owner's client shows it saved. So the server refuses structs under an id another person
 * owns (server/client-ids.ts), and remembers owners here, with the board, across restarts and
 * instances.
 *
 * A claim is first-come: `claim` inserts what is not recorded yet and answers who owns each id
 * afterwards, so two instances claiming one id at once agree on the one that landed first.
 */
import type { Kysely } from "kysely";
import { prepared } from "./prepared";
import type { Tables } from "./tables";

/** One claim: `userId` wrote first with `clientId`. */
export interface ClientIdClaim {
  clientId: number;
  userId: string;
}

/** Rows per insert or select statement, below SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 200;

/** Stores claims elsewhere (SQLite's writer thread, with the log rows): the same contract as `claim`. */
export type ClaimWriter = (boardId: string, claims: readonly ClientIdClaim[]) => Promise<Map<number, string>>;

/** Read whenever a board's room loads. */
const ownersQuery = prepared(1, (db: Kysely<Tables>, boardId: string) =>
  db.selectFrom("board_client_ids").select(["client_id", "user_id"]).where("board_id", "=", boardId),
);

export class ClientIdRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    private readonly writeClaims?: ClaimWriter,
  ) {}

  /** Every owned client id of a board, with its owner. */
  async owners(boardId: string): Promise<Map<number, string>> {
    const rows = await ownersQuery(this.db, boardId);
    return new Map(rows.map((row) => [Number(row.client_id), row.user_id]));
  }

  /**
   * Records the claims not recorded yet and resolves to the owner of each claimed id as stored
   * now: the claimant, or whoever claimed it first.
   */
  async claim(boardId: string, claims: readonly ClientIdClaim[]): Promise<Map<number, string>> {
    const owners = new Map<number, string>();
    if (claims.length === 0) return owners;
    if (this.writeClaims) return this.writeClaims(boardId, claims);
    const createdAt = Date.now();
    for (let i = 0; i < claims.length; i += CHUNK) {
      const chunk = claims.slice(i, i + CHUNK);
      await this.db
        .insertInto("board_client_ids")
        .values(chunk.map(({ clientId, userId }) => ({ board_id: boardId, client_id: clientId, user_id: userId, created_at: createdAt })))
        .onConflict((conflict) => conflict.columns(["board_id", "client_id"]).doNothing())
        .execute();
      const rows = await this.db
        .selectFrom("board_client_ids")
        .select(["client_id", "user_id"])
        .where("board_id", "=", boardId)
        .where("client_id", "in", chunk.map((c) => c.clientId))
        .execute();
      for (const row of rows) owners.set(Number(row.client_id), row.user_id);
    }
    return owners;
  }
}
