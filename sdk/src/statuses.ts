// Run status logic in one place: one table says where each status sits in a run's life, and every set
// of statuses the server, the client and the UI reason about is derived from it, named for its meaning.
// Browser-safe (the web UI imports it as @weir/sdk/statuses): type imports only, no Node modules.
import type { EventType, RunStatus } from "./events.ts";

/**
 * Where a run is in its life:
 * - queued: waiting for a slot; no worker exists yet.
 * - inProgress: a worker is being started, runs, or is being stopped; it counts against maxConcurrentRuns.
 * - finished: final; nothing changes the run any more.
 */
export type RunPhase = "queued" | "inProgress" | "finished";

interface StatusRow {
  phase: RunPhase;
  /** How far along the run is. A status only moves forward: a late event (a RUN_ENQUEUED stored after the
   *  claim, a RUN_START after a terminate asked for CANCELING) changes nothing. */
  rank: number;
  /** Its worker has been asked to stop (terminate, or a server shutting down). */
  stopping: boolean;
}

const STATUS_TABLE: Record<RunStatus, StatusRow> = {
  QUEUED: { phase: "queued", rank: 0, stopping: false },
  STARTING: { phase: "inProgress", rank: 1, stopping: false },
  STARTED: { phase: "inProgress", rank: 2, stopping: false },
  CANCELING: { phase: "inProgress", rank: 3, stopping: true },
  SUCCESS: { phase: "finished", rank: 4, stopping: false },
  FAILURE: { phase: "finished", rank: 4, stopping: false },
  CANCELED: { phase: "finished", rank: 4, stopping: false },
};

const statusesWhere = (test: (row: StatusRow) => boolean): ReadonlySet<RunStatus> =>
  new Set((Object.keys(STATUS_TABLE) as RunStatus[]).filter((s) => test(STATUS_TABLE[s])));

/** Final: SUCCESS, FAILURE, CANCELED. */
export const FINISHED_STATUSES = statusesWhere((r) => r.phase === "finished");
/** A worker is starting, running or stopping (STARTING, STARTED, CANCELING): what the run queue counts. */
export const IN_PROGRESS_STATUSES = statusesWhere((r) => r.phase === "inProgress");
/** Not finished yet: queued or in progress. The UI keeps such a run live (clocks tick, events stream). */
export const UNFINISHED_STATUSES = statusesWhere((r) => r.phase !== "finished");
/** terminateRun accepts these: a queued run is canceled outright, the others are asked to stop. */
export const TERMINABLE_STATUSES = UNFINISHED_STATUSES;
/** A worker exists (or is being started) and was not yet asked to stop: terminate moves these to CANCELING. */
export const CANCELABLE_STATUSES = statusesWhere((r) => r.phase === "inProgress" && !r.stopping);

export function isFinished(status: RunStatus): boolean {
  return FINISHED_STATUSES.has(status);
}

export function isInProgress(status: RunStatus): boolean {
  return IN_PROGRESS_STATUSES.has(status);
}

export function isUnfinished(status: RunStatus): boolean {
  return UNFINISHED_STATUSES.has(status);
}

export function canTerminate(status: RunStatus): boolean {
  return TERMINABLE_STATUSES.has(status);
}

export function runPhase(status: RunStatus): RunPhase {
  return STATUS_TABLE[status].phase;
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

export function statusRank(status: RunStatus): number {
  return STATUS_TABLE[status].rank;
}

/** The same ranks as a SQL expression over a status column or value, for queries that apply events. */
export function statusRankSql(expression: string): string {
  const cases = Object.entries(STATUS_TABLE).map(([s, row]) => `WHEN '${s}' THEN ${row.rank}`);
  return `(CASE ${expression} ${cases.join(" ")} END)`;
}
