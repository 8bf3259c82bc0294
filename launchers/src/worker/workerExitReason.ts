// The reason a run fails with when its worker ends without a final event: what the server records in
// RUN_FAILURE (or RUN_CANCELED) and what an operator reads first.
import type { WorkerExit } from "../runLauncher.ts";

export function describeWorkerExit(exit: WorkerExit): string {
  if (exit.error) return exit.error.message;
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.exitCode ?? "unknown"}`;
  const tail = exit.stderrTail?.trim();
  return `the run worker ${how} before the run finished${tail ? `; stderr ends with:\n${tail}` : ""}`;
}
