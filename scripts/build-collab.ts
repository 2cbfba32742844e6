/**
 * Compiles the collaboration server alone (server/collab-main.ts) into one JavaScript file,
 * `.collab/collab-main.cjs`, that plain node runs (`npm run start:collab`): no TypeScript loader
 * transforming every file on a thread of its own, and only the code the server runs.
 *
 * - Pure JavaScript dependencies are bundled and tree-shaken: of kysely, zod and the rest only
 *   what the server calls is parsed.
 * - Native and optional drivers stay outside: better-sqlite3, and pg, ioredis and nodemailer,
 *   which every module imports dynamically, so they are required only once DATABASE_URL,
 *   REDIS_URL or SMTP_URL configures them.
 * - CommonJS output: a bundled module reached by a dynamic import runs (and requires its driver)
 *   when first imported, where an ES module bundle hoists the drivers' imports to startup.
 * - The narrative's node and mark tables, which the structural rules (lib/collab/rules.ts)
 *   read, are computed from the editor's schema (lib/board/narrative.ts) here, at build time:
 *   the server then never loads TipTap and ProseMirror, whose only use to it is those tables.
 *
 * `npm run build:collab` builds it; `npm run start:collab`, the tests and the benchmark build it
 * when the sources are newer than it.
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Plugin } from "esbuild";
import { newestChange } from "./build-if-needed";

/** This file's directory. */
const here = path.dirname(fileURLToPath(import.meta.url));

const ROOT = path.resolve(here, "..");

/** The compiled server, relative to the checkout. */
export const COLLAB_OUTPUT = path.join(".collab", "collab-main.cjs");

/**
 * Node's flags for the compiled server: `npm run start:collab` (package.json spells them too), the
 * tests and the benchmark run it with them.
 *
 * `--no-memory-reducer`: V8's memory reducer runs full collections, several in a row, whenever
 * allocation slows after a busy spell (and on every worker thread's heap, the SQLite writer's
 * too), to return memory. A collaboration server's heap is its code and open boards, in use the
 * next second: those collections cost a small room's server a fifth of its CPU and a few
 * milliseconds' pause each, and gave back little. Ordinary collections still run as the heap grows.
 */
export const COLLAB_NODE_FLAGS = ["--no-memory-reducer"];

/** Dependencies required at run time from node_modules instead of bundled. */
const EXTERNAL = ["better-sqlite3", "pg", "ioredis", "nodemailer"];

/** Everything the compiled server is made from. */
const SOURCES = ["server", "lib", "package-lock.json", "tsconfig.json", "scripts/build-collab.ts"];

/** The module the structural rules import the narrative's tables from. */
const NARRATIVE = "@/lib/board/narrative";

/**
 * Gives the structural rules the narrative's tables as constants, computed from the editor's
 * schema of the checkout being built. Other importers of the narrative module (the demo seed)
 * get the module itself.
 */
function narrativeTables(root: string): Plugin {
  const rules = path.join(root, "lib", "collab", "rules.ts");
  return {
    name: "narrative-tables",
    setup(build) {
      build.onResolve({ filter: /^@\/lib\/board\/narrative$/ }, (args) =>
        args.importer === rules ? { path: NARRATIVE, namespace: "narrative-tables" } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "narrative-tables" }, async () => {
        const narrative = (await import(pathToFileURL(path.join(root, "lib", "board", "narrative.ts")).href)) as typeof import("@/lib/board/narrative");
        const nodes = Array.from(narrative.NARRATIVE_NODES, ([name, rule]) => [name, Array.from(rule.children), rule.text]);
        const marks = Array.from(narrative.NARRATIVE_MARKS);
        return {
          loader: "js",
          contents: [
            `export const NARRATIVE_NODES = new Map(${JSON.stringify(nodes)}.map(([name, children, text]) => [name, { children: new Set(children), text }]));`,
            `export const NARRATIVE_MARKS = new Set(${JSON.stringify(marks)});`,
          ].join("\n"),
        };
      });
    },
  };
}

/** Compiles the collaboration server of the checkout at `root`; resolves to the file written. */
export async function buildCollab(root: string = ROOT): Promise<string> {
  const output = path.join(root, COLLAB_OUTPUT);
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, "server", "collab-main.ts")],
    tsconfig: path.join(root, "tsconfig.json"),
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: EXTERNAL,
    plugins: [narrativeTables(root)],
    // Shorter source held in memory, names kept for readable stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    // Read only with --enable-source-maps: stack traces then name the TypeScript lines.
    sourcemap: "linked",
    outfile: output,
    write: false,
    logLevel: "warning",
  });
  fs.mkdirSync(path.dirname(output), { recursive: true });
  // Written aside and renamed: processes starting meanwhile (tests, instances) read a whole file.
  for (const file of result.outputFiles) {
    const partial = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(partial, file.contents);
    fs.renameSync(partial, file.path);
  }
  return output;
}

const builds = new Map<string, Promise<string>>();

/** Compiles the collaboration server of `root` unless the compiled one is newer than its sources. */
export function buildCollabIfNeeded(root: string = ROOT): Promise<string> {
  const output = path.join(root, COLLAB_OUTPUT);
  let built = builds.get(root);
  if (!built) {
    const compiled = fs.statSync(output, { throwIfNoEntry: false });
    const current = compiled && SOURCES.every((source) => newestChange(path.join(root, source)) <= compiled.mtimeMs);
    built = current ? Promise.resolve(output) : buildCollab(root);
    builds.set(root, built);
    built.catch(() => builds.delete(root));
  }
  return built;
}

// `tsx scripts/build-collab.ts [--if-needed]`: --if-needed keeps a compiled server newer than its sources.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  (process.argv.includes("--if-needed") ? buildCollabIfNeeded() : buildCollab()).then(
    (output) => console.log(`The compiled collaboration server: ${path.relative(process.cwd(), output)}`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
