// In-process fan-out of run status changes, fed by the event sink and the store's status setters, so
// the API can serve `runStatusChanged` without polling.
import type { RunStatus } from "@weir/sdk";

export interface RunStatusChange {
  runId: string;
  status: RunStatus;
  previous?: RunStatus | null;
  jobName?: string | null;
}

export type RunStatusListener = (change: RunStatusChange) => void;

export class RunStatusBus {
  private readonly listeners = new Set<RunStatusListener>();

  subscribe(listener: RunStatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(change: RunStatusChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (error) {
        // A broken listener must not stop the others nor the writer that published.
        console.error(`run status listener failed for run ${change.runId}:`, error);
      }
    }
  }
}
