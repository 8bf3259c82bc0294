// Which databases the store tests run on, and a fresh store on each: PGlite in a temporary instance
// directory, or a new database on the PostgreSQL cluster named by WEIR_TEST_DATABASE_URL (started by
// scripts/postgres-test-cluster.sh; `npm test` does that). Missing PostgreSQL is a failure, never a
// skip.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { applyMigrations } from "../src/store/migrate.ts";
import { openStore, type Store, type StoreKind } from "../src/store/openStore.ts";

export type { StoreKind };

export function storeKinds(): StoreKind[] {
  return ["pglite", "postgres"];
}

const MISSING_POSTGRES =
  "WEIR_TEST_DATABASE_URL is not set: start a cluster with `scripts/postgres-test-cluster.sh start` and export " +
  "WEIR_TEST_DATABASE_URL=$(scripts/postgres-test-cluster.sh url) (npm test does both)";

/** Why the postgres tests cannot run here (a failure message), or undefined when they can. */
function postgresUnavailable(): { fail: string } | undefined {
  return process.env.WEIR_TEST_DATABASE_URL ? undefined : { fail: MISSING_POSTGRES };
}

export interface TestStore extends Store {
  /** The instance directory (PGlite) or the database URL (PostgreSQL) behind this store. */
  location: string;
}

let pgliteTemplate: Promise<Blob> | undefined;

/** One migrated PGlite per test process, dumped: each test store starts from it instead of initdb. */
export function migratedPgliteTemplate(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const db = await PGlite.create("memory://");
    try {
      await applyMigrations(new PrismaPGlite(db as unknown as ConstructorParameters<typeof PrismaPGlite>[0]), "test template");
      return await db.dumpDataDir("none");
    } finally {
      await db.close();
    }
  })();
  return pgliteTemplate;
}

/** A fresh, migrated store; its close() also removes the directory or drops the database. */
export async function openTestStore(kind: StoreKind): Promise<TestStore> {
  if (kind === "pglite") {
    const instanceDir = mkdtempSync(join(tmpdir(), "weir-store-test-"));
    const store = await openStore({ instanceDir, pgliteTemplate: await migratedPgliteTemplate() });
    const close = store.close;
    return Object.assign(store, {
      location: instanceDir,
      async close() {
        try {
          await close();
        } finally {
          rmSync(instanceDir, { recursive: true, force: true });
        }
      },
    });
  }
  const adminUrl = process.env.WEIR_TEST_DATABASE_URL;
  if (!adminUrl) throw new Error(MISSING_POSTGRES);
  const name = `weir_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  let store: Store;
  try {
    store = await openStore({ instanceDir: tmpdir(), databaseUrl: url.toString() });
  } catch (error) {
    await dropDatabase(adminUrl, name);
    throw error;
  }
  const close = store.close;
  return Object.assign(store, {
    location: url.toString(),
    async close() {
      try {
        await close();
      } finally {
        await dropDatabase(adminUrl, name);
      }
    },
  });
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`cannot reach the test PostgreSQL cluster at ${adminUrl}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function dropDatabase(adminUrl: string, name: string): Promise<unknown> {
  return withAdmin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/**
 * Declares `describe("<name> [<kind>]")` once per database kind. `fn` declares the tests; the kind
 * tells it which store to open. When PostgreSQL is unavailable its block is one failing test
 * explaining why.
 */
export function forEachDatabase(name: string, fn: (kind: StoreKind) => void): void {
  for (const kind of storeKinds()) {
    const unavailable = kind === "postgres" ? postgresUnavailable() : undefined;
    if (unavailable) {
      const message = unavailable.fail;
      describe(`${name} [${kind}]`, () => {
        it("needs PostgreSQL", () => {
          throw new Error(message);
        });
      });
    } else {
      describe(`${name} [${kind}]`, () => fn(kind));
    }
  }
}

const createdDatabases: string[] = [];

/** An empty database on the test cluster for a whole Weir instance to open and migrate; see dropTestDatabases. */
export async function createTestDatabaseUrl(): Promise<string> {
  const adminUrl = process.env.WEIR_TEST_DATABASE_URL;
  if (!adminUrl) throw new Error(MISSING_POSTGRES);
  const name = `weir_test_${randomBytes(6).toString("hex")}`;
  await withAdmin(adminUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  createdDatabases.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops the databases createTestDatabaseUrl made (call from an `after` hook). */
export async function dropTestDatabases(): Promise<void> {
  const adminUrl = process.env.WEIR_TEST_DATABASE_URL;
  if (!adminUrl) return;
  for (const name of createdDatabases.splice(0)) await dropDatabase(adminUrl, name);
}
