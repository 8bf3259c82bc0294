// Runs whose daemon died: a daemon takes them over at start-up and then every run takeover pass. Which
// daemons live is their liveness locks' to say (daemonLiveness.ts), not their heartbeats, which stay fresh
// for a while after a crash. The runs of dead daemons (and runs no daemon claimed) are adopted in one
// statement, so two live daemons never settle the same run; then failOrphanedRuns settles them: a worker
// still running is reattached, a run claimed but never started goes back to the queue, the rest fail with
// the reason.
import { IN_PROGRESS_STATUSES } from "@weir/sdk";
import type { RunMonitor } from "../runs/runMonitor.ts";
import type { RunServices } from "../runs/runServices.ts";
import { failOrphanedRuns, type OrphanedRuns } from "../runs/runTermination.ts";
import type { DaemonLiveness } from "./daemonLiveness.ts";

const IN_PROGRESS_SQL = `status = ANY('{${[...IN_PROGRESS_STATUSES].join(",")}}'::"RunStatus"[])`;

export interface RunTakeover {
  /** One pass: looks again for the workers of runs it could not look for before, then adopts dead daemons' runs. */
  pass(): Promise<OrphanedRuns>;
}

/**
 * Runs whose worker could not be looked for (the launcher's engine did not answer) stay in progress, adopted by
 * this daemon; they are looked for again on every pass until each is reattached, requeued or failed.
 */
export function createRunTakeover(services: RunServices, liveness: DaemonLiveness, monitor: RunMonitor): RunTakeover {
  let unknown: string[] = [];
  let running: Promise<OrphanedRuns> | undefined;
  const track = (outcome: OrphanedRuns) => {
    for (const { runId, ended } of outcome.reattached) monitor.track(runId, ended);
  };
  const pass = async (): Promise<OrphanedRuns> => {
    if (unknown.length > 0) {
      const again = await failOrphanedRuns(services, { only: unknown, unknownLogLevel: "debug" });
      track(again);
      unknown = again.unknown.map((u) => u.runId);
    }
    const outcome = await takeOverRunsOfDeadDaemons(services, liveness);
    track(outcome);
    unknown.push(...outcome.unknown.map((u) => u.runId));
    return outcome;
  };
  return { pass: () => (running ??= pass().finally(() => (running = undefined))) };
}

async function takeOverRunsOfDeadDaemons(services: RunServices, liveness: DaemonLiveness): Promise<OrphanedRuns> {
  const none: OrphanedRuns = { failed: [], reattached: [], requeued: [], unknown: [] };
  const { store, log } = services;
  const owners = await store.query<{ owner: string | null }>(
    `SELECT DISTINCT worker_info->>'daemonId' AS owner FROM runs WHERE ${IN_PROGRESS_SQL}`,
    [],
  );
  if (owners.length === 0) return none;
  const ids = owners.map((o) => o.owner).filter((o): o is string => o !== null);
  const alive = await liveness.alive(ids);
  const dead = ids.filter((id) => !alive.has(id));
  const unowned = owners.some((o) => o.owner === null);
  if (dead.length === 0 && !unowned) return none;
  const adopted = await store.query<{ id: string }>(
    `UPDATE runs SET worker_info = coalesce(worker_info, '{}'::jsonb)
                       || jsonb_build_object('daemonId', $1::text, 'takenOverFrom', worker_info->>'daemonId'),
                     updated_at = now()
      WHERE ${IN_PROGRESS_SQL} AND (worker_info->>'daemonId' = ANY($2::text[]) OR ($3::boolean AND worker_info->>'daemonId' IS NULL))
      RETURNING id::text AS id`,
    [liveness.daemonId, dead, unowned],
  );
  if (adopted.length === 0) return none;
  const mine = new Set(adopted.map((r) => r.id));
  const outcome = await failOrphanedRuns(services, { ownedElsewhere: (run) => !mine.has(run.id) });
  const from = dead.join(", ") || "no daemon";
  if (outcome.failed.length)
    log.warn(
      { runIds: outcome.failed, deadDaemons: dead },
      `failed ${outcome.failed.length} run(s) left in progress by a daemon that stopped (${from})`,
    );
  if (outcome.requeued.length)
    log.warn(
      { runIds: outcome.requeued, deadDaemons: dead },
      `requeued ${outcome.requeued.length} run(s) claimed by a daemon that stopped before starting them (${from})`,
    );
  if (outcome.reattached.length)
    log.info(
      { runIds: outcome.reattached.map((r) => r.runId) },
      `reattached to ${outcome.reattached.length} run(s) still running in their workers`,
    );
  return outcome;
}
