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

// How far along a run is. A run's status only moves forward: an event that arrives late (a RUN_ENQUEUED
// stored after the queue claimed the run, a RUN_START after a terminate asked for CANCELING) changes nothing.
const STATUS_RANK: Record<RunStatus, number> = { QUEUED: 0, STARTING: 1, STARTED: 2, CANCELING: 3, SUCCESS: 4, FAILURE: 4, CANCELED: 4 };

export function statusRank(status: RunStatus): number {
  return STATUS_RANK[status];
}

/** The same ranks as a SQL expression over a status column or value, for queries that apply events. */
export function statusRankSql(expression: string): string {
  return `(CASE ${expression} ${Object.entries(STATUS_RANK).map(([s, r]) => `WHEN '${s}' THEN ${r}`).join(" ")} END)`;
}
