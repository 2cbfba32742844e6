import { redirect } from "next/navigation";
import { AccessDenied } from "@/components/board/AccessDenied";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db";

export const dynamic = "force-dynamic";

const REFUSALS = {
  unknown: "This share link does not exist.",
  revoked: "This share link has been revoked.",
  expired: "This share link has expired.",
} as const;

/** A share link: after sign-in it adds the person to the board with the link's role. */
export default async function JoinPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const user = await currentUser();
  if (!user) redirect(`/signin?callbackUrl=${encodeURIComponent(`/join/${token}`)}`);
  const result = /^[A-Za-z0-9_-]{10,64}$/.test(token)
    ? await (await getDatabase()).members.redeemLink(token, user.id)
    : ({ refused: "unknown" } as const);
  if ("refused" in result) return <AccessDenied message={REFUSALS[result.refused]} />;
  redirect(`/boards/${result.boardId}`);
}
