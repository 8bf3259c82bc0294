// Run status logic in one place: which statuses are final, and what each event type moves a run to.
import type { EventType, RunStatus } from "./events.ts";

export const FINISHED_STATUSES: ReadonlySet<RunStatus> = new Set(["SUCCESS", "FAILURE", "CANCELED"]);
export const IN_PROGRESS_STATUSES: ReadonlySet<RunStatus> = new Set(["STARTING", "STARTED", "CANCELING"]);

export function isFinished(status: RunStatus): boolean {
  return FINISHED_STATUSES.has(status);
}

const STATUS_BY_EVENT: Partial<Record<EventType, RunStatus>> = {
  RUN_ENQUEUED: "QUEUED",
  RUN_STARTING: "STARTING",
  RUN_START: "STARTED",
  RUN_SUCCESS: "SUCCESS",
  RUN_FAILURE: "FAILURE",
  RUN_CANCELING: "CANCELING",
  RUN_CANCELED: "CANCELED",
};

/** The status an event moves its run to, or undefined when the event does not change status. */
export function statusAfterEvent(type: EventType): RunStatus | undefined {
  return STATUS_BY_EVENT[type];
}
