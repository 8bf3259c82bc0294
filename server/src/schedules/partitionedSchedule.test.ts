// A schedule on a time-partitioned job launches the partition whose window has just closed at the tick.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { after, it } from "node:test";
import { dropTestDatabases, forEachDatabase } from "../../test/databases.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor } from "../daemon/daemonTestHarness.ts";
import { setStatus } from "../instigators/instigatorStates.ts";
import { SCHEDULE_TAG } from "./scheduler.ts";

after(() => dropTestDatabases());

const PARTITIONS_LOCATION = fileURLToPath(new URL("../../test/fixtures/partitions/definitions.ts", import.meta.url));

forEachDatabase("partitioned schedule", (kind) => {
  it("a daily tick at 01:00 launches yesterday's daily partition, tagged, and the run materializes it", async () => {
    const t = await startDaemonTestInstance({
      kind,
      locations: [{ file: PARTITIONS_LOCATION }],
      start: { fireSchedules: false },
    });
    try {
      const { instance } = t;
      const { prisma } = instance.store;
      const ref = {
        kind: "SCHEDULE" as const,
        name: "daily_events_schedule",
        locationName: "partitions",
        defaultStatus: "STOPPED" as const,
      };
      await setStatus(instance.store, ref, "RUNNING");
      await prisma.instigatorState.update({
        where: { kind_name: { kind: "SCHEDULE", name: "daily_events_schedule" } },
        data: { runningSince: new Date("2024-01-06T00:30:00Z") },
      });
      const launched = await instance
        .daemon!.loop("scheduler")
        .processDue("daily_events_schedule", new Date("2024-01-06T01:00:00Z"));
      assert.deepEqual(
        launched.map((d) => d.toISOString()),
        ["2024-01-06T01:00:00.000Z"],
      );
      const runs = await prisma.run.findMany({ where: { tags: { path: [SCHEDULE_TAG], equals: "daily_events_schedule" } } });
      assert.equal(runs.length, 1);
      const run = runs[0]!;
      assert.equal(run.jobName, "daily_events_job");
      assert.equal(run.partitionKey, "2024-01-05");
      assert.equal((run.tags as Record<string, string>)["weir/partition"], "2024-01-05");
      const done = await waitFor("the scheduled run to finish", async () => {
        const r = await prisma.run.findUnique({ where: { id: run.id } });
        return r && ["SUCCESS", "FAILURE", "CANCELED"].includes(r.status) ? r : undefined;
      });
      assert.equal(done.status, "SUCCESS", done.failureReason ?? "");
      const mats = await prisma.assetMaterialization.findMany({ where: { runId: run.id } });
      assert.deepEqual(
        mats.map((m) => [m.assetKey, m.partitionKey]),
        [["daily_events", "2024-01-05"]],
      );
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });
});
