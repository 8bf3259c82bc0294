// The event vocabulary shared by the executor, the run worker protocol and the store.

export const RUN_STATUSES = ["QUEUED", "STARTING", "STARTED", "SUCCESS", "FAILURE", "CANCELING", "CANCELED"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const EVENT_TYPES = [
  "RUN_ENQUEUED",
  "RUN_DEQUEUED",
  "RUN_STARTING",
  "RUN_START",
  "RUN_SUCCESS",
  "RUN_FAILURE",
  "RUN_CANCELING",
  "RUN_CANCELED",
  "STEP_START",
  "STEP_SUCCESS",
  "STEP_FAILURE",
  "STEP_SKIPPED",
  "STEP_UP_FOR_RETRY",
  "STEP_RESTARTED",
  "STEP_OUTPUT",
  "ASSET_MATERIALIZATION",
  // ASSET_CHECK_EVALUATION joins this list with asset checks, the first code that emits it.
  "LOG",
  "ENGINE_EVENT",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const LOG_LEVELS = ["DEBUG", "INFO", "WARNING", "ERROR"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const LOG_SOURCES = ["logger", "stdout", "stderr"] as const;
export type LogSource = (typeof LOG_SOURCES)[number];

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  cause?: SerializedError;
}

/**
 * One event of one run. `seq` is the per-run sequence number (1, 2, 3...); the store keeps
 * (runId, seq) unique so a replayed stream never duplicates. While a run worker is alive it alone
 * numbers the run's events; the server numbers the events before launch and after the worker ends.
 *
 * `data` by type:
 * - STEP_FAILURE / RUN_FAILURE: { error?: SerializedError, reason?: string }
 * - STEP_UP_FOR_RETRY: { attempt, delayMs, error }   STEP_RESTARTED: { attempt }
 * - STEP_SUCCESS: { durationMs }   STEP_OUTPUT: { outputName: "result" }
 * - ASSET_MATERIALIZATION: { assetKey, partitionKey?, metadata }
 * - LOG: { source: LogSource }
 */
export interface WeirEvent {
  runId: string;
  seq: number;
  type: EventType;
  stepKey?: string | null;
  level?: LogLevel | null;
  message: string;
  /** Epoch milliseconds. */
  timestamp: number;
  data?: Record<string, unknown> | null;
}

export const TERMINAL_RUN_EVENTS: ReadonlySet<EventType> = new Set(["RUN_SUCCESS", "RUN_FAILURE", "RUN_CANCELED"]);

export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) {
    const out: SerializedError = { name: error.name, message: error.message, stack: error.stack };
    if (error.cause !== undefined) out.cause = serializeError(error.cause);
    return out;
  }
  return { name: "NonError", message: typeof error === "string" ? error : (JSON.stringify(error) ?? String(error)) };
}
