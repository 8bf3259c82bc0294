import assert from "node:assert/strict";
import { after, it } from "node:test";
import { dropTestDatabases, forEachDatabase } from "../../test/databases.ts";
import type { InstigatorTick } from "../generated/prisma/client.ts";
import type { WeirInstance } from "../instance/weirInstance.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor } from "../daemon/daemonTestHarness.ts";
import { setStatus } from "../instigators/instigatorStates.ts";
import { SCHEDULE_TAG, TICK_TAG } from "./scheduler.ts";

after(() => dropTestDatabases());

const ref = (name: string, defaultStatus: "RUNNING" | "STOPPED" = "STOPPED") => ({
  kind: "SCHEDULE" as const,
  name,
  locationName: "daemonLocation",
  defaultStatus,
});

async function ticks(instance: WeirInstance, name: string): Promise<InstigatorTick[]> {
  return instance.store.prisma.instigatorTick.findMany({ where: { kind: "SCHEDULE", name }, orderBy: { scheduledAt: "asc" } });
}

async function setSchedule(instance: WeirInstance, name: string, status: "RUNNING" | "STOPPED"): Promise<void> {
  await setStatus(instance.store, ref(name), status);
  instance.bus.signal("instigatorsChanged");
}

function assertConsecutive(list: InstigatorTick[], what: string): void {
  for (let i = 1; i < list.length; i++) {
    assert.equal(
      list[i]!.scheduledAt!.getTime() - list[i - 1]!.scheduledAt!.getTime(),
      1000,
      `${what}: no tick missed or repeated between ${list[i - 1]!.scheduledAt!.toISOString()} and ${list[i]!.scheduledAt!.toISOString()}`,
    );
  }
}

forEachDatabase("scheduler", (kind) => {
  it("a seconds cron fires within 1 s of each tick; stop, start and a restart neither double-fire nor fire while stopped", async () => {
    let t = await startDaemonTestInstance({ kind });
    const reuse = { instanceDir: t.instanceDir, databaseUrl: t.databaseUrl };
    try {
      await setSchedule(t.instance, "every_second", "RUNNING");
      const firstRun = await waitFor("4 successful ticks", async () => {
        const list = (await ticks(t.instance, "every_second")).filter((k) => k.status === "SUCCESS");
        return list.length >= 4 ? list : undefined;
      });
      for (const tick of firstRun) {
        const late = tick.createdAt.getTime() - tick.scheduledAt!.getTime();
        assert.ok(late >= 0 && late < 1000, `tick ${tick.scheduledAt!.toISOString()} claimed ${late} ms after its time`);
        assert.equal((tick.runIds as string[]).length, 1);
      }
      assertConsecutive(firstRun, "while running");

      await setSchedule(t.instance, "every_second", "STOPPED");
      await waitFor(
        "the cron task to stop",
        async () => !t.instance.daemon!.loop("scheduler").running().includes("every_second"),
      );
      const stoppedAt = new Date();
      // Absence takes time to show: two scheduled times pass while it is stopped.
      await new Promise((resolve) => setTimeout(resolve, 2200));
      await setSchedule(t.instance, "every_second", "RUNNING");
      const startedAt = new Date();
      await waitFor(
        "a tick after the restart of the schedule",
        async () => (await ticks(t.instance, "every_second")).some((k) => k.scheduledAt! > startedAt) || undefined,
      );
      const during = (await ticks(t.instance, "every_second")).filter(
        (k) => k.scheduledAt!.getTime() > stoppedAt.getTime() + 1000 && k.scheduledAt! < new Date(startedAt.getTime() - 1000),
      );
      assert.deepEqual(during, [], "no tick while the schedule was stopped, and no catch-up of those ticks after starting it");

      // A daemon restart: the state persists, ticks missed while down are caught up, none fires twice.
      await t.close();
      const downAt = Date.now();
      t = await startDaemonTestInstance({ kind, reuse });
      await waitFor(
        "a tick after the daemon restart",
        async () => (await ticks(t.instance, "every_second")).some((k) => k.scheduledAt!.getTime() > downAt + 1500) || undefined,
      );
      // Settle: stop the schedule and let the tick in flight (if any) finish before counting runs.
      await setSchedule(t.instance, "every_second", "STOPPED");
      await waitFor(
        "no tick in flight",
        async () => (await ticks(t.instance, "every_second")).every((k) => k.status !== "STARTED") || undefined,
      );
      const all = await ticks(t.instance, "every_second");
      const afterRestart = all.filter((k) => k.scheduledAt! >= startedAt);
      assertConsecutive(afterRestart, "across the daemon restart");
      const runs = await t.instance.store.prisma.run.findMany({
        where: { tags: { path: [SCHEDULE_TAG], equals: "every_second" } },
        select: { id: true },
      });
      const tickRuns = all.flatMap((k) => k.runIds as string[]);
      assert.equal(new Set(tickRuns).size, tickRuns.length, "no run in two ticks");
      assert.equal(
        runs.length,
        tickRuns.length,
        `one run per launched tick, no more: ${JSON.stringify(all.map((k) => [k.scheduledAt, k.status, k.runIds, k.error]))}`,
      );
    } finally {
      await t.close();
      removeInstanceDir(reuse.instanceDir);
    }
  });

  it("a tick left STARTED by a crash is finished by the next wake-up, launching only what it had not launched", async () => {
    const t = await startDaemonTestInstance({ kind, start: { fireSchedules: false } });
    try {
      const { instance } = t;
      const { prisma } = instance.store;
      const scheduler = instance.daemon!.loop("scheduler");
      await setStatus(instance.store, ref("every_second"), "RUNNING");
      await prisma.instigatorState.update({
        where: { kind_name: { kind: "SCHEDULE", name: "every_second" } },
        data: { runningSince: new Date("2026-01-01T00:00:00Z") },
      });
      // As a crash would leave them: tick :01 launched its run but was never finished; tick :02 was claimed
      // and died before its launch.
      await prisma.$executeRawUnsafe(`CREATE FUNCTION weir_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the daemon died mid-tick'; END $$`);
      await prisma.$executeRawUnsafe(
        `CREATE TRIGGER weir_test_crash_finish BEFORE UPDATE ON instigator_ticks FOR EACH ROW EXECUTE FUNCTION weir_test_crash()`,
      );
      await assert.rejects(scheduler.processDue("every_second", new Date("2026-01-01T00:00:01Z")), /died mid-tick/);
      await prisma.$executeRawUnsafe(`CREATE TRIGGER weir_test_crash_launch BEFORE INSERT ON runs FOR EACH ROW
        WHEN (NEW.tags->>'${TICK_TAG}' = '2026-01-01T00:00:02.000Z') EXECUTE FUNCTION weir_test_crash()`);
      await assert.rejects(scheduler.processDue("every_second", new Date("2026-01-01T00:00:02Z")), /died mid-tick/);
      assert.deepEqual(
        (await ticks(instance, "every_second")).map((k) => k.status),
        ["STARTED", "STARTED"],
      );
      const scheduledRuns = () => prisma.run.findMany({ where: { tags: { path: [SCHEDULE_TAG], equals: "every_second" } } });
      assert.equal((await scheduledRuns()).length, 1);
      await prisma.$executeRawUnsafe(`DROP TRIGGER weir_test_crash_finish ON instigator_ticks`);
      await prisma.$executeRawUnsafe(`DROP TRIGGER weir_test_crash_launch ON runs`);

      // The next wake-up (nothing new is due) finishes both.
      const finished = await scheduler.processDue("every_second", new Date("2026-01-01T00:00:02Z"));
      assert.deepEqual(
        finished.map((d) => d.toISOString()),
        ["2026-01-01T00:00:01.000Z", "2026-01-01T00:00:02.000Z"],
      );
      const list = await ticks(instance, "every_second");
      assert.deepEqual(
        list.map((k) => [k.scheduledAt!.toISOString(), k.status, (k.runIds as string[]).length]),
        [
          ["2026-01-01T00:00:01.000Z", "SUCCESS", 1],
          ["2026-01-01T00:00:02.000Z", "SUCCESS", 1],
        ],
      );
      const runs = await scheduledRuns();
      assert.deepEqual(
        runs.map((r) => (r.tags as Record<string, string>)[TICK_TAG]).sort(),
        ["2026-01-01T00:00:01.000Z", "2026-01-01T00:00:02.000Z"],
        "one run per tick",
      );
      assert.deepEqual(new Set(runs.map((r) => r.id)), new Set(list.flatMap((k) => k.runIds as string[])));
      // Finished ticks are not finished again.
      assert.deepEqual(await scheduler.processDue("every_second", new Date("2026-01-01T00:00:02Z")), []);
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });

  it("catches up missed ticks up to the limit (newest first launched, older skipped); config and shouldRun decide in the code server; defaultStatus applies", async () => {
    const t = await startDaemonTestInstance({ kind, daemon: { maxCatchUpTicks: 3 }, start: { fireSchedules: false } });
    try {
      const { instance } = t;
      const scheduler = instance.daemon!.loop("scheduler");
      await setStatus(instance.store, ref("every_second"), "RUNNING");
      // Simulated downtime: the schedule has been running since 00:00:00, the daemon wakes at 00:00:10.
      await instance.store.prisma.instigatorState.update({
        where: { kind_name: { kind: "SCHEDULE", name: "every_second" } },
        data: { runningSince: new Date("2026-01-01T00:00:00Z") },
      });
      const launched = await scheduler.processDue("every_second", new Date("2026-01-01T00:00:10Z"));
      assert.deepEqual(
        launched.map((d) => d.toISOString()),
        ["2026-01-01T00:00:08.000Z", "2026-01-01T00:00:09.000Z", "2026-01-01T00:00:10.000Z"],
      );
      const list = await ticks(instance, "every_second");
      assert.equal(list.length, 10);
      assert.deepEqual(
        list.filter((k) => k.status === "SKIPPED").map((k) => k.scheduledAt!.getUTCSeconds()),
        [1, 2, 3, 4, 5, 6, 7],
      );
      assert.match(list[0]!.skipReason!, /maxCatchUpTicks/);
      assert.deepEqual(
        list.filter((k) => k.status === "SUCCESS").map((k) => k.scheduledAt!.getUTCSeconds()),
        [8, 9, 10],
      );
      // The same wake-up again (a second daemon, a restart) launches nothing more.
      assert.deepEqual(await scheduler.processDue("every_second", new Date("2026-01-01T00:00:10Z")), []);
      assert.equal((await ticks(instance, "every_second")).length, 10);

      await setStatus(instance.store, ref("bad_config"), "RUNNING");
      await instance.store.prisma.instigatorState.update({
        where: { kind_name: { kind: "SCHEDULE", name: "bad_config" } },
        data: { runningSince: new Date("2026-01-01T00:00:00Z") },
      });
      await scheduler.processDue("bad_config", new Date("2026-01-01T00:00:01Z"));
      await scheduler.processDue("bad_config", new Date("2026-01-01T00:00:02Z"));
      const failed = await ticks(instance, "bad_config");
      assert.deepEqual(
        failed.map((k) => k.status),
        ["FAILURE", "FAILURE"],
        "a throwing config fails the tick and the next tick is still evaluated",
      );
      assert.match(JSON.stringify(failed[0]!.error), /no config for 2026-01-01T00:00:01.000Z/);
      assert.match(JSON.stringify(failed[0]!.error), /daemonLocation/);

      await setStatus(instance.store, ref("even_seconds_only"), "RUNNING");
      await instance.store.prisma.instigatorState.update({
        where: { kind_name: { kind: "SCHEDULE", name: "even_seconds_only" } },
        data: { runningSince: new Date("2026-01-01T00:00:00Z") },
      });
      await scheduler.processDue("even_seconds_only", new Date("2026-01-01T00:00:02Z"));
      const even = await ticks(instance, "even_seconds_only");
      assert.deepEqual(
        even.map((k) => [k.scheduledAt!.getUTCSeconds(), k.status]),
        [
          [1, "SKIPPED"],
          [2, "SUCCESS"],
        ],
      );
      assert.match(even[0]!.skipReason!, /shouldRun returned false/);

      // defaultStatus RUNNING: the scheduler stores it as running without anyone starting it.
      await scheduler.pass();
      const nightly = await instance.store.prisma.instigatorState.findUnique({
        where: { kind_name: { kind: "SCHEDULE", name: "nightly_paris" } },
      });
      assert.equal(nightly?.status, "RUNNING");
      assert.ok(scheduler.running().includes("nightly_paris"));
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });
});
