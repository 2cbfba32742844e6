/**
 * GET: one state of a version of this board, as one Yjs update (application/octet-stream):
 * `?part=board` (the default) or `?part=review`. Anyone who may view the board's versions may read
 * them; a version of another board, or none, is a 404 that says so.
 */
import { z } from "zod";
import { accessErrorResponse, requireBoardAccess } from "@/lib/auth/session";
import { ID_PATTERN, isBoardId } from "@/lib/collab/protocol";
import { getDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

const PartSchema = z.enum(["board", "review"]).default("board");

const NO_VERSION = "This board has no such version. It may have been thinned away: list the versions again.";

export async function GET(request: Request, { params }: { params: Promise<{ boardId: string; versionId: string }> }) {
  const { boardId, versionId } = await params;
  if (!isBoardId(boardId)) return Response.json({ error: "This board does not exist." }, { status: 404 });
  const part = PartSchema.safeParse(new URL(request.url).searchParams.get("part") ?? undefined);
  if (!part.success) return Response.json({ error: "part must be board or review." }, { status: 400 });
  try {
    await requireBoardAccess(boardId, "versions:view");
  } catch (error) {
    return accessErrorResponse(error);
  }
  const version = ID_PATTERN.test(versionId) ? await (await getDatabase()).versions.get(boardId, versionId) : null;
  if (!version) return Response.json({ error: NO_VERSION }, { status: 404 });
  const bytes = part.data === "board" ? version.board : version.review;
  return new Response(new Uint8Array(bytes), {
    headers: {
      "content-type": "application/octet-stream",
      // A version never changes once made: the browser may keep it.
      "cache-control": "private, max-age=31536000, immutable",
    },
  });
}
