/**
 * Where a person may be sent after signing in: a path on this site, never another site. The
 * sign-in page, the sign-in and sign-up actions, the route guard (proxy.ts) and the join flow all
 * ask here, so `?callbackUrl=//evil.example/` cannot turn any of them into an open redirect.
 */

/** A base that no real origin has: a value that resolves away from it leaves the site. */
const HERE = "http://same-origin.invalid";

/**
 * `value` as a same-origin path (path, query and fragment), or `fallback` when it is not one:
 * absolute URLs, protocol-relative `//host`, `/\host` (browsers read `\` as `/`), tabs or newlines
 * (browsers drop them, so `/\t/host` is `//host`), and paths whose dot segments collapse to `//host`.
 */
export function safeCallbackPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || /[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
  let url: URL;
  try {
    url = new URL(value, HERE);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  return url.origin === HERE && !path.startsWith("//") ? path : fallback;
}

/** The sign-in page, bringing the person back to `path` (if it is one of ours) afterwards. */
export function signInPath(path: string): string {
  return `/signin?callbackUrl=${encodeURIComponent(safeCallbackPath(path))}`;
}
