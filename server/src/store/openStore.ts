// Opens Weir's store: PostgreSQL when a URL is given, otherwise embedded PGlite in <instanceDir>/db,
// guarded by a lock file. Migrations are applied before the store is handed out.
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import type { PrismaPGlite } from "pglite-prisma-adapter";

// pglite-prisma-adapter resolves its own (type-identical) copy of PGlite 0.4.x; ours is the pinned one.
type AdapterPGlite = ConstructorParameters<typeof PrismaPGlite>[0];
import { PrismaClient } from "../generated/prisma/client.ts";
import { acquireInstanceLock, type InstanceLock } from "./instanceLock.ts";
import { applyMigrations, migrationsUpToDate } from "./migrate.ts";
import { RunStatusBus } from "./runStatusBus.ts";

export type StoreKind = "pglite" | "postgres";

/** Raw SQL on one connection: the store itself, or a transaction of it. */
export interface SqlQueryable {
  /**
   * Raw SQL without Prisma's per-query work, for hot paths. `name` makes it a prepared statement on
   * PostgreSQL (planned once per connection). Errors carry the SQLSTATE as `code`.
   */
  query<Row>(sql: string, params: unknown[], name?: string): Promise<Row[]>;
}

export interface Store extends SqlQueryable {
  prisma: PrismaClient;
  kind: StoreKind;
  /** Where the data lives, for messages: the PGlite directory or the PostgreSQL URL without password. */
  describe: string;
  /** The adapter factory behind `prisma`, which the schema engine also migrates through. */
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** Run status changes made through this process (event sink, status setters). */
  statusChanges: RunStatusBus;
  /**
   * Runs `work` in one transaction of raw SQL on the same database as `prisma`: committed when it
   * resolves, rolled back when it throws. Fewer round trips than Prisma's interactive transactions.
   */
  transaction<T>(work: (tx: SqlQueryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  instanceDir: string;
  /** PostgreSQL URL (the caller resolves WEIR_DATABASE_URL); null/undefined means embedded PGlite. */
  databaseUrl?: string | null;
  /** Apply pending migrations at open (default true). */
  migrate?: boolean;
  /**
   * A PGlite data directory dump (`dumpDataDir`) to start a NEW embedded instance from instead of
   * running initdb, which takes seconds in WASM. Tests use a migrated template; ignored otherwise.
   */
  pgliteTemplate?: Blob;
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const store = options.databaseUrl
    ? await openPostgres(options.databaseUrl)
    : await openPglite(options.instanceDir, options.pgliteTemplate);
  if (options.migrate !== false) {
    try {
      // Loading the schema engine (WebAssembly) costs a second or more: skip it when nothing is pending.
      if (!(await migrationsUpToDate(store))) await applyMigrations(store.adapterFactory, store.describe);
    } catch (error) {
      await store.close().catch(() => {});
      throw error;
    }
  }
  return store;
}

export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "<unparsable database url>";
  }
}

async function openPostgres(databaseUrl: string): Promise<Store> {
  const describe = redactUrl(databaseUrl);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would crash the process.
  pool.on("error", (error) => console.error(`weir store: idle PostgreSQL connection to ${describe} failed:`, error.message));
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    throw new Error(`cannot connect to PostgreSQL at ${describe}: ${(error as Error).message}`, { cause: error });
  }
  const adapterFactory = new PrismaPg(pool);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  let closed = false;
  return {
    prisma,
    kind: "postgres",
    describe,
    adapterFactory,
    statusChanges: new RunStatusBus(),
    query: async <Row>(text: string, values: unknown[], name?: string) =>
      (await pool.query(name ? { name, text, values } : { text, values })).rows as Row[],
    async transaction(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await work({
          query: async <Row>(text: string, values: unknown[], name?: string) =>
            (await client.query(name ? { name, text, values } : { text, values })).rows as Row[],
        });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        // A connection that could not roll back is in an unknown state: the pool must not hand it out again.
        client.release(broken);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

async function openPglite(instanceDir: string, template: Blob | undefined): Promise<Store> {
  const dir = resolve(instanceDir);
  mkdirSync(dir, { recursive: true });
  const lock: InstanceLock = acquireInstanceLock(dir);
  const dataDir = join(dir, "db");
  // Loaded only for the embedded store: the two modules hold ~75 MB a PostgreSQL deployment never needs.
  const [{ PGlite }, { PrismaPGlite }, { pglitePreparedQueries }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("pglite-prisma-adapter"),
    import("./pglitePreparedStatements.ts"),
  ]);
  let pglite: PGlite;
  try {
    const fresh = !existsSync(join(dataDir, "PG_VERSION"));
    pglite = await PGlite.create(dataDir, fresh && template ? { loadDataDir: template } : {});
  } catch (error) {
    lock.release();
    throw new Error(`cannot open embedded database ${dataDir}: ${(error as Error).message}`, { cause: error });
  }
  const adapterFactory = new PrismaPGlite(pglite as unknown as AdapterPGlite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  const prepared = pglitePreparedQueries(pglite);
  let closed = false;
  return {
    prisma,
    kind: "pglite",
    describe: dataDir,
    adapterFactory,
    statusChanges: new RunStatusBus(),
    query: async <Row>(text: string, values: unknown[], name?: string) =>
      name === undefined ? (await pglite.query<Row>(text, values)).rows : prepared.query<Row>(name, text, values),
    transaction: (work) =>
      pglite.transaction((tx) =>
        work({
          query: async <Row>(text: string, values: unknown[], name?: string) =>
            name === undefined ? (await tx.query<Row>(text, values)).rows : prepared.inTransaction<Row>(name, text, values),
        }),
      ),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await prisma.$disconnect();
        await pglite.close();
      } finally {
        lock.release();
      }
    },
  };
}
