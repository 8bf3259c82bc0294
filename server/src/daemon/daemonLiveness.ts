// Whether a daemon is alive, judged by something that dies with its process: on PostgreSQL each daemon holds
// a session advisory lock (a key derived from its id) on a connection of its own for its whole life. When
// the process dies, however it dies, the server ends that session and the lock is gone; any process sees
// which daemons live in pg_locks. Heartbeats cannot tell: a daemon killed a second ago still has fresh rows,
// and hosts' clocks differ. The same connection holds locks on pieces of work (a schedule tick) while this
// daemon does them, so another daemon takes such work over only once this one is gone.
// On the embedded store one process owns the database (its instance lock), so every other daemon is dead.
import { createHash } from "node:crypto";
import pg from "pg";
import type { Logger } from "pino";
import { redactUrl, type SqlQueryable } from "../store/openStore.ts";

export interface DaemonLiveness {
  readonly daemonId: string;
  /** The ids among `daemonIds` whose daemon process is alive (this daemon's own included). */
  alive(daemonIds: Iterable<string>): Promise<Set<string>>;
  /**
   * Runs `work` holding the lock named `name`, unless a live process (this one included) holds it: then
   * resolves to `{ held: false }` without running it. The lock ends with `work`, or with this process.
   */
  whileHolding<T>(name: string, work: () => Promise<T>): Promise<{ held: true; value: T } | { held: false }>;
  close(): Promise<void>;
}

/** The two 32-bit halves of the advisory lock key for a name, as pg_locks shows them (classid, objid). */
export function lockKeyOf(name: string): { key: bigint; classid: number; objid: number } {
  const digest = createHash("sha256").update(`weir:${name}`).digest();
  return { key: digest.readBigInt64BE(0), classid: digest.readUInt32BE(0), objid: digest.readUInt32BE(4) };
}

const daemonLockName = (daemonId: string) => `daemon:${daemonId}`;

/**
 * The ids among `daemonIds` whose daemon holds its liveness lock on this PostgreSQL database: any process
 * can ask, with or without a daemon of its own.
 */
export async function daemonsAlive(db: SqlQueryable, daemonIds: Iterable<string>): Promise<Set<string>> {
  const ids = [...daemonIds];
  if (ids.length === 0) return new Set();
  const rows = await db.query<{ classid: string; objid: string }>(
    `SELECT classid::int8::text AS classid, objid::int8::text AS objid FROM pg_locks
      WHERE locktype = 'advisory' AND objsubid = 1 AND granted
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [],
  );
  const held = new Set(rows.map((r) => `${r.classid}:${r.objid}`));
  return new Set(
    ids.filter((id) => {
      const k = lockKeyOf(daemonLockName(id));
      return held.has(`${k.classid}:${k.objid}`);
    }),
  );
}

/** One process on the database (embedded store): only this daemon lives; locks are this process's own. */
export function singleProcessLiveness(daemonId: string): DaemonLiveness {
  const held = new Set<string>();
  return {
    daemonId,
    async alive(daemonIds) {
      return new Set([...daemonIds].filter((id) => id === daemonId));
    },
    async whileHolding(name, work) {
      if (held.has(name)) return { held: false };
      held.add(name);
      try {
        return { held: true, value: await work() };
      } finally {
        held.delete(name);
      }
    },
    async close() {},
  };
}

export interface PostgresLivenessOptions {
  /** The store on the same database (asks pg_locks who is alive). */
  store: SqlQueryable;
  databaseUrl: string;
  daemonId: string;
  log: Logger;
  /** Wait between attempts to reconnect after the connection was lost. */
  reconnectDelayMs?: number;
}

/** Takes this daemon's lock on a connection of its own; resolves once it is held. */
export async function startPostgresLiveness(options: PostgresLivenessOptions): Promise<DaemonLiveness> {
  const { store, databaseUrl, daemonId, log, reconnectDelayMs = 1000 } = options;
  const own = lockKeyOf(daemonLockName(daemonId));
  const heldHere = new Set<string>();
  let client: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;

  async function connect(): Promise<pg.Client> {
    const next = new pg.Client({ connectionString: databaseUrl, application_name: `weir daemon ${daemonId}`.slice(0, 63) });
    const lost = (error?: Error) => {
      if (client !== next) return;
      client = undefined;
      if (closed) return;
      // Losing the connection drops the locks, and other daemons may take this daemon's runs over: retake
      // it at once rather than at the next use.
      const why = error?.message ?? "the server closed it";
      log.error({ err: error, daemonId }, `daemon liveness connection to ${redactUrl(databaseUrl)} lost: ${why}`);
      void connection().catch(() => {});
    };
    next.on("error", lost);
    next.on("end", () => lost());
    await next.connect();
    const rows = (await next.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1::bigint) AS ok`, [own.key.toString()])).rows;
    if (!rows[0]?.ok) {
      await next.end().catch(() => {});
      throw new Error(`daemon ${daemonId}: its liveness lock is held by another session (two daemons with one id?)`);
    }
    return next;
  }

  /** The connection, reconnecting (and retaking the lock) if it was lost. */
  function connection(): Promise<pg.Client> {
    if (client) return Promise.resolve(client);
    connecting ??= (async () => {
      for (;;) {
        if (closed) throw new Error(`daemon ${daemonId}: its liveness connection is closed`);
        try {
          const next = await connect();
          if (closed) {
            await next.end().catch(() => {});
            continue;
          }
          client = next;
          return client;
        } catch (error) {
          if (closed) throw error;
          log.warn({ err: error, daemonId }, `could not take the daemon liveness lock, retrying: ${(error as Error).message}`);
          await new Promise((resolve) => setTimeout(resolve, reconnectDelayMs).unref());
        }
      }
    })().finally(() => (connecting = undefined));
    return connecting;
  }

  try {
    client = await connect();
  } catch (error) {
    throw new Error(
      `daemon ${daemonId}: cannot hold its liveness lock on ${redactUrl(databaseUrl)}: ${(error as Error).message}`,
      { cause: error },
    );
  }

  return {
    daemonId,
    alive: (daemonIds) => daemonsAlive(store, daemonIds),
    async whileHolding(name, work) {
      // Session locks are re-entrant within a session: this process's own holders are checked here.
      if (heldHere.has(name)) return { held: false };
      heldHere.add(name);
      try {
        const { key } = lockKeyOf(name);
        const db = await connection();
        const taken = (await db.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock($1::bigint) AS ok`, [key.toString()])).rows[0]
          ?.ok;
        if (!taken) return { held: false };
        try {
          return { held: true, value: await work() };
        } finally {
          // A connection lost meanwhile took the lock with it.
          if (client === db) await db.query(`SELECT pg_advisory_unlock($1::bigint)`, [key.toString()]).catch(() => {});
        }
      } finally {
        heldHere.delete(name);
      }
    },
    async close() {
      closed = true;
      await connecting?.catch(() => {});
      await client?.end().catch(() => {});
      client = undefined;
    },
  };
}
