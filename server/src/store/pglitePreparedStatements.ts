// Named prepared statements on the embedded store. PGlite's query() parses and plans every statement
// anew; for the event writer's large statement that planning cost more per batch than inserting a
// few hundred events. A named statement is parsed once, and after a few executions PostgreSQL keeps a
// generic plan for it, so a batch costs a Bind and an Execute.
import type { PGlite } from "@electric-sql/pglite";
import { parse, protocol } from "@electric-sql/pglite";

const { serialize } = protocol;

/** A parameter as pglite.query would send it: text (arrays as PostgreSQL array literals), or bytes as a binary parameter. */
function toParameter(value: unknown): string | null | Uint8Array {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return `{${value.map(arrayElement).join(",")}}`;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return "NULL";
  return `"${String(value).replace(/["\\]/g, "\\$&")}"`;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export type PreparedQuery = <Row>(name: string, text: string, values: unknown[]) => Promise<Row[]>;

export interface PglitePreparedQueries {
  /** Runs a named statement as query() would: after any open transaction ends. */
  query: PreparedQuery;
  /** Runs a named statement inside the transaction whose callback calls it. */
  inTransaction: PreparedQuery;
}

export function pglitePreparedQueries(pglite: PGlite): PglitePreparedQueries {
  const prepared = new Map<string, string>();
  const run = async <Row>(name: string, text: string, values: unknown[]): Promise<Row[]> => {
    const known = prepared.get(name);
    if (known !== undefined && known !== text) throw new Error(`prepared statement ${name} is already defined with another text`);
    if (known === undefined) {
      // Not transactional: a statement parsed in a transaction that rolls back stays prepared.
      await pglite.execProtocol(concat([serialize.parse({ name, text }), serialize.sync()]));
      prepared.set(name, text);
    }
    const result = await pglite.execProtocol(
      concat([
        serialize.bind({ statement: name, values: values.map(toParameter) }),
        serialize.describe({ type: "P" }),
        serialize.execute({}),
        serialize.sync(),
      ]),
    );
    return parse.parseResults(result.messages, pglite.parsers)[0]!.rows as Row[];
  };
  return {
    // query()'s locks, in its order: no transaction is open on the single connection meanwhile.
    query: async (name, text, values) => {
      await pglite._checkReady();
      return pglite._runExclusiveTransaction(() => pglite.runExclusive(() => run(name, text, values)));
    },
    // A transaction's own statements take only the statement lock, as its tx.query does.
    inTransaction: (name, text, values) => pglite.runExclusive(() => run(name, text, values)),
  };
}
