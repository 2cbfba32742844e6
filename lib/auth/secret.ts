/**
 * AUTH_SECRET: taken from the environment, or generated once into the data directory so that
 * sessions and collab tickets survive restarts with no configuration.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readEnv } from "@/lib/env";

const FILE_NAME = "auth-secret";

/** Makes sure `process.env.AUTH_SECRET` is set and returns it. */
export function ensureAuthSecret(dataDir: string): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = path.join(dataDir, FILE_NAME);
  let secret = fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : "";
  if (!secret) {
    fs.mkdirSync(dataDir, { recursive: true });
    secret = randomBytes(32).toString("base64url");
    fs.writeFileSync(file, secret + "\n", { mode: 0o600 });
  }
  process.env.AUTH_SECRET = secret;
  return secret;
}

/** AUTH_SECRET for this process (from the environment or the data directory). */
export function authSecret(): string {
  return ensureAuthSecret(readEnv().dataDir);
}
