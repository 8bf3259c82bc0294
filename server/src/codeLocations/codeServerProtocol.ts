// The messages between the server and a code server child. They travel over Node's IPC channel
// (a dedicated socket, fd 3), never over stdout/stderr: user code may print anything there.
import type { DefinitionsSnapshot, RunStatus } from "@weir/sdk";

export type RunTarget = { job: string } | { assets: string[] };

export interface CodeServerMethods {
  describe: { params: Record<string, never>; result: DefinitionsSnapshot };
  validateConfig: { params: { target: RunTarget; config: unknown }; result: ConfigValidation };
  evaluateSchedule: { params: { name: string; scheduledTime: string }; result: ScheduleEvaluation };
  evaluateSensor: { params: SensorEvaluationParams; result: SensorEvaluation };
}
export type CodeServerMethod = keyof CodeServerMethods;

export interface SensorEvaluationParams {
  name: string;
  cursor: string | null;
  lastTickAt?: string | null;
  lastRunKey?: string | null;
  /** For run-status sensors: the run whose status changed. */
  run?: { runId: string; jobName: string; status: RunStatus; tags: Record<string, string> } | null;
}

export interface CodeServerRequest<M extends CodeServerMethod = CodeServerMethod> {
  id: number;
  method: M;
  params: CodeServerMethods[M]["params"];
}

export interface CodeServerErrorPayload {
  name: string;
  message: string;
  stack?: string;
  /** "load": the module itself is broken (the location is in error); "call": only this request failed. */
  phase: "load" | "call";
  file?: string;
  line?: number;
  column?: number;
}

export type CodeServerResponse = { id: number; result: unknown } | { id: number; error: CodeServerErrorPayload };

export type ConfigValidation = { ok: true; value: unknown } | { ok: false; violations: { path: string; message: string }[] };

/** What a schedule or sensor asks to launch; config is plain JSON, validated by the server at launch. */
export interface RunRequestSnapshot {
  runKey: string | null;
  jobName: string | null;
  assetSelection: string[] | null;
  config: unknown;
  tags: Record<string, string>;
  partitionKey: string | null;
}

export interface ScheduleEvaluation {
  scheduleName: string;
  scheduledTime: string;
  runRequests: RunRequestSnapshot[];
  /** Set when the schedule decided not to run at this tick. */
  skipReason: string | null;
}

export interface SensorEvaluation {
  sensorName: string;
  runRequests: RunRequestSnapshot[];
  /** The cursor to store for the next evaluation (the previous one when the sensor returned none). */
  cursor: string | null;
  skipReason: string | null;
}
