/**
 * The Content-Security-Policy of every page and route, set by proxy.ts with a fresh nonce per
 * request. (The headers that never vary — nosniff, Referrer-Policy, X-Frame-Options — are set on
 * every response, static files included, by next.config.ts.)
 *
 * Scripts: a nonce with 'strict-dynamic', not 'unsafe-inline'. Next stamps the nonce it finds in
 * this header on its own inline bootstrap and on the chunks it loads, and a chunk may load more;
 * an injected `<script>` or `onerror=` has no nonce and does not run. The price is that every page
 * renders per request (app/layout.tsx asks for that) — ours already do, as each shows one person's
 * boards — and that no HTML is cached with a nonce in it, except by the service worker (app/sw.ts):
 * offline it replays a page kept for its own person, with the policy and nonce it was served with;
 * online every page is fetched anew.
 *
 * Styles keep 'unsafe-inline': React, maplibre and TipTap set `style` attributes and TipTap adds a
 * `<style>` element, none of which a nonce can cover; without script a style can do far less.
 * Images may be data: and blob: (the briefing's map snapshots, the map's own canvases); maplibre's
 * worker is a script of this site (blob: for mapbox-gl's); sockets go to this host only. With a
 * Mapbox token the map also talks to Mapbox; with MAP_STYLE_URL on another site, the map fetches
 * that style and what it names from that site's origin (a PMTiles basemap is served by this
 * site itself); with OpenID Connect the sign-in form may post on to
 * the provider. No page may be framed, no plugin loaded, no `<base>` moved.
 */

export interface PolicyContext {
  /** A fresh random value per response. */
  nonce: string;
  /** The request's Host header: the collaboration socket is opened to it. */
  host: string | null;
  /** Development adds 'unsafe-eval', which React uses there to rebuild server stacks. */
  development: boolean;
  /** NEXT_PUBLIC_MAPBOX_TOKEN is set: Mapbox's styles and tiles may load. */
  mapbox: boolean;
  /** AUTH_OIDC_ISSUER, whose sign-in page a form may lead to. */
  oidcIssuer?: string;
  /** MAP_STYLE_URL: when on another site, the map may fetch from that origin. */
  mapStyleUrl?: string;
}

const MAPBOX = ["https://api.mapbox.com", "https://*.tiles.mapbox.com", "https://events.mapbox.com"];

/** The policy for one response. */
export function contentSecurityPolicy(context: PolicyContext): string {
  // A Host header is echoed into the policy only when it is a plain host[:port].
  const host = context.host && /^[A-Za-z0-9.-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(context.host) ? context.host : null;
  const sockets = host ? [`ws://${host}`, `wss://${host}`] : [];
  const mapbox = context.mapbox ? MAPBOX : [];
  const issuer = originOf(context.oidcIssuer);
  const mapStyle = originOf(context.mapStyleUrl);
  const maps = [...mapbox, ...(mapStyle ? [mapStyle] : [])];
  const directives: Array<[string, ...string[]]> = [
    ["default-src", "'self'"],
    ["script-src", "'self'", `'nonce-${context.nonce}'`, "'strict-dynamic'", ...(context.development ? ["'unsafe-eval'"] : [])],
    ["style-src", "'self'", "'unsafe-inline'"],
    ["img-src", "'self'", "data:", "blob:", ...maps],
    ["font-src", "'self'", "data:"],
    ["connect-src", "'self'", ...sockets, ...maps],
    ["worker-src", "'self'", "blob:"],
    ["child-src", "'self'", "blob:"],
    ["object-src", "'none'"],
    ["base-uri", "'self'"],
    ["form-action", "'self'", ...(issuer ? [issuer] : [])],
    ["frame-ancestors", "'none'"],
  ];
  return directives.map((directive) => directive.join(" ")).join("; ");
}

/** A fresh nonce: 128 random bits, base64. */
export function newNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const { origin, protocol } = new URL(url);
    return protocol === "https:" || protocol === "http:" ? origin : null;
  } catch {
    return null;
  }
}
