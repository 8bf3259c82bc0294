// Writes one batch of events and everything derived from them in ONE SQL statement (hence one
// transaction): the events (duplicates of (run_id, seq) ignored), run status, step stats and asset
// materializations. Derivations only see events this statement actually inserted, so a replayed
// stream changes nothing twice. The batch travels as one JSON parameter: through the Prisma client
// that is several times cheaper than one array parameter per column, and `json` (not `jsonb`) input
// skips building a binary document of the whole batch only to take it apart again.
import { FINISHED_STATUSES, statusAfterEvent, statusRank, statusRankSql } from "@weir/sdk";
import type { RunStatus, WeirEvent } from "@weir/sdk";
import type { Store } from "../store/openStore.ts";
import type { RunStatusChange } from "../store/runStatusBus.ts";
import { FINISHED_STEP_STATUSES, stepStatusAfterEvent } from "./stepStatus.ts";

export interface BatchWriteResult {
  /** The events this batch stored, in input order (duplicates of stored events left out). */
  inserted: WeirEvent[];
  statusChanges: RunStatusChange[];
}

const FINISHED_LIST = [...FINISHED_STATUSES];

const WRITE_BATCH_SQL = `
WITH input AS (
  SELECT * FROM json_to_recordset($1::json)
    AS x(r uuid, q int, t text, sk text, l text, m text, ts float8, d jsonb, rs text, rf boolean, ss text, sf boolean)
),
ins AS (
  INSERT INTO run_events (run_id, seq, type, step_key, level, message, "timestamp", data)
  SELECT r, q, t, sk, l, coalesce(m, ''), to_timestamp(ts / 1000), d FROM input
  ON CONFLICT (run_id, seq) DO NOTHING
  RETURNING run_id, seq
),
derived AS (
  SELECT i.* FROM input i JOIN ins ON ins.run_id = i.r AND ins.seq = i.q
  WHERE i.rs IS NOT NULL OR i.ss IS NOT NULL OR i.t = 'ASSET_MATERIALIZATION'
),
run_evs AS (SELECT * FROM derived WHERE rs IS NOT NULL),
-- Within a batch the first finishing event wins (a finished run never moves on); otherwise the last.
run_target AS (
  SELECT DISTINCT ON (r) r, rs, rf, ts, d, m FROM run_evs
  ORDER BY r, rf DESC, CASE WHEN rf THEN q ELSE -q END
),
run_started AS (SELECT r, min(ts) AS ts FROM run_evs WHERE rs = 'STARTED' GROUP BY r),
run_upd AS (
  UPDATE runs SET
    status = t.rs::"RunStatus",
    started_at = coalesce(runs.started_at, to_timestamp(s.ts / 1000)),
    ended_at = CASE WHEN t.rf THEN to_timestamp(t.ts / 1000) ELSE runs.ended_at END,
    failure_reason = CASE WHEN t.rs = 'FAILURE'
      THEN coalesce(t.d->>'reason', t.d->'error'->>'message', nullif(t.m, ''), runs.failure_reason)
      ELSE runs.failure_reason END,
    updated_at = now()
  FROM run_target t JOIN runs prev ON prev.id = t.r LEFT JOIN run_started s ON s.r = t.r
  WHERE runs.id = t.r AND runs.status::text <> ALL($2::text[])
    AND ${statusRankSql("t.rs")} > ${statusRankSql("runs.status::text")}
  RETURNING runs.id, prev.status AS previous, runs.status, runs.job_name
),
step_agg AS (
  SELECT r, sk,
    (array_agg(ss ORDER BY q DESC))[1] AS status,
    count(*) FILTER (WHERE t = 'STEP_RESTARTED') AS restarts,
    min(ts) FILTER (WHERE t = 'STEP_START') AS started,
    max(ts) FILTER (WHERE sf) AS ended
  FROM derived WHERE ss IS NOT NULL AND sk IS NOT NULL
  GROUP BY r, sk
),
step_up AS (
  INSERT INTO step_stats AS s (run_id, step_key, status, attempts, started_at, ended_at)
  SELECT r, sk, status, 1 + restarts, to_timestamp(started / 1000), to_timestamp(ended / 1000) FROM step_agg
  ON CONFLICT (run_id, step_key) DO UPDATE SET
    status = EXCLUDED.status,
    attempts = s.attempts + EXCLUDED.attempts - 1,
    started_at = coalesce(s.started_at, EXCLUDED.started_at),
    ended_at = CASE WHEN EXCLUDED.status IN ('STARTED', 'UP_FOR_RETRY') THEN NULL
                    ELSE coalesce(EXCLUDED.ended_at, s.ended_at) END
  RETURNING 1
),
mat AS (
  INSERT INTO asset_materializations (asset_key, partition_key, run_id, step_key, metadata, "timestamp")
  SELECT CASE jsonb_typeof(d->'assetKey') WHEN 'string' THEN d->>'assetKey' ELSE (d->'assetKey')::text END,
         d->>'partitionKey', r, coalesce(sk, ''),
         CASE jsonb_typeof(d->'metadata') WHEN 'object' THEN d->'metadata' ELSE '{}'::jsonb END,
         to_timestamp(ts / 1000)
  FROM derived WHERE t = 'ASSET_MATERIALIZATION' AND d->'assetKey' IS NOT NULL
  ORDER BY r, q
  RETURNING 1
)
SELECT
  (SELECT count(*)::int FROM ins) AS inserted,
  CASE WHEN (SELECT count(*) FROM ins) < (SELECT count(*) FROM input)
    THEN (SELECT json_agg(json_build_array(run_id, seq)) FROM ins) END AS inserted_keys,
  (SELECT json_agg(json_build_object('runId', id, 'previous', previous, 'status', status, 'jobName', job_name))
     FROM run_upd) AS changes,
  (SELECT count(*)::int FROM step_up) AS steps,
  (SELECT count(*)::int FROM mat) AS materializations
`;

interface BatchRow {
  inserted: number;
  inserted_keys: [string, number][] | null;
  changes: { runId: string; previous: RunStatus; status: RunStatus; jobName: string }[] | null;
}

/** JSON cannot carry U+0000 into PostgreSQL text or jsonb; replace it rather than fail the batch. */
function stripNul(json: string): string {
  if (!json.includes("\\u0000")) return json;
  return json.replace(/(\\*)\\u0000/g, (match, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\ufffd` : match));
}

export function encodeBatch(events: readonly WeirEvent[]): string {
  const rows = events.map((e) => {
    const rs = statusAfterEvent(e.type);
    const ss = e.stepKey ? stepStatusAfterEvent(e.type) : undefined;
    return {
      r: e.runId,
      q: e.seq,
      t: e.type,
      sk: e.stepKey ?? null,
      l: e.level ?? null,
      m: e.message,
      ts: e.timestamp,
      d: e.data ?? null,
      rs: rs ?? null,
      rf: rs !== undefined && FINISHED_STATUSES.has(rs),
      ss: ss ?? null,
      sf: ss !== undefined && FINISHED_STEP_STATUSES.has(ss),
    };
  });
  return stripNul(JSON.stringify(rows));
}

export async function writeEventBatch(store: Store, events: readonly WeirEvent[]): Promise<BatchWriteResult> {
  if (events.length === 0) return { inserted: [], statusChanges: [] };
  const rows = await store.prisma.$queryRawUnsafe<BatchRow[]>(WRITE_BATCH_SQL, encodeBatch(events), FINISHED_LIST);
  const row = rows[0]!;
  let inserted: WeirEvent[] = events as WeirEvent[];
  if (row.inserted_keys !== null || row.inserted < events.length) {
    const keys = new Set((row.inserted_keys ?? []).map(([runId, seq]) => `${runId}:${seq}`));
    inserted = events.filter((e) => keys.has(`${e.runId.toLowerCase()}:${e.seq}`));
  }
  const statusChanges: RunStatusChange[] = (row.changes ?? [])
    .filter((c) => c.previous !== c.status)
    .flatMap((c) => statusSteps(c, inserted));
  return { inserted, statusChanges };
}

/**
 * The statuses a run went through within one batch (RUN_START and RUN_SUCCESS often share one), so
 * status subscribers see STARTED as well as SUCCESS. Falls back to the single stored change when the
 * events do not lead to what the database recorded.
 */
function statusSteps(change: { runId: string; previous: RunStatus; status: RunStatus; jobName: string }, inserted: readonly WeirEvent[]): RunStatusChange[] {
  const steps: RunStatusChange[] = [];
  let current = change.previous;
  const runId = change.runId.toLowerCase();
  for (const e of inserted) {
    if (e.runId.toLowerCase() !== runId) continue;
    const next = statusAfterEvent(e.type);
    if (next === undefined || statusRank(next) <= statusRank(current)) continue;
    steps.push({ runId: change.runId, status: next, previous: current, jobName: change.jobName });
    current = next;
  }
  if (current !== change.status) return [{ runId: change.runId, status: change.status, previous: change.previous, jobName: change.jobName }];
  return steps;
}
