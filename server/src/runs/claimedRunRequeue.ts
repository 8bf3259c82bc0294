// A run that was claimed (STARTING) but whose worker never started, because the process that claimed it
// died: nothing of it ran, so it goes back to the queue (another daemon starts it) instead of failing.
import type { RunServices } from "./runServices.ts";
import { writeServerEvents } from "./runEventWriter.ts";

/** Puts a STARTING run back to QUEUED with an event saying why; false when it is no longer STARTING. */
export async function requeueClaimedRun(
  services: Pick<RunServices, "store" | "sink">,
  runId: string,
  reason: string,
): Promise<boolean> {
  const { store } = services;
  const [run] = await store.query<{ job_name: string }>(`SELECT job_name FROM runs WHERE id = $1::uuid AND status = 'STARTING'`, [
    runId,
  ]);
  if (!run) return false;
  // The event first: once QUEUED, a claim may number its RUN_DEQUEUED right after the stored events.
  await writeServerEvents(services, runId, [
    { type: "ENGINE_EVENT", level: "WARNING", message: `run requeued: ${reason}`, data: { reason, requeued: true } },
  ]);
  const requeued = await store.query<{ id: string }>(
    `UPDATE runs SET status = 'QUEUED', worker_info = NULL, updated_at = now() WHERE id = $1::uuid AND status = 'STARTING' RETURNING id::text AS id`,
    [runId],
  );
  if (requeued.length === 0) return false;
  store.statusChanges.publish({ runId, status: "QUEUED", previous: "STARTING", jobName: run.job_name });
  return true;
}
