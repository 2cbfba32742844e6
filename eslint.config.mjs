import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { defineConfig, globalIgnores } from "eslint/config";

// ---------------------------------------------------------------- layer boundaries
//
// The parts of the app and the imports that must never exist between them. Each forbidden import
// is a regular expression over the import path that matches both the `@/…` alias and any chain
// of `./` and `../` that reaches the same folder. Static imports and re-exports are checked by
// `no-restricted-imports`; `import("…")` expressions by `no-restricted-syntax`. Tests follow the
// same rules: a test that needs a running server gets one through the helpers under `test/`.

/** An import path into the top-level folder `folder` (alias or relative). */
const into = (folder) => `^(@/|(\\.{1,2}/)+)${folder}(/|$)`;
/** An import path into `lib/db`: `@/lib/db…`, `../db` from inside lib/, `../../lib/db` from elsewhere. */
const INTO_STORE = "^(@/lib/|(\\.{1,2}/)+(lib/)?)db(/|$)";

const forbid = {
  uiFolder: (why) => ({ regex: into("components"), message: `No components/ here: ${why}.` }),
  uiPackages: (why) => ({
    regex: "^(react|react-dom|next|@tiptap/react|react-map-gl|maplibre-gl|mapbox-gl)(/|$)",
    message: `No UI library here: ${why}.`,
  }),
  store: (why) => ({ regex: INTO_STORE, message: `No lib/db here: ${why}.` }),
  sqlDrivers: (why) => ({ regex: "^(better-sqlite3|pg|kysely)(/|$)", message: `No database driver here: ${why}.` }),
  collab: (why) => ({ regex: into("server"), message: `No server/ here: ${why}.` }),
  ours: (why) => ({ regex: "^(@/|\\.{1,2}(/|$))", message: `Nothing of ours here: ${why}.` }),
};

const BOARD_KNOWS_NO_SCREEN = "the board document model knows no screen";
const BOARD_IS_PURE = "the board model is pure; persistence stores its bytes";
const BOARD_RUNS_ANYWHERE = "the board model runs in the browser and on the server alike and depends on neither";
const BROWSER_NO_DATABASE = "the browser never reaches the database; pages and server actions under app/ do";
const BROWSER_PROTOCOL_ONLY = "the browser talks to the collaboration server over the protocol only (lib/collab)";
const ONE_YJS = "Next's bundle never loads the collaboration server (one copy of Yjs per process)";
const CONTRACT_NO_IMPL = "the protocol is a contract shared by client and server and depends on no implementation";
const STORE_NO_SCREEN = "storage knows no screen";
const AUTH_BELOW_UI = "permissions are decided below the UI";
const PROTOCOL_STANDALONE =
  "lib/collab/protocol.ts (room names, close codes, limits) is shared by the browser, the server and stock clients, so it imports nothing of ours";

const COLLAB_RULES = [forbid.collab(CONTRACT_NO_IMPL), forbid.store(CONTRACT_NO_IMPL), forbid.sqlDrivers(CONTRACT_NO_IMPL)];

/** The forbidden imports per part, most specific last (a later block replaces an earlier one's list). */
const BOUNDARIES = [
  {
    files: ["lib/board/**"],
    patterns: [
      forbid.uiFolder(BOARD_KNOWS_NO_SCREEN),
      forbid.uiPackages(BOARD_KNOWS_NO_SCREEN),
      forbid.store(BOARD_IS_PURE),
      forbid.sqlDrivers(BOARD_IS_PURE),
      forbid.collab(BOARD_RUNS_ANYWHERE),
    ],
  },
  {
    files: ["components/**"],
    patterns: [forbid.store(BROWSER_NO_DATABASE), forbid.sqlDrivers(BROWSER_NO_DATABASE), forbid.collab(BROWSER_PROTOCOL_ONLY)],
  },
  { files: ["app/**", "proxy.ts"], patterns: [forbid.collab(ONE_YJS)] },
  { files: ["lib/db/**"], patterns: [forbid.uiFolder(STORE_NO_SCREEN), forbid.uiPackages(STORE_NO_SCREEN)] },
  { files: ["lib/collab/**"], patterns: COLLAB_RULES },
  { files: ["lib/collab/protocol.ts"], patterns: [forbid.ours(PROTOCOL_STANDALONE), ...COLLAB_RULES] },
  { files: ["lib/auth/**"], patterns: [forbid.uiFolder(AUTH_BELOW_UI), forbid.uiPackages(AUTH_BELOW_UI)] },
];

/** esquery cannot hold a `/` inside a regex literal: spell it `\x2F`. */
const asSelectorRegex = (regex) => `/${regex.replaceAll("/", "\\x2F")}/`;

const boundaryBlocks = BOUNDARIES.map(({ files, patterns }) => ({
  files,
  rules: {
    "no-restricted-imports": ["error", { patterns: patterns.map(({ regex, message }) => ({ regex, message })) }],
    "no-restricted-syntax": [
      "error",
      ...patterns.map(({ regex, message }) => ({
        selector: `ImportExpression[source.value=${asSelectorRegex(regex)}]`,
        message,
      })),
    ],
  },
}));

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    // Playwright fixtures receive a `use` callback that is not React's hook.
    files: ["e2e/**"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  ...boundaryBlocks,
  globalIgnores([".next/**", "node_modules/**", "data/**", "test-results/**", "playwright-report/**", "bench-results/**", ".collab/**", "public/map/**", "next-env.d.ts"]),
]);
