import { withSerwist } from "@serwist/turbopack";
import type { NextConfig } from "next";

/**
 * Headers on every response, static files included. The Content-Security-Policy (with its
 * per-request nonce and `frame-ancestors 'none'`) is set by proxy.ts on every page and route;
 * X-Frame-Options says the same to browsers that predate frame-ancestors.
 */
const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `scripts/build-if-needed.ts` (npm start, the end-to-end tests) sets this: `npm run typecheck`
  // checks the types; `npm run build` on its own still checks them.
  typescript: { ignoreBuildErrors: process.env.BUILD_SKIP_TYPECHECK === "1" },
  serverExternalPackages: ["better-sqlite3", "pg", "ioredis", "ws", "yjs"],
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

// Serwist bundles the service worker with esbuild, which must stay outside Next's server bundle.
export default withSerwist(nextConfig);
