/**
 * The collab ticket: a short-lived JWT that says who is connecting to which board. It carries no
 * role: admission reads the person's current role from the database, so a role changed after the
 * ticket was signed still counts. Signed with HS256 under a key derived from AUTH_SECRET (never
 * the secret itself).
 */
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { SignJWT } from "jose";
import * as z from "zod";

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

/** The signing key of each secret, derived once (a process has one or two secrets). */
const keys = new Map<string, Uint8Array>();

function keyFrom(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) keys.set(secret, (key = new Uint8Array(hkdfSync("sha256", secret, "situation-board", "collab-ticket", 32))));
  return key;
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

const HeaderSchema = z.strictObject({ alg: z.literal("HS256"), typ: z.literal("JWT").optional() });
const TimesSchema = z.object({ aud: z.union([z.string(), z.array(z.string())]), exp: z.number(), nbf: z.number().optional() });

/**
 * The ticket's claims; throws on a bad signature, a wrong audience, expiry or missing claims.
 * Checked synchronously with node:crypto (one HMAC, compared in constant time), as every
 * collaboration socket's admission does it: the WebCrypto path took a thread-pool round trip and
 * a key import per ticket. Only what `signTicket` makes is accepted: HS256 and no other header (no `crit`, no `b64`).
 */
export function verifyTicket(token: string, secret: string): Ticket {
  const parts = token.split(".");
  if (parts.length !== 3) throw new Error("Invalid ticket: not a signed token");
  const [header, payload, signature] = parts;
  const expected = createHmac("sha256", keyFrom(secret)).update(`${header}.${payload}`).digest();
  const given = Buffer.from(signature, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new Error("Invalid ticket: signature verification failed");
  HeaderSchema.parse(decodePart(header));
  const claims = decodePart(payload);
  const times = TimesSchema.parse(claims);
  if (!(Array.isArray(times.aud) ? times.aud.includes(AUDIENCE) : times.aud === AUDIENCE)) throw new Error('Invalid ticket: unexpected "aud" claim value');
  const now = Math.floor(Date.now() / 1000);
  if (times.exp <= now) throw new Error('Invalid ticket: "exp" claim timestamp check failed');
  if (times.nbf !== undefined && times.nbf > now) throw new Error('Invalid ticket: "nbf" claim timestamp check failed');
  return ClaimsSchema.parse(claims);
}

/** A token part's JSON (base64url); throws when it is not one. */
function decodePart(part: string): unknown {
  return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
}
