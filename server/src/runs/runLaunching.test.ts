import assert from "node:assert/strict";
import { after, it } from "node:test";
import { isFinished, type RunStatus, type WeirEvent } from "@weir/sdk";
import { dropTestDatabases, forEachDatabase } from "../../test/databases.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor } from "../daemon/daemonTestHarness.ts";
import { InvalidConfigError } from "../errors.ts";
import { getEvents } from "../store/events.ts";

after(() => dropTestDatabases());

forEachDatabase("launching runs", (kind) => {
  it("stores and publishes each run's events once, in seq order: RUN_ENQUEUED, RUN_DEQUEUED, RUN_STARTING, RUN_START ...", async () => {
    const t = await startDaemonTestInstance({ kind, runQueue: { maxConcurrentRuns: 2 } });
    try {
      const { instance } = t;
      const published = new Map<string, WeirEvent[]>();
      const unsubscribe = instance.sink.subscribe((events) => {
        for (const e of events) published.set(e.runId, [...(published.get(e.runId) ?? []), e]);
      });
      // Launched together, so runs wait in the queue and several are claimed by one pass.
      const runs = await Promise.all([
        ...Array.from({ length: 5 }, () => instance.launchRun({ job: "quick", config: { ops: { pause: { ms: 1 } } } })),
        ...Array.from({ length: 3 }, () => instance.launchRun({ job: "fails" })),
      ]);
      const ids = runs.map((r) => r.id);
      await waitFor("every run to finish", async () => {
        const statuses = await instance.store.prisma.run.findMany({ where: { id: { in: ids } }, select: { status: true } });
        return statuses.every((r) => isFinished(r.status as RunStatus));
      });
      for (const id of ids) await instance.dispatcher.whenEnded(id);
      await instance.sink.flush();
      unsubscribe();

      for (const run of runs) {
        const stored = await getEvents(instance.store, run.id, { limit: 1000 });
        const key = (e: WeirEvent) => `${e.seq}:${e.type}`;
        assert.deepEqual(
          stored.map((e) => e.seq),
          stored.map((_, i) => i + 1),
          `run ${run.id}: seqs 1..n without a gap`,
        );
        assert.deepEqual(
          stored.slice(0, 4).map((e) => e.type),
          ["RUN_ENQUEUED", "RUN_DEQUEUED", "RUN_STARTING", "RUN_START"],
        );
        assert.equal(stored.at(-1)!.type, run.jobName === "quick" ? "RUN_SUCCESS" : "RUN_FAILURE");
        assert.deepEqual(
          (published.get(run.id) ?? []).map(key),
          stored.map(key),
          `run ${run.id}: subscribers saw exactly the stored events, in order`,
        );
        const dequeued = stored[1]!.data as { seqAtClaim: number; daemonId: string | null };
        assert.equal(dequeued.seqAtClaim, 1);
      }
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });

  it("checks the config of a job that takes none without its code server; other jobs still ask it", async () => {
    const t = await startDaemonTestInstance({ kind });
    try {
      const { instance } = t;
      const asked: string[] = [];
      const validateConfig = instance.locations.validateConfig;
      instance.locations.validateConfig = (location, target, config) => {
        asked.push("job" in target ? target.job : "assets");
        return validateConfig(location, target, config);
      };
      await assert.rejects(
        () => instance.launchRun({ job: "fails", config: { ops: { boom: { retries: 1 } } } }),
        (error: unknown) => error instanceof InvalidConfigError && error.violations.map((v) => v.path).join() === "ops.boom",
      );
      assert.equal(await instance.store.prisma.run.count(), 0, "an invalid launch stores nothing");
      const run = await instance.launchRun({ job: "fails", config: {} });
      assert.deepEqual(run.config, { ops: {}, resources: {} });
      await assert.rejects(
        () => instance.launchRun({ job: "quick", config: { ops: { pause: { ms: -1 } } } }),
        InvalidConfigError,
      );
      assert.deepEqual(asked, ["quick"]);
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });
});
