// Stopping runs: terminateRun from the API, and what a server does with in-flight runs when it stops
// or finds runs its previous process left behind.
import { isFinished, type RunStatus } from "@weir/sdk";
import { RunInProgressError, RunNotFoundError, RunNotTerminableError } from "../errors.ts";
import type { Run } from "../generated/prisma/client.ts";
import { requeueClaimedRun } from "./claimedRunRequeue.ts";
import { recordWorkerExit, type RunDispatcher } from "./runDispatcher.ts";
import { maxSeq } from "../store/events.ts";
import { deleteRun as deleteStoredRun } from "../store/runs.ts";
import { writeServerEvents } from "./runEventWriter.ts";
import type { RunServices } from "./runServices.ts";

export async function terminateRun(services: RunServices, dispatcher: RunDispatcher, runId: string): Promise<Run> {
  const { prisma } = services.store;
  const run = await prisma.run.findUnique({ where: { id: runId } });
  if (!run) throw new RunNotFoundError(runId);
  if (isFinished(run.status as RunStatus)) throw new RunNotTerminableError(runId, run.status);

  // A queued run has no worker: cancel it outright, unless the dispatcher claimed it meanwhile.
  const canceledQueued = await prisma.run.updateMany({ where: { id: runId, status: "QUEUED" }, data: { status: "CANCELING" } });
  if (canceledQueued.count === 1) {
    await writeServerEvents(services, runId, [{ type: "RUN_CANCELED", message: "run canceled before it started" }]);
    return (await prisma.run.findUnique({ where: { id: runId } }))!;
  }

  const canceling = await prisma.run.updateMany({ where: { id: runId, status: { in: ["STARTING", "STARTED"] } }, data: { status: "CANCELING" } });
  if (canceling.count === 1) services.store.statusChanges.publish({ runId, status: "CANCELING", previous: run.status as RunStatus, jobName: run.jobName });
  const reached = await services.launcher.terminate(runId);
  if (!reached && !dispatcher.activeRunIds().includes(runId)) {
    // No worker answers for it (it died with an earlier server process): record the cancellation here.
    await services.sink.flush();
    const current = await prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
    if (current && !isFinished(current.status as RunStatus)) {
      await writeServerEvents(services, runId, [{ type: "RUN_CANCELED", message: "run canceled; no worker was running it" }]);
    }
  }
  return (await prisma.run.findUnique({ where: { id: runId } }))!;
}

export async function deleteRun(services: RunServices, runId: string): Promise<string> {
  const run = await services.store.prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!run) throw new RunNotFoundError(runId);
  if (!isFinished(run.status as RunStatus)) throw new RunInProgressError(runId, run.status);
  await services.sink.flush();
  await deleteStoredRun(services.store, runId);
  return runId;
}

/**
 * Ends what this process is running before it exits. Workers the launcher can reattach to (containers)
 * are left running. Otherwise asks each worker to stop, waits up to `graceMs`, then
 * marks whatever is still unfinished FAILURE with the reason, so the next start finds no run in limbo.
 */
export async function stopActiveRuns(services: RunServices, dispatcher: RunDispatcher, graceMs: number): Promise<void> {
  dispatcher.stop();
  const runIds = dispatcher.activeRunIds();
  if (runIds.length === 0) return;
  if (services.launcher.reattach) {
    // Their workers (containers) outlive this process: the next start reattaches and records them.
    services.log.info({ runIds }, `leaving ${runIds.length} run(s) running in their ${services.launcher.name} workers; the next start reattaches to them`);
    return;
  }
  await services.store.prisma.run.updateMany({ where: { id: { in: runIds }, status: { in: ["STARTING", "STARTED"] } }, data: { status: "CANCELING" } });
  await Promise.all(runIds.map((id) => services.launcher.terminate(id).catch(() => false)));
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(runIds.map((id) => dispatcher.whenEnded(id))),
    new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs))),
  ]);
  clearTimeout(timer);
  await failUnfinishedRuns(services, runIds, "the Weir server shut down before the run finished");
}

async function failUnfinishedRuns(services: RunServices, runIds: string[], reason: string): Promise<void> {
  await services.sink.flush();
  const unfinished = await services.store.prisma.run.findMany({
    where: { id: { in: runIds }, status: { in: ["STARTING", "STARTED", "CANCELING"] } },
    select: { id: true },
  });
  for (const { id } of unfinished) {
    await writeServerEvents(services, id, [{ type: "RUN_FAILURE", level: "ERROR", message: `run failed: ${reason}`, data: { reason } }]);
  }
}

/** Why a run left in progress by an earlier server process cannot continue, by the launcher that ran it. */
function orphanReason(run: { launcher: string | null; workerInfo: unknown }, current: string): string {
  const info = (run.workerInfo ?? {}) as Record<string, unknown>;
  const launcher = run.launcher ?? (typeof info.pid === "number" ? "subprocess" : typeof info.containerId === "string" ? "docker" : null);
  switch (launcher) {
    case "subprocess":
      return `its worker was a subprocess${typeof info.pid === "number" ? ` (pid ${info.pid})` : ""} of the Weir server that stopped, and a subprocess worker cannot be reattached after a restart; re-execute the run`;
    case "in-process":
      return "it ran inside the Weir server process that stopped; re-execute the run";
    case "docker":
      return current === "docker"
        ? `no container labelled weir.run_id for it was found at start-up (it was removed, or the engine lost it); re-execute the run`
        : `its worker was a Docker container, but this server uses the ${current} launcher and cannot reattach to it; re-execute the run`;
    default:
      return "the Weir server that ran it stopped before the run finished (no live worker was found at start-up); re-execute the run";
  }
}

export interface OrphanedRuns {
  /** Runs marked FAILURE because no worker of theirs could be found. */
  failed: string[];
  /** Runs claimed (STARTING) whose worker never started: back in the queue. */
  requeued: string[];
  /** Runs whose worker the launcher found again: their events and exit are recorded as they come. */
  reattached: { runId: string; ended: Promise<void> }[];
}

/**
 * At start-up: runs an earlier process left STARTING/STARTED/CANCELING. The launcher reattaches to those
 * whose worker still exists (a Docker container, found by label, read from after the last stored event);
 * the others are failed with the reason.
 */
export async function failOrphanedRuns(
  services: RunServices,
  /** Runs another live process is running (several daemons on one database): left alone. */
  ownedElsewhere: (run: { id: string; workerInfo: unknown }) => boolean = () => false,
): Promise<OrphanedRuns> {
  const candidates = (
    await services.store.prisma.run.findMany({
      where: { status: { in: ["STARTING", "STARTED", "CANCELING"] } },
      select: { id: true, launcher: true, workerInfo: true, status: true },
    })
  ).filter((run) => !ownedElsewhere(run));
  const outcome: OrphanedRuns = { failed: [], reattached: [], requeued: [] };
  const { launcher } = services;
  if (candidates.length > 0) await services.sink.flush();
  for (const run of candidates) {
    if (launcher.reattach) {
      let end!: () => void;
      const ended = new Promise<void>((resolve) => (end = resolve));
      try {
        const found = await launcher.reattach(
          { runId: run.id, workerInfo: (run.workerInfo as Record<string, unknown> | null) ?? null, afterSeq: await maxSeq(services.store, run.id) },
          {
            onEvent: (event) => services.sink.append(event),
            onExit: (exit) => {
              recordWorkerExit(services, run.id, exit)
                .catch((error) => services.log.error({ err: error, runId: run.id }, "could not record the end of a reattached run"))
                .finally(end);
            },
          },
        );
        if (found) {
          outcome.reattached.push({ runId: run.id, ended });
          continue;
        }
      } catch (error) {
        services.log.error({ err: error, runId: run.id }, `could not reattach to the run's worker: ${(error as Error).message}`);
      }
    }
    const health = await launcher.checkHealth(run.id).catch(() => ({ status: "NOT_FOUND" as const }));
    if (health.status === "RUNNING") continue;
    const notStarted = "the process that claimed it stopped before its worker started";
    if (run.status === "STARTING" && (await requeueClaimedRun(services, run.id, notStarted))) {
      outcome.requeued.push(run.id);
      continue;
    }
    const reason = orphanReason(run, launcher.name);
    await failUnfinishedRuns(services, [run.id], reason);
    outcome.failed.push(run.id);
  }
  return outcome;
}
