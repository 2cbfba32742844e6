"use server";
/** Server actions of the board list. Input is parsed with zod; nothing is written on error. */
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session";
import { NewBoardSchema } from "@/lib/board/schema";
import { getDatabase } from "@/lib/db";

export interface CreateBoardState {
  error: string | null;
  values: { title: string; question: string };
}

export async function createBoardAction(_previous: CreateBoardState, form: FormData): Promise<CreateBoardState> {
  const user = await requireUser();
  const values = { title: String(form.get("title") ?? ""), question: String(form.get("question") ?? "") };
  const parsed = NewBoardSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { error: `${issue.path.join(".") === "title" ? "Title" : "Question"}: ${issue.message}`, values };
  }
  const board = await (await getDatabase()).createBoard(parsed.data, user.id);
  redirect(`/boards/${board.id}`);
}
