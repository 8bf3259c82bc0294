// Reads prisma/ (schema and migrations directory) into the shapes the schema engine takes.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { MigrationList } from "@prisma/schema-engine-wasm";

export const PRISMA_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../prisma");
export const SCHEMA_PATH = join(PRISMA_DIR, "schema.prisma");
export const MIGRATIONS_DIR = join(PRISMA_DIR, "migrations");
export const LOCKFILE_NAME = "migration_lock.toml";

export const NO_FILTERS = { externalTables: [], externalEnums: [] };

export async function readSchema(): Promise<{ path: string; text: string }> {
  return { path: SCHEMA_PATH, text: await readFile(SCHEMA_PATH, "utf8") };
}

export async function readMigrationsList(baseDir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = existsSync(baseDir) ? await readdir(baseDir, { withFileTypes: true }) : [];
  const dirs = entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    dirs.map(async (path) => {
      const file = join(baseDir, path, "migration.sql");
      const content = existsSync(file)
        ? ({ tag: "ok", value: await readFile(file, "utf8") } as const)
        : ({ tag: "error", value: `missing ${file}` } as const);
      return { path, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockPath = join(baseDir, LOCKFILE_NAME);
  return {
    baseDir,
    lockfile: { path: LOCKFILE_NAME, content: existsSync(lockPath) ? await readFile(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}
