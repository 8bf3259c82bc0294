// Stopping runs: terminateRun from the API, and what a server does with in-flight runs when it stops
// or finds runs its previous process left behind.
import { isFinished, type RunStatus } from "@weir/sdk";
import { RunInProgressError, RunNotFoundError, RunNotTerminableError } from "../errors.ts";
import type { Run } from "../generated/prisma/client.ts";
import type { RunDispatcher } from "./runDispatcher.ts";
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
  await services.store.prisma.run.delete({ where: { id: runId } });
  return runId;
}

/**
 * Ends what this process is running before it exits: asks each worker to stop, waits up to `graceMs`, then
 * marks whatever is still unfinished FAILURE with the reason, so the next start finds no run in limbo.
 */
export async function stopActiveRuns(services: RunServices, dispatcher: RunDispatcher, graceMs: number): Promise<void> {
  dispatcher.stop();
  const runIds = dispatcher.activeRunIds();
  if (runIds.length === 0) return;
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

/**
 * At start-up: runs an earlier process left STARTING/STARTED/CANCELING whose launcher cannot find a live
 * worker for them are failed with the reason (an in-process run cannot outlive its server).
 */
export async function failOrphanedRuns(services: RunServices): Promise<string[]> {
  const candidates = await services.store.prisma.run.findMany({
    where: { status: { in: ["STARTING", "STARTED", "CANCELING"] } },
    select: { id: true, launcher: true },
  });
  const orphaned: string[] = [];
  for (const run of candidates) {
    const health = await services.launcher.checkHealth(run.id).catch(() => ({ status: "NOT_FOUND" as const }));
    if (health.status !== "RUNNING") orphaned.push(run.id);
  }
  await failUnfinishedRuns(services, orphaned, "the Weir server that ran it stopped before the run finished (no live worker was found at start-up)");
  return orphaned;
}
