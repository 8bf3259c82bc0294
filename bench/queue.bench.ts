// `npm run bench -- queue`: the run queue against graphile-worker on one PostgreSQL.
// Weir: 1,000 queued one-step runs, maxConcurrentRuns 50, in-process launcher: runs dequeued and finished
// per second, and QUEUED -> RUN_START delay (p50/p99). graphile-worker: 1,000 no-op jobs at concurrency 50:
// jobs per second and add -> start delay. Then one sensor evaluation's run-key check with 10,000 keys
// already launched. All work is queued before the clock starts, so both sides measure draining a backlog.
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startWeirInstance, weirConfigSchema } from "@weir/server";
import { Logger, makeWorkerUtils, run as runGraphile } from "graphile-worker";
import { pino } from "pino";
import { launchedRunKeys } from "../server/src/sensors/sensorRunKeys.ts";
import { setRunQueueLimits } from "../server/src/runs/runQueueSettings.ts";
import { BENCH_LOCATION } from "./apiBenchServer.ts";
import { createBenchDatabase } from "./benchPostgres.ts";
import { percentile, report, round, type Row } from "./report.ts";

const RUNS = Number(process.env.QUEUE_BENCH_RUNS ?? 1000);
const CONCURRENCY = 50;

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`queue bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function benchWeir(databaseUrl: string) {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-queue-bench-"));
  const config = weirConfigSchema.parse({
    instanceDir,
    databaseUrl,
    locations: [{ file: BENCH_LOCATION }],
    runQueue: { maxConcurrentRuns: CONCURRENCY },
  });
  const instance = await startWeirInstance(config, { log: pino({ level: "warn" }) });
  try {
    const { prisma } = instance.store;
    // Warm the executor and the location's import once, outside the measurement.
    const warm = await instance.launchRun({ job: "noop" });
    await waitUntil(
      "the warm-up run",
      async () => (await prisma.run.findUnique({ where: { id: warm.id } }))?.status === "SUCCESS",
      60_000,
    );

    await setRunQueueLimits(instance.store, { maxConcurrentRuns: 0, tagConcurrencyLimits: [] });
    const locationName = instance.locations.list()[0]!.name;
    const ids = Array.from({ length: RUNS }, () => randomUUID());
    await prisma.$executeRawUnsafe(
      `INSERT INTO runs (id, job_name, location_name, status, launcher, created_at)
       SELECT id, 'noop', $2, 'QUEUED', 'in-process', now() FROM unnest($1::uuid[]) AS id`,
      ids,
      locationName,
    );
    await prisma.$executeRawUnsafe(
      `INSERT INTO run_events (run_id, seq, type, level, message, "timestamp") SELECT id, 1, 'RUN_ENQUEUED', 'INFO', 'queued', now() FROM unnest($1::uuid[]) AS id`,
      ids,
    );
    const t0 = Date.now();
    await setRunQueueLimits(instance.store, { maxConcurrentRuns: CONCURRENCY, tagConcurrencyLimits: [] });
    instance.bus.signal("runQueueLimitsChanged");
    await waitUntil(
      "every run to finish",
      async () =>
        (await prisma.run.count({ where: { id: { in: ids }, status: { in: ["SUCCESS", "FAILURE", "CANCELED"] } } })) === RUNS,
      600_000,
    );
    const seconds = (Date.now() - t0) / 1000;
    const failed = await prisma.run.count({ where: { id: { in: ids }, status: { not: "SUCCESS" } } });
    // Delay from when the queue opened (the runs were all QUEUED then) to each RUN_START.
    const starts = await prisma.$queryRawUnsafe<{ ms: number }[]>(
      `SELECT (extract(epoch from e."timestamp") * 1000)::float8 - $2::float8 AS ms FROM run_events e WHERE e.type = 'RUN_START' AND e.run_id = ANY($1::uuid[])`,
      ids,
      t0,
    );
    const delays = starts.map((r) => Number(r.ms)).sort((a, b) => a - b);
    return { seconds, perSecond: RUNS / seconds, p50: percentile(delays, 50), p99: percentile(delays, 99), failed };
  } finally {
    await instance.close();
    rmSync(instanceDir, { recursive: true, force: true });
  }
}

async function benchGraphile(databaseUrl: string) {
  const utils = await makeWorkerUtils({ connectionString: databaseUrl, logger: new Logger(() => () => {}) });
  await utils.migrate();
  const created: Date[] = [];
  for (let i = 0; i < RUNS; i += 500) {
    const jobs = await utils.addJobs(
      Array.from({ length: Math.min(500, RUNS - i) }, (_, j) => ({ identifier: "noop", payload: { i: i + j } })),
    );
    for (const job of jobs) created.push(job.created_at);
  }
  await utils.release();
  const delays: number[] = [];
  let done = 0;
  let resolveAll!: () => void;
  const all = new Promise<void>((resolve) => (resolveAll = resolve));
  const t0 = Date.now();
  const runner = await runGraphile({
    connectionString: databaseUrl,
    concurrency: CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1000,
    // Its per-job INFO lines would cost it time Weir does not spend (Weir's log level is warn here).
    logger: new Logger(() => () => {}),
    taskList: {
      noop: async () => {
        // Measured like Weir's: from when processing opened (every job was queued by then) to the task's start.
        delays.push(Date.now() - t0);
        if (++done === RUNS) resolveAll();
      },
    },
  });
  await all;
  const seconds = (Date.now() - t0) / 1000;
  await runner.stop();
  delays.sort((a, b) => a - b);
  return {
    seconds,
    perSecond: RUNS / seconds,
    p50: percentile(delays, 50),
    p99: percentile(delays, 99),
    created: created.length,
  };
}

async function benchRunKeys(databaseUrl: string) {
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-runkey-bench-"));
  const { openStore } = await import("@weir/server");
  const store = await openStore({ instanceDir, databaseUrl });
  try {
    const keys = Array.from({ length: 10_000 }, (_, i) => `file-${i}`);
    await store.prisma.$executeRawUnsafe(
      `INSERT INTO sensor_run_keys (sensor_name, run_key, run_id) SELECT 'bench_sensor', k, gen_random_uuid() FROM unnest($1::text[]) AS k`,
      keys,
    );
    // One evaluation asking for 1,000 keys, half of them already launched.
    const asked = Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? `file-${i * 7}` : `new-${i}`));
    const times: number[] = [];
    let found = 0;
    for (let i = 0; i < 30; i++) {
      const t = performance.now();
      found = (await launchedRunKeys(store, "bench_sensor", asked)).size;
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    return { p50: percentile(times, 50), p99: percentile(times, 99), found };
  } finally {
    await store.close();
    rmSync(instanceDir, { recursive: true, force: true });
  }
}

const weirDb = await createBenchDatabase("queue_weir");
const graphileDb = await createBenchDatabase("queue_graphile");
try {
  const weir = await benchWeir(weirDb.url);
  const graphile = await benchGraphile(graphileDb.url);
  const runKeys = await benchRunKeys(weirDb.url);
  const rows: Row[] = [
    {
      system: "weir run queue",
      items: RUNS,
      concurrency: CONCURRENCY,
      seconds: round(weir.seconds, 2),
      per_second: round(weir.perSecond, 1),
      start_delay_p50_ms: round(weir.p50, 1),
      start_delay_p99_ms: round(weir.p99, 1),
      failed: weir.failed,
    },
    {
      system: "graphile-worker",
      items: RUNS,
      concurrency: CONCURRENCY,
      seconds: round(graphile.seconds, 2),
      per_second: round(graphile.perSecond, 1),
      start_delay_p50_ms: round(graphile.p50, 1),
      start_delay_p99_ms: round(graphile.p99, 1),
      failed: 0,
    },
    {
      system: "ratio weir/graphile",
      items: null,
      concurrency: null,
      seconds: round(weir.seconds / graphile.seconds, 3),
      per_second: round(weir.perSecond / graphile.perSecond, 3),
      start_delay_p50_ms: round(weir.p50 / graphile.p50, 3),
      start_delay_p99_ms: round(weir.p99 / graphile.p99, 3),
      failed: null,
    },
    {
      system: "sensor run-key check (10,000 launched, 1,000 asked)",
      items: 1000,
      concurrency: 1,
      seconds: null,
      per_second: null,
      start_delay_p50_ms: round(runKeys.p50, 2),
      start_delay_p99_ms: round(runKeys.p99, 2),
      failed: null,
    },
  ];
  report("queue", rows, {
    targets: { weirRunsPerSecond: ">= 200", runKeyCheckMs: "<= 50" },
    met: { runsPerSecond: weir.perSecond >= 200, runKeyCheck: runKeys.p99 <= 50 },
  });
} finally {
  await weirDb.drop();
  await graphileDb.drop();
}
