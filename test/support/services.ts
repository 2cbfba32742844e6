/**
 * PostgreSQL and Redis for tests, when TEST_DATABASE_URL and TEST_REDIS_URL name them: a private
 * PostgreSQL schema per test database, so runs can share the machine's server, created on
 * demand, reached through `search_path` and dropped afterwards.
 */
import { randomBytes } from "node:crypto";
import { Client } from "pg";

/** TEST_DATABASE_URL, or null when PostgreSQL tests are to be skipped. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || null;
/** TEST_REDIS_URL, or null when Redis tests are to be skipped. */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL || null;

export interface TestSchema {
  /** The database URL with `search_path` set to the schema (and an `application_name`, if given). */
  url: string;
  name: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

/** Creates a fresh schema on `baseUrl`. */
export async function createTestSchema(baseUrl: string, applicationName?: string): Promise<TestSchema> {
  const name = `sb_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(baseUrl, `create schema ${name}`);
  return {
    name,
    url: schemaUrl(baseUrl, name, applicationName),
    drop: () => adminQuery(baseUrl, `drop schema if exists ${name} cascade`),
  };
}

/** `baseUrl` with `search_path` set to `schema` and, optionally, an `application_name`. */
export function schemaUrl(baseUrl: string, schema: string, applicationName?: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set("options", `-c search_path=${schema}`);
  if (applicationName) url.searchParams.set("application_name", applicationName);
  return url.toString();
}

async function adminQuery(baseUrl: string, text: string): Promise<void> {
  const client = new Client({ connectionString: baseUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
