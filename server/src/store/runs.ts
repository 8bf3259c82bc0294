// Runs: store a queued run with its first event, read, list (keyset pages newest first) and delete. Status
// changes come from events, through the event sink (eventBatchWriter.ts), or from the run lifecycle's own SQL.
import type { RunStatus, WeirEvent } from "@weir/sdk";
import type { Run } from "../generated/prisma/client.ts";
import { insertEventsSql } from "./events.ts";
import type { SqlQueryable, Store } from "./openStore.ts";

export interface CreateRunInput {
  id?: string;
  jobName: string;
  locationName?: string | null;
  config?: unknown;
  tags?: Record<string, string>;
  priority?: number;
  stepSelection?: string[] | null;
  assetSelection?: string[] | null;
  partitionKey?: string | null;
  parentRunId?: string | null;
  rootRunId?: string | null;
  launcher?: string | null;
}

export interface RunFilter {
  statuses?: RunStatus[];
  jobName?: string;
  /** Every pair must match (AND). */
  tags?: { key: string; value: string }[];
  createdBefore?: Date;
  createdAfter?: Date;
}

export interface RunPage {
  first: number;
  /** An endCursor from a previous page. */
  after?: string | null;
}

export interface RunConnection {
  runs: Run[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * A run's columns under the names of Prisma's `Run`: raw SQL selecting (or RETURNING) them yields ordinary
 * `Run` objects. `t` (a table name) qualifies the columns (e.g. `runs` in an UPDATE ... RETURNING).
 */
export function runColumns(t = "runs"): string {
  return `${t}.id::text AS "id", ${t}.job_name AS "jobName", ${t}.location_name AS "locationName", ${t}.status::text AS "status",
    ${t}.config, ${t}.tags, ${t}.priority, ${t}.step_selection AS "stepSelection", ${t}.asset_selection AS "assetSelection",
    ${t}.partition_key AS "partitionKey", ${t}.parent_run_id::text AS "parentRunId", ${t}.root_run_id::text AS "rootRunId",
    ${t}.launcher, ${t}.worker_info AS "workerInfo", ${t}.failure_reason AS "failureReason", ${t}.created_at AS "createdAt",
    ${t}.updated_at AS "updatedAt", ${t}.started_at AS "startedAt", ${t}.ended_at AS "endedAt"`;
}

const json = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** The event every run starts with (seq 1), stored with it by insertQueuedRun. */
export function runEnqueuedEvent(runId: string, jobName: string): WeirEvent {
  return {
    runId,
    seq: 1,
    type: "RUN_ENQUEUED",
    stepKey: null,
    level: "INFO",
    message: `run of ${jobName} queued`,
    timestamp: Date.now(),
    data: null,
  };
}

/**
 * Stores a new QUEUED run and its first events (RUN_ENQUEUED) in one statement, so a run is never stored
 * without them nor they without it. The caller announces the events once this resolves.
 */
export async function insertQueuedRun(
  db: SqlQueryable,
  input: CreateRunInput & { id: string },
  events: readonly WeirEvent[],
): Promise<Run> {
  const rows = await db.query<Run>(
    `WITH run AS (
       INSERT INTO runs (id, job_name, location_name, status, config, tags, priority, step_selection, asset_selection,
                         partition_key, parent_run_id, root_run_id, launcher)
       VALUES ($1::uuid, $2, $3, 'QUEUED', $4::jsonb, $5::jsonb, $6::int, $7::jsonb, $8::jsonb, $9, $10::uuid, $11::uuid, $12)
       RETURNING *
     ), events AS (${insertEventsSql("$13")})
     SELECT ${runColumns("run")} FROM run`,
    [
      input.id,
      input.jobName,
      input.locationName ?? null,
      json(input.config ?? {}),
      json(input.tags ?? {}),
      input.priority ?? 0,
      json(input.stepSelection),
      json(input.assetSelection),
      input.partitionKey ?? null,
      input.parentRunId ?? null,
      input.rootRunId ?? null,
      input.launcher ?? null,
      JSON.stringify(events),
    ],
    "weir_insert_queued_run",
  );
  return rows[0]!;
}

export async function getRun(store: Store, id: string): Promise<Run | null> {
  if (!UUID.test(id)) return null;
  return store.prisma.run.findUnique({ where: { id } });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cursors are opaque to callers: base64url of "<created_at ms>:<id>". */
export function encodeRunCursor(run: Pick<Run, "createdAt" | "id">): string {
  return Buffer.from(`${run.createdAt.getTime()}:${run.id}`).toString("base64url");
}

export function decodeRunCursor(cursor: string): { createdAt: Date; id: string } {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const colon = text.indexOf(":");
  const ms = Number(text.slice(0, colon));
  const id = text.slice(colon + 1);
  if (colon < 1 || !Number.isFinite(ms) || !UUID.test(id)) throw new Error(`invalid runs cursor "${cursor}"`);
  return { createdAt: new Date(ms), id };
}

/**
 * Newest first, keyset-paged on (created_at, id): a row-value comparison the (created_at DESC, id DESC)
 * indexes serve directly, so page 1,000 costs what page 1 does. Tags match with `@>` (GIN index).
 * Raw SQL picks the page's ids; the ORM then loads them, so callers get ordinary `Run` objects.
 */
export async function listRuns(store: Store, filter: RunFilter = {}, page: RunPage = { first: 50 }): Promise<RunConnection> {
  const first = Math.max(0, Math.min(Math.floor(page.first), 1000));
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  if (filter.statuses?.length) where.push(`status = ANY(${p(filter.statuses)}::text[]::"RunStatus"[])`);
  if (filter.jobName !== undefined) where.push(`job_name = ${p(filter.jobName)}`);
  if (filter.tags?.length) {
    const tags: Record<string, string> = {};
    for (const { key, value } of filter.tags) {
      if (key in tags && tags[key] !== value) return { runs: [], hasNextPage: false, endCursor: null };
      tags[key] = value;
    }
    where.push(`tags @> ${p(JSON.stringify(tags))}::jsonb`);
  }
  if (filter.createdBefore) where.push(`created_at < ${p(filter.createdBefore.toISOString())}::timestamptz`);
  if (filter.createdAfter) where.push(`created_at > ${p(filter.createdAfter.toISOString())}::timestamptz`);
  if (page.after) {
    const cursor = decodeRunCursor(page.after);
    where.push(`(created_at, id) < (${p(cursor.createdAt.toISOString())}::timestamptz, ${p(cursor.id)}::uuid)`);
  }
  const sql = `SELECT id::text AS id FROM runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY created_at DESC, id DESC LIMIT ${first + 1}`;
  const rows = await store.prisma.$queryRawUnsafe<{ id: string }[]>(sql, ...params);
  const hasNextPage = rows.length > first;
  const ids = rows.slice(0, first).map((r) => r.id);
  if (ids.length === 0) return { runs: [], hasNextPage: false, endCursor: null };
  const found = await store.prisma.run.findMany({ where: { id: { in: ids } } });
  const byId = new Map(found.map((r) => [r.id, r]));
  // A run deleted between the two queries simply drops out of the page.
  const runs = ids.map((id) => byId.get(id)).filter((r): r is Run => r !== undefined);
  const last = runs.at(-1);
  return { runs, hasNextPage, endCursor: last ? encodeRunCursor(last) : null };
}

/** Deletes a run with its events, step stats and materializations (ON DELETE CASCADE). */
export async function deleteRun(store: Store, runId: string): Promise<boolean> {
  if (!UUID.test(runId)) return false;
  // run_events has no foreign key to runs (it would slow ingest): its rows go in the same transaction.
  const [, deleted] = await store.prisma.$transaction([
    store.prisma.runEvent.deleteMany({ where: { runId } }),
    store.prisma.run.deleteMany({ where: { id: runId } }),
  ]);
  return deleted.count > 0;
}
