import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  reactStrictMode: true,
  serverExternalPackages: ["better-sqlite3", "pg", "ioredis", "ws", "yjs"],
};

export default nextConfig;
