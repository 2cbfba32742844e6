/**
 * The layer boundaries live in eslint.config.mjs. This runs the project's real ESLint config on a
 * component that reaches for the database, so the rule cannot be dropped or loosened unnoticed.
 */
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { fileURLToPath } from "node:url";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const root = path.resolve(here, "..");
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(code: string, file: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages
    .filter((m) => m.ruleId === "no-restricted-imports" || m.ruleId === "no-restricted-syntax")
    .map((m) => m.message);
}

describe("layer boundaries (eslint.config.mjs)", () => {
  it("refuses a component that imports the database, by alias or by relative path", async () => {
    const viaAlias = await boundaryErrors('import { getDatabase } from "@/lib/db";\nexport const open = getDatabase;\n', "components/board/Probe.tsx");
    expect(viaAlias).toEqual([expect.stringMatching(/the browser never reaches the database/)]);
    const viaPath = await boundaryErrors('import type { Member } from "../../lib/db/members";\nexport type M = Member;\n', "components/board/Probe.tsx");
    expect(viaPath).toEqual([expect.stringMatching(/the browser never reaches the database/)]);
  });

  it("refuses the collaboration server in Next's bundle, also through import()", async () => {
    const errors = await boundaryErrors('export const load = () => import("@/server/room-writer");\n', "app/boards/Probe.ts");
    expect(errors).toEqual([expect.stringMatching(/one copy of Yjs per process/)]);
  });

  it("lets a component use the board model", async () => {
    expect(await boundaryErrors('import { addPin } from "@/lib/board/model";\nexport const add = addPin;\n', "components/board/Probe.tsx")).toEqual([]);
  });
}, 60_000);
