// Status vocabulary of runs and steps: labels, tones and which statuses are still moving.
import type { RunStatus } from "@/graphql/types";

export type Tone = "ok" | "fail" | "run" | "queue" | "warn" | "skip";

export const RUN_STATUS_TONE: Record<RunStatus, Tone> = {
  QUEUED: "queue",
  STARTING: "run",
  STARTED: "run",
  SUCCESS: "ok",
  FAILURE: "fail",
  CANCELING: "warn",
  CANCELED: "warn",
};

export const RUN_STATUS_LABEL: Record<RunStatus, string> = {
  QUEUED: "Queued",
  STARTING: "Starting",
  STARTED: "Running",
  SUCCESS: "Success",
  FAILURE: "Failure",
  CANCELING: "Canceling",
  CANCELED: "Canceled",
};

/** Not finished yet (queued or in progress): the page keeps such a run live. The sets live in @weir/sdk. */
export { isInProgress, isUnfinished } from "@weir/sdk/statuses";

export type StepState = "pending" | "running" | "retrying" | "success" | "failure" | "skipped" | "canceled";

export const STEP_STATE_TONE: Record<StepState, Tone> = {
  pending: "queue",
  running: "run",
  retrying: "warn",
  success: "ok",
  failure: "fail",
  skipped: "skip",
  canceled: "warn",
};

export const STEP_STATE_LABEL: Record<StepState, string> = {
  pending: "Pending",
  running: "Running",
  retrying: "Retrying",
  success: "Succeeded",
  failure: "Failed",
  skipped: "Skipped",
  canceled: "Canceled",
};

export const TONE_VAR: Record<Tone, { fg: string; bg: string; line: string }> = {
  ok: { fg: "var(--ok)", bg: "var(--ok-soft)", line: "var(--ok-line)" },
  fail: { fg: "var(--fail)", bg: "var(--fail-soft)", line: "var(--fail-line)" },
  run: { fg: "var(--run)", bg: "var(--run-soft)", line: "var(--run-line)" },
  queue: { fg: "var(--queue)", bg: "var(--queue-soft)", line: "var(--queue-line)" },
  warn: { fg: "var(--warn)", bg: "var(--warn-soft)", line: "var(--warn-line)" },
  skip: { fg: "var(--skip)", bg: "var(--queue-soft)", line: "var(--queue-line)" },
};
