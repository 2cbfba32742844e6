import { notFound, redirect } from "next/navigation";
import { AccessDenied } from "@/components/board/AccessDenied";
import { BoardShell } from "@/components/board/BoardShell";
import { signInPath } from "@/lib/auth/redirect";
import { AccessError, requireBoardAccess } from "@/lib/auth/session";
import { basemapConfig } from "@/lib/basemap";
import { isBoardId } from "@/lib/collab/protocol";
import { getDatabase } from "@/lib/db";
import { readEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

export default async function BoardPage({ params }: { params: Promise<{ boardId: string }> }) {
  const { boardId } = await params;
  if (!isBoardId(boardId)) notFound();
  let access;
  try {
    access = await requireBoardAccess(boardId, "board:read");
  } catch (error) {
    if (!(error instanceof AccessError)) throw error;
    if (error.status === 401) redirect(signInPath(`/boards/${boardId}`));
    if (error.status === 404) notFound();
    return <AccessDenied message={error.message} />;
  }
  const board = (await (await getDatabase()).boards.get(boardId))!;
  return (
    <BoardShell
      boardId={board.id}
      initialTitle={board.title}
      initialQuestion={board.question}
      initialRole={access.role}
      me={{ id: access.user.id, name: access.user.name }}
      basemaps={basemapConfig(readEnv())}
    />
  );
}
