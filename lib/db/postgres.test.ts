import { describe, it } from "vitest";
import { createTestSchema, TEST_DATABASE_URL } from "@/test/support/services";
import { describeDatabaseContract } from "./database.contract";
import { openDatabase } from "./index";

if (TEST_DATABASE_URL) {
  const baseUrl = TEST_DATABASE_URL;
  describeDatabaseContract("PostgreSQL", async () => {
    const schema = await createTestSchema(baseUrl);
    const database = await openDatabase({ dataDir: "", url: schema.url });
    return {
      ...database,
      reopen: () => openDatabase({ dataDir: "", url: schema.url }),
      dispose: () => schema.drop(),
    };
  });
} else {
  console.log("[postgres.test] TEST_DATABASE_URL is not set: the PostgreSQL contract tests are skipped.");
  describe.skip("DocStore contract (PostgreSQL)", () => it("needs TEST_DATABASE_URL", () => undefined));
}
