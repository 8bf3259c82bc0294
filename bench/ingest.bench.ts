// `npm run bench -- ingest [events] [runs]`: sustained event ingest through the event sink into the
// store, and reading a page of 1,000 events of one run from a table of 1,000,000, on PGlite and on
// PostgreSQL (the test cluster; started here and stopped again when WEIR_TEST_DATABASE_URL is unset).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { WeirEvent } from "@weir/sdk";
import { createEventSink } from "../server/src/events/eventSink.ts";
import { getEvents } from "../server/src/store/events.ts";
import { openStore, type Store, type StoreKind } from "../server/src/store/openStore.ts";
import { FIRST_TEST_SEQ, queueTestRun } from "../server/test/queuedRuns.ts";
import { percentile, report, round, type Row } from "./report.ts";

const EVENTS = Number(process.argv[2] ?? 200_000);
const RUNS = Number(process.argv[3] ?? 4);
const TABLE_EVENTS = 1_000_000;
const TABLE_RUNS = 100;
const PAGE = 1000;
const READS = 30;
const CLUSTER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "../scripts/postgres-test-cluster.sh");

interface Opened {
  store: Store;
  dispose(): Promise<void>;
}

async function openBenchStore(kind: StoreKind, adminUrl: string | undefined): Promise<Opened> {
  if (kind === "pglite") {
    const dir = mkdtempSync(join(tmpdir(), "weir-bench-"));
    const store = await openStore({ instanceDir: dir });
    return { store, dispose: async () => (await store.close(), rmSync(dir, { recursive: true, force: true })) };
  }
  const name = `weir_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  const store = await openStore({ instanceDir: tmpdir(), databaseUrl: url.toString() });
  return { store, dispose: async () => (await store.close(), await admin(`DROP DATABASE ${name} WITH (FORCE)`)) };
}

/** A realistic mix: mostly LOG lines, with step start/success and a materialization now and then. */
function makeEvent(runId: string, seq: number): WeirEvent {
  const step = `step_${seq % 16}`;
  const timestamp = Date.now();
  switch (seq % 100) {
    case 1:
      return { runId, seq, type: "STEP_START", stepKey: step, message: `Started ${step}`, timestamp };
    case 50:
      return {
        runId,
        seq,
        type: "ASSET_MATERIALIZATION",
        stepKey: step,
        message: "",
        timestamp,
        data: { assetKey: `asset_${seq % 16}`, metadata: { rows: seq } },
      };
    case 99:
      return {
        runId,
        seq,
        type: "STEP_SUCCESS",
        stepKey: step,
        message: `Finished ${step}`,
        timestamp,
        data: { durationMs: 12 },
      };
    default:
      return {
        runId,
        seq,
        type: "LOG",
        stepKey: step,
        level: "INFO",
        message: `processed batch ${seq} of the input: 1024 rows, 0 rejected`,
        timestamp,
        data: { source: "logger" },
      };
  }
}

async function benchIngest(store: Store): Promise<{ seconds: number; perSecond: number; batches: number }> {
  const runs = await Promise.all(Array.from({ length: RUNS }, () => queueTestRun(store, { jobName: "ingest_bench" })));
  const sink = createEventSink(store);
  let batches = 0;
  let stored = 0;
  sink.subscribe((events) => {
    batches++;
    stored += events.length;
  });
  const started = performance.now();
  // Producers append as fast as they can, yielding between chunks like a stream of worker output would.
  for (let i = 0; i < EVENTS; i += 500) {
    for (let j = i; j < Math.min(EVENTS, i + 500); j++) {
      sink.append(makeEvent(runs[j % RUNS]!.id, Math.floor(j / RUNS) + FIRST_TEST_SEQ));
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await sink.flush();
  const seconds = (performance.now() - started) / 1000;
  await sink.close();
  if (stored !== EVENTS) throw new Error(`ingest bench stored ${stored} of ${EVENTS} events`);
  return { seconds, perSecond: EVENTS / seconds, batches };
}

async function benchPageRead(store: Store): Promise<{ loadSeconds: number; p50: number; p95: number }> {
  const runs = await Promise.all(Array.from({ length: TABLE_RUNS }, () => queueTestRun(store, { jobName: "page_bench" })));
  const perRun = TABLE_EVENTS / TABLE_RUNS;
  const loadStarted = performance.now();
  // Bulk load in slices (one statement per 10 runs) so PGlite's single connection is not held for minutes.
  for (let i = 0; i < runs.length; i += 10) {
    await store.prisma.$executeRawUnsafe(
      `INSERT INTO run_events (run_id, seq, type, step_key, level, message, "timestamp", data)
       SELECT r, g, 'LOG', 'step_' || (g % 16), 'INFO', 'processed batch ' || g || ' of the input: 1024 rows, 0 rejected',
              now(), '{"source": "logger"}'::jsonb
         FROM unnest($1::uuid[]) AS r, generate_series($3::int, $2::int) AS g`,
      runs.slice(i, i + 10).map((r) => r.id),
      perRun,
      FIRST_TEST_SEQ, // seq 1 is each run's RUN_ENQUEUED
    );
  }
  await store.prisma.$executeRawUnsafe("ANALYZE run_events");
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  const target = runs[Math.floor(TABLE_RUNS / 2)]!.id;
  const times: number[] = [];
  for (let i = 0; i < READS + 3; i++) {
    const afterSeq = Math.floor(Math.random() * (perRun - PAGE));
    const t0 = performance.now();
    const page = await getEvents(store, target, { afterSeq, limit: PAGE });
    const ms = performance.now() - t0;
    if (page.length !== PAGE || page[0]!.seq !== afterSeq + 1) throw new Error(`page read returned ${page.length} events`);
    if (i >= 3) times.push(ms); // the first reads warm caches and the query path
  }
  times.sort((a, b) => a - b);
  return { loadSeconds, p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  let adminUrl = process.env.WEIR_TEST_DATABASE_URL;
  let startedCluster = false;
  if (!adminUrl) {
    const cluster = (command: string) =>
      execFileSync("bash", [CLUSTER_SCRIPT, command], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    try {
      adminUrl = cluster("url"); // already running (someone else's): use it, leave it running
    } catch {
      adminUrl = cluster("start").split("\n").at(-1)!;
      startedCluster = true;
    }
  }
  const rows: Row[] = [];
  try {
    for (const kind of ["pglite", "postgres"] as const) {
      const opened = await openBenchStore(kind, adminUrl);
      try {
        const ingest = await benchIngest(opened.store);
        console.log(`${kind}: ingest ${Math.round(ingest.perSecond)} events/s`);
        const read = await benchPageRead(opened.store);
        console.log(`${kind}: page of ${PAGE} p50 ${round(read.p50, 1)} ms`);
        rows.push({
          database: kind,
          events: EVENTS,
          runs: RUNS,
          ingest_s: round(ingest.seconds, 2),
          events_per_s: Math.round(ingest.perSecond),
          batches: ingest.batches,
          table_events: TABLE_EVENTS,
          bulk_load_s: round(read.loadSeconds, 1),
          page_p50_ms: round(read.p50, 1),
          page_p95_ms: round(read.p95, 1),
        });
      } finally {
        await opened.dispose();
      }
    }
  } finally {
    if (startedCluster) execFileSync("bash", [CLUSTER_SCRIPT, "stop"], { stdio: "inherit" });
  }
  // The machine's load says how far to trust the numbers: the benchmark needs the cores to itself.
  const os = await import("node:os");
  report("ingest", rows, { page: PAGE, reads: READS, cores: os.cpus().length, loadAverage: os.loadavg() });
  console.log(
    `load average during the run: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")} on ${os.cpus().length} cores`,
  );
}

await main();
