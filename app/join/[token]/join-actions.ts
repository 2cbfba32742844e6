"use server";
/**
 * Redeeming a share link. Joining changes who may open a board, so it happens only here, on a
 * POST the person sends by pressing "Join board" — never while the join page renders, where a
 * link preview or a prefetch would join whoever's cookies it carries.
 */
import { redirect } from "next/navigation";
import { z } from "zod";
import { signInPath } from "@/lib/auth/redirect";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db";

const TokenSchema = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/);

/** Joins the signed-in person to the link's board and opens it; a refused link goes back to the join page, which says why. */
export async function joinBoardAction(form: FormData): Promise<void> {
  const token = TokenSchema.safeParse(form.get("token"));
  const back = token.success ? `/join/${token.data}` : "/";
  const user = await currentUser();
  if (!user) redirect(signInPath(back));
  if (!token.success) redirect(back);
  const result = await (await getDatabase()).members.redeemLink(token.data, user.id);
  redirect("refused" in result ? back : `/boards/${result.boardId}`);
}
