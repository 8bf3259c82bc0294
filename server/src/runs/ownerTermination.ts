// Stopping a run another process runs. Only the process that started a worker reads its events, so only
// it may write the run's final events: a RUN_CANCELED written elsewhere would take a seq the worker is
// about to use, and the worker's event would be lost. A terminate therefore asks, over the cross-process
// bus, the process that runs the run to stop it; that process answers once it asked its worker to stop,
// and writes the end of the run itself. No answer means no live process runs it (its owner died): then,
// and only then, the terminating process records the cancellation (runTermination.ts).
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { CrossProcessBus } from "../store/crossProcessBus.ts";

/** How long a terminate waits for the owning process to answer before taking the run over. */
export const OWNER_ANSWER_TIMEOUT_MS = 3000;

/**
 * Asks the other processes on the database to stop the run's worker. Resolves true when the process that
 * runs it answered (it asked its worker to stop), false when none answered within `timeoutMs`.
 */
export function askOwnerToStop(bus: CrossProcessBus, runId: string, timeoutMs = OWNER_ANSWER_TIMEOUT_MS): Promise<boolean> {
  const requestId = randomUUID();
  return new Promise<boolean>((resolve) => {
    const done = (answered: boolean) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    const unsubscribe = bus.subscribeSignals((kind, data) => {
      if (kind === "runStopAccepted" && data.requestId === requestId) done(true);
    });
    bus.signal("runStopRequested", { runId, requestId });
  });
}

/**
 * Answers stop requests for the runs this process runs: `stopRun` asks the worker to stop and resolves
 * true when this process runs the run (false: not ours, stay silent). Returns the unsubscribe function.
 */
export function answerStopRequests(bus: CrossProcessBus, stopRun: (runId: string) => Promise<boolean>, log: Logger): () => void {
  return bus.subscribeSignals((kind, data) => {
    if (kind !== "runStopRequested" || typeof data.runId !== "string") return;
    const { runId, requestId } = data;
    stopRun(runId).then(
      (owned) => {
        if (owned) bus.signal("runStopAccepted", { runId, requestId });
      },
      (error: Error) =>
        log.error({ err: error, runId }, `could not stop run ${runId} as another process asked: ${error.message}`),
    );
  });
}
