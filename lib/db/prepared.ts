/**
 * Queries built once. Kysely builds and compiles a query's tree on every call, which for the small
 * queries a connection runs (its role, its board's log, the owners of its client ids) costs more
 * than running them. A prepared query is built with stand-ins for its arguments, compiled once per
 * database, and run with the arguments put in the stand-ins' places in the compiled parameters.
 *
 * A database whose driver can run a compiled read at once (SQLite: synchronous, in process) hands
 * prepared queries a direct runner: the query then skips Kysely's executor, connection lock and
 * promise hops, which for a single-row read cost more than SQLite does.
 */
import { CompiledQuery, type Compilable, type Kysely } from "kysely";

/** Marks a stand-in among a compiled query's parameters; no argument a caller passes looks like it. */
const STAND_IN = "\u0000prepared-argument\u0000";

/**
 * Runs a compiled read on the database's connection at once, or answers undefined when it cannot
 * (a transaction holds the connection, or the statement is not a read): Kysely runs it then.
 */
export type DirectRunner = (sql: string, parameters: readonly unknown[]) => unknown[] | undefined;

const directRunners = new WeakMap<object, DirectRunner>();

/** Lets prepared queries on `db` run through `runner` (see DirectRunner). */
export function runPreparedDirectly<Db>(db: Kysely<Db>, runner: DirectRunner): void {
  directRunners.set(db, runner);
}

interface Compiled {
  sql: string;
  /** Per compiled parameter: the index of the argument that goes there, or -1 for a constant of the query. */
  slots: number[];
  constants: unknown[];
}

/**
 * `build(db, ...args)` as a query built once per database. `build` must pass each argument to
 * Kysely as a value (a comparison, a limit, an inserted value), never use it to decide the query's
 * shape: it is called once, with stand-ins.
 */
export function prepared<Db, Args extends unknown[], Row>(arity: Args["length"], build: (db: Kysely<Db>, ...args: Args) => Compilable<Row>) {
  const compiledFor = new WeakMap<Kysely<Db>, Compiled>();

  function compile(db: Kysely<Db>): Compiled {
    const standIns = Array.from({ length: arity }, (_, index) => `${STAND_IN}${index}`) as Args;
    const query = build(db, ...standIns).compile();
    const slots = query.parameters.map((value) => (typeof value === "string" && value.startsWith(STAND_IN) ? Number(value.slice(STAND_IN.length)) : -1));
    const missing = standIns.findIndex((_, index) => !slots.includes(index));
    if (missing >= 0) throw new Error(`prepared query: argument ${missing} is not among the compiled parameters of ${query.sql}`);
    return { sql: query.sql, slots, constants: [...query.parameters] };
  }

  /** Runs the query with `args`; resolves to its rows. */
  return async function execute(db: Kysely<Db>, ...args: Args): Promise<Row[]> {
    let compiled = compiledFor.get(db);
    if (!compiled) compiledFor.set(db, (compiled = compile(db)));
    const { sql, slots, constants } = compiled;
    const parameters = slots.map((slot, index) => (slot < 0 ? constants[index] : args[slot]));
    const rows = directRunners.get(db)?.(sql, parameters);
    if (rows) return rows as Row[];
    const result = await db.executeQuery<Row>(CompiledQuery.raw(sql, parameters));
    return result.rows;
  };
}
