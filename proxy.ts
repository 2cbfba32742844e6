/**
 * Route guard: pages other than sign-in and sign-up need a session cookie, or the person is sent
 * to sign in and brought back afterwards. Pages and actions still check the session and role
 * themselves; this only saves a round trip for people who are signed out.
 */
import { NextResponse, type NextRequest } from "next/server";
import { signInPath } from "@/lib/auth/redirect";

const PUBLIC = ["/signin", "/signup", "/api/auth"];
const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token"];

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (PUBLIC.some((path) => pathname === path || pathname.startsWith(path + "/"))) return NextResponse.next();
  if (SESSION_COOKIES.some((name) => request.cookies.has(name))) return NextResponse.next();
  if (pathname.startsWith("/api/")) return NextResponse.json({ error: "Sign in to continue." }, { status: 401 });
  return NextResponse.redirect(new URL(signInPath(pathname + search), request.url));
}

export const config = {
  matcher: ["/((?!_next/|map/|favicon|icon).*)"],
};
