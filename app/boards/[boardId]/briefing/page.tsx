import { notFound, redirect } from "next/navigation";
import { AccessDenied } from "@/components/board/AccessDenied";
import { BriefingPage } from "@/components/present/BriefingPage";
import { signInPath } from "@/lib/auth/redirect";
import { AccessError, requireBoardAccess } from "@/lib/auth/session";
import { isBoardId } from "@/lib/collab/protocol";

export const dynamic = "force-dynamic";

/** The board's scenes as a printable briefing: anyone who may read the board may print it. */
export default async function BriefingRoute({ params }: { params: Promise<{ boardId: string }> }) {
  const { boardId } = await params;
  if (!isBoardId(boardId)) notFound();
  let userId: string;
  try {
    userId = (await requireBoardAccess(boardId, "board:read")).user.id;
  } catch (error) {
    if (!(error instanceof AccessError)) throw error;
    if (error.status === 401) redirect(signInPath(`/boards/${boardId}/briefing`));
    if (error.status === 404) notFound();
    return <AccessDenied message={error.message} />;
  }
  return <BriefingPage boardId={boardId} userId={userId} />;
}
