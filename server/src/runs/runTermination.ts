// Stopping runs: terminateRun from the API, and what a server does with in-flight runs when it stops
// or finds runs its previous process left behind.
import { CANCELABLE_STATUSES, IN_PROGRESS_STATUSES, canTerminate, isFinished, type RunStatus } from "@weir/sdk";
import { RunInProgressError, RunNotFoundError, RunNotTerminableError } from "../errors.ts";
import type { Run } from "../generated/prisma/client.ts";
import type { WorkerHealth } from "@weir/launchers";
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
  if (!canTerminate(run.status as RunStatus)) throw new RunNotTerminableError(runId, run.status);

  // A queued run has no worker: cancel it outright, unless the dispatcher claimed it meanwhile.
  const canceledQueued = await prisma.run.updateMany({ where: { id: runId, status: "QUEUED" }, data: { status: "CANCELING" } });
  if (canceledQueued.count === 1) {
    await writeServerEvents(services, runId, [{ type: "RUN_CANCELED", message: "run canceled before it started" }]);
    return (await prisma.run.findUnique({ where: { id: runId } }))!;
  }

  const canceling = await prisma.run.updateMany({
    where: { id: runId, status: { in: [...CANCELABLE_STATUSES] } },
    data: { status: "CANCELING" },
  });
  if (canceling.count === 1)
    services.store.statusChanges.publish({ runId, status: "CANCELING", previous: run.status as RunStatus, jobName: run.jobName });
  // Whoever runs the worker reads its events and writes the end of the run: this process, a process whose
  // launcher reaches it (a container found by label), or another process that answers over the bus.
  const stopped =
    (await dispatcher.stopRun(runId)) || (await services.launcher.terminate(runId)) || (await dispatcher.askOwnerToStop(runId));
  if (!stopped) {
    // No live process runs it (it died with its server): take the run over and record the cancellation.
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
    services.log.info(
      { runIds },
      `leaving ${runIds.length} run(s) running in their ${services.launcher.name} workers; the next start reattaches to them`,
    );
    return;
  }
  await services.store.prisma.run.updateMany({
    where: { id: { in: runIds }, status: { in: [...CANCELABLE_STATUSES] } },
    data: { status: "CANCELING" },
  });
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
    where: { id: { in: runIds }, status: { in: [...IN_PROGRESS_STATUSES] } },
    select: { id: true },
  });
  for (const { id } of unfinished) {
    await writeServerEvents(services, id, [
      { type: "RUN_FAILURE", level: "ERROR", message: `run failed: ${reason}`, data: { reason } },
    ]);
  }
}

/** Why a run left in progress by an earlier server process cannot continue, by the launcher that ran it. */
function orphanReason(run: { launcher: string | null; workerInfo: unknown }, current: string): string {
  const info = (run.workerInfo ?? {}) as Record<string, unknown>;
  const launcher =
    run.launcher ?? (typeof info.pid === "number" ? "subprocess" : typeof info.containerId === "string" ? "docker" : null);
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
  /**
   * Runs whose worker could not be looked for (the launcher's engine did not answer): not knowing is not
   * dead, so they stay in progress and are looked for again (the run takeover loop).
   */
  unknown: { runId: string; reason: string }[];
}

export interface OrphanedRunsOptions {
  /** Runs another live process is running (several daemons on one database): left alone. */
  ownedElsewhere?: (run: { id: string; workerInfo: unknown }) => boolean;
  /** Only these runs (a retry of runs found unknown before). */
  only?: string[];
  /** How loudly a run whose worker cannot be looked for is reported (a retry repeats itself quietly). */
  unknownLogLevel?: "warn" | "debug";
}

/**
 * At start-up: runs an earlier process left STARTING/STARTED/CANCELING. The launcher reattaches to those
 * whose worker still exists (a Docker container, found by label, read from after the last stored event);
 * the others are failed with the reason, except those whose worker could not be looked for at all.
 */
export async function failOrphanedRuns(services: RunServices, options: OrphanedRunsOptions = {}): Promise<OrphanedRuns> {
  const { ownedElsewhere = () => false, only, unknownLogLevel = "warn" } = options;
  const candidates = (
    await services.store.prisma.run.findMany({
      where: { status: { in: [...IN_PROGRESS_STATUSES] }, ...(only ? { id: { in: only } } : {}) },
      select: { id: true, status: true, launcher: true, workerInfo: true },
    })
  ).filter((run) => !ownedElsewhere(run));
  const outcome: OrphanedRuns = { failed: [], requeued: [], reattached: [], unknown: [] };
  const { launcher } = services;
  if (candidates.length > 0) await services.sink.flush();
  for (const run of candidates) {
    let lookupError: Error | undefined;
    if (launcher.reattach) {
      let end!: () => void;
      const ended = new Promise<void>((resolve) => (end = resolve));
      try {
        const found = await launcher.reattach(
          {
            runId: run.id,
            workerInfo: (run.workerInfo as Record<string, unknown> | null) ?? null,
            afterSeq: await maxSeq(services.store, run.id),
          },
          {
            onEvent: (event) => services.sink.append(event),
            onExit: (exit) => {
              recordWorkerExit(services, run.id, exit)
                .catch((error) =>
                  services.log.error({ err: error, runId: run.id }, "could not record the end of a reattached run"),
                )
                .finally(end);
            },
          },
        );
        if (found) {
          outcome.reattached.push({ runId: run.id, ended });
          continue;
        }
      } catch (error) {
        lookupError = error as Error;
      }
    }
    let health: WorkerHealth | undefined;
    try {
      health = await launcher.checkHealth(run.id);
    } catch (error) {
      lookupError ??= error as Error;
    }
    // Running and nothing failed: a launcher without reattach whose worker still lives (left alone, as before).
    if (health?.status === "RUNNING" && !lookupError) continue;
    if (health === undefined || health.status === "RUNNING") {
      // The engine did not answer (or a worker runs that could not be reattached): failing the run now would
      // leave its worker running unrecorded. Keep it in progress and look again later.
      const reason =
        `could not look for the worker of run ${run.id} with the ${launcher.name} launcher ` +
        `(${lookupError?.message ?? "unknown error"}); the run stays ${run.status} and is looked for again`;
      services.log[unknownLogLevel]({ err: lookupError, runId: run.id }, reason);
      outcome.unknown.push({ runId: run.id, reason });
      continue;
    }
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
