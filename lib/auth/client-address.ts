/**
 * Which client a request comes from, for limits that must not be shared by everyone nor chosen
 * by the client. The app's HTTP server (server/app.ts) works it out from the socket, and from
 * X-Forwarded-For only behind TRUST_PROXY reverse proxies, and hands it to the routes and
 * actions behind it in one request header, replacing any value a client sent under that name.
 */
import { isIP } from "node:net";

/** The request header that carries the client's address from server/app.ts to routes and actions. */
export const CLIENT_ADDRESS_HEADER = "x-situation-board-client";

/** What a request that did not come through server/app.ts (a test, a bare `next start`) counts as. */
export const UNKNOWN_CLIENT = "unknown";

/**
 * The client's address: the socket's peer or, behind `trustedProxies` reverse proxies, the
 * address the outermost of them saw — each proxy appends the peer it saw to X-Forwarded-For, so
 * that is the entry `trustedProxies` places from the right (with the peer itself as the last);
 * entries further left are whatever the client wrote. Trust proxies only when clients cannot
 * reach the app except through them.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  const forwarded = trustedProxies > 0 ? [forwardedFor ?? []].flat().flatMap((value) => value.split(",")) : [];
  const chain = [...forwarded.map((entry) => entry.trim()).filter(Boolean), peer ?? ""];
  return normalizeAddress(chain[Math.max(0, chain.length - 1 - trustedProxies)]);
}

/** The client address server/app.ts put in these request headers, or UNKNOWN_CLIENT. */
export function clientAddressOf(headers: Headers | undefined): string {
  return headers?.get(CLIENT_ADDRESS_HEADER) || UNKNOWN_CLIENT;
}

/**
 * One key per client: IPv4 as is (also when written as `::ffff:a.b.c.d` or with a port), IPv6 as
 * its /64 — the block one subscriber is given, so walking through it buys nothing.
 */
export function normalizeAddress(raw: string): string {
  let address = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.replace(/%.*$/, ""); // an IPv6 zone (fe80::1%eth0)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) address = mapped[1];
  switch (isIP(address)) {
    case 4:
      return address;
    case 6:
      return `${ipv6Groups(address).slice(0, 4).join(":")}::/64`;
    default:
      return address ? `other:${address.slice(0, 100)}` : UNKNOWN_CLIENT;
  }
}

/** The eight groups of a valid IPv6 address, `::` expanded, without leading zeros. */
function ipv6Groups(address: string): string[] {
  const groupsIn = (part: string) => (part === "" ? [] : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])));
  const [head, tail] = address.split("::");
  const left = groupsIn(head);
  const right = tail === undefined ? [] : groupsIn(tail);
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return groups.map((group) => parseInt(group, 16).toString(16));
}
