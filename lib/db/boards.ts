/** Boards as the board list sees them: the index of every board document. */
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
}

export class BoardRepository {
  constructor(private readonly db: Kysely<Tables>) {}

  async create(board: { id: string; title: string; question: string }): Promise<BoardSummary> {
    const now = Date.now();
    await this.db
      .insertInto("boards")
      .values({ ...board, created_at: now, updated_at: now })
      .execute();
    return { ...board, createdAt: now, updatedAt: now };
  }

  async get(id: string): Promise<BoardSummary | null> {
    const row = await this.db.selectFrom("boards").selectAll().where("id", "=", id).executeTakeFirst();
    return row ? toSummary(row) : null;
  }

  async exists(id: string): Promise<boolean> {
    const row = await this.db.selectFrom("boards").select("id").where("id", "=", id).executeTakeFirst();
    return row !== undefined;
  }

  /** Every board, most recently changed first. */
  async list(): Promise<BoardSummary[]> {
    const rows = await this.db.selectFrom("boards").selectAll().orderBy("updated_at", "desc").execute();
    return rows.map(toSummary);
  }

  /** The boards a person belongs to, with their role, most recently changed first. */
  async listFor(userId: string): Promise<Array<BoardSummary & { role: Role }>> {
    const rows = await this.db
      .selectFrom("boards")
      .innerJoin("board_members", "board_members.board_id", "boards.id")
      .selectAll("boards")
      .select("board_members.role")
      .where("board_members.user_id", "=", userId)
      .orderBy("boards.updated_at", "desc")
      .execute();
    return rows.map((row) => ({ ...toSummary(row), role: row.role as Role }));
  }

  /** Deletes a board, its memberships, links, stored document and client id owners. */
  async delete(id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const table of ["board_members", "board_invites", "share_links", "board_client_ids"] as const) {
        await trx.deleteFrom(table).where("board_id", "=", id).execute();
      }
      await trx.deleteFrom("doc_updates").where("room", "in", [id, `${id}.review`]).execute();
      await trx.deleteFrom("doc_snapshots").where("room", "in", [id, `${id}.review`]).execute();
      await trx.deleteFrom("boards").where("id", "=", id).execute();
    });
  }

  /** Records a committed change: the document's current title and question, and the time. */
  async touch(id: string, meta: Pick<Meta, "title" | "question">): Promise<void> {
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
  };
}
