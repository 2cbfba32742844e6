/**
 * POST: a short-lived collab ticket for the signed-in member of this board, offered as a WebSocket
 * subprotocol when connecting. The role is returned beside it for the page, not inside it.
 */
import { accessErrorResponse, requireBoardAccess } from "@/lib/auth/session";
import { authSecret } from "@/lib/auth/secret";
import { signTicket, TICKET_TTL_SECONDS } from "@/lib/auth/ticket";
import { isBoardId, type BoardLimits } from "@/lib/collab/protocol";
import { readEnv } from "@/lib/env";

export const dynamic = "force-dynamic";

export async function POST(_request: Request, { params }: { params: Promise<{ boardId: string }> }) {
  const { boardId } = await params;
  if (!isBoardId(boardId)) return Response.json({ error: "This board does not exist." }, { status: 404 });
  try {
    const { user, role } = await requireBoardAccess(boardId, "board:read");
    const ticket = await signTicket({ sub: user.id, name: user.name, board: boardId }, authSecret());
    // The board's size limits, so the browser can tell the person before writing what would be refused.
    const env = readEnv();
    const limits: BoardLimits = { maxBytes: env.BOARD_MAX_BYTES, maxItems: env.BOARD_MAX_ITEMS };
    return Response.json(
      { ticket, role, user: { id: user.id, name: user.name }, expiresIn: TICKET_TTL_SECONDS, limits },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return accessErrorResponse(error);
  }
}
