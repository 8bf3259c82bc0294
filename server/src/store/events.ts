// Reading a run's stored events. Raw SQL on the (run_id, seq) primary key: a page of 1,000 is one
// index range scan, and rows map straight to WeirEvent without the ORM's per-row cost. Also the direct
// insert of the few lifecycle events the server stores together with the run change they record.
import type { EventType, LogLevel, WeirEvent } from "@weir/sdk";
import type { SqlQueryable, Store } from "./openStore.ts";

export interface EventPageOptions {
  /** Events with seq greater than this. */
  afterSeq?: number;
  /** Events with seq smaller than this. */
  beforeSeq?: number;
  limit: number;
  types?: EventType[];
  stepKey?: string;
  levels?: LogLevel[];
  /** Newest first (still within after/before). */
  descending?: boolean;
}

interface EventRow {
  run_id: string;
  seq: number;
  type: string;
  step_key: string | null;
  level: string | null;
  message: string;
  ts: number | string;
  data: Record<string, unknown> | null;
}

export async function getEvents(store: Store, runId: string, options: EventPageOptions): Promise<WeirEvent[]> {
  const params: unknown[] = [runId];
  const where = ["run_id = $1::uuid"];
  if (options.afterSeq !== undefined) where.push(`seq > $${params.push(options.afterSeq)}`);
  if (options.beforeSeq !== undefined) where.push(`seq < $${params.push(options.beforeSeq)}`);
  if (options.types?.length) {
    where.push(`type = ANY($${params.push(options.types)}::text[])`);
    // Spelled out so the planner can use the partial (run_id, type, seq) index, which leaves LOG out.
    if (!options.types.includes("LOG")) where.push(`type <> 'LOG'`);
  }
  if (options.stepKey !== undefined) where.push(`step_key = $${params.push(options.stepKey)}`);
  if (options.levels?.length) where.push(`level = ANY($${params.push(options.levels)}::text[])`);
  const limit = `$${params.push(Math.max(0, Math.floor(options.limit)))}`;
  const rows = await store.prisma.$queryRawUnsafe<EventRow[]>(
    `SELECT run_id::text AS run_id, seq, type, step_key, level, message,
            (extract(epoch from timestamp) * 1000)::float8 AS ts, data
       FROM run_events WHERE ${where.join(" AND ")}
       ORDER BY seq ${options.descending ? "DESC" : "ASC"} LIMIT ${limit}`,
    ...params,
  );
  return rows.map((r) => ({
    runId: r.run_id,
    seq: r.seq,
    type: r.type as EventType,
    stepKey: r.step_key,
    level: r.level as LogLevel | null,
    message: r.message,
    timestamp: Math.round(Number(r.ts)),
    data: r.data,
  }));
}

/** The highest stored seq of a run, 0 when it has none. */
export async function maxSeq(store: Store, runId: string): Promise<number> {
  const rows = await store.prisma.$queryRawUnsafe<{ max: number | null }[]>(
    `SELECT max(seq) AS max FROM run_events WHERE run_id = $1::uuid`,
    runId,
  );
  return rows[0]?.max ?? 0;
}

/**
 * SQL inserting the events of the jsonb array in parameter `param` (WeirEvent objects), for a statement or
 * transaction that also changes their run. It derives nothing (run status, step stats): callers store only
 * lifecycle events whose run status the same statement sets, and announce them once committed.
 */
export function insertEventsSql(param: string): string {
  return `INSERT INTO run_events (run_id, seq, type, step_key, level, message, "timestamp", data)
    SELECT (e->>'runId')::uuid, (e->>'seq')::int, e->>'type', e->>'stepKey', e->>'level', coalesce(e->>'message', ''),
           to_timestamp((e->>'timestamp')::float8 / 1000), nullif(e->'data', 'null'::jsonb)
      FROM jsonb_array_elements(${param}::jsonb) e`;
}

/** Stores events as they are (see insertEventsSql), typically inside a transaction. */
export async function insertEvents(db: SqlQueryable, events: readonly WeirEvent[]): Promise<void> {
  if (events.length > 0) await db.query(insertEventsSql("$1"), [JSON.stringify(events)], "weir_insert_events");
}
