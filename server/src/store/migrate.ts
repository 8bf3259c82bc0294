// Applies prisma/migrations with the WebAssembly schema engine (what `prisma migrate deploy` does),
// writing the standard _prisma_migrations table so the Prisma CLI elsewhere agrees with it.
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import type { Store } from "./openStore.ts";
import { loadSchemaEngine } from "./schemaEngine.ts";
import { NO_FILTERS, readMigrationsList, readSchema } from "./migrationsList.ts";

export interface MigrateResult {
  appliedMigrationNames: string[];
}

export async function applyMigrations(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  where: string,
): Promise<MigrateResult> {
  const schema = await readSchema();
  const migrationsList = await readMigrationsList();
  if (migrationsList.migrationDirectories.length === 0) {
    throw new Error(`no migrations found in ${migrationsList.baseDir}`);
  }
  const loaded = await loadSchemaEngine({ schemaPath: schema.path, schemaText: schema.text, adapterFactory });
  try {
    return await loaded.call(`applyMigrations on ${where}`, (engine) =>
      engine.applyMigrations({ migrationsList, filters: NO_FILTERS }),
    );
  } finally {
    loaded.free();
  }
}

/** `weir migrate`: bring an open store's database up to date (openStore already does this at open). */
export async function migrate(store: Store): Promise<MigrateResult> {
  return applyMigrations(store.adapterFactory, store.describe);
}

/**
 * True when every migration folder is recorded as applied (and none failed) in _prisma_migrations.
 * Any doubt (no table yet, an unfinished or rolled-back entry) answers false and lets the engine decide.
 */
export async function migrationsUpToDate(store: Store): Promise<boolean> {
  const { migrationDirectories } = await readMigrationsList();
  let rows: { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[];
  try {
    rows = await store.prisma.$queryRawUnsafe(`SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations`);
  } catch {
    return false;
  }
  if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return false;
  const applied = new Set(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => r.migration_name));
  return migrationDirectories.length > 0 && migrationDirectories.every((d) => applied.has(d.path));
}
