import { redirect } from "next/navigation";
import { AccessDenied } from "@/components/board/AccessDenied";
import { JoinBoard } from "@/components/board/JoinBoard";
import { signInPath } from "@/lib/auth/redirect";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db";
import { joinBoardAction } from "./join-actions";

export const dynamic = "force-dynamic";

const REFUSALS = {
  unknown: "This share link does not exist.",
  revoked: "This share link has been revoked.",
  expired: "This share link has expired.",
} as const;

/**
 * A share link: after sign-in it shows the board and a "Join board" button. Rendering it changes
 * nothing (a link preview or a prefetch must not join anyone); the button's POST does.
 */
export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentUser();
  if (!user) redirect(signInPath(`/join/${token}`));
  const database = await getDatabase();
  const status = /^[A-Za-z0-9_-]{10,64}$/.test(token) ? await database.members.linkStatus(token) : ({ refused: "unknown" } as const);
  if ("refused" in status) return <AccessDenied message={REFUSALS[status.refused]} />;
  const board = await database.boards.get(status.link.boardId);
  if (!board) return <AccessDenied message={REFUSALS.unknown} />;
  const currentRole = await database.members.roleOf(board.id, user.id);
  return <JoinBoard token={token} board={board} role={status.link.role} currentRole={currentRole} join={joinBoardAction} />;
}
