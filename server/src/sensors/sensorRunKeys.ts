// Run keys a sensor already launched: a run request whose key is here is skipped. All keys of one
// evaluation are checked in ONE query (an index range on the (sensor_name, run_key) primary key).
import type { Store } from "../store/openStore.ts";

/** The subset of `runKeys` this sensor launched before. */
export async function launchedRunKeys(store: Store, sensorName: string, runKeys: string[]): Promise<Set<string>> {
  if (runKeys.length === 0) return new Set();
  const rows = await store.prisma.$queryRawUnsafe<{ run_key: string }[]>(
    `SELECT run_key FROM sensor_run_keys WHERE sensor_name = $1 AND run_key = ANY($2::text[])`,
    sensorName,
    runKeys,
  );
  return new Set(rows.map((r) => r.run_key));
}

/** Remembers launched keys (one insert); a key recorded meanwhile keeps its first run. */
export async function recordRunKeys(
  store: Store,
  sensorName: string,
  launched: { runKey: string; runId: string }[],
): Promise<void> {
  if (launched.length === 0) return;
  await store.prisma.$executeRawUnsafe(
    `INSERT INTO sensor_run_keys (sensor_name, run_key, run_id)
     SELECT $1, k, r FROM unnest($2::text[], $3::uuid[]) AS x(k, r)
     ON CONFLICT (sensor_name, run_key) DO NOTHING`,
    sensorName,
    launched.map((l) => l.runKey),
    launched.map((l) => l.runId),
  );
}

/** The key of the run this sensor requested last, for the sensor's context. */
export async function lastRunKey(store: Store, sensorName: string): Promise<string | null> {
  const rows = await store.prisma.$queryRawUnsafe<{ run_key: string }[]>(
    `SELECT run_key FROM sensor_run_keys WHERE sensor_name = $1 ORDER BY created_at DESC LIMIT 1`,
    sensorName,
  );
  return rows[0]?.run_key ?? null;
}
