// What each step-level event moves its step to, for the step_stats the sink derives. Run statuses
// live in @weir/sdk (statuses.ts); step statuses are a store concern.
import type { EventType } from "@weir/sdk";

export const STEP_STATUSES = ["STARTED", "SUCCESS", "FAILURE", "SKIPPED", "UP_FOR_RETRY"] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

const STEP_STATUS_BY_EVENT: Partial<Record<EventType, StepStatus>> = {
  STEP_START: "STARTED",
  STEP_RESTARTED: "STARTED",
  STEP_UP_FOR_RETRY: "UP_FOR_RETRY",
  STEP_SUCCESS: "SUCCESS",
  STEP_FAILURE: "FAILURE",
  STEP_SKIPPED: "SKIPPED",
};

export const FINISHED_STEP_STATUSES: ReadonlySet<StepStatus> = new Set(["SUCCESS", "FAILURE", "SKIPPED"]);

export function stepStatusAfterEvent(type: EventType): StepStatus | undefined {
  return STEP_STATUS_BY_EVENT[type];
}
