/**
 * The collab ticket: a short-lived JWT that says who is connecting to which board. It carries no
 * role: admission reads the person's current role from the database, so a role changed after the
 * ticket was signed still counts. Signed with HS256 under a key derived from AUTH_SECRET (never
 * the secret itself).
 */
import { hkdfSync } from "node:crypto";
import { SignJWT, jwtVerify } from "jose";
import { z } from "zod";

/** Tickets are for connecting, not for staying connected: two minutes is plenty. */
export const TICKET_TTL_SECONDS = 120;
const AUDIENCE = "collab";

export interface Ticket {
  /** The user id. */
  sub: string;
  name: string;
  board: string;
}

const ClaimsSchema = z.object({ sub: z.string().min(1), name: z.string().max(200), board: z.string().min(1) });

function keyFrom(secret: string): Uint8Array {
  return new Uint8Array(hkdfSync("sha256", secret, "situation-board", "collab-ticket", 32));
}

export async function signTicket(ticket: Ticket, secret: string, ttlSeconds = TICKET_TTL_SECONDS): Promise<string> {
  return new SignJWT({ name: ticket.name, board: ticket.board })
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(ticket.sub)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
    .sign(keyFrom(secret));
}

/** The ticket's claims; throws on a bad signature, a wrong audience, expiry or missing claims. */
export async function verifyTicket(token: string, secret: string): Promise<Ticket> {
  const { payload } = await jwtVerify(token, keyFrom(secret), { audience: AUDIENCE, algorithms: ["HS256"] });
  return ClaimsSchema.parse(payload);
}
