// What the rest of the server needs from whatever starts runs: the RunDispatcher interface (implemented by
// the run queue in runQueue.ts, or by a notifier in a process without a daemon), and how a worker
// that ended without a final event is recorded.
import { describeWorkerExit, type WorkerExit } from "@weir/launchers";
import { isFinished, serializeError, type RunStatus } from "@weir/sdk";
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
  /** Asks this process's worker of the run to stop; false when this process does not run the run. */
  stopRun(runId: string): Promise<boolean>;
  /**
   * Asks the process on the database that runs the run to stop it (see ownerTermination.ts); false when
   * none answers, i.e. no live process runs it.
   */
  askOwnerToStop(runId: string): Promise<boolean>;
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
  const data = {
    reason,
    exitCode: exit.exitCode ?? null,
    signal: exit.signal ?? null,
    stderrTail: exit.stderrTail ?? null,
    ...(exit.error ? { error: serializeError(exit.error) } : {}),
  };
  if (current.status === "CANCELING") {
    await writeServerEvents(services, runId, [{ type: "RUN_CANCELED", message: `run canceled: ${reason}`, data }]);
  } else {
    await writeServerEvents(services, runId, [{ type: "RUN_FAILURE", level: "ERROR", message: `run failed: ${reason}`, data }]);
  }
}
