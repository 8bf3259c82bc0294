import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { dropTestDatabases, forEachDatabase, openTestStore } from "../../test/databases.ts";
import { removeInstanceDir, startDaemonTestInstance, waitFor } from "../daemon/daemonTestHarness.ts";
import { IN_PROGRESS_STATUSES } from "@weir/sdk";
import { IN_PROGRESS_TAGS_SQL, explainQueue } from "./runQueue.ts";
import { setRunQueueLimits } from "./runQueueSettings.ts";

after(() => dropTestDatabases());

forEachDatabase("run queue", (kind) => {
  it("counts the runs in progress through the status index, not by reading the whole runs table", async () => {
    const store = await openTestStore(kind);
    try {
      // Many finished runs and a few in progress: the shape of a long-lived instance.
      await store.query(
        `INSERT INTO runs (id, job_name, status, config, tags)
         SELECT gen_random_uuid(), 'old', (ARRAY['SUCCESS','FAILURE','CANCELED'])[1 + i % 3]::"RunStatus", '{}', '{}'
         FROM generate_series(1, 20000) AS i`,
        [],
      );
      await store.query(
        `INSERT INTO runs (id, job_name, status, config, tags)
         SELECT gen_random_uuid(), 'live', s::"RunStatus", '{}', '{"db":"warehouse"}' FROM unnest(ARRAY['STARTING','STARTED','CANCELING']) AS s`,
        [],
      );
      await store.query("ANALYZE runs", []);
      const params = [[...IN_PROGRESS_STATUSES]];
      const [{ "QUERY PLAN": plan }] = await store.query<{ "QUERY PLAN": unknown }>(
        `EXPLAIN (FORMAT JSON) ${IN_PROGRESS_TAGS_SQL}`,
        params,
      );
      const nodes: Record<string, unknown>[] = [];
      const walk = (node: Record<string, unknown>) => {
        nodes.push(node);
        for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      walk((plan as { Plan: Record<string, unknown> }[])[0]!.Plan);
      const described = JSON.stringify(nodes.map((n) => [n["Node Type"], n["Index Name"], n["Index Cond"]]));
      assert.ok(!nodes.some((n) => n["Node Type"] === "Seq Scan"), `no sequential scan of runs: ${described}`);
      assert.ok(
        nodes.some(
          (n) => String(n["Index Name"] ?? "").startsWith("runs_status") && /status/.test(String(n["Index Cond"] ?? "")),
        ),
        `the plan looks runs up by status in a status index: ${described}`,
      );
      const rows = await store.query<{ tags: Record<string, string> }>(IN_PROGRESS_TAGS_SQL, params);
      assert.deepEqual(
        rows.map((r) => r.tags),
        [{ db: "warehouse" }, { db: "warehouse" }, { db: "warehouse" }],
      );
    } finally {
      await store.close();
    }
  });

  it("50 runs, maxConcurrentRuns 3 and a tag limit of 1: never over a limit, all finish, priority order kept", async () => {
    const t = await startDaemonTestInstance({
      kind,
      runQueue: { maxConcurrentRuns: 3, tagConcurrencyLimits: [{ key: "db", value: "warehouse", limit: 1 }] },
      // Hold the queue while the runs are created, so the order they start in is the queue's choice.
      daemon: { enabled: true },
    });
    try {
      const { instance } = t;
      await setRunQueueLimits(instance.store, {
        maxConcurrentRuns: 0,
        tagConcurrencyLimits: [{ key: "db", value: "warehouse", limit: 1 }],
      });
      const created: { id: string; priority: number; warehouse: boolean }[] = [];
      for (let i = 0; i < 50; i++) {
        const warehouse = i % 3 === 0;
        const priority = i % 5 === 0 ? 10 : 0;
        const run = await instance.launchRun({
          job: "quick",
          config: { ops: { pause: { ms: 30 } } },
          tags: warehouse ? { db: "warehouse" } : {},
          priority,
        });
        created.push({ id: run.id, priority, warehouse });
      }
      const waiting = await explainQueue(instance, instance.config.runQueue, 100);
      assert.equal(waiting.runs.length, 50);
      assert.ok(
        waiting.runs.every((r) => r.reason?.kind === "MAX_CONCURRENT_RUNS"),
        "with no slot every run waits for one",
      );

      await setRunQueueLimits(instance.store, {
        maxConcurrentRuns: 3,
        tagConcurrencyLimits: [{ key: "db", value: "warehouse", limit: 1 }],
      });
      instance.bus.signal("runQueueLimitsChanged");
      await waitFor(
        "all 50 runs to finish",
        async () =>
          (await instance.store.prisma.run.count({ where: { status: { in: ["SUCCESS", "FAILURE", "CANCELED"] } } })) === 50 ||
          undefined,
        60_000,
      );

      const runs = await instance.store.prisma.run.findMany({ select: { id: true, status: true } });
      assert.ok(
        runs.every((r) => r.status === "SUCCESS"),
        `every run succeeded: ${JSON.stringify(runs.filter((r) => r.status !== "SUCCESS"))}`,
      );

      // The stored timeline: +1 at RUN_START, -1 at RUN_SUCCESS, in time order (ends before starts at a tie).
      const events = await instance.store.prisma.runEvent.findMany({
        where: { type: { in: ["RUN_START", "RUN_SUCCESS"] } },
        select: { runId: true, type: true, timestamp: true },
      });
      const byId = new Map(created.map((c) => [c.id, c]));
      events.sort((a, b) => a.timestamp.getTime() - b.timestamp.getTime() || (a.type === "RUN_SUCCESS" ? -1 : 1));
      let inProgress = 0;
      let warehouse = 0;
      let maxSeen = 0;
      for (const e of events) {
        const delta = e.type === "RUN_START" ? 1 : -1;
        inProgress += delta;
        if (byId.get(e.runId)!.warehouse) warehouse += delta;
        maxSeen = Math.max(maxSeen, inProgress);
        assert.ok(inProgress <= 3, `at most 3 runs in progress, saw ${inProgress} at ${e.timestamp.toISOString()}`);
        assert.ok(warehouse <= 1, `at most 1 db=warehouse run in progress, saw ${warehouse}`);
      }
      assert.equal(maxSeen, 3, "the queue used all three slots");

      // Order: the queue stamps RUN_DEQUEUED with when it claimed the run (claims are serial in a process).
      const dequeued = await instance.store.prisma.runEvent.findMany({
        where: { type: "RUN_DEQUEUED" },
        select: { runId: true, data: true },
      });
      const at = new Map(dequeued.map((e) => [e.runId, (e.data as { claimedAt: number }).claimedAt]));
      const high = created.filter((c) => c.priority === 10 && !c.warehouse).map((c) => at.get(c.id)!);
      const low = created.filter((c) => c.priority === 0 && !c.warehouse).map((c) => at.get(c.id)!);
      assert.ok(Math.max(...high) <= Math.min(...low), "high-priority runs are dequeued first");
      const inversions = low.filter((t, i) => i > 0 && t < low[i - 1]!).length;
      assert.equal(inversions, 0, "runs of one priority are dequeued oldest first");
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });

  it("explains why each queued run waits and reacts at once to a finished run", async () => {
    const t = await startDaemonTestInstance({ kind, runQueue: { maxConcurrentRuns: 1, sweepIntervalMs: 60_000 } });
    try {
      const { instance } = t;
      const first = await instance.launchRun({ job: "quick", config: { ops: { pause: { ms: 300 } } } });
      await waitFor(
        "the first run to start",
        async () => (await instance.store.prisma.run.findUnique({ where: { id: first.id } }))?.status !== "QUEUED",
      );
      const second = await instance.launchRun({ job: "quick", config: { ops: { pause: { ms: 1 } } } });
      const explained = await explainQueue(instance, instance.config.runQueue, 10);
      assert.equal(explained.runs[0]?.runId, second.id);
      assert.equal(explained.runs[0]?.reason?.kind, "MAX_CONCURRENT_RUNS");
      // The sweep is a minute away: only the finished run's notification can start the second one in time.
      await waitFor(
        "the second run to finish",
        async () => (await instance.store.prisma.run.findUnique({ where: { id: second.id } }))?.status === "SUCCESS",
        30_000,
      );
    } finally {
      await t.close();
      removeInstanceDir(t.instanceDir);
    }
  });
});

describe("run queue limits", () => {
  it("are validated before they are stored", async () => {
    await assert.rejects(
      () => setRunQueueLimits({} as never, { maxConcurrentRuns: -2, tagConcurrencyLimits: [] }),
      /maxConcurrentRuns|Too small|>=0/,
    );
  });
});
