"use server";
/** Server actions of the board list: create, delete, restore. Input is parsed with zod; nothing is written on error. */
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { ActionError, boardAction, userAction, type ActionResult } from "@/lib/auth/action";
import { IdSchema, NewBoardSchema } from "@/lib/board/schema";
import { accessEvents } from "@/lib/collab/access-events";

export interface CreateBoardState {
  error: string | null;
  values: { title: string; question: string };
}

const createBoard = userAction(
  NewBoardSchema,
  async (input, { user, database }) => ({ board: await database.createBoard(input, user.id) }),
  {
    describe(error) {
      if (!(error instanceof z.ZodError)) return undefined;
      const issue = error.issues[0];
      return `${issue.path.join(".") === "title" ? "Title" : "Question"}: ${issue.message}`;
    },
  },
);

export async function createBoardAction(_previous: CreateBoardState, form: FormData): Promise<CreateBoardState> {
  const values = { title: String(form.get("title") ?? ""), question: String(form.get("question") ?? "") };
  const result = await createBoard(values);
  if (!result.ok) return { error: result.error, values };
  redirect(`/boards/${result.board.id}`);
}

const BoardIdInput = z.object({ boardId: IdSchema });

/** Owners delete a board: it leaves everyone's list and closes wherever it is open; restorable until purged. */
const deleteBoard = boardAction(BoardIdInput, "board:delete", async ({ boardId }, { database }) => {
  await database.boards.softDelete(boardId);
  accessEvents().publish({ boardId, userId: null });
  revalidatePath("/");
  return {};
});

/** An owner of a deleted (not yet purged) board brings it back for everyone on it. */
const restoreBoard = userAction(BoardIdInput, async ({ boardId }, { user, database }) => {
  const board = await database.boards.get(boardId);
  if (!board || board.deletedAt === null || (await database.members.roleOf(boardId, user.id)) !== "owner") {
    throw new ActionError("Only an owner can restore this board, and only until it is purged.");
  }
  await database.boards.restore(boardId);
  revalidatePath("/");
  return {};
});

export async function deleteBoardAction(boardId: string): Promise<ActionResult> {
  return deleteBoard({ boardId });
}

export async function restoreBoardAction(boardId: string): Promise<ActionResult> {
  return restoreBoard({ boardId });
}
