// API read paths at scale, over HTTP: runs(first: 50) with 100,000 runs stored, and a run's first
// runEvents page of 1,000 with 1,000,000 events stored; on PostgreSQL and on the embedded PGlite.
import { percentile, report, round, type Row } from "./report.ts";
import { startBenchServer, type BenchServer } from "./apiBenchServer.ts";
import { createBenchDatabase } from "./benchPostgres.ts";

const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 100_000);
const EVENT_RUNS = 100;
const EVENTS_PER_RUN = Number(process.env.BENCH_EVENTS_PER_RUN ?? 10_000);
const REPS = 100;

async function load(server: BenchServer): Promise<string> {
  const { prisma } = server.instance.store;
  await prisma.$executeRawUnsafe(`
    INSERT INTO runs (id, job_name, location_name, status, tags, created_at, started_at, ended_at)
    SELECT gen_random_uuid(), 'noop', 'fixtures', 'SUCCESS', jsonb_build_object('batch', (i % 10)::text),
           now() - make_interval(secs => i), now() - make_interval(secs => i), now() - make_interval(secs => i) + interval '1 second'
    FROM generate_series(1, ${RUNS}) AS i`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO run_events (run_id, seq, type, step_key, level, message, timestamp, data)
    SELECT r.id, s, 'LOG', 'noop', 'INFO', 'log line ' || s, now(), '{"source":"logger"}'::jsonb
    FROM (SELECT id FROM runs ORDER BY created_at DESC LIMIT ${EVENT_RUNS}) AS r, generate_series(1, ${EVENTS_PER_RUN}) AS s`);
  await prisma.$executeRawUnsafe(`ANALYZE runs`);
  await prisma.$executeRawUnsafe(`ANALYZE run_events`);
  const [row] = await prisma.$queryRawUnsafe<{ id: string }[]>(`SELECT id::text AS id FROM runs ORDER BY created_at DESC LIMIT 1 OFFSET ${EVENT_RUNS / 2}`);
  return row!.id;
}

async function time(reps: number, work: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < 10; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

async function measure(kind: "postgres" | "pglite"): Promise<Row[]> {
  const database = kind === "postgres" ? await createBenchDatabase("query") : null;
  const server = await startBenchServer({ databaseUrl: database?.url ?? null });
  try {
    const loadStart = performance.now();
    const runId = await load(server);
    const loadMs = performance.now() - loadStart;
    global.gc?.();
    const rssMb = process.memoryUsage().rss / 1024 / 1024;
    const runsQuery = await time(REPS, async () => {
      const data = await server.gql(`{ runs(first: 50) { edges { cursor node { id jobName status createdAt durationMs tags { key value } } } pageInfo { hasNextPage endCursor } } }`);
      if (data.runs.edges.length !== 50) throw new Error("expected 50 runs");
    });
    const eventsQuery = await time(REPS, async () => {
      const data = await server.gql(`query($id: ID!) { runEvents(runId: $id, first: 1000) { edges { node { seq type stepKey level message timestamp } } pageInfo { hasNextPage } } }`, { id: runId });
      if (data.runEvents.edges.length !== 1000) throw new Error("expected 1000 events");
    });
    const common = { store: kind, runs_stored: RUNS, events_stored: EVENT_RUNS * EVENTS_PER_RUN, load_s: round(loadMs / 1000, 1), rss_mb: round(rssMb, 0) };
    return [
      { query: "runs(first: 50)", ...common, p50_ms: round(percentile(runsQuery, 50), 2), p95_ms: round(percentile(runsQuery, 95), 2), target: kind === "postgres" ? "p95 <= 30 ms" : "report" },
      { query: "runEvents(first: 1000)", ...common, p50_ms: round(percentile(eventsQuery, 50), 2), p95_ms: round(percentile(eventsQuery, 95), 2), target: kind === "postgres" ? "p95 <= 30 ms" : "report" },
    ];
  } finally {
    await server.close();
    await database?.drop();
  }
}

const kinds = (process.argv[2] ? [process.argv[2]] : ["postgres", "pglite"]) as ("postgres" | "pglite")[];
const rows: Row[] = [];
for (const kind of kinds) rows.push(...(await measure(kind)));
report("query", rows, { note: "rss_mb is this process (API server + bench client) after loading, after a GC; target <= 300 MB" });
