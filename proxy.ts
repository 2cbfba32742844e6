/**
 * Every page and route passes here first. It sets the Content-Security-Policy with a fresh nonce
 * (lib/security-headers.ts), which Next also reads from the request to stamp its own scripts; and
 * it sends signed-out visitors to sign in, bringing them back afterwards. Pages and actions still
 * check the session and role themselves; this only saves a round trip for people who are signed out.
 */
import { NextResponse, type NextRequest } from "next/server";
import { signInPath } from "@/lib/auth/redirect";
import { readEnv } from "@/lib/env";
import { contentSecurityPolicy, newNonce } from "@/lib/security-headers";

const PUBLIC = ["/signin", "/signup", "/api/auth", "/serwist"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const env = readEnv();
  const policy = contentSecurityPolicy({
    nonce: newNonce(),
    host: request.headers.get("host"),
    development: env.NODE_ENV === "development",
    mapbox: Boolean(process.env.NEXT_PUBLIC_MAPBOX_TOKEN),
    oidcIssuer: env.AUTH_OIDC_ISSUER,
    mapStyleUrl: env.MAP_STYLE_URL,
  });
  const response = route(request, policy);
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

function route(request: NextRequest, policy: string): NextResponse {
  const { pathname, search } = request.nextUrl;
  const signedIn = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (signedIn || PUBLIC.some((path) => pathname === path || pathname.startsWith(path + "/"))) {
    const headers = new Headers(request.headers);
    headers.set("Content-Security-Policy", policy);
    return NextResponse.next({ request: { headers } });
  }
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: "Sign in to continue." }, { status: 401 });
  return NextResponse.redirect(new URL(signInPath(pathname + search), request.url));
}

export const config = {
  matcher: ["/((?!_next/|map/|favicon|icon).*)"],
};
