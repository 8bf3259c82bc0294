// Where the run queue's limits come from: the limits set through the API (one stored row, shared by every
// process on the database) or, until someone sets them, the config file's.
import type { SqlQueryable, Store } from "../store/openStore.ts";
import { runQueueLimitsSchema, type RunQueueLimits } from "./queueLimits.ts";

export interface EffectiveRunQueueLimits extends RunQueueLimits {
  source: "CONFIG" | "API";
  updatedAt: Date | null;
}

/** Reads the limits; `db` may be a transaction so a claim sees the limits it decides with. */
export async function readRunQueueLimits(db: SqlQueryable, fromConfig: RunQueueLimits): Promise<EffectiveRunQueueLimits> {
  const rows = await db.query<{ max: number; tags: unknown; updated_at: Date }>(
    `SELECT max_concurrent_runs AS max, tag_concurrency_limits AS tags, updated_at FROM run_queue_settings WHERE id = 1`,
    [],
    "weir_queue_limits",
  );
  const row = rows[0];
  if (!row) return { ...fromConfig, source: "CONFIG", updatedAt: null };
  const parsed = runQueueLimitsSchema.safeParse({ maxConcurrentRuns: row.max, tagConcurrencyLimits: row.tags });
  // A row another version wrote and this one cannot read must not stop the queue: fall back to the config.
  if (!parsed.success) return { ...fromConfig, source: "CONFIG", updatedAt: null };
  return { ...parsed.data, source: "API", updatedAt: row.updated_at };
}

/** Stores limits for every process on this database; throws a ZodError naming the bad field. */
export async function setRunQueueLimits(store: Store, limits: RunQueueLimits): Promise<void> {
  const valid = runQueueLimitsSchema.parse(limits);
  await store.prisma.runQueueSettings.upsert({
    where: { id: 1 },
    create: { id: 1, maxConcurrentRuns: valid.maxConcurrentRuns, tagConcurrencyLimits: valid.tagConcurrencyLimits },
    update: { maxConcurrentRuns: valid.maxConcurrentRuns, tagConcurrencyLimits: valid.tagConcurrencyLimits },
  });
}

/** Forgets the limits set through the API: the config file's apply again. */
export async function resetRunQueueLimits(store: Store): Promise<void> {
  await store.prisma.runQueueSettings.deleteMany({ where: { id: 1 } });
}
