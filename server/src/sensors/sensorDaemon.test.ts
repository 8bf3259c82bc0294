import assert from "node:assert/strict";
import { after, it } from "node:test";
import { dropTestDatabases, forEachDatabase } from "../../test/databases.ts";
import type { InstigatorTick } from "../generated/prisma/client.ts";
import type { WeirInstance } from "../instance/weirInstance.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor } from "../daemon/daemonTestHarness.ts";
import { setCursor, setStatus } from "../instigators/instigatorStates.ts";
import { SENSOR_TAG } from "./sensorDaemon.ts";

after(() => dropTestDatabases());

const ref = (name: string) => ({ kind: "SENSOR" as const, name, locationName: "daemonLocation", defaultStatus: "STOPPED" as const });

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
      assert.deepEqual(counted.slice(0, 6).map((k) => k.cursor), ["1", "2", "3", "4", "5", "6"], "each evaluation stores the cursor the next one starts from");
      // Evaluation n asks for key k<n/2>: n=1 -> k0 (new), 2 -> k1 (new), 3 -> k1 (again), 4 -> k2, 5 -> k2 ...
      assert.deepEqual(counted.slice(0, 6).map((k) => k.status), ["SUCCESS", "SUCCESS", "SKIPPED", "SUCCESS", "SKIPPED", "SUCCESS"]);
      assert.match(counted[2]!.skipReason!, /already launched by this sensor: k1/);
      await setSensor(instance, "counter", "STOPPED");
      await waitFor("the counter loop to stop", async () => !instance.daemon!.loop("sensors").running().includes("counter"));
      const keys = await instance.store.prisma.sensorRunKey.findMany({ where: { sensorName: "counter" } });
      const runs = await instance.store.prisma.run.findMany({ where: { tags: { path: [SENSOR_TAG], equals: "counter" } } });
      assert.equal(runs.length, keys.length, "one run per run key");
      assert.equal(new Set(keys.map((k) => k.runKey)).size, keys.length);

      const state = await instance.store.prisma.instigatorState.findUnique({ where: { kind_name: { kind: "SENSOR", name: "counter" } } });
      assert.equal(state?.cursor, (await ticks(instance, "counter")).at(-1)!.cursor);

      // setSensorCursor: the next evaluation starts from the cursor set.
      await setCursor(instance.store, ref("counter"), "100");
      await setSensor(instance, "counter", "RUNNING");
      await waitFor("an evaluation from cursor 100", async () => (await ticks(instance, "counter")).some((k) => k.cursor === "101") || undefined);

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

  it("a run-status sensor reacts to a run of its monitored job reaching FAILURE, once", async () => {
    const t = await startDaemonTestInstance({ kind });
    try {
      const { instance } = t;
      await setSensor(instance, "on_failure", "RUNNING");
      await waitFor("the sensor to start watching", async () => (await ticks(instance, "on_failure")).some((k) => k.skipReason === "started watching run statuses") || undefined);
      const ok = await instance.launchRun({ job: "quick", config: { ops: { pause: { ms: 1 } } } });
      const failing = await instance.launchRun({ job: "fails" });
      const alert = await waitFor("the alert run", async () =>
        (await instance.store.prisma.run.findMany({ where: { tags: { path: ["alert/for"], equals: failing.id } } }))[0],
      );
      assert.equal(alert.jobName, "quick");
      // Later evaluations see no new failure: the alert is launched once, and nothing for the run that succeeded.
      const before = (await ticks(instance, "on_failure")).length;
      await waitFor("two more evaluations", async () => (await ticks(instance, "on_failure")).length >= before + 2 || undefined);
      assert.equal(await instance.store.prisma.run.count({ where: { tags: { path: ["alert/for"], equals: failing.id } } }), 1);
      assert.equal(await instance.store.prisma.run.count({ where: { tags: { path: ["alert/for"], equals: ok.id } } }), 0);
      const cursor = JSON.parse((await instance.store.prisma.instigatorState.findUnique({ where: { kind_name: { kind: "SENSOR", name: "on_failure" } } }))!.cursor!);
      assert.equal(cursor.id, failing.id, "the run-status cursor moved past the failed run");
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });
});
