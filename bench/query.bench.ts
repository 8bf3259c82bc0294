// API read paths at scale, over HTTP: runs(first: 50) with 100,000 runs stored, and a run's first
// runEvents page of 1,000 with 1,000,000 events stored.
// PostgreSQL: the server is a real `weir server` child process (its RSS is the server's alone); the data
// is loaded through a separate connection. PGlite: one process owns the embedded store, so the server
// runs inside this process and its RSS includes the benchmark's client.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { percentile, report, round, type Row } from "./report.ts";
import { BENCH_LOCATION, startBenchServer } from "./apiBenchServer.ts";
import { createBenchDatabase } from "./benchPostgres.ts";

const RUNS = Number(process.env.BENCH_QUERY_RUNS ?? 100_000);
const EVENT_RUNS = 100;
const EVENTS_PER_RUN = Number(process.env.BENCH_EVENTS_PER_RUN ?? 10_000);
const REPS = 100;
const WEIR_BIN = fileURLToPath(new URL("../server/bin/weir.js", import.meta.url));

type Sql = (text: string) => Promise<unknown>;

async function load(sql: Sql, firstRunId: () => Promise<string>): Promise<string> {
  await sql(`
    INSERT INTO runs (id, job_name, location_name, status, tags, created_at, started_at, ended_at)
    SELECT gen_random_uuid(), 'noop', 'fixtures', 'SUCCESS', jsonb_build_object('batch', (i % 10)::text),
           now() - make_interval(secs => i), now() - make_interval(secs => i), now() - make_interval(secs => i) + interval '1 second'
    FROM generate_series(1, ${RUNS}) AS i`);
  await sql(`
    INSERT INTO run_events (run_id, seq, type, step_key, level, message, timestamp, data)
    SELECT r.id, s, 'LOG', 'noop', 'INFO', 'log line ' || s, now(), '{"source":"logger"}'::jsonb
    FROM (SELECT id FROM runs ORDER BY created_at DESC LIMIT ${EVENT_RUNS}) AS r, generate_series(1, ${EVENTS_PER_RUN}) AS s`);
  await sql(`ANALYZE runs`);
  await sql(`ANALYZE run_events`);
  return firstRunId();
}

const MIDDLE_RUN = `SELECT id::text AS id FROM runs ORDER BY created_at DESC LIMIT 1 OFFSET ${EVENT_RUNS / 2}`;

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

async function gqlAt(url: string, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", "x-weir-request": "bench" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data: any; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

async function measureQueries(url: string, runId: string) {
  const runsQuery = await time(REPS, async () => {
    const data = await gqlAt(
      url,
      `{ runs(first: 50) { edges { cursor node { id jobName status createdAt durationMs tags { key value } } } pageInfo { hasNextPage endCursor } } }`,
    );
    if (data.runs.edges.length !== 50) throw new Error("expected 50 runs");
  });
  const eventsQuery = await time(REPS, async () => {
    const data = await gqlAt(
      url,
      `query($id: ID!) { runEvents(runId: $id, first: 1000) { edges { node { seq type stepKey level message timestamp } } pageInfo { hasNextPage } } }`,
      { id: runId },
    );
    if (data.runEvents.edges.length !== 1000) throw new Error("expected 1000 events");
  });
  return { runsQuery, eventsQuery };
}

function rows(
  store: string,
  loadMs: number,
  rssMb: number,
  rssOf: string,
  r: Awaited<ReturnType<typeof measureQueries>>,
  target: string,
): Row[] {
  const common = {
    store,
    runs_stored: RUNS,
    events_stored: EVENT_RUNS * EVENTS_PER_RUN,
    load_s: round(loadMs / 1000, 1),
    rss_mb: round(rssMb, 0),
    rss_of: rssOf,
  };
  return [
    {
      query: "runs(first: 50)",
      ...common,
      p50_ms: round(percentile(r.runsQuery, 50), 2),
      p95_ms: round(percentile(r.runsQuery, 95), 2),
      target,
    },
    {
      query: "runEvents(first: 1000)",
      ...common,
      p50_ms: round(percentile(r.eventsQuery, 50), 2),
      p95_ms: round(percentile(r.eventsQuery, 95), 2),
      target,
    },
  ];
}

async function measurePostgres(): Promise<Row[]> {
  const database = await createBenchDatabase("query");
  const instanceDir = mkdtempSync(join(tmpdir(), "weir-bench-query-"));
  const child = spawn(
    process.execPath,
    [WEIR_BIN, "server", "--definitions", BENCH_LOCATION, "--instance", instanceDir, "--port", "0", "--auth", "off"],
    {
      env: { ...process.env, WEIR_DATABASE_URL: database.url, WEIR_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const client = new pg.Client({ connectionString: database.url });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        const match = /^weir api listening on (\S+)$/.exec(line);
        if (match) resolve(match[1]!);
      });
      child.once("exit", (code) => reject(new Error(`weir server exited with ${code} before listening`)));
    });
    await client.connect();
    const loadStart = performance.now();
    const runId = await load(
      (text) => client.query(text),
      async () => (await client.query(MIDDLE_RUN)).rows[0].id,
    );
    const loadMs = performance.now() - loadStart;
    const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1]) / 1024;
    const afterLoad = rssMb();
    const measured = await measureQueries(url, runId);
    return rows(
      "postgres",
      loadMs,
      afterLoad,
      `weir server process (${round(rssMb(), 0)} MB after the 220 queries)`,
      measured,
      "p95 <= 30 ms; rss <= 300 MB",
    );
  } finally {
    await client.end().catch(() => {});
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("exit", resolve));
    rmSync(instanceDir, { recursive: true, force: true });
    await database.drop();
  }
}

async function measurePglite(): Promise<Row[]> {
  const server = await startBenchServer();
  try {
    const { prisma } = server.instance.store;
    const loadStart = performance.now();
    const runId = await load(
      (text) => prisma.$executeRawUnsafe(text),
      async () => (await prisma.$queryRawUnsafe<{ id: string }[]>(MIDDLE_RUN))[0]!.id,
    );
    const loadMs = performance.now() - loadStart;
    global.gc?.();
    const measured = await measureQueries(server.api.url, runId);
    return rows(
      "pglite",
      loadMs,
      process.memoryUsage().rss / 1024 / 1024,
      "server + bench client (one process)",
      measured,
      "report",
    );
  } finally {
    await server.close();
  }
}

const kinds = process.argv[2] ? [process.argv[2]] : ["postgres", "pglite"];
const all: Row[] = [];
if (kinds.includes("postgres")) all.push(...(await measurePostgres()));
if (kinds.includes("pglite")) all.push(...(await measurePglite()));
report("query", all);
