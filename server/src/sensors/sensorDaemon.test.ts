import assert from "node:assert/strict";
import { after, it } from "node:test";
import { dropTestDatabases, forEachDatabase } from "../../test/databases.ts";
import type { InstigatorTick } from "../generated/prisma/client.ts";
import type { WeirInstance } from "../instance/weirInstance.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor } from "../daemon/daemonTestHarness.ts";
import { setCursor, setStatus } from "../instigators/instigatorStates.ts";
import { RUN_KEY_TAG, SENSOR_TAG } from "./sensorDaemon.ts";

after(() => dropTestDatabases());

const ref = (name: string) => ({
  kind: "SENSOR" as const,
  name,
  locationName: "daemonLocation",
  defaultStatus: "STOPPED" as const,
});

async function ticks(instance: WeirInstance, name: string): Promise<InstigatorTick[]> {
  return instance.store.prisma.instigatorTick.findMany({ where: { kind: "SENSOR", name }, orderBy: { id: "asc" } });
}

async function setSensor(instance: WeirInstance, name: string, status: "RUNNING" | "STOPPED"): Promise<void> {
  await setStatus(instance.store, ref(name), status);
  instance.bus.signal("instigatorsChanged");
}

forEachDatabase("sensors", (kind) => {
  it("cursor advances, a repeated run key launches once, a throwing sensor records FAILURE and keeps being evaluated", async () => {
    const t = await startDaemonTestInstance({ kind });
    try {
      const { instance } = t;
      await setSensor(instance, "counter", "RUNNING");
      await setSensor(instance, "broken", "RUNNING");
      const counted = await waitFor("6 counter evaluations", async () => {
        const list = await ticks(instance, "counter");
        return list.length >= 6 ? list : undefined;
      });
      assert.deepEqual(
        counted.slice(0, 6).map((k) => k.cursor),
        ["1", "2", "3", "4", "5", "6"],
        "each evaluation stores the cursor the next one starts from",
      );
      // Evaluation n asks for key k<n/2>: n=1 -> k0 (new), 2 -> k1 (new), 3 -> k1 (again), 4 -> k2, 5 -> k2 ...
      assert.deepEqual(
        counted.slice(0, 6).map((k) => k.status),
        ["SUCCESS", "SUCCESS", "SKIPPED", "SUCCESS", "SKIPPED", "SUCCESS"],
      );
      assert.match(counted[2]!.skipReason!, /already launched by this sensor: k1/);
      await setSensor(instance, "counter", "STOPPED");
      await waitFor("the counter loop to stop", async () => !instance.daemon!.loop("sensors").running().includes("counter"));
      const keys = await instance.store.prisma.sensorRunKey.findMany({ where: { sensorName: "counter" } });
      const runs = await instance.store.prisma.run.findMany({ where: { tags: { path: [SENSOR_TAG], equals: "counter" } } });
      assert.equal(runs.length, keys.length, "one run per run key");
      assert.equal(new Set(keys.map((k) => k.runKey)).size, keys.length);

      const state = await instance.store.prisma.instigatorState.findUnique({
        where: { kind_name: { kind: "SENSOR", name: "counter" } },
      });
      assert.equal(state?.cursor, (await ticks(instance, "counter")).at(-1)!.cursor);

      // setSensorCursor: the next evaluation starts from the cursor set.
      await setCursor(instance.store, ref("counter"), "100");
      await setSensor(instance, "counter", "RUNNING");
      await waitFor(
        "an evaluation from cursor 100",
        async () => (await ticks(instance, "counter")).some((k) => k.cursor === "101") || undefined,
      );

      const broken = await waitFor("3 failed evaluations of the throwing sensor", async () => {
        const list = await ticks(instance, "broken");
        return list.length >= 3 ? list : undefined;
      });
      assert.ok(broken.every((k) => k.status === "FAILURE"));
      assert.match(JSON.stringify(broken[0]!.error), /sensor broke on purpose/);
      assert.match(JSON.stringify(broken[0]!.error), /daemonLocation/);
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });

  it("a crash between launching a sensor's runs and saving its run keys and cursor launches each key once", async () => {
    const t = await startDaemonTestInstance({ kind });
    try {
      const { instance } = t;
      const { prisma } = instance.store;
      // The save fails as a crash right after the launch would leave things: runs stored, keys and cursor not.
      await prisma.$executeRawUnsafe(`CREATE FUNCTION weir_test_crash() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'the daemon died before saving its run keys'; END $$`);
      await prisma.$executeRawUnsafe(
        `CREATE TRIGGER weir_test_crash BEFORE INSERT ON sensor_run_keys FOR EACH ROW EXECUTE FUNCTION weir_test_crash()`,
      );
      await setSensor(instance, "counter", "RUNNING");
      const crashed = await waitFor("3 evaluations cut short before their save", async () => {
        const list = await ticks(instance, "counter");
        return list.length >= 3 ? list : undefined;
      });
      assert.ok(
        crashed.every((k) => k.status === "FAILURE" && k.cursor === null),
        "the cursor was never saved: each evaluation started over",
      );
      assert.match(JSON.stringify(crashed[0]!.error), /died before saving its run keys/);
      await prisma.$executeRawUnsafe(`DROP TRIGGER weir_test_crash ON sensor_run_keys`);
      await waitFor(
        "the sensor to move past key k1",
        async () => (await ticks(instance, "counter")).some((k) => Number(k.cursor) >= 4) || undefined,
      );
      await setSensor(instance, "counter", "STOPPED");
      await waitFor("the counter loop to stop", async () => !instance.daemon!.loop("sensors").running().includes("counter"));

      const runs = await prisma.run.findMany({ where: { tags: { path: [SENSOR_TAG], equals: "counter" } } });
      const perKey = new Map<string, number>();
      for (const run of runs) {
        const key = (run.tags as Record<string, string>)[RUN_KEY_TAG]!;
        perKey.set(key, (perKey.get(key) ?? 0) + 1);
      }
      assert.deepEqual(
        [...perKey.values()],
        [...perKey.keys()].map(() => 1),
        `runs per run key: ${JSON.stringify(Object.fromEntries(perKey))}`,
      );
      assert.ok(perKey.has("k0") && perKey.has("k1"));
      const keys = await prisma.sensorRunKey.findMany({ where: { sensorName: "counter" } });
      assert.deepEqual(new Set(keys.map((k) => k.runId)), new Set(runs.map((r) => r.id)), "each key recorded with its one run");
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });

  it("a run-status sensor reacts to a run of its monitored job reaching FAILURE, once", async () => {
    const t = await startDaemonTestInstance({ kind });
    try {
      const { instance } = t;
      await setSensor(instance, "on_failure", "RUNNING");
      await waitFor(
        "the sensor to start watching",
        async () =>
          (await ticks(instance, "on_failure")).some((k) => k.skipReason === "started watching run statuses") || undefined,
      );
      const ok = await instance.launchRun({ job: "quick", config: { ops: { pause: { ms: 1 } } } });
      const failing = await instance.launchRun({ job: "fails" });
      const alert = await waitFor(
        "the alert run",
        async () =>
          (await instance.store.prisma.run.findMany({ where: { tags: { path: ["alert/for"], equals: failing.id } } }))[0],
      );
      assert.equal(alert.jobName, "quick");
      // Later evaluations see no new failure: the alert is launched once, and nothing for the run that succeeded.
      const before = (await ticks(instance, "on_failure")).length;
      await waitFor("two more evaluations", async () => (await ticks(instance, "on_failure")).length >= before + 2 || undefined);
      assert.equal(await instance.store.prisma.run.count({ where: { tags: { path: ["alert/for"], equals: failing.id } } }), 1);
      assert.equal(await instance.store.prisma.run.count({ where: { tags: { path: ["alert/for"], equals: ok.id } } }), 0);
      const cursor = JSON.parse(
        (await instance.store.prisma.instigatorState.findUnique({
          where: { kind_name: { kind: "SENSOR", name: "on_failure" } },
        }))!.cursor!,
      );
      assert.equal(cursor.id, failing.id, "the run-status cursor moved past the failed run");
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });
});
