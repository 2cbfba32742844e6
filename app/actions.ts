"use server";
/** Server actions of the board list. Input is parsed with zod; nothing is written on error. */
import { redirect } from "next/navigation";
import { z } from "zod";
import { userAction } from "@/lib/auth/action";
import { NewBoardSchema } from "@/lib/board/schema";

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
