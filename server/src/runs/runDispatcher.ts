// The minimal dispatcher: starts queued runs by priority then age, at most `maxConcurrentRuns` at once,
// hands each to the launcher, and records how each worker ended when it ends without a final event.
// It reacts to notify() (a new run, a finished run) rather than polling.
import type { LaunchRequest, WorkerExit } from "@weir/launchers";
import { ASSET_JOB_NAME, isFinished, serializeError, type RunStatus } from "@weir/sdk";
import type { Run } from "../generated/prisma/client.ts";
import type { RunDispatch } from "./runLaunching.ts";
import { writeServerEvents } from "./runEventWriter.ts";
import type { RunServices } from "./runServices.ts";

export interface RunDispatcher extends RunDispatch {
  /** Runs whose worker this process started and that have not ended. */
  activeRunIds(): string[];
  /** Resolves when the run's worker has ended and its outcome is stored (at once when not active). */
  whenEnded(runId: string): Promise<void>;
  /** Stops starting new runs. */
  stop(): void;
}

export interface RunDispatcherOptions {
  maxConcurrentRuns: number;
}

export function describeWorkerExit(exit: WorkerExit): string {
  if (exit.error) return exit.error.message;
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode ?? "unknown"}`;
  const tail = exit.stderrTail?.trim();
  return `the run worker ${how} before the run finished` + (tail ? `; stderr ends with:\n${tail}` : "");
}

/**
 * Records how a run's worker ended when the worker did not (no final event): RUN_CANCELED when the run was
 * being canceled, else RUN_FAILURE with the exit code or signal and the worker's stderr tail.
 */
export async function recordWorkerExit(services: RunServices, runId: string, exit: WorkerExit): Promise<void> {
  await services.sink.flush();
  const current = await services.store.prisma.run.findUnique({ where: { id: runId }, select: { status: true } });
  if (!current || isFinished(current.status as RunStatus)) return;
  const reason = describeWorkerExit(exit);
  const data = { reason, exitCode: exit.exitCode ?? null, signal: exit.signal ?? null, stderrTail: exit.stderrTail ?? null, ...(exit.error ? { error: serializeError(exit.error) } : {}) };
  if (current.status === "CANCELING") {
    await writeServerEvents(services, runId, [{ type: "RUN_CANCELED", message: `run canceled: ${reason}`, data }]);
  } else {
    await writeServerEvents(services, runId, [{ type: "RUN_FAILURE", level: "ERROR", message: `run failed: ${reason}`, data }]);
  }
}

export function createRunDispatcher(services: RunServices, options: RunDispatcherOptions): RunDispatcher {
  const active = new Map<string, { ended: Promise<void>; end: () => void }>();
  let stopped = false;
  let pumping = false;
  let wanted = false;

  async function claimNextRun(): Promise<Run | null> {
    // One statement claims a run atomically, so two dispatchers on one database never start it twice.
    const rows = await services.store.prisma.$queryRawUnsafe<{ id: string }[]>(
      `UPDATE runs SET status = 'STARTING', updated_at = now()
         WHERE id = (SELECT id FROM runs WHERE status = 'QUEUED' ORDER BY priority DESC, created_at ASC, id ASC
                     LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING id::text AS id`,
    );
    const id = rows[0]?.id;
    if (!id) return null;
    const run = await services.store.prisma.run.findUnique({ where: { id } });
    if (run) services.store.statusChanges.publish({ runId: id, status: "STARTING", previous: "QUEUED", jobName: run.jobName });
    return run;
  }

  async function startRun(run: Run): Promise<void> {
    let end!: () => void;
    const ended = new Promise<void>((resolve) => (end = resolve));
    active.set(run.id, { ended, end });
    let exited = false;
    const onExit = (exit: WorkerExit) => {
      if (exited) return;
      exited = true;
      recordWorkerExit(services, run.id, exit)
        .catch((error) => services.log.error({ err: error, runId: run.id }, "could not record the end of a run"))
        .finally(() => {
          active.delete(run.id);
          end();
          dispatcher.notify();
        });
    };
    try {
      const location = services.locations.get(run.locationName ?? "");
      if (!location || location.status !== "LOADED") {
        throw new Error(`code location "${run.locationName}" is not loaded` + (location?.error ? `: ${location.error.message}` : ""));
      }
      const firstSeq = await writeServerEvents(services, run.id, [
        { type: "RUN_DEQUEUED", message: "run dequeued" },
        { type: "RUN_STARTING", message: `starting run with the ${services.launcherName} launcher` },
      ]);
      const assetSelection = run.assetSelection as string[] | null;
      const request: LaunchRequest = {
        runId: run.id,
        location: { name: location.name, file: location.file, version: location.version },
        target: run.jobName === ASSET_JOB_NAME && assetSelection ? { assets: assetSelection } : { job: run.jobName },
        config: run.config,
        tags: run.tags as Record<string, string>,
        stepSelection: (run.stepSelection as string[] | null) ?? null,
        parentRunId: run.parentRunId,
        partitionKey: run.partitionKey,
        firstSeq,
        instanceDir: services.instanceDir,
      };
      const { workerInfo } = await services.launcher.launch(request, { onEvent: (event) => services.sink.append(event), onExit });
      if (workerInfo) await services.store.prisma.run.update({ where: { id: run.id }, data: { workerInfo: workerInfo as object } });
    } catch (error) {
      onExit({ error: error instanceof Error ? error : new Error(String(error)) });
    }
  }

  async function pump(): Promise<void> {
    if (pumping) {
      wanted = true;
      return;
    }
    pumping = true;
    try {
      do {
        wanted = false;
        while (!stopped && active.size < options.maxConcurrentRuns) {
          const run = await claimNextRun();
          if (!run) break;
          void startRun(run);
        }
      } while (wanted && !stopped);
    } catch (error) {
      services.log.error({ err: error }, "run dispatcher could not dequeue runs");
    } finally {
      pumping = false;
    }
  }

  const dispatcher: RunDispatcher = {
    notify() {
      if (!stopped) void pump();
    },
    activeRunIds: () => [...active.keys()],
    whenEnded: (runId) => active.get(runId)?.ended ?? Promise.resolve(),
    stop() {
      stopped = true;
    },
  };
  return dispatcher;
}
