// Two `weir daemon` processes on one real PostgreSQL: 200 queued runs and a seconds-cron schedule. Every
// run is launched exactly once, every tick exactly once; events and status changes made by the daemons
// reach a process without a daemon (LISTEN/NOTIFY).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { TERMINAL_RUN_EVENTS, type WeirEvent } from "@weir/sdk";
import { createTestDatabaseUrl, dropTestDatabases } from "../../test/databases.ts";
import type { RunStatusChange } from "../store/runStatusBus.ts";
import { streamRunEvents } from "../subscriptions/runEventStream.ts";
import {
  startServerWithoutDaemon,
  startDaemonProcess,
  stopDaemonProcess,
  waitFor,
  type DaemonProcess,
} from "./daemonTestHarness.ts";
import { setStatus } from "../instigators/instigatorStates.ts";
import { setRunQueueLimits } from "../runs/runQueueSettings.ts";
import { SCHEDULE_TAG } from "../schedules/scheduler.ts";

after(() => dropTestDatabases());

// PostgreSQL only, and not declared for the embedded store: PGlite belongs to one process (its instance
// lock), so two daemon processes on it cannot exist. Without WEIR_TEST_DATABASE_URL the test fails, saying so.
describe("two daemon processes [postgres]", () => {
  it("200 queued runs and a seconds-cron schedule: every run and every tick exactly once; events cross processes", async () => {
    const databaseUrl = await createTestDatabaseUrl();
    const instanceDir = mkdtempSync(join(tmpdir(), "weir-multi-daemon-"));
    const server = await startServerWithoutDaemon(databaseUrl, instanceDir);
    const daemons: DaemonProcess[] = [];
    try {
      const { prisma } = server.store;
      const locationName = server.locations.list()[0]!.name;
      // The queue is held (no slot) until both daemons are up, so both take part.
      await setRunQueueLimits(server.store, { maxConcurrentRuns: 0, tagConcurrencyLimits: [] });
      // 200 queued runs, written directly (as 200 launches would, without their validation round trips).
      const ids = Array.from({ length: 200 }, () => randomUUID());
      await prisma.$executeRawUnsafe(
        `INSERT INTO runs (id, job_name, location_name, status, config, tags, launcher)
         SELECT id, 'quick', $2, 'QUEUED', '{"ops":{"pause":{"ms":5}}}'::jsonb, '{}'::jsonb, 'in-process' FROM unnest($1::uuid[]) AS id`,
        ids,
        locationName,
      );
      await prisma.$executeRawUnsafe(
        `INSERT INTO run_events (run_id, seq, type, level, message, "timestamp") SELECT id, 1, 'RUN_ENQUEUED', 'INFO', 'run of quick queued', now() FROM unnest($1::uuid[]) AS id`,
        ids,
      );
      await setStatus(
        server.store,
        { kind: "SCHEDULE", name: "every_second", locationName, defaultStatus: "STOPPED" },
        "RUNNING",
      );

      const statusChanges: RunStatusChange[] = [];
      server.store.statusChanges.subscribe((c) => statusChanges.push(c));
      // One after the other: two processes migrating at once wait on Prisma's migration lock (10 s limit).
      daemons.push(await startDaemonProcess(databaseUrl, instanceDir));
      daemons.push(await startDaemonProcess(databaseUrl, instanceDir));
      const bothUp = new Date();
      await setRunQueueLimits(server.store, { maxConcurrentRuns: 25, tagConcurrencyLimits: [] });
      server.bus.signal("runQueueLimitsChanged");

      // A run launched here is started by a daemon; its events reach this process's subscription.
      const watched = await server.launchRun({ job: "quick", config: { ops: { pause: { ms: 5 } } } });
      const streamed: WeirEvent[] = [];
      for await (const batch of streamRunEvents({ store: server.store, sink: server.sink, runId: watched.id, afterSeq: 0 }))
        streamed.push(...batch);
      assert.deepEqual(
        streamed.map((e) => e.seq),
        streamed.map((_, i) => i + 1),
        "no gap, no duplicate",
      );
      assert.ok(TERMINAL_RUN_EVENTS.has(streamed.at(-1)!.type), "the stream ends with the run's final event");

      await waitFor(
        "the 200 runs to finish",
        async () => (await prisma.run.count({ where: { id: { in: ids }, status: "SUCCESS" } })) === 200 || undefined,
        240_000,
        200,
      );
      await waitFor(
        "5 ticks after both daemons started",
        async () =>
          (await prisma.instigatorTick.count({ where: { name: "every_second", scheduledAt: { gt: bothUp } } })) >= 5 || undefined,
        60_000,
        200,
      );
      assert.ok(
        statusChanges.some((c) => c.runId === watched.id && c.status === "SUCCESS"),
        "status changes made by a daemon reach this process",
      );
      const codes = await Promise.all(daemons.splice(0).map((d) => stopDaemonProcess(d)));
      assert.deepEqual(codes, [0, 0]);

      const dequeues = await prisma.$queryRawUnsafe<{ run_id: string; n: number; daemon: string }[]>(
        `SELECT run_id::text, count(*)::int AS n, min(data->>'daemonId') AS daemon FROM run_events WHERE type = 'RUN_DEQUEUED' GROUP BY run_id`,
      );
      const idSet = new Set<string>(ids);
      const mine = dequeues.filter((d) => idSet.has(d.run_id));
      assert.equal(mine.length, 200, "every queued run was dequeued");
      assert.ok(
        mine.every((d) => d.n === 1),
        "no run was dequeued twice",
      );
      const starts = await prisma.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM run_events WHERE type = 'RUN_START' AND run_id = ANY($1::uuid[])`,
        ids,
      );
      assert.equal(starts[0]!.n, 200, "every run started exactly once");
      const byDaemon = new Set(mine.map((d) => d.daemon));
      assert.equal(byDaemon.size, 2, "both daemons took runs from the queue");

      const ticks = await prisma.instigatorTick.findMany({
        where: { name: "every_second", kind: "SCHEDULE" },
        orderBy: { scheduledAt: "asc" },
      });
      const tickRuns = ticks.flatMap((k) => k.runIds as string[]);
      assert.ok(
        ticks.every((k) => k.status === "SUCCESS" || k.status === "SKIPPED"),
        JSON.stringify(ticks.filter((k) => k.status !== "SUCCESS").map((k) => [k.status, k.error])),
      );
      assert.equal(new Set(ticks.map((k) => k.scheduledAt!.getTime())).size, ticks.length, "one row per scheduled time");
      const scheduled = await prisma.run.findMany({
        where: { tags: { path: [SCHEDULE_TAG], equals: "every_second" } },
        select: { id: true },
      });
      assert.equal(scheduled.length, tickRuns.length, "one run per tick: no tick launched twice");
      const launchedTicks = ticks.filter((k) => k.status === "SUCCESS" && k.scheduledAt! > bothUp);
      for (let i = 1; i < launchedTicks.length; i++) {
        assert.equal(
          launchedTicks[i]!.scheduledAt!.getTime() - launchedTicks[i - 1]!.scheduledAt!.getTime(),
          1000,
          "no tick missed while both daemons ran",
        );
      }
    } finally {
      await Promise.all(daemons.map((d) => stopDaemonProcess(d)));
      for (const d of daemons) if (d.child.exitCode) console.error(d.stderr());
      await server.close();
      rmSync(instanceDir, { recursive: true, force: true });
    }
  });
});
