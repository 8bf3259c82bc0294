// Writes one batch of events and everything derived from them in ONE SQL statement (hence one
// transaction): the events, run status, step stats and asset materializations. Derivations only see
// events this statement actually inserted, so a replayed stream changes nothing twice.
//
// What makes it fast (measured per 1,000 events, bench/ingest.bench.ts):
// - The batch travels as one jsonb array of arrays. json_to_recordset spent most of PostgreSQL's time
//   turning each event's nested `data` into jsonb; jsonb_array_elements keeps it binary. Arrays also
//   carry no key names, and PGlite's cost grows with the bytes of a statement. It is sent in jsonb's
//   binary format, which spares PGlite's client a JavaScript pass over every character.
// - The common batch holds no (run, seq) that is already stored, so it is inserted without ON CONFLICT
//   (speculative insertion doubled PGlite's cost). A replay hits the primary key; the batch is then
//   written again by the statement that skips stored events.
// - Whether every run of the batch exists is checked once per statement (a one-time filter), not by a
//   foreign key or a join checked row by row (each cost a quarter of PGlite's time). A batch naming a
//   run that does not exist writes nothing; its unknown runs are reported back and the events of the
//   others are written by a second statement.
import { FINISHED_STATUSES, statusAfterEvent, statusRank, statusRankSql } from "@weir/sdk";
import type { RunStatus, WeirEvent } from "@weir/sdk";
import type { Store } from "../store/openStore.ts";
import type { RunStatusChange } from "../store/runStatusBus.ts";
import type { EncodedEvent } from "./eventEncoding.ts";
import { FINISHED_STEP_STATUSES } from "./stepStatus.ts";

export interface BatchWriteResult {
  /** The events this batch stored, in input order (duplicates of stored events left out). */
  inserted: WeirEvent[];
  statusChanges: RunStatusChange[];
  /** Events left out because their run does not exist. */
  unknownRunEvents: WeirEvent[];
}

const FINISHED_LIST = [...FINISHED_STATUSES];
const FINISHED_STEP_LIST = [...FINISHED_STEP_STATUSES];

function writeBatchSql(mode: "fresh" | "replay"): string {
  // fresh: every event is new, so each event of a known run is inserted. replay: stored (run, seq) are
  // skipped and derivations follow what was inserted. Only events that change a run, a step or an
  // asset travel in $2 as well: the derivations never scan the whole batch.
  return `
WITH unknown_runs AS (SELECT x FROM unnest($4::uuid[]) x WHERE NOT EXISTS (SELECT 1 FROM runs WHERE id = x)),
ins AS (
  INSERT INTO run_events (run_id, seq, type, step_key, level, message, "timestamp", data)
  SELECT (e->>0)::uuid, (e->>1)::int, e->>2, e->>5, e->>6, coalesce(e->>4, ''), to_timestamp((e->>3)::float8 / 1000),
         nullif(e->7, 'null'::jsonb)
  FROM jsonb_array_elements($1::jsonb) e
  WHERE NOT EXISTS (SELECT 1 FROM unknown_runs)
  ${mode === "fresh" ? "" : "ON CONFLICT (run_id, seq) DO NOTHING RETURNING run_id, seq"}
),
derived AS (
  SELECT *, rs = ANY($3::text[]) AS rf, ss = ANY($5::text[]) AS sf FROM (
    SELECT (e->>0)::uuid AS r, (e->>1)::int AS q, e->>2 AS t, (e->>3)::float8 AS ts, coalesce(e->>4, '') AS m,
           e->>5 AS sk, e->7 AS d, e->>8 AS rs, e->>9 AS ss
    FROM jsonb_array_elements($2::jsonb) e
  ) i
  WHERE ${mode === "fresh" ? "NOT EXISTS (SELECT 1 FROM unknown_runs)" : "(r, q) IN (SELECT run_id, seq FROM ins)"}
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
  WHERE runs.id = t.r AND runs.status::text <> ALL($3::text[])
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
  ${mode === "fresh" ? "NULL" : "(SELECT coalesce(json_agg(json_build_array(run_id, seq)), '[]') FROM ins)"} AS inserted_keys,
  (SELECT json_agg(x) FROM unknown_runs) AS unknown_runs,
  (SELECT json_agg(json_build_object('runId', id, 'previous', previous, 'status', status, 'jobName', job_name))
     FROM run_upd) AS changes,
  (SELECT count(*)::int FROM step_up) AS steps,
  (SELECT count(*)::int FROM mat) AS materializations
`;
}

const FRESH_SQL = writeBatchSql("fresh");
const REPLAY_SQL = writeBatchSql("replay");

interface BatchRow {
  inserted_keys: [string, number][] | null;
  unknown_runs: string[] | null;
  changes: { runId: string; previous: RunStatus; status: RunStatus; jobName: string }[] | null;
}

/** PostgreSQL text and jsonb cannot hold U+0000: replace it rather than fail the batch. */
function replaceNul(json: string): string {
  return json.replace(/(\\*)\\u0000/g, (match, slashes: string) => (slashes.length % 2 === 0 ? `${slashes}\\ufffd` : match));
}

/**
 * jsonb's binary wire format: a version byte, then the JSON text. Bytes travel as they are, where a text
 * parameter of a few hundred kilobytes was measured character by character in JavaScript (PGlite).
 */
function jsonbBinary(json: string): Buffer {
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(json) + 1);
  bytes[0] = 1;
  bytes.write(json, 1);
  return bytes;
}

/** A batch ready to write: the events in (run, seq) order and their encoding. */
export interface EncodedBatch {
  items: readonly EncodedEvent[];
  events: readonly WeirEvent[];
  /** Every event as an array in the column order writeBatchSql reads; trailing nulls left off. */
  json: string;
  /** The events that change a run, a step or an asset, with their new run and step status. */
  derivedJson: string;
  runIds: string[];
  /** UTF-8 bytes of the events' encodings (what the batch's size limit counts). */
  bytes: number;
}

/** Joins events encoded on append (eventEncoding.ts) into one batch: no JSON.stringify of the whole. */
export function prepareBatch(items: readonly EncodedEvent[]): EncodedBatch {
  const rows: string[] = [];
  const derived: string[] = [];
  const runIds = new Set<string>();
  let bytes = 0;
  for (const item of items) {
    runIds.add(item.event.runId);
    rows.push(item.row);
    if (item.derived !== null) derived.push(item.derived);
    bytes += item.bytes;
  }
  return {
    items,
    events: items.map((i) => i.event),
    json: `[${rows.join(",")}]`,
    derivedJson: `[${derived.join(",")}]`,
    runIds: [...runIds],
    bytes,
  };
}

export async function writeEventBatch(store: Store, batch: EncodedBatch): Promise<BatchWriteResult> {
  const { events } = batch;
  if (events.length === 0) return { inserted: [], statusChanges: [], unknownRunEvents: [] };
  // The common batch takes the first statement; the rare one that holds a NUL or a replayed (run, seq)
  // fails as a whole and is written again the way it needs.
  const params = () => [jsonbBinary(batch.json), jsonbBinary(batch.derivedJson), FINISHED_LIST, batch.runIds, FINISHED_STEP_LIST];
  let nulReplaced = false;
  let replay = false;
  let rows: BatchRow[];
  for (;;) {
    try {
      rows = replay
        ? await store.query<BatchRow>(REPLAY_SQL, params(), "weir_write_events_replay")
        : await store.query<BatchRow>(FRESH_SQL, params(), "weir_write_events");
      break;
    } catch (error) {
      const code = (error as { code?: unknown })?.code;
      if (code === "22P05" && !nulReplaced) {
        batch = { ...batch, json: replaceNul(batch.json), derivedJson: replaceNul(batch.derivedJson) };
        nulReplaced = true;
      } else if (code === "23505" && !replay) replay = true;
      else throw error;
    }
  }
  const row = rows[0]!;
  if (row.unknown_runs !== null) {
    // Nothing was written: write the events of the runs that exist on their own.
    const unknownRuns = new Set(row.unknown_runs.map((id) => id.toLowerCase()));
    const known = batch.items.filter((i) => !unknownRuns.has(i.event.runId.toLowerCase()));
    const unknownRunEvents = events.filter((e) => unknownRuns.has(e.runId.toLowerCase()));
    const written =
      known.length > 0
        ? await writeEventBatch(store, prepareBatch(known))
        : { inserted: [], statusChanges: [], unknownRunEvents: [] };
    return { ...written, unknownRunEvents: [...unknownRunEvents, ...written.unknownRunEvents] };
  }
  let inserted: WeirEvent[] = events as WeirEvent[];
  if (row.inserted_keys !== null) {
    const keys = new Set(row.inserted_keys.map(([runId, seq]) => `${runId}:${seq}`));
    inserted = events.filter((e) => keys.has(`${e.runId.toLowerCase()}:${e.seq}`));
  }
  const statusChanges: RunStatusChange[] = (row.changes ?? [])
    .filter((c) => c.previous !== c.status)
    .flatMap((c) => statusSteps(c, inserted));
  return { inserted, statusChanges, unknownRunEvents: [] };
}

/**
 * The statuses a run went through within one batch (RUN_START and RUN_SUCCESS often share one), so
 * status subscribers see STARTED as well as SUCCESS. Falls back to the single stored change when the
 * events do not lead to what the database recorded.
 */
function statusSteps(
  change: { runId: string; previous: RunStatus; status: RunStatus; jobName: string },
  inserted: readonly WeirEvent[],
): RunStatusChange[] {
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
  if (current !== change.status)
    return [{ runId: change.runId, status: change.status, previous: change.previous, jobName: change.jobName }];
  return steps;
}
