/**
 * POST: a short-lived collab ticket for the signed-in member of this board, offered as a WebSocket
 * subprotocol when connecting. The role is returned beside it for the page, not inside it.
 */
import { accessErrorResponse, requireBoardAccess } from "@/lib/auth/session";
import { authSecret } from "@/lib/auth/secret";
import { signTicket, TICKET_TTL_SECONDS } from "@/lib/auth/ticket";
import { isBoardId } from "@/lib/collab/protocol";

export const dynamic = "force-dynamic";

export async function POST(_request: Request, { params }: { params: Promise<{ boardId: string }> }) {
  const { boardId } = await params;
  if (!isBoardId(boardId)) return Response.json({ error: "This board does not exist." }, { status: 404 });
  try {
    const { user, role } = await requireBoardAccess(boardId, "board:read");
    const ticket = await signTicket({ sub: user.id, name: user.name, board: boardId }, authSecret());
    return Response.json(
      { ticket, role, user: { id: user.id, name: user.name }, expiresIn: TICKET_TTL_SECONDS },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    return accessErrorResponse(error);
  }
}
