import assert from "node:assert/strict";
import { it } from "node:test";
import { forEachDatabase, openTestStore } from "../../test/databases.ts";
import { readMigrationsList } from "./migrationsList.ts";
import { migrate } from "./migrate.ts";
import { openStore } from "./openStore.ts";

forEachDatabase("migrations", (kind) => {
  it("apply at open, re-apply as a no-op, and record _prisma_migrations like prisma migrate deploy", async () => {
    const store = await openTestStore(kind);
    try {
      const expected = (await readMigrationsList()).migrationDirectories.map((d) => d.path);
      assert.ok(expected.length >= 1);
      const rows = await store.prisma.$queryRawUnsafe<
        { migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }[]
      >("SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name");
      assert.deepEqual(
        rows.map((r) => r.migration_name),
        expected,
      );
      assert.ok(rows.every((r) => r.finished_at !== null && r.rolled_back_at === null));
      assert.deepEqual(await migrate(store), { appliedMigrationNames: [] });
      assert.deepEqual(await migrate(store), { appliedMigrationNames: [] });
      const tables = await store.prisma.$queryRawUnsafe<{ table_name: string }[]>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
      );
      for (const table of [
        "runs",
        "run_events",
        "step_stats",
        "asset_materializations",
        "instigator_states",
        "instigator_ticks",
      ]) {
        assert.ok(
          tables.some((t) => t.table_name === table),
          `table ${table} exists`,
        );
      }
      if (kind === "pglite") {
        // Reopening the same instance finds everything applied.
        const dir = store.location;
        await store.close();
        const again = await openStore({ instanceDir: dir });
        try {
          assert.deepEqual(await migrate(again), { appliedMigrationNames: [] });
          assert.equal(await again.prisma.run.count(), 0);
        } finally {
          await again.close();
        }
      }
    } finally {
      await store.close();
    }
  });
});
