/**
 * Boards as the board list sees them: the index of every board document. A deleted board stays
 * here, restorable by its owners, until it is purged with its members, links and stored document.
 */
import type { Kysely } from "kysely";
import type { Role } from "@/lib/auth/roles";
import type { Meta } from "@/lib/board/schema";
import type { Tables } from "./tables";

export interface BoardSummary {
  id: string;
  title: string;
  question: string;
  createdAt: number;
  updatedAt: number;
  /** When it was deleted (restorable until purged); null while it is live. */
  deletedAt: number | null;
}

/** A board in someone's list: their role and who else is on it. */
export type ListedBoard = BoardSummary & { role: Role; members: string[] };

export class BoardRepository {
  constructor(
    private readonly db: Kysely<Tables>,
    /** Refreshes list entries elsewhere (SQLite's writer thread, off the event loop); on `db` without it. */
    private readonly writeTouch?: (id: string, meta: Pick<Meta, "title" | "question">) => Promise<void>,
  ) {}

  async create(board: { id: string; title: string; question: string }): Promise<BoardSummary> {
    const now = Date.now();
    await this.db
      .insertInto("boards")
      .values({ ...board, created_at: now, updated_at: now, deleted_at: null })
      .execute();
    return { ...board, createdAt: now, updatedAt: now, deletedAt: null };
  }

  async get(id: string): Promise<BoardSummary | null> {
    const row = await this.db.selectFrom("boards").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toSummary(row) : null;
  }

  /** True for a live board (one not deleted). */
  async exists(id: string): Promise<boolean> {
    const row = await this.db.selectFrom("boards").select("id").where("id", "=", id).where("deleted_at", "is", null).executeTakeFirst();
    return row !== undefined;
  }

  /** Every board, deleted ones included, most recently changed first. */
  async list(): Promise<BoardSummary[]> {
    const rows = await this.db.selectFrom("boards").selectAll().orderBy("updated_at", "desc").execute();
    return rows.map(toSummary);
  }

  /** The live boards a person belongs to, with their role and the names of everyone on each, most recently changed first. */
  async listFor(userId: string): Promise<ListedBoard[]> {
    return this.listed(userId, false);
  }

  /** The deleted, not yet purged boards a person owns (they may restore them), most recently deleted first. */
  async listDeletedFor(userId: string): Promise<ListedBoard[]> {
    return (await this.listed(userId, true)).filter((board) => board.role === "owner").sort((a, b) => b.deletedAt! - a.deletedAt!);
  }

  private async listed(userId: string, deleted: boolean): Promise<ListedBoard[]> {
    const rows = await this.db
      .selectFrom("boards")
      .innerJoin("board_members", "board_members.board_id", "boards.id")
      .selectAll("boards")
      .select("board_members.role")
      .where("board_members.user_id", "=", userId)
      .where("boards.deleted_at", deleted ? "is not" : "is", null)
      .orderBy("boards.updated_at", "desc")
      .execute();
    if (rows.length === 0) return [];
    const people = await this.db
      .selectFrom("board_members")
      .innerJoin("users", "users.id", "board_members.user_id")
      .select(["board_members.board_id", "users.name"])
      .where("board_members.board_id", "in", rows.map((row) => row.id))
      .orderBy("users.name")
      .execute();
    const names = new Map<string, string[]>();
    for (const person of people) names.set(person.board_id, [...(names.get(person.board_id) ?? []), person.name]);
    return rows.map((row) => ({ ...toSummary(row), role: row.role as Role, members: names.get(row.id) ?? [] }));
  }

  /** Deletes a board softly: it disappears for everyone and its owners may restore it until it is purged. */
  async softDelete(id: string, at = Date.now()): Promise<void> {
    await this.db.updateTable("boards").set({ deleted_at: at }).where("id", "=", id).where("deleted_at", "is", null).execute();
  }

  /** Brings a deleted board back as it was; false when there is no such deleted board. */
  async restore(id: string): Promise<boolean> {
    const result = await this.db.updateTable("boards").set({ deleted_at: null }).where("id", "=", id).where("deleted_at", "is not", null).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Purges every board deleted before `cutoff` (a time in ms), with all it held; returns their ids. */
  async purgeDeleted(cutoff: number): Promise<string[]> {
    const rows = await this.db.selectFrom("boards").select("id").where("deleted_at", "is not", null).where("deleted_at", "<", cutoff).execute();
    for (const { id } of rows) await this.delete(id);
    return rows.map((row) => row.id);
  }

  /** Deletes a board, its memberships, links, stored document, client id owners, notifications and versions. */
  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of ["board_members", "board_invites", "share_links", "board_client_ids", "notifications", "board_versions"] as const) {
        await trx.deleteFrom(table).where("board_id", "=", id).execute();
      }
      await trx.deleteFrom("doc_updates").where("room", "in", [id, `${id}.review`]).execute();
      await trx.deleteFrom("doc_snapshots").where("room", "in", [id, `${id}.review`]).execute();
      await trx.deleteFrom("boards").where("id", "=", id).execute();
    });
  }

  /** Records a committed change: the document's current title and question, and the time. */
  async touch(id: string, meta: Pick<Meta, "title" | "question">): Promise<void> {
    if (this.writeTouch) return this.writeTouch(id, meta);
    await this.db
      .updateTable("boards")
      .set({ title: meta.title, question: meta.question, updated_at: Date.now() })
      .where("id", "=", id)
      .execute();
  }
}

function toSummary(row: Tables["boards"]): BoardSummary {
  return {
    id: row.id,
    title: row.title,
    question: row.question,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    deletedAt: row.deleted_at === null || row.deleted_at === undefined ? null : Number(row.deleted_at),
  };
}
